using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Edge.Config.Toml;

/// <summary>
/// Writes a TOML document in toml-test's tagged JSON form: tables become objects, arrays arrays,
/// and every scalar <c>{"type": "...", "value": "..."}</c>. Used by <c>edge toml-decode</c>, which is
/// the decoder interface toml-test drives, and by the conformance tests.
/// </summary>
public static class TomlTaggedJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        // Keep non-ASCII readable; the output is still valid JSON.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = TomlParser.MaxNestingDepth * 2 + 64,
    };

    public static void Write(TomlTable root, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        WriteNode(writer, root);
        writer.Flush();
    }

    public static string ToJson(TomlTable root)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(root, buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteNode(Utf8JsonWriter writer, TomlNode node)
    {
        switch (node)
        {
            case TomlTable table:
                writer.WriteStartObject();
                foreach (var (key, child) in table.Entries)
                {
                    writer.WritePropertyName(key);
                    WriteNode(writer, child);
                }
                writer.WriteEndObject();
                break;
            case TomlArray array:
                writer.WriteStartArray();
                foreach (var item in array.Items) WriteNode(writer, item);
                writer.WriteEndArray();
                break;
            case TomlValue value:
                writer.WriteStartObject();
                writer.WriteString("type"u8, value.TypeName);
                writer.WriteString("value"u8, value.ToTaggedText());
                writer.WriteEndObject();
                break;
        }
    }
}
