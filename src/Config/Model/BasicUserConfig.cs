namespace Edge.Config.Model;

/// <param name="Hash">"pbkdf2-sha256$ITER$SALTB64$HASHB64"; only its shape is checked here.</param>
public sealed record BasicUserConfig(string Name, string Hash);
