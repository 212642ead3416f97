using System.Buffers.Text;
using System.Text.Unicode;

namespace Edge.Security.Revocation;

/// <summary>
/// The <c>[auth.jwt] revoked</c> file: one revocation per line, fields separated by spaces or tabs.
/// <code>
/// # comment; blank lines are ignored
/// &lt;jti&gt; &lt;exp&gt;                       the short form (DESIGN.md §3)
/// jti &lt;jti&gt; &lt;exp&gt;                   the same, explicit
/// sub &lt;subject&gt; &lt;before&gt; [&lt;drop-after&gt;]
/// </code>
/// Times are Unix seconds. A jti entry leaves at <c>exp</c>; a subject entry revokes that subject's
/// tokens with <c>iat</c> before <c>before</c>, and is forgotten after <c>drop-after</c> (default: never).
/// Ids are taken byte for byte (UTF-8, no whitespace, at most <see cref="MaxIdBytes"/> bytes).
/// Every bad line is reported with its line and column; nothing is applied if any line is bad.
/// </summary>
internal static class RevocationFile
{
    public const int MaxIdBytes = 1024;

    /// <summary>9999-12-31T23:59:59Z: the largest NumericDate Edge reads anywhere.</summary>
    private const long MaxTime = 253_402_300_799;

    public static List<RevocationEntry>? Parse(ReadOnlySpan<byte> text, List<LoadError> errors)
    {
        var errorsBefore = errors.Count;
        var entries = new List<RevocationEntry>();
        if (!Utf8.IsValid(text))
        {
            errors.Add(new LoadError(1, 1, "the revocation file is not UTF-8"));
            return null;
        }
        var lineNumber = 0;
        var rest = text;
        Span<Range> fields = stackalloc Range[5];
        while (!rest.IsEmpty)
        {
            lineNumber++;
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? default : rest[(end + 1)..];
            if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
            var count = Split(line, fields);
            if (count == 0 || line[fields[0]][0] == (byte)'#') continue;
            ParseLine(line, fields[..count], lineNumber, entries, errors);
        }
        return errors.Count > errorsBefore ? null : entries;
    }

    private static void ParseLine(ReadOnlySpan<byte> line, ReadOnlySpan<Range> f, int lineNumber, List<RevocationEntry> entries, List<LoadError> errors)
    {
        var first = line[f[0]];
        RevocationKind kind;
        Range id;
        long time, dropAfter = long.MaxValue;
        if (f.Length == 2)
        {
            // "<jti> <exp>", even when the jti happens to be the word "jti" or "sub".
            (kind, id) = (RevocationKind.TokenId, f[0]);
            if (!TryTime(line, f[1], lineNumber, "exp", errors, out time)) return;
        }
        else if (first.SequenceEqual("jti"u8) && f.Length == 3)
        {
            (kind, id) = (RevocationKind.TokenId, f[1]);
            if (!TryTime(line, f[2], lineNumber, "exp", errors, out time)) return;
        }
        else if (first.SequenceEqual("sub"u8) && f.Length is 3 or 4)
        {
            (kind, id) = (RevocationKind.Subject, f[1]);
            if (!TryTime(line, f[2], lineNumber, "before", errors, out time)) return;
            if (f.Length == 4 && !TryTime(line, f[3], lineNumber, "drop-after", errors, out dropAfter)) return;
        }
        else
        {
            errors.Add(Error(lineNumber, f[0], "expected \"<jti> <exp>\", \"jti <jti> <exp>\" or \"sub <subject> <before> [<drop-after>]\""));
            return;
        }
        var value = line[id];
        if (value.Length > MaxIdBytes)
        {
            errors.Add(Error(lineNumber, id, $"id longer than {MaxIdBytes} bytes"));
            return;
        }
        entries.Add(new RevocationEntry(kind, value.ToArray(), time, dropAfter));
    }

    private static bool TryTime(ReadOnlySpan<byte> line, Range field, int lineNumber, string what, List<LoadError> errors, out long value)
    {
        var text = line[field];
        if (text.Length > 12 || text.ContainsAnyExceptInRange((byte)'0', (byte)'9') ||
            !Utf8Parser.TryParse(text, out value, out _) || value > MaxTime)
        {
            value = 0;
            errors.Add(Error(lineNumber, field, $"bad {what} \"{System.Text.Encoding.UTF8.GetString(text)}\": expected Unix seconds (digits only)"));
            return false;
        }
        return true;
    }

    /// <summary>Splits on runs of SP/HTAB; stops at fields.Length (no line form has that many fields).</summary>
    private static int Split(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        var count = 0;
        var i = 0;
        while (true)
        {
            while (i < line.Length && line[i] is (byte)' ' or (byte)'\t') i++;
            if (i == line.Length) return count;
            var start = i;
            while (i < line.Length && line[i] is not ((byte)' ' or (byte)'\t')) i++;
            if (count == fields.Length) return count;
            fields[count++] = new Range(start, i);
        }
    }

    private static LoadError Error(int line, Range field, string message) => new(line, field.Start.Value + 1, message);
}
