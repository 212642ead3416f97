namespace Edge.Security.ApiKeys;

/// <summary>One configured API key: its name (the caller's identity in logs and throttle keys) and digest.</summary>
internal sealed class ApiKey
{
    public ApiKey(string name, byte[] digest)
    {
        Name = name;
        Digest = digest;
    }

    public string Name { get; }

    /// <summary>SHA-256 of the key.</summary>
    public byte[] Digest { get; }
}
