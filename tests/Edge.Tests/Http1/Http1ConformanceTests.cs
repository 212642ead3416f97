using Edge.Http;
using Edge.Http1;

namespace Edge.Tests.Http1;

/// <summary>
/// llhttp's request/response vectors (read at test time from <c>shared/conformance/http1</c>, never
/// copied here), run through parser + framing + chunked decoder with pipelining. Strict cases must
/// agree on rejection, completed messages, start lines, fields and bodies; lenient cases must be
/// refused. Deliberate differences are listed below with a reason (and in docs/http1-conformance.md).
/// </summary>
public sealed class Http1ConformanceTests
{
    private const string NoVectors = "(conformance vectors not found)";

    private static readonly Lazy<IReadOnlyDictionary<string, LlhttpCase>> Cases = new(LlhttpCase.LoadAll);

    /// <summary>Case id → why Edge deliberately disagrees with llhttp. Keep docs/http1-conformance.md in step.</summary>
    private static readonly Dictionary<string, string> Differences = new(StringComparer.Ordinal)
    {
        ["request/sample.md#Sample requests/No HTTP version"] =
            "HTTP/0.9-style request line without a version: RFC 9112 §3 requires HTTP-version; Edge answers 400.",
        ["request/method.md#Methods/SOURCE request with ICE"] =
            "ICE/1.0 is not HTTP: RFC 9112 §2.3 HTTP-version is \"HTTP/\" DIGIT \".\" DIGIT; 400.",
        ["request/method.md#Methods/OPTIONS request with RTSP"] =
            "RTSP/1.0 is not HTTP (RFC 9112 §2.3); 400.",
        ["request/method.md#Methods/ANNOUNCE request with RTSP"] =
            "RTSP/1.0 is not HTTP (RFC 9112 §2.3); 400.",
        ["response/sample.md#Sample responses/ICE response"] =
            "ICE/1.1 status line is not HTTP (RFC 9112 §2.3); the upstream answer is refused (502).",
        ["request/invalid.md#Invalid requests/HTTP protocol and ANNOUNCE method"] =
            "llhttp ties ANNOUNCE to RTSP; methods are extensible tokens (RFC 9110 §9.1), so Edge accepts it over HTTP/1.0.",
        ["request/method.md#Methods/M-SEARCH request"] =
            "Asterisk-form is only for OPTIONS (RFC 9112 §3.2.4); SSDP's M-SEARCH * is refused with 400.",
        ["request/uri.md#URI/Fragment in URI"] =
            "A request-target never carries a fragment (RFC 9112 §3.2); '#' is refused (SECURITY.md case 14, HAProxy does the same).",
        ["request/uri.md#URI/`host:port` and basic auth"] =
            "userinfo in an absolute-form target is treated as an error (RFC 9110 §4.2.4 SHOULD); 400.",
        ["request/transfer-encoding.md#Transfer-Encoding header/POST with `chunked` as last transfer-encoding"] =
            "'#' in the target (400); and 'deflate, chunked' would be 501: Edge implements no coding but chunked (SECURITY.md case 3).",
        ["request/transfer-encoding.md#Transfer-Encoding header/POST with `chunked` as last transfer-encoding (multiple headers)"] =
            "'#' in the target (400); and 'deflate' + 'chunked' would be 501: Edge implements no coding but chunked (SECURITY.md case 3).",
    };

    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        foreach (LlhttpCase c in Cases.Value.Values)
        {
            if (!c.Skip && (c.Type is "request" or "response" || c.Type.Contains("-lenient-", StringComparison.Ordinal)))
            {
                data.Add(c.Id);
            }
        }

