namespace Edge.Config.Toml;

/// <summary>A 1-based line and column (columns count Unicode scalar values, not bytes).</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
