namespace Edge.Config.Model;

/// <summary>
/// One <c>[[apis.resources]]</c> entry. Nullable members are per-resource overrides: null means
/// "inherit from the API", which is different from an explicit empty list.
/// </summary>
/// <param name="Methods">Upper-case methods; empty means every method.</param>
public sealed record ResourceConfig(
    string Path,
    ValueList<string> Methods,
    ValueList<string>? Scopes,
    ScopesMode? ScopesMode,
    ValueList<SecurityScheme>? Security,
    ValueList<ThrottlePolicyConfig>? Throttle,
    string? Upstream,
    RespondConfig? Respond,
    bool? RetryNonIdempotent,
    ByteSize? BodyLimit,
    bool? WebSocket);
