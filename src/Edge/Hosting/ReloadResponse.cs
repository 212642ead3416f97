using System.Buffers;
using System.Text.Json;

namespace Edge.Hosting;

/// <summary>
/// The body of admin <c>POST /reload</c>: <c>{"ok":true,"generation":N,"errors":[]}</c>, or ok false with
/// the generation still serving and every error as <c>file:line:col: ...</c>. Written with
/// Utf8JsonWriter (no reflection, AOT-clean).
/// </summary>
internal static class ReloadResponse
{
    public static byte[] Write(ReloadOutcome outcome)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteBoolean("ok"u8, outcome.Succeeded);
            json.WriteNumber("generation"u8, outcome.Generation);
            json.WriteStartArray("errors"u8);
            foreach (var e in outcome.Errors) json.WriteStringValue(e);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
