using Edge.Http;

namespace Edge.Http1;

/// <summary>
/// field-line = field-name ":" OWS field-value OWS (RFC 9112 §5). Used for the head and for chunked
/// trailers alike. Like <see cref="Http1StartLine"/> it also checks incomplete lines.
/// </summary>
internal static class Http1FieldLine
{
    public static void Parse<THandler>(ref THandler handler, ReadOnlySpan<byte> line, bool complete)
        where THandler : struct, IHttp1HeadHandler
    {
        if (line.IsEmpty)
        {
            return; // only reachable for an incomplete line
        }

        // RFC 9112 §5.2: obs-fold is only allowed inside message/http; a server MUST reject it (or
        // replace it with SP). Edge rejects, also when the first field line starts with whitespace
        // (RFC 9112 §2.2: such a line could be read as a field by a downstream recipient).
        if (HttpCharacters.IsWhitespace(line[0]))
        {
            BadHttpMessageException.Throw(RejectReason.ObsFold);
        }

        int nameEnd = line.IndexOfAnyExcept(HttpCharacters.Token);
        if (nameEnd < 0)
        {
            if (complete)
            {
                BadHttpMessageException.Throw(RejectReason.InvalidHeaderName); // no colon at all
            }

            return;
        }

        byte stop = line[nameEnd];
        if (stop != HttpCharacters.Colon)
        {
            // RFC 9112 §5.1: no whitespace is allowed between the field name and colon; a server
            // MUST reject such a message with 400.
            if (HttpCharacters.IsWhitespace(stop))
            {
                int next = line[nameEnd..].IndexOfAnyExcept(HttpCharacters.Whitespace);
                if (next < 0 || line[nameEnd + next] == HttpCharacters.Colon)
                {
                    BadHttpMessageException.Throw(RejectReason.WhitespaceBeforeColon);
                }
            }

            BadHttpMessageException.Throw(RejectReason.InvalidHeaderName);
        }

        if (nameEnd == 0)
        {
            BadHttpMessageException.Throw(RejectReason.InvalidHeaderName); // ": v"
        }

        ReadOnlySpan<byte> value = line[(nameEnd + 1)..];

        // field-value = *field-content: no CTL other than HTAB (RFC 9110 §5.5; NUL/CR/LF MUST be
        // rejected or replaced, Edge rejects).
        if (value.ContainsAnyExcept(HttpCharacters.FieldValue))
        {
            BadHttpMessageException.Throw(RejectReason.InvalidHeaderValue);
        }

        if (complete)
        {
            handler.OnHeader(line[..nameEnd], HttpCharacters.TrimWhitespace(value));
        }
    }
}
