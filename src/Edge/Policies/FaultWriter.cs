using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Edge.Policies;

/// <summary>
/// Writes a <see cref="Fault"/> as the WSO2 API Manager error body:
/// <code>
/// {"fault":{"code":900906,"message":"...","description":"..."}}
/// &lt;am:fault xmlns:am="http://wso2.org/apimanager"&gt;&lt;am:code&gt;900906&lt;/am:code&gt;&lt;am:message&gt;...&lt;/am:message&gt;&lt;am:description&gt;...&lt;/am:description&gt;&lt;/am:fault&gt;
/// </code>
/// Catalog faults are copied from their pre-rendered bytes; others are rendered straight into the
/// output buffer (no intermediate strings). The escaping is written by hand rather than with
/// Utf8JsonWriter because the body is fixed-shape and we want non-ASCII text kept as UTF-8, not \uXXXX.
/// </summary>
internal static class FaultWriter
{
    public static ReadOnlySpan<byte> JsonContentType => "application/json; charset=UTF-8"u8;

    public static ReadOnlySpan<byte> XmlContentType => "application/xml; charset=UTF-8"u8;

    public static ReadOnlySpan<byte> ContentType(FaultFormat format) =>
        format == FaultFormat.Xml ? XmlContentType : JsonContentType;

    public static void Write(in Fault fault, FaultFormat format, IBufferWriter<byte> output)
    {
        if (format == FaultFormat.Xml)
            WriteXml(fault, output);
        else
            WriteJson(fault, output);
    }

    public static void WriteJson(in Fault fault, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (fault.IsPrecomputed)
        {
            output.Write(fault.PrecomputedJson);
            return;
        }
        output.Write("{\"fault\":{\"code\":"u8);
        WriteInt(fault.Code, output);
        output.Write(",\"message\":\""u8);
        WriteJsonEscaped(fault.Message, output);
        output.Write("\",\"description\":\""u8);
        WriteJsonEscaped(fault.Description, output);
        output.Write("\"}}"u8);
    }

    public static void WriteXml(in Fault fault, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (fault.IsPrecomputed)
        {
            output.Write(fault.PrecomputedXml);
            return;
        }
        output.Write("<am:fault xmlns:am=\"http://wso2.org/apimanager\"><am:code>"u8);
        WriteInt(fault.Code, output);
        output.Write("</am:code><am:message>"u8);
        WriteXmlEscaped(fault.Message, output);
        output.Write("</am:message><am:description>"u8);
        WriteXmlEscaped(fault.Description, output);
        output.Write("</am:description></am:fault>"u8);
    }

    /// <summary>Renders a fault's JSON body into a new array (catalog set-up, not the request path).</summary>
    internal static byte[] RenderJson(in Fault fault)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteJson(fault, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Renders a fault's XML body into a new array (catalog set-up, not the request path).</summary>
    internal static byte[] RenderXml(in Fault fault)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteXml(fault, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteInt(int value, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(11); // "-2147483648"
        Utf8Formatter.TryFormat(value, span, out var written);
        output.Advance(written);
    }

    /// <summary>
    /// RFC 8259 §7: quotation mark, reverse solidus and U+0000..U+001F must be escaped; everything else
    /// may appear as UTF-8. Lone surrogates become U+FFFD (the UTF-8 encoder's replacement), so the
    /// output is always valid UTF-8.
    /// </summary>
    private static void WriteJsonEscaped(string? text, IBufferWriter<byte> output)
    {
        var rest = (text ?? string.Empty).AsSpan();
        while (!rest.IsEmpty)
        {
            var run = IndexOfJsonSpecial(rest);
            if (run < 0)
                run = rest.Length;
            WriteUtf8(rest[..run], output);
            if (run == rest.Length)
                return;
            var c = rest[run];
            switch (c)
            {
                case '"': output.Write("\\\""u8); break;
                case '\\': output.Write("\\\\"u8); break;
                case '\n': output.Write("\\n"u8); break;
                case '\r': output.Write("\\r"u8); break;
                case '\t': output.Write("\\t"u8); break;
                case '\b': output.Write("\\b"u8); break;
                case '\f': output.Write("\\f"u8); break;
                default: WriteJsonUnicodeEscape(c, output); break;
            }
            rest = rest[(run + 1)..];
        }
    }

    private static int IndexOfJsonSpecial(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x20 || c == '"' || c == '\\')
                return i;
        }
        return -1;
    }

    private static void WriteJsonUnicodeEscape(char c, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(6);
        span[0] = (byte)'\\';
        span[1] = (byte)'u';
        span[2] = (byte)'0';
        span[3] = (byte)'0';
        span[4] = HexDigit(c >> 4);
        span[5] = HexDigit(c & 0xF);
        output.Advance(6);
    }

    /// <summary>
    /// XML 1.0 character content: '&amp;' and '&lt;' must be escaped, '&gt;' is escaped so "]]&gt;" can
    /// never appear, CR is written as a reference so parsers do not normalise it away. Characters XML 1.0
    /// forbids outright (C0 controls other than TAB/LF/CR, U+FFFE, U+FFFF; §2.2) cannot be written even as
    /// references, so they become U+FFFD rather than producing a document clients cannot parse.
    /// </summary>
    private static void WriteXmlEscaped(string? text, IBufferWriter<byte> output)
    {
        var rest = (text ?? string.Empty).AsSpan();
        while (!rest.IsEmpty)
        {
            var run = IndexOfXmlSpecial(rest);
            if (run < 0)
                run = rest.Length;
            WriteUtf8(rest[..run], output);
            if (run == rest.Length)
                return;
            switch (rest[run])
            {
                case '&': output.Write("&amp;"u8); break;
                case '<': output.Write("&lt;"u8); break;
                case '>': output.Write("&gt;"u8); break;
                case '"': output.Write("&quot;"u8); break;
                case '\r': output.Write("&#xD;"u8); break;
                default: output.Write("\uFFFD"u8); break;
            }
            rest = rest[(run + 1)..];
        }
    }

    private static int IndexOfXmlSpecial(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '&' or '<' or '>' or '"' or '\r' or '\uFFFE' or '\uFFFF' || (c < 0x20 && c != '\t' && c != '\n'))
                return i;
        }
        return -1;
    }

    private static void WriteUtf8(ReadOnlySpan<char> text, IBufferWriter<byte> output)
    {
        if (text.IsEmpty)
            return;
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'A' + value - 10);
}
