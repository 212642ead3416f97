using System.Buffers;
using System.Text.Json;

namespace Edge.Hosting;

/// <summary>
/// The body of admin <c>POST /reload</c>:
/// <c>{"ok":true,"generation":N,"elapsed_ms":12.3,"swap_ms":11.9,"errors":[]}</c>, or ok false with the
/// generation still serving and every error as <c>file:line:col: ...</c> (<c>swap_ms</c> is then absent).
/// <c>elapsed_ms</c> is the whole reload (read, validate, compile, bind, swap); <c>swap_ms</c> is when the
/// new snapshot was published. Written with Utf8JsonWriter (no reflection, AOT-clean).
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
            json.WriteNumber("elapsed_ms"u8, Math.Round(outcome.Elapsed.TotalMilliseconds, 1));
            if (outcome.Succeeded) json.WriteNumber("swap_ms"u8, Math.Round(outcome.Swapped.TotalMilliseconds, 1));
            json.WriteStartArray("errors"u8);
            foreach (var e in outcome.Errors) json.WriteStringValue(e);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
