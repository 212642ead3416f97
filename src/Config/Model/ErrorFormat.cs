namespace Edge.Config.Model;

/// <summary><c>errors = "json" | "xml"</c>: the body format of faults the gateway returns (DESIGN.md §4).</summary>
public enum ErrorFormat : byte
{
    Json,
    Xml,
}
