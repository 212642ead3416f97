namespace Edge.Config.Model;

/// <summary><c>scopes_mode = "any" | "all"</c>: whether one listed scope suffices or all are needed.</summary>
public enum ScopesMode : byte
{
    Any,
    All,
}
