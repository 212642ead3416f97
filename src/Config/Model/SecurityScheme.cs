namespace Edge.Config.Model;

/// <summary><c>security</c> items: "none", "jwt", "basic", "api_key", "mtls".</summary>
public enum SecurityScheme : byte
{
    None,
    Jwt,
    Basic,
    ApiKey,
    Mtls,
}
