using System.Text.Json;
using Edge.Security.Revocation;

namespace Edge.Policies;

/// <summary>
/// The body of admin <c>POST /revocations</c>: one object or an array of up to <see cref="MaxEntries"/>:
/// <code>
/// {"jti":"6f1c2d9e-41a7-4b6e","exp":1735689600}          one token, until its exp (Unix seconds)
/// {"sub":"alice@example.com","before":1735680000}       every token of alice with iat before the cut-off
/// {"sub":"alice@example.com","before":1735680000,"drop_after":1736000000}
/// </code>
/// Read with <see cref="Utf8JsonReader"/> (no serializer, AOT-clean), strictly: unknown members, duplicate
/// members, wrong types, fractions, negative or out-of-range times, empty or oversized ids are refused
/// with a message; nothing is applied unless the whole body is valid.
/// </summary>
internal static class RevocationRequest
{
    public const int MaxEntries = 10_000;

    /// <summary>9999-12-31T23:59:59Z, as the revocation file.</summary>
    private const long MaxTime = 253_402_300_799;

    public static List<RevocationEntry>? Parse(ReadOnlySpan<byte> json, out string? error)
    {
        error = null;
        var entries = new List<RevocationEntry>();
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4 });
            if (!reader.Read()) return FailList("empty body: expected {\"jti\":\"…\",\"exp\":N} or {\"sub\":\"…\",\"before\":N}", out error);
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (entries.Count == MaxEntries) return FailList($"more than {MaxEntries} entries in one request", out error);
                    if (ReadEntry(ref reader, out error) is not { } e) return null;
                    entries.Add(e);
                }
            }
            else
            {
                if (ReadEntry(ref reader, out error) is not { } e) return null;
                entries.Add(e);
            }
            if (reader.Read()) return FailList("trailing data after the JSON value", out error);
            if (entries.Count == 0) return FailList("no entries", out error);
            return entries;
        }
        catch (JsonException e)
        {
            return FailList("invalid JSON: " + FirstSentence(e.Message), out error);
        }
        catch (InvalidOperationException e)
        {
            return FailList("invalid JSON: " + FirstSentence(e.Message), out error);
        }
    }

    private static RevocationEntry? ReadEntry(ref Utf8JsonReader reader, out string? error)
    {
        error = null;
        if (reader.TokenType != JsonTokenType.StartObject) return Fail<RevocationEntry>("expected an object {\"jti\":…,\"exp\":…} or {\"sub\":…,\"before\":…}", out error);
        byte[]? jti = null, sub = null;
        long? exp = null, before = null, dropAfter = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            if (!reader.Read()) return Fail<RevocationEntry>("truncated object", out error);
            switch (name)
            {
                case "jti" when jti is null:
                    if (!TryId(ref reader, out jti, out error)) return null;
                    break;
                case "sub" when sub is null:
                    if (!TryId(ref reader, out sub, out error)) return null;
                    break;
                case "exp" when exp is null:
                    if (!TryTime(ref reader, name, out exp, out error)) return null;
                    break;
                case "before" when before is null:
                    if (!TryTime(ref reader, name, out before, out error)) return null;
                    break;
                case "drop_after" when dropAfter is null:
                    if (!TryTime(ref reader, name, out dropAfter, out error)) return null;
                    break;
                case "jti" or "sub" or "exp" or "before" or "drop_after":
                    return Fail<RevocationEntry>($"duplicate member \"{name}\"", out error);
                default:
                    return Fail<RevocationEntry>($"unknown member \"{name}\": expected jti + exp, or sub + before [+ drop_after]", out error);
            }
        }
        if (jti is not null && sub is null && exp is { } e && before is null && dropAfter is null)
            return new RevocationEntry(RevocationKind.TokenId, jti, e);
        if (sub is not null && jti is null && before is { } b && exp is null)
            return new RevocationEntry(RevocationKind.Subject, sub, b, dropAfter ?? long.MaxValue);
        return Fail<RevocationEntry>("expected {\"jti\":\"…\",\"exp\":N} or {\"sub\":\"…\",\"before\":N} (times in Unix seconds)", out error);
    }

    private static bool TryId(ref Utf8JsonReader reader, out byte[]? id, out string? error)
    {
        id = null;
        error = null;
        if (reader.TokenType != JsonTokenType.String) return Fail("jti and sub must be strings", out error);
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > RevocationFile.MaxIdBytes * 6) return Fail($"id longer than {RevocationFile.MaxIdBytes} bytes", out error);
        var buffer = new byte[length];
        var n = reader.CopyString(buffer);
        if (n == 0) return Fail("empty id", out error);
        if (n > RevocationFile.MaxIdBytes) return Fail($"id longer than {RevocationFile.MaxIdBytes} bytes", out error);
        id = buffer[..n];
        return true;
    }

    private static bool TryTime(ref Utf8JsonReader reader, string? name, out long? value, out string? error)
    {
        value = null;
        error = null;
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var v) || v < 0 || v > MaxTime)
            return Fail($"\"{name}\" must be Unix seconds: a whole number from 0 to {MaxTime}", out error);
        value = v;
        return true;
    }

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }

    private static List<RevocationEntry>? FailList(string message, out string? error)
    {
        error = message;
        return null;
    }

    private static T? Fail<T>(string message, out string? error) where T : struct
    {
        error = message;
        return null;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
