using System.Text;

namespace Edge.Benchmarks.Config;

/// <summary>Generates a valid edge.toml with <c>apis × resourcesPerApi</c> routes (10,000 by default).</summary>
public static class LargeConfig
{
    public static byte[] Generate(int apis = 500, int resourcesPerApi = 20, bool throttle = true)
    {
        var sb = new StringBuilder(apis * resourcesPerApi * 80);
        sb.Append("[server]\nadmin = \"127.0.0.1:9901\"\naccess_log = \"off\"\n\n");
        sb.Append("[[listeners]]\nbind = \"127.0.0.1:8080\"\nprotocols = [\"http1\"]\n\n");
        sb.Append("[[upstreams]]\nname = \"backend\"\nendpoints = [\"http://127.0.0.1:9001\", \"http://127.0.0.1:9002\"]\nbalance = \"round_robin\"\nconnect_timeout = \"2s\"\n\n");
        sb.Append("[throttle.tiers]\nGold = \"5000/min\"\n\n");
        for (var a = 0; a < apis; a++)
        {
            sb.Append("[[apis]]\nname = \"api").Append(a).Append("\"\nbase_path = \"/svc").Append(a).Append("/v1\"\nupstream = \"backend\"\n");
            if (throttle) sb.Append("throttle = { tier = \"Gold\", key = \"ip\" }\n");
            for (var r = 0; r < resourcesPerApi; r++)
            {
                sb.Append("  [[apis.resources]]\n  path = \"/items").Append(r).Append("/{id}\"\n  methods = [\"GET\", \"PUT\"]\n");
            }
            sb.Append('\n');
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
