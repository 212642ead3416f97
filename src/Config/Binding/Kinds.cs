using System.Text;
using System.Text.Json;
using Edge.Config.Model;

namespace Edge.Config.Binding;

/// <summary>The value kinds the schema uses, each with its parser and its "expected ..." text.</summary>
internal static class Kinds
{
    public static readonly ValueKind<string> String = ValueKind<string>.Simple("string", "expected a string", (string t, out string v) => { v = t; return true; });

    public static readonly ValueKind<string> NonEmpty = ValueKind<string>.Simple("value", "expected a non-empty string", (string t, out string v) => { v = t; return t.Length > 0; });

    public static readonly ValueKind<Duration> Duration = ValueKind<Duration>.Simple("duration", Model.Duration.Expected, Model.Duration.TryParse);

    public static readonly ValueKind<ByteSize> ByteSize = ValueKind<ByteSize>.Simple("size", Model.ByteSize.Expected, Model.ByteSize.TryParse,
        n => (n >= 0, new Model.ByteSize(n)));

    public static readonly ValueKind<Rate> Rate = ValueKind<Rate>.Simple("rate", Model.Rate.Expected, Model.Rate.TryParse);

    public static readonly ValueKind<EndpointAddress> Bind = ValueKind<EndpointAddress>.Simple("address", EndpointAddress.Expected, EndpointAddress.TryParse);

    public static readonly ValueKind<UpstreamUrl> Url = ValueKind<UpstreamUrl>.Simple("URL", UpstreamUrl.Expected, UpstreamUrl.TryParse);

    public static readonly ValueKind<CidrRange> Cidr = ValueKind<CidrRange>.Simple("CIDR range", CidrRange.Expected, CidrRange.TryParse);

    public static readonly ValueKind<string> BasePath = new("base path", PathTemplate.BasePathExpected,
        (string t, out string v, out string? r) => { v = t; return PathTemplate.IsValidBasePath(t, out r); });

    public static readonly ValueKind<string> Template = new("path template", PathTemplate.TemplateExpected,
        (string t, out string v, out string? r) => { v = t; return PathTemplate.IsValidTemplate(t, out r); });

    public static readonly ValueKind<string> HostPattern = ValueKind<string>.Simple("host",
        "expected a host name or a wildcard like \"*.example.com\"",
        (string t, out string v) => { v = t.ToLowerInvariant(); return HostName.IsValidPattern(t); });

    /// <summary>A DNS host name (the name sent as SNI and verified in a certificate); lower-cased.</summary>
    public static readonly ValueKind<string> Host = ValueKind<string>.Simple("host name",
        "expected a DNS host name such as \"api.internal\"",
        (string t, out string v) => { v = t.ToLowerInvariant(); return HostName.IsValid(t); });

    // RFC 9110 §9: methods are tokens, case-sensitive; the standard ones are upper-case and a
    // lower-case "get" in a config is a mistake, not a custom method.
    public static readonly ValueKind<string> Method = ValueKind<string>.Simple("method",
        "expected an upper-case HTTP method such as \"GET\" or \"POST\"",
        (string t, out string v) =>
        {
            v = t;
            if (t.Length is 0 or > 20) return false;
            foreach (var c in t)
            {
                if (!char.IsAsciiLetterUpper(c) && c != '-' && c != '_') return false;
            }
            return true;
        });

    /// <summary>HTTP field names (RFC 9110 §5.1: tokens).</summary>
    public static readonly ValueKind<string> HeaderName = ValueKind<string>.Simple("header name",
        "expected an HTTP header name (letters, digits and !#$%&'*+-.^_`|~)",
        (string t, out string v) => { v = t; return IsToken(t); });

    public static readonly ValueKind<string> Sha256Hex = ValueKind<string>.Simple("SHA-256",
        "expected 64 hexadecimal characters (the SHA-256 of the key)",
        (string t, out string v) =>
        {
            v = t.ToLowerInvariant();
            if (t.Length != 64) return false;
            foreach (var c in t)
            {
                if (!char.IsAsciiHexDigit(c)) return false;
            }
            return true;
        });

    public static readonly ValueKind<string> BasicHash = ValueKind<string>.Simple("password hash",
        "expected \"pbkdf2-sha256$ITERATIONS$SALT_BASE64$HASH_BASE64\"",
        (string t, out string v) => { v = t; return IsPbkdf2Shape(t); });

    public static readonly ValueKind<string> Json = new("JSON", "expected a valid JSON document",
        (string t, out string v, out string? r) => { v = t; return IsValidJson(t, out r); });

