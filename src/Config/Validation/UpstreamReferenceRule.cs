namespace Edge.Config.Validation;

/// <summary>
/// Every upstream an API or resource names must exist, and every resource must have somewhere to go:
/// a direct <c>respond</c>, its own upstream, or the API's.
/// </summary>
internal static class UpstreamReferenceRule
{
    public static void Check(ValidationContext ctx)
    {
        var names = ctx.Config.Upstreams.Select(u => u.Name).ToHashSet(StringComparer.Ordinal);
        var known = names.Count == 0 ? "no upstreams are defined" : "defined: " + string.Join(", ", names.Order(StringComparer.Ordinal).Select(n => "\"" + n + "\""));

        for (var i = 0; i < ctx.Config.Apis.Count; i++)
        {
            var api = ctx.Config.Apis[i];
            var apiPath = ValidationContext.Api(i);
            if (api.Upstream is { } u && !names.Contains(u))
            {
                ctx.Report(apiPath + ".upstream", $"undefined upstream \"{u}\"{Suggest.For(u, names)}: expected the name of an [[upstreams]] entry ({known})");
            }
            var orphans = 0;
            for (var j = 0; j < api.Resources.Count; j++)
            {
                var r = api.Resources[j];
                if (r.Upstream is { } ru && !names.Contains(ru))
                {
                    ctx.Report(ValidationContext.Resource(i, j) + ".upstream", $"undefined upstream \"{ru}\"{Suggest.For(ru, names)}: expected the name of an [[upstreams]] entry ({known})");
                }
                if (r.Respond is not null && r.Upstream is not null)
                {
                    ctx.Report(ValidationContext.Resource(i, j) + ".upstream", "both 'respond' and 'upstream' are set: a resource either answers directly or forwards, expected one of them");
                }
                if (r.Respond is null && r.Upstream is null) orphans++;
            }
            // An API with no resources forwards everything under base_path, so it needs an upstream too.
            if (api.Upstream is null && (orphans > 0 || api.Resources.IsEmpty))
            {
                ctx.Report(apiPath, "missing required key 'upstream': needed unless every resource has 'respond' or its own 'upstream'");
            }
        }
    }
}
