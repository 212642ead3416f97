using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Edge.Http2.Hpack;

/// <summary>
/// A header block that violates RFC 7541. The HTTP/2 connection must end with GOAWAY(COMPRESSION_ERROR)
/// (RFC 9113 §4.3): after a decoding error the two dynamic tables can no longer be assumed equal. Thrown
/// at most once per connection, so an exception costs nothing that matters; the throw helpers stay out
/// of line so the decoding loops remain small.
/// </summary>
internal sealed class HpackException : Exception
{
    public HpackException(HpackError error)
        : base(Describe(error))
    {
        Error = error;
    }

    public HpackError Error { get; }

    public static string Describe(HpackError error) => error switch
    {
        HpackError.None => "no error",
        HpackError.Truncated => "HPACK: header block ends inside a field representation",
        HpackError.IntegerOverflow => "HPACK: integer exceeds 2^31-1 (RFC 7541 §5.1)",
        HpackError.ZeroIndex => "HPACK: index 0 is not a valid table index (RFC 7541 §6.1)",
        HpackError.IndexOutOfRange => "HPACK: index past the static and dynamic tables (RFC 7541 §2.3.3)",
        HpackError.HuffmanEos => "HPACK: Huffman string contains EOS (RFC 7541 §5.2)",
        HpackError.HuffmanPaddingTooLong => "HPACK: Huffman padding longer than 7 bits (RFC 7541 §5.2)",
        HpackError.HuffmanPaddingNotOnes => "HPACK: Huffman padding is not a prefix of EOS (RFC 7541 §5.2)",
        HpackError.TableSizeUpdateTooLarge => "HPACK: dynamic table size update above the announced SETTINGS_HEADER_TABLE_SIZE (RFC 7541 §6.3)",
        HpackError.TableSizeUpdateNotAtStart => "HPACK: dynamic table size update after a header field (RFC 7541 §4.2)",
        HpackError.TableSizeUpdateMissing => "HPACK: expected a dynamic table size update after SETTINGS_HEADER_TABLE_SIZE was lowered (RFC 7541 §4.2)",
        HpackError.HeaderListTooLarge => "HPACK: decoded header list exceeds SETTINGS_MAX_HEADER_LIST_SIZE (RFC 9113 §6.5.2)",
        _ => "HPACK: unknown error",
    };

    [DoesNotReturn]
    [StackTraceHidden]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Throw(HpackError error) => throw new HpackException(error);

    /// <summary>Throw helper usable in expression position.</summary>
    [DoesNotReturn]
    [StackTraceHidden]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T Throw<T>(HpackError error) => throw new HpackException(error);
}
