namespace Edge.Tests.Http1;

/// <summary>The spans llhttp reported for one message, merged per kind.</summary>
internal sealed class LlhttpExpectedMessage
{
    public string? Method { get; set; }
    public string? Url { get; set; }
    public string? Status { get; set; }
    public List<KeyValuePair<string, string>> Headers { get; } = [];
    public string Body { get; set; } = "";
    public bool HeadersComplete { get; set; }
    public bool Complete { get; set; }

    /// <summary>Rebuilds messages from <c>expected_log</c>: header spans after "headers complete" are trailers
    /// (Edge drops them); regex lines are skipped.</summary>
    public static List<LlhttpExpectedMessage> FromLog(IReadOnlyList<string?> log)
    {
        var messages = new List<LlhttpExpectedMessage>();
        LlhttpExpectedMessage? current = null;
        string? lastKind = null;
        foreach (string? line in log)
        {
            if (line is null)
            {
                continue;
            }

            if (line.EndsWith(" message begin", StringComparison.Ordinal))
            {
                current = new LlhttpExpectedMessage();
                messages.Add(current);
                lastKind = null;
                continue;
            }

            if (current is null)
            {
                continue;
            }

            if (line.Contains(" headers complete ", StringComparison.Ordinal))
            {
                current.HeadersComplete = true;
                continue;
            }

            if (line.EndsWith(" message complete", StringComparison.Ordinal))
            {
                current.Complete = true;
                continue;
            }

            int spanAt = line.IndexOf(" span[", StringComparison.Ordinal);
            if (spanAt < 0)
            {
                lastKind = null; // "KIND complete" and other events end a span
                continue;
            }

            int kindEnd = line.IndexOf(']', spanAt);
            string kind = line[(spanAt + 6)..kindEnd];
            // Quoted text, or a bare `cr` / `lf` for a one-byte span of that character.
            string raw = line[(kindEnd + 2)..];
            string text = raw switch
            {
                "cr" => "\r",
                "lf" => "\n",
                _ => raw[1..^1],
            };
            bool continues = lastKind == kind;
            lastKind = kind;
            switch (kind)
            {
                case "method":
                    current.Method = (continues ? current.Method : "") + text;
                    break;
                case "url":
                    current.Url = (continues ? current.Url : "") + text;
                    break;
                case "status":
                    current.Status = (continues ? current.Status : "") + text;
                    break;
                case "header_field" when !current.HeadersComplete:
                    if (continues)
                    {
                        var last = current.Headers[^1];
                        current.Headers[^1] = new(last.Key + text, last.Value);
                    }
                    else
                    {
                        current.Headers.Add(new(text, ""));
                    }

                    break;
                case "header_value" when !current.HeadersComplete:
                    var h = current.Headers[^1];
                    current.Headers[^1] = new(h.Key, h.Value + text);
                    break;
                case "body":
                    current.Body += text;
                    break;
            }
        }

        return messages;
    }
}