        if (data.Count == 0)
        {
            data.Add(NoVectors);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Vector(string id)
    {
        if (id == NoVectors)
        {
            return; // nothing to check outside a checkout with ../shared
        }

        LlhttpCase c = Cases.Value[id];
        (bool agrees, string detail) = Check(c);
        if (Differences.TryGetValue(id, out string? reason))
        {
            Assert.False(agrees, $"Listed as a deliberate difference ({reason}) but Edge now agrees with llhttp.");
            return;
        }

        Assert.True(agrees, detail);
    }

    [Fact]
    public void DifferenceTable_NamesOnlyExistingCases()
    {
        if (Cases.Value.Count == 0)
        {
            return;
        }

        Assert.All(Differences.Keys, id => Assert.True(Cases.Value.ContainsKey(id), id));
    }

    private static (bool Agrees, string Detail) Check(LlhttpCase c)
    {
        bool strict = c.Type is "request" or "response";
        Http1TestDriver edge = Run(c, allowMissingHost: false, byteByByte: false);
        Http1TestDriver trickled = Run(c, allowMissingHost: false, byteByByte: true);

        // Where the input is cut must not matter (llhttp's runner checks every split too).
        if (edge.Refused != trickled.Refused || edge.Messages.Count != trickled.Messages.Count)
        {
            return (false, $"whole vs byte-by-byte differ:\n{edge.Describe()}\n---\n{trickled.Describe()}");
        }

        if (!strict || c.ExpectsError)
        {
            return (edge.Refused, $"llhttp: {c.Type} error={c.ErrorReason}; Edge must refuse but accepted:\n{edge.Describe()}");
        }

        string prefix = "";
        if (c.IsRequest && edge.Rejected == RejectReason.MissingHost)
        {
            // llhttp leaves RFC 9112 §3.2 (Host required in HTTP/1.1) to the application; Edge enforces
            // it. Compare everything else with the check off (documented as a category difference).
            prefix = "[MissingHost category] ";
            edge = Run(c, allowMissingHost: true, byteByByte: false);
        }

        if (edge.Refused)
        {
            return (false, $"{prefix}llhttp accepts ({c.MessagesCompleted} messages); Edge refused:\n{edge.Describe()}");
        }

        if (c.ExpectsTunnel != edge.Tunnel)
        {
            return (false, $"{prefix}tunnel expected={c.ExpectsTunnel}, Edge={edge.Tunnel}\n{edge.Describe()}");
        }

        if (edge.Messages.Count != c.MessagesCompleted)
        {
            return (false, $"{prefix}messages completed: llhttp {c.MessagesCompleted}, Edge {edge.Messages.Count}\n{edge.Describe()}");
        }

        var expected = LlhttpExpectedMessage.FromLog(c.Log);
        var actual = edge.Messages.ToList();
        if (edge.Current.HeadComplete)
        {
            actual.Add(edge.Current);
        }

        for (int i = 0; i < Math.Min(expected.Count, actual.Count); i++)
        {
            string? mismatch = Compare(expected[i], actual[i]);
            if (mismatch is not null)
            {
                return (false, $"{prefix}message {i}: {mismatch}\n{edge.Describe()}");
            }
        }

        return (true, "");
    }

    private static string? Compare(LlhttpExpectedMessage expected, ParsedMessage actual)
    {
        if (expected.Method is not null && expected.Method != actual.Method)
        {
            return $"method {expected.Method} vs {actual.Method}";
        }

        if (expected.Url is not null && expected.Url != actual.Target)
        {
            return $"url {expected.Url} vs {actual.Target}";
        }

        if (expected.Status is not null && expected.Status != actual.Reason)
        {
            return $"reason {expected.Status} vs {actual.Reason}";
        }

        if (expected.HeadersComplete && actual.HeadComplete)
        {
            // llhttp keeps trailing whitespace in values; RFC 9112 §5 excludes OWS from the value.
            var want = expected.Headers.Select(h => $"{h.Key}: {h.Value.Trim(' ', '\t')}");
            var got = actual.Headers.Select(h => $"{h.Key}: {h.Value}");
            if (!want.SequenceEqual(got))
            {
                return $"headers [{string.Join(" | ", want)}] vs [{string.Join(" | ", got)}]";
            }
        }

        if (expected.Complete && actual.Complete && expected.Body != actual.BodyText)
        {
            return $"body '{expected.Body}' vs '{actual.BodyText}'";
        }

        return null;
    }

    private static Http1TestDriver Run(LlhttpCase c, bool allowMissingHost, bool byteByByte)
    {
        KnownMethod requestMethod = c.SkipBody ? KnownMethod.Head : KnownMethod.Get;
        return byteByByte
            ? Http1TestDriver.RunByteByByte(c.Input, c.IsRequest, allowMissingHost, requestMethod)
            : Http1TestDriver.Run(c.Input, c.IsRequest, null, allowMissingHost, requestMethod);
    }
}
