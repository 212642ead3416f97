namespace Edge.Config.Model;

/// <summary>An API's CORS policy (Fetch standard): allowed origins, methods and headers, exposed headers, credentials and preflight cache time.</summary>
public sealed record CorsConfig(
    ValueList<string> Origins,
    ValueList<string> Methods,
    ValueList<string> Headers,
    ValueList<string> Expose,
    bool Credentials,
    Duration MaxAge);
