using Edge.Config.Model;

namespace Edge.Config.Binding;

/// <summary>Parses throttle keys: "api", "resource", "ip", "header:NAME", "query:NAME", "claim:NAME", joined by "+".</summary>
internal static class ThrottleKeyParser
{
    public static bool TryParse(string text, out ValueList<ThrottleKeyPart> value, out string? reason)
    {
        value = default;
        reason = null;
        var parts = new List<ThrottleKeyPart>();
        foreach (var raw in text.Split('+'))
        {
            var p = raw.Trim();
            var colon = p.IndexOf(':', StringComparison.Ordinal);
            var head = colon < 0 ? p : p[..colon];
            var name = colon < 0 ? null : p[(colon + 1)..];
            ThrottleKeyKind kind;
            switch (head)
            {
                case "api": kind = ThrottleKeyKind.Api; break;
                case "resource": kind = ThrottleKeyKind.Resource; break;
                case "ip": kind = ThrottleKeyKind.Ip; break;
                case "header": kind = ThrottleKeyKind.Header; break;
                case "query": kind = ThrottleKeyKind.Query; break;
                case "claim": kind = ThrottleKeyKind.Claim; break;
                default: return false;
            }
            var needsName = kind is ThrottleKeyKind.Header or ThrottleKeyKind.Query or ThrottleKeyKind.Claim;
            if (needsName && string.IsNullOrEmpty(name))
            {
                reason = $"\"{head}\" needs a name, e.g. \"{head}:x-client-id\"";
                return false;
            }
            if (!needsName && name is not null) return false;
            var part = new ThrottleKeyPart(kind, name);
            if (parts.Contains(part))
            {
                reason = $"\"{p}\" appears twice";
                return false;
            }
            parts.Add(part);
        }
        value = ValueList.From(parts);
        return true;
    }
}
