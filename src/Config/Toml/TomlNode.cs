namespace Edge.Config.Toml;

/// <summary>Any TOML value: a table, an array or a scalar. Every node remembers where it started.</summary>
public abstract class TomlNode
{
    private protected TomlNode(SourcePosition position) => Position = position;

    /// <summary>Where the value begins in the source (for a table: its header, or the first key that made it).</summary>
    public SourcePosition Position { get; }

    /// <summary>The toml-test name of the node's type: table, array, string, integer, float, bool, datetime, ...</summary>
    public abstract string TypeName { get; }
}
