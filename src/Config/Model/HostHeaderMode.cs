namespace Edge.Config.Model;

/// <summary><c>host_header</c>: the endpoint's host ("endpoint"), the client's ("preserve"), or a literal value.</summary>
public enum HostHeaderMode : byte
{
    Endpoint,
    Preserve,
    Literal,
}
