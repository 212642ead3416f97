namespace Edge.Security.Scopes;

/// <summary>Mirrors the config model's <c>scopes_mode</c>: Security may not reference the config project (DESIGN.md §2).</summary>
internal enum ScopeMatchMode : byte
{
    /// <summary>At least one listed scope must be granted.</summary>
    Any,

    /// <summary>Every listed scope must be granted.</summary>
    All,
}
