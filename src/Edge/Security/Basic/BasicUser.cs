namespace Edge.Security.Basic;

/// <summary>One <c>[[auth.basic_users]]</c> entry.</summary>
internal sealed class BasicUser
{
    public BasicUser(string name, Pbkdf2Hash hash)
    {
        Name = name;
        NameUtf8 = System.Text.Encoding.UTF8.GetBytes(name);
        Hash = hash;
    }

    public string Name { get; }

    public byte[] NameUtf8 { get; }

    public Pbkdf2Hash Hash { get; }
}
