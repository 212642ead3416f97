using System.Text.Json;

namespace Edge.Security.Scopes;

/// <summary>
/// A token's granted scopes in one canonical form: the values of <c>scope</c> (a space-separated
/// string, RFC 8693 §4.2) and <c>scp</c> (a string or an array of strings, as Azure AD and Okta
/// send it), unescaped and joined by single spaces. Built once per verified token so every later
/// scope check is a scan over one byte span.
/// </summary>
internal static class ScopeList
{
    /// <param name="scope">Raw JSON value of <c>scope</c> (a string), or empty.</param>
    /// <param name="scp">Raw JSON value of <c>scp</c> (a string or an array of strings), or empty.</param>
    public static byte[] Build(ReadOnlySpan<byte> scope, ReadOnlySpan<byte> scp)
    {
        if (scope.IsEmpty && scp.IsEmpty) return [];
        var buffer = new byte[scope.Length + scp.Length + 1];
        var length = 0;
        Append(scope, buffer, ref length);
        Append(scp, buffer, ref length);
        return buffer[..length];
    }

    private static void Append(ReadOnlySpan<byte> rawJson, byte[] buffer, ref int length)
    {
        if (rawJson.IsEmpty) return;
        var reader = new Utf8JsonReader(rawJson);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.String) continue;
            // Unescape just past the output; unescaped text is never longer than its JSON, and the
            // output (tokens minus extra spaces) never overtakes the input it is copied from.
            var input = buffer.AsSpan(length + 1);
            input = input[..reader.CopyString(input)];
            var i = 0;
            while (i < input.Length)
            {
                while (i < input.Length && input[i] == (byte)' ') i++;
                var start = i;
                while (i < input.Length && input[i] != (byte)' ') i++;
                if (i == start) continue;
                if (length > 0) buffer[length++] = (byte)' ';
                input[start..i].CopyTo(buffer.AsSpan(length));
                length += i - start;
            }
        }
    }
}
