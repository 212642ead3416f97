using Edge.Config.Model;

namespace Edge.Config.Validation;

/// <summary>Each security scheme an API or resource uses needs its credential store configured.</summary>
internal static class SecuritySchemeRule
{
    public static void Check(ValidationContext ctx)
    {
        var c = ctx.Config;
        for (var i = 0; i < c.Apis.Count; i++)
        {
            var api = c.Apis[i];
            CheckList(ctx, api.Security, i, -1);
            for (var j = 0; j < api.Resources.Count; j++)
            {
                if (api.Resources[j].Security is { } s) CheckList(ctx, s, i, j);
            }
        }
    }

    /// <param name="resource">The resource's index, or -1 for the API's own list; the path is only rendered for a report.</param>
    private static void CheckList(ValidationContext ctx, ValueList<SecurityScheme> schemes, int api, int resource)
    {
        var auth = ctx.Config.Auth;
        if (schemes.Count > 1 && schemes.Contains(SecurityScheme.None)) return; // already reported by binding
        foreach (var s in schemes)
        {
            var problem = s switch
            {
                SecurityScheme.Jwt when auth.Jwt is null || auth.Jwt.Issuers.IsEmpty =>
                    "security \"jwt\" needs token issuers: expected [auth.jwt] with at least one entry in 'issuers'",
                SecurityScheme.ApiKey when auth.ApiKeys.IsEmpty =>
                    "security \"api_key\" needs keys: expected at least one [[auth.api_keys]] entry",
                SecurityScheme.Basic when auth.BasicUsers.IsEmpty =>
                    "security \"basic\" needs users: expected at least one [[auth.basic_users]] entry",
                SecurityScheme.Mtls when !ctx.Config.Listeners.Any(l => l.Tls is { ClientAuth: not ClientAuthMode.None }) =>
                    "security \"mtls\" needs client certificates: expected a listener with tls.client_auth = \"optional\" or \"require\"",
                _ => null,
            };
            if (problem is not null)
                ctx.Report((resource < 0 ? ValidationContext.Api(api) : ValidationContext.Resource(api, resource)) + ".security", problem);
        }
    }
}
