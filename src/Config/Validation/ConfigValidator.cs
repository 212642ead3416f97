using Edge.Config.Binding;
using Edge.Config.Diagnostics;
using Edge.Config.Model;

namespace Edge.Config.Validation;

/// <summary>
/// Runs every rule. Rules are independent and only append diagnostics, so one bad value never hides
/// another; rules skip values that binding already rejected (empty names, empty paths) to avoid
/// reporting the same mistake twice.
/// </summary>
internal static class ConfigValidator
{
    public static void Validate(EdgeConfig config, SourceMap map, DiagnosticBag diagnostics)
    {
        var ctx = new ValidationContext(config, map, diagnostics);
        DuplicateNamesRule.Check(ctx);
        UpstreamReferenceRule.Check(ctx);
        TierReferenceRule.Check(ctx);
        ListenerTlsRule.Check(ctx);
        UpstreamProtocolRule.Check(ctx);
        SecuritySchemeRule.Check(ctx);
        AuthRule.Check(ctx);
        ApiConflictRule.Check(ctx);
        RouteConflictRule.Check(ctx);
        TimeoutRule.Check(ctx);
    }
}
