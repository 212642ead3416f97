namespace Edge.Routing;

/// <summary>Host pattern kinds in precedence order (lower wins).</summary>
internal enum HostPatternKind : byte
{
    Exact,
    Wildcard,
    Any,
}
