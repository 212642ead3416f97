namespace Edge.Config.Validation;

/// <summary>Two APIs with the same host set and base path would compete for every request under that path.</summary>
internal static class ApiConflictRule
{
    public static void Check(ValidationContext ctx)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ctx.Config.Apis.Count; i++)
        {
            var api = ctx.Config.Apis[i];
            if (api.BasePath.Length == 0) continue;
            var key = HostSet.Key(api.Hosts) + "|" + api.BasePath;
            if (seen.TryGetValue(key, out var first))
            {
                ctx.Report(ValidationContext.Api(i) + ".base_path",
                    $"base_path \"{api.BasePath}\" conflicts with {ctx.Describe(ValidationContext.Api(first))}, which has the same hosts and base_path: expected a different base_path or hosts");
            }
            else seen.Add(key, i);
        }
    }
}