    public static readonly ValueKind<ListenerProtocol> ListenerProtocol = ValueKind<ListenerProtocol>.Choice("protocol",
        ("http1", Model.ListenerProtocol.Http1), ("h2c", Model.ListenerProtocol.H2c), ("h2", Model.ListenerProtocol.H2));

    public static readonly ValueKind<ClientAuthMode> ClientAuth = ValueKind<ClientAuthMode>.Choice("client_auth",
        ("none", ClientAuthMode.None), ("optional", ClientAuthMode.Optional), ("require", ClientAuthMode.Require));

    public static readonly ValueKind<BalancePolicy> Balance = ValueKind<BalancePolicy>.Choice("balance",
        ("round_robin", BalancePolicy.RoundRobin), ("least_requests", BalancePolicy.LeastRequests), ("random_two", BalancePolicy.RandomTwo));

    public static readonly ValueKind<UpstreamProtocol> UpstreamProtocol = ValueKind<UpstreamProtocol>.Choice("protocol",
        ("http1", Model.UpstreamProtocol.Http1), ("h2c", Model.UpstreamProtocol.H2c), ("h2", Model.UpstreamProtocol.H2), ("auto", Model.UpstreamProtocol.Auto));

    public static readonly ValueKind<AccessLogFormat> AccessLogFormat = ValueKind<AccessLogFormat>.Choice("format",
        ("json", Model.AccessLogFormat.Json), ("text", Model.AccessLogFormat.Text));

    /// <summary>A JWS signing algorithm Edge verifies (RFC 7518 §3.1); "none" is never one.</summary>
    public static readonly ValueKind<string> JwsAlgorithm = ValueKind<string>.Choice("algorithm",
        ("RS256", "RS256"), ("RS384", "RS384"), ("RS512", "RS512"), ("PS256", "PS256"), ("PS384", "PS384"), ("PS512", "PS512"),
        ("ES256", "ES256"), ("ES384", "ES384"), ("ES512", "ES512"), ("HS256", "HS256"), ("HS384", "HS384"), ("HS512", "HS512"));

    public static readonly ValueKind<SecurityScheme> Security = ValueKind<SecurityScheme>.Choice("security scheme",
        ("none", SecurityScheme.None), ("jwt", SecurityScheme.Jwt), ("basic", SecurityScheme.Basic), ("api_key", SecurityScheme.ApiKey), ("mtls", SecurityScheme.Mtls));

    public static readonly ValueKind<ScopesMode> ScopesMode = ValueKind<ScopesMode>.Choice("scopes_mode",
        ("any", Model.ScopesMode.Any), ("all", Model.ScopesMode.All));

    public static readonly ValueKind<ErrorFormat> Errors = ValueKind<ErrorFormat>.Choice("error format",
        ("json", ErrorFormat.Json), ("xml", ErrorFormat.Xml));

    public static readonly ValueKind<ThrottleMissingKey> ThrottleMissing = ValueKind<ThrottleMissingKey>.Choice("when_missing",
        ("shared", ThrottleMissingKey.Shared), ("skip", ThrottleMissingKey.Skip));

    public static readonly ValueKind<ValueList<ThrottleKeyPart>> ThrottleKey = new("throttle key",
        "expected \"api\", \"resource\", \"ip\", \"header:NAME\", \"query:NAME\" or \"claim:NAME\", or several joined by \"+\" (e.g. \"claim:sub+ip\")",
        ThrottleKeyParser.TryParse);

    internal static bool IsToken(string t)
    {
        if (t.Length == 0) return false;
        foreach (var c in t)
        {
            if (!char.IsAsciiLetterOrDigit(c) && "!#$%&'*+-.^_`|~".IndexOf(c, StringComparison.Ordinal) < 0) return false;
        }
        return true;
    }

    private static bool IsPbkdf2Shape(string t)
    {
        var parts = t.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256") return false;
        if (!int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var iterations) || iterations < 1) return false;
        Span<byte> scratch = stackalloc byte[256];
        return parts[2].Length > 0 && parts[3].Length > 0 &&
               Convert.TryFromBase64String(parts[2], scratch, out _) && Convert.TryFromBase64String(parts[3], scratch, out _);
    }

    /// <summary>Walks the JSON with Utf8JsonReader (no serializer, AOT-safe) to prove it is one well-formed document.</summary>
    private static bool IsValidJson(string text, out string? reason)
    {
        reason = null;
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            while (reader.Read()) { }
            return true;
        }
        catch (JsonException e)
        {
            // The reader's message ends with "LineNumber: 0 | BytePositionInLine: 5."; keep the readable part.
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            reason = "invalid JSON: " + (cut > 0 ? message[..cut] : message);
            return false;
        }
    }
}
