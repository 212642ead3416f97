using Edge.Config.Diagnostics;
using Edge.Config.Model;
using Edge.Config.Toml;

namespace Edge.Config.Binding;

/// <summary>
/// Turns a parsed TOML document into the model, by hand (no reflection, so it is AOT-clean and every
/// error can name its key path). Always produces a model: bad values fall back to defaults after being
/// reported, so validation can still run and the user sees every problem in one pass.
/// </summary>
internal static class ConfigBinder
{
    public static EdgeConfig Bind(TomlTable root, DiagnosticBag diagnostics, out SourceMap map)
    {
        var ctx = new BindContext(diagnostics);
        var r = ctx.Reader(root, "");

        var server = ServerBinder.Bind(r.SubTable("server"));
        var listeners = r.ArrayOfTables("listeners").Select(l => ListenerBinder.Bind(l, server.Limits)).ToList();
        var upstreams = r.ArrayOfTables("upstreams").Select(UpstreamBinder.Bind).ToList();
        var auth = AuthBinder.Bind(r.SubTable("auth"));
        var throttle = ThrottleBinder.Bind(r.SubTable("throttle"));
        var apis = r.ArrayOfTables("apis").Select(ApiBinder.Bind).ToList();

        ctx.ReportUnknownKeys();
        map = new SourceMap(root);
        return new EdgeConfig(server, ValueList.From(listeners), ValueList.From(upstreams), auth, throttle, ValueList.From(apis));
    }
}
