using System.Text;

namespace Edge.Http1;

/// <summary>Recognises framing fields by length first, then an ASCII case-insensitive compare.</summary>
internal static class Http1FramingHeaders
{
    public static Http1FramingHeader Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        4 => Ascii.EqualsIgnoreCase(name, "host"u8) ? Http1FramingHeader.Host : Http1FramingHeader.Other,
        7 => Ascii.EqualsIgnoreCase(name, "upgrade"u8) ? Http1FramingHeader.Upgrade : Http1FramingHeader.Other,
        10 => Ascii.EqualsIgnoreCase(name, "connection"u8) ? Http1FramingHeader.Connection : Http1FramingHeader.Other,
        14 => Ascii.EqualsIgnoreCase(name, "content-length"u8) ? Http1FramingHeader.ContentLength
            : Ascii.EqualsIgnoreCase(name, "content_length"u8) ? Http1FramingHeader.UnderscoreLookalike
            : Http1FramingHeader.Other,
        17 => Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8) ? Http1FramingHeader.TransferEncoding
            : Ascii.EqualsIgnoreCase(name, "transfer_encoding"u8) ? Http1FramingHeader.UnderscoreLookalike
            : Http1FramingHeader.Other,
        _ => Http1FramingHeader.Other,
    };
}
