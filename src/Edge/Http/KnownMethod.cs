namespace Edge.Http;

/// <summary>
/// Methods recognised without allocating (RFC 9110 §9 plus PATCH). Any other valid token method is
/// carried as <see cref="Custom"/> with its bytes.
/// </summary>
internal enum KnownMethod : byte
{
    Custom = 0,
    Get,
    Head,
    Post,
    Put,
    Delete,
    Connect,
    Options,
    Trace,
    Patch,
}
