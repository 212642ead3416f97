using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Edge.Http;

/// <summary>
/// Recognises the common methods without allocating: the first eight bytes of the request line are
/// read as one little-endian <see cref="ulong"/> and compared under a mask sized to the method
/// (the trick of Kestrel's <c>HttpUtilities.GetKnownMethod</c>). Methods are case-sensitive
/// (RFC 9110 §9.1), so no case folding is done.
/// </summary>
internal static class KnownMethods
{
    private static readonly ulong Get = Pack("GET"u8);
    private static readonly ulong Put = Pack("PUT"u8);
    private static readonly ulong Post = Pack("POST"u8);
    private static readonly ulong Head = Pack("HEAD"u8);
    private static readonly ulong Patch = Pack("PATCH"u8);
    private static readonly ulong Trace = Pack("TRACE"u8);
    private static readonly ulong Delete = Pack("DELETE"u8);
    private static readonly ulong Options = Pack("OPTIONS"u8);
    private static readonly ulong Connect = Pack("CONNECT"u8);

    /// <summary>
    /// Classifies <paramref name="method"/>, a validated token. <paramref name="line"/> is the start
    /// line it begins; when it holds at least eight bytes the ulong tier is used.
    /// </summary>
    public static KnownMethod Classify(ReadOnlySpan<byte> line, int methodLength)
    {
        if (methodLength < 3 || methodLength > 7)
        {
            return KnownMethod.Custom;
        }

        ulong value;
        if (line.Length >= sizeof(ulong))
        {
            // Tier 1: one load, one mask. The mask keeps exactly methodLength bytes.
            value = BinaryPrimitives.ReadUInt64LittleEndian(line) & ((1UL << (methodLength * 8)) - 1);
        }
        else
        {
            value = Pack(line[..methodLength]);
        }

        return methodLength switch
        {
            3 => value == Get ? KnownMethod.Get : value == Put ? KnownMethod.Put : KnownMethod.Custom,
            4 => value == Post ? KnownMethod.Post : value == Head ? KnownMethod.Head : KnownMethod.Custom,
            5 => value == Patch ? KnownMethod.Patch : value == Trace ? KnownMethod.Trace : KnownMethod.Custom,
            6 => value == Delete ? KnownMethod.Delete : KnownMethod.Custom,
            _ => value == Options ? KnownMethod.Options : value == Connect ? KnownMethod.Connect : KnownMethod.Custom,
        };
    }

    /// <summary>Classifies a method given on its own.</summary>
    public static KnownMethod Classify(ReadOnlySpan<byte> method) => Classify(method, method.Length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Pack(ReadOnlySpan<byte> bytes)
    {
        ulong value = 0;
        for (int i = bytes.Length - 1; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }
}
