namespace Edge.Http2.Frames;

/// <summary>
/// Which end of the connection Edge is: the server of a client connection, or the client of an
/// upstream connection. Decides stream-id parity (§5.1.1: clients open odd streams) and the
/// role-specific SETTINGS rules (§6.5.2: only a client may enable push).
/// </summary>
internal enum Http2Role : byte
{
    Server,
    Client,
}
