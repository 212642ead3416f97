namespace Edge.Http;

/// <summary>What a protocol loop needs to know about the server's lifetime (graceful drain on SIGTERM).</summary>
internal interface IConnectionLifetime
{
    /// <summary>True once the server drains: answer with Connection: close / GOAWAY and stop taking requests.</summary>
    bool IsDraining { get; }
}
