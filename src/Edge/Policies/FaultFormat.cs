namespace Edge.Policies;

/// <summary>The body format of a gateway fault: JSON by default, XML per API (DESIGN.md §4).</summary>
internal enum FaultFormat : byte
{
    Json,
    Xml,
}
