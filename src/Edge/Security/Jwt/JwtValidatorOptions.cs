namespace Edge.Security.Jwt;

/// <summary>Bounds of JWT validation, from <c>[auth.jwt]</c>.</summary>
internal sealed record JwtValidatorOptions
{
    /// <summary>RFC 7519 §4.1.4: skew should be "no more than a few minutes".</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Above this no header would carry the token anyway (DESIGN.md §6: 32 KiB heads).</summary>
    public const int MaxTokenBytesLimit = 64 * 1024;

    /// <summary>Allowed clock difference with the issuer for <c>exp</c>, <c>nbf</c> and <c>iat</c>.
    /// 60 s, as Envoy's jwt_authn (SECURITY.md case 51).</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Tokens longer than this are refused before any decoding (SECURITY.md case 55: 8 KiB).</summary>
    public int MaxTokenBytes { get; init; } = 8 * 1024;

    /// <summary>A token without <c>exp</c> would be valid forever (SECURITY.md case 51), so it is refused.</summary>
    public bool RequireExpiration { get; init; } = true;

    public void Validate()
    {
        if (ClockSkew < TimeSpan.Zero || ClockSkew > MaxClockSkew)
            throw new ArgumentOutOfRangeException(nameof(ClockSkew), ClockSkew, $"clock skew must be between 0 and {MaxClockSkew.TotalMinutes} minutes");
        if (MaxTokenBytes is < 64 or > MaxTokenBytesLimit)
            throw new ArgumentOutOfRangeException(nameof(MaxTokenBytes), MaxTokenBytes, $"token cap must be between 64 and {MaxTokenBytesLimit} bytes");
    }
}
