using Edge.Config.Model;

namespace Edge.Config.Binding;

/// <summary>Binds one <c>[[apis.resources]]</c> entry and its optional direct <c>respond</c>.</summary>
internal static class ResourceBinder
{
    public static ResourceConfig Bind(TableReader t)
    {
        var path = t.RequiredText("path", Kinds.Template);

        var methods = t.List("methods", Kinds.Method) ?? default;
        if (t.Has("methods") && methods.IsEmpty && t.Table.TryGet("methods", out var m) && m is Toml.TomlArray { Count: 0 })
        {
            t.Error("methods", "empty method list: leave 'methods' out to allow every method");
        }

        return new ResourceConfig(
            path,
            HasDuplicates(methods) ? ValueList.From(methods.Distinct()) : methods,
            t.List("scopes", Kinds.String),
            t.Optional("scopes_mode", Kinds.ScopesMode),
            ApiBinder.Security(t),
            ThrottleBinder.BindPolicies(t, "throttle"),
            t.String("upstream"),
            BindRespond(t.SubTable("respond")),
            t.OptionalBool("retry_non_idempotent"),
            t.Optional("body_limit", Kinds.ByteSize),
            t.OptionalBool("websocket"));
    }

    // Method lists are a handful of items: a quadratic scan beats allocating a set for every resource.
    private static bool HasDuplicates(ValueList<string> methods)
    {
        for (var i = 1; i < methods.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (methods[i] == methods[j]) return true;
            }
        }
        return false;
    }

    private static RespondConfig? BindRespond(TableReader? t)
    {
        if (t is null) return null;
        var status = t.Int("status", 200, 100, 599);
        var headers = new List<NameValue>();
        if (t.SubTable("headers") is { } h)
        {
            h.AcceptAllKeys();
            foreach (var key in h.Table.Keys)
            {
                if (!Kinds.IsToken(key))
                {
                    h.Context.Error(h.Table.KeyPosition(key), h.PathOf(key), $"bad header name \"{key}\": {Kinds.HeaderName.Expected}");
                    continue;
                }
                if (h.String(key) is not { } value) continue;
                // RFC 9110 §5.5: field values carry no CR, LF, NUL or other controls (HTAB aside), and no edge whitespace.
                if (value.AsSpan().IndexOfAnyInRange('\0', '\u0008') >= 0 || value.AsSpan().IndexOfAnyInRange('\u000A', '\u001F') >= 0
                    || value.Contains('\u007F') || value != value.Trim(' ', '\t'))
                {
                    h.Context.Error(h.Table.KeyPosition(key), h.PathOf(key), $"bad value for header \"{key}\": control characters (CR, LF, NUL, ...) and leading or trailing whitespace are not allowed in a field value");
                    continue;
                }
                headers.Add(new NameValue(key, value));
            }
        }
        var body = t.String("body");
        var json = t.Has("json") ? t.Get("json", Kinds.Json, "") : t.String("json");
        if (body is not null && t.Has("json"))
        {
            t.Error("json", "both 'body' and 'json' are set: expected at most one of them");
        }
        return new RespondConfig(status, ValueList.From(headers), body, json);
    }
}
