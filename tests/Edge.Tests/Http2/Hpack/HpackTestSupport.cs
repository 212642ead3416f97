using System.Text;
using Edge.Http2.Hpack;

namespace Edge.Tests.Http2.Hpack;

/// <summary>One decoded field, bytes kept as bytes (compare with <see cref="Field"/>).</summary>
internal sealed record DecodedField(string Name, string Value, HpackFlags Flags)
{
    public override string ToString() => $"{Name}: {Value}{(Flags == HpackFlags.None ? "" : $" [{Flags}]")}";
}

/// <summary>Struct handler that records every field (as Latin-1 strings, so every byte survives).</summary>
internal readonly struct CollectingHeaderHandler(List<DecodedField> fields) : IHpackHeaderHandler
{
    public List<DecodedField> Fields => fields;

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HpackFlags flags) =>
        fields.Add(new DecodedField(Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value), flags));
}

internal static class Hpack
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    public static byte[] Bytes(string s) => Encoding.Latin1.GetBytes(s);

    public static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>Decodes one block and returns the fields; throws <see cref="HpackException"/> like the decoder.</summary>
    public static List<DecodedField> Decode(HpackDecoder decoder, byte[] block) => Decode(decoder, block, out _);

    public static List<DecodedField> Decode(HpackDecoder decoder, byte[] block, out HpackError result)
    {
        var handler = new CollectingHeaderHandler([]);
        result = decoder.Decode(block, ref handler);
        return handler.Fields;
    }

    public static HpackError DecodeError(HpackDecoder decoder, byte[] block)
    {
        var e = Assert.Throws<HpackException>(() => Decode(decoder, block));
        return e.Error;
    }

    /// <summary>Encodes one header block (size updates included) with <paramref name="encoder"/>.</summary>
    public static byte[] Encode(HpackEncoder encoder, IEnumerable<(string Name, string Value)> fields, HpackFlags flags = HpackFlags.None)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        encoder.BeginHeaderBlock(output);
        foreach (var (name, value) in fields)
            encoder.EncodeHeader(Bytes(name), Bytes(value), flags, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The dynamic table, newest first, as (name, value) strings.</summary>
    public static List<(string Name, string Value)> TableContents(HpackDynamicTable table)
    {
        var result = new List<(string, string)>();
        for (var i = 1; i <= table.Count; i++)
        {
            var nameLength = table.NameLength(i);
            var buffer = new byte[nameLength + table.ValueLength(i)];
            table.CopyEntry(i, buffer);
            result.Add((Encoding.Latin1.GetString(buffer, 0, nameLength), Encoding.Latin1.GetString(buffer, nameLength, buffer.Length - nameLength)));
        }
        return result;
    }

    public static List<DecodedField> Fields(params (string Name, string Value)[] fields) =>
        fields.Select(f => new DecodedField(f.Name, f.Value, HpackFlags.None)).ToList();
}
