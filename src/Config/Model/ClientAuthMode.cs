namespace Edge.Config.Model;

/// <summary><c>tls.client_auth = "none" | "optional" | "require"</c>: whether clients must present a certificate.</summary>
public enum ClientAuthMode : byte
{
    None,
    Optional,
    Require,
}
