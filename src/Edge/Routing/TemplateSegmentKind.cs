namespace Edge.Routing;

/// <summary>
/// Kinds of template segment. The numeric order is the precedence order at one position
/// (lower wins): a literal beats a parameter beats a catch-all.
/// </summary>
internal enum TemplateSegmentKind : byte
{
    Literal,
    Parameter,
    CatchAll,
}
