namespace Edge.Security.Scopes;

/// <summary>Mirrors the config's <c>scopes_mode</c> (Security may not reference Edge.Config).</summary>
internal enum ScopeMatchMode : byte
{
    /// <summary>At least one listed scope must be granted.</summary>
    Any,

    /// <summary>Every listed scope must be granted.</summary>
    All,
}
