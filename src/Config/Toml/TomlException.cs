namespace Edge.Config.Toml;

/// <summary>A TOML syntax or semantic error with the position where it was detected.</summary>
public sealed class TomlException : Exception
{
    public TomlException(SourcePosition position, string message)
        : base($"{position.Line}:{position.Column}: {message}")
    {
        Position = position;
        Reason = message;
    }

    public SourcePosition Position { get; }

    /// <summary>The message without the position prefix.</summary>
    public string Reason { get; }
}
