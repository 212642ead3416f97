namespace Edge.Security.ApiKeys;

/// <summary>One configured API key: its name (the caller's identity in logs and throttle keys) and digest.</summary>
internal sealed class ApiKey
{
    public ApiKey(string name, byte[] digest)
    {
        Name = name;
        NameUtf8 = System.Text.Encoding.UTF8.GetBytes(name);
        Digest = digest;
    }

    public string Name { get; }

    /// <summary>The name as UTF-8: the caller's subject for logs and throttle keys, read without allocating.</summary>
    public byte[] NameUtf8 { get; }

    /// <summary>SHA-256 of the key.</summary>
    public byte[] Digest { get; }
}
