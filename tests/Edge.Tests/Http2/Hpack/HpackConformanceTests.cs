using System.Text.Json;
using Edge.Http2.Hpack;

namespace Edge.Tests.Http2.Hpack;

/// <summary>
/// hpack-test-case stories (read at test time from <c>$EDGE_CONFORMANCE_DIR/hpack</c> or the
/// <c>shared/conformance/hpack</c> folder beside the repository; never copied here). One test case per
/// story file:
/// <list type="bullet">
/// <item>Decode: every story outside raw-data, one decoder per story (the dynamic table carries across
/// cases), <c>header_table_size</c> applied as an acknowledged SETTINGS_HEADER_TABLE_SIZE before its
/// case; the decoded list must equal <c>headers</c> exactly (order, names, values).</item>
/// <item>Round trip: every story's <c>headers</c> (raw-data included) through one encoder per story and
/// back through our decoder, at the default table size and at a small one that forces eviction and
/// wrap-around; the two dynamic tables must stay identical.</item>
/// </list>
/// </summary>
public sealed class HpackConformanceTests
{
    private const string NotFound = "(hpack conformance stories not found)";

    public static TheoryData<string> DecodeStories() => Stories(includeRawData: false);

    public static TheoryData<string> AllStories() => Stories(includeRawData: true);

    [Theory]
    [MemberData(nameof(DecodeStories))]
    public void Story_DecodesToItsHeaders(string story)
    {
        var root = RequireRoot(story);
        var decoder = new HpackDecoder(maxHeaderListSize: 1 << 20); // the stories test the codec, not our limit
        foreach (var c in Load(root, story))
        {
            if (c.HeaderTableSize is int size)
                decoder.SetMaxTableSize(size);
            List<DecodedField> fields;
            try
            {
                fields = Hpack.Decode(decoder, c.Wire!, out var result);
                Assert.Equal(HpackError.None, result);
            }
            catch (HpackException e)
            {
                throw new Xunit.Sdk.XunitException($"{story} case {c.Seqno}: {e.Message}");
            }
            AssertFields(story, c, fields);
        }
    }

    [Theory]
    [MemberData(nameof(AllStories))]
    public void Story_RoundTripsThroughOurEncoder(string story)
    {
        var root = RequireRoot(story);
        RoundTrip(story, Load(root, story), encoderCap: HpackEncoder.DefaultMaxTableSize, peerTableSize: null);
    }

    [Theory]
    [MemberData(nameof(AllStories))]
    public void Story_RoundTripsThroughASmallTable(string story)
    {
        var root = RequireRoot(story);
        RoundTrip(story, Load(root, story), encoderCap: 4096, peerTableSize: 200);
    }

    private static void RoundTrip(string story, List<StoryCase> cases, int encoderCap, int? peerTableSize)
    {
        var encoder = new HpackEncoder(encoderCap);
        var decoder = new HpackDecoder(maxHeaderListSize: 1 << 20);
        if (peerTableSize is int announced)
        {
            encoder.SetPeerMaxTableSize((uint)announced);
            decoder.SetMaxTableSize(announced);
        }
        foreach (var c in cases)
        {
            if (peerTableSize is null && c.HeaderTableSize is int size)
            {
                // The peer's SETTINGS reaches our encoder; its ACK reaches the peer's decoder first.
                encoder.SetPeerMaxTableSize((uint)size);
                decoder.SetMaxTableSize(size);
            }
            var block = Hpack.Encode(encoder, c.Headers.Select(h => (h.Name, h.Value)));
            var fields = Hpack.Decode(decoder, block, out var result);
            Assert.Equal(HpackError.None, result);
            AssertFields(story, c, fields);
            Assert.Equal(Hpack.TableContents(encoder.DynamicTable), Hpack.TableContents(decoder.DynamicTable));
        }
    }

    private static void AssertFields(string story, StoryCase c, List<DecodedField> fields)
    {
        var expected = c.Headers.Select(h => $"{h.Name}: {h.Value}").ToList();
        var actual = fields.Select(f => $"{f.Name}: {f.Value}").ToList();
        if (!expected.SequenceEqual(actual, StringComparer.Ordinal))
        {
            var at = Enumerable.Range(0, Math.Max(expected.Count, actual.Count))
                .First(i => i >= expected.Count || i >= actual.Count || expected[i] != actual[i]);
            throw new Xunit.Sdk.XunitException(
                $"{story} case {c.Seqno}: field {at} differs: expected '{(at < expected.Count ? expected[at] : "(end)")}', " +
                $"got '{(at < actual.Count ? actual[at] : "(end)")}' ({expected.Count} expected, {actual.Count} decoded)");
        }
    }

    private static TheoryData<string> Stories(bool includeRawData)
    {
        var data = new TheoryData<string>();
        var root = FindRoot();
        if (root is null)
        {
            data.Add(NotFound);
            return data;
        }
        foreach (var file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (!includeRawData && relative.StartsWith("raw-data/", StringComparison.Ordinal))
                continue;
            data.Add(relative);
        }
        return data;
    }

    /// <summary><c>$EDGE_CONFORMANCE_DIR/hpack</c>, else <c>shared/conformance/hpack</c> in the first
    /// ancestor of the test binaries that has one (the repository's sibling <c>../shared</c>).</summary>
    private static string? FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("EDGE_CONFORMANCE_DIR");
        if (!string.IsNullOrEmpty(env))
            return Path.Combine(Path.GetFullPath(env), "hpack");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance", "hpack");
            if (Directory.Exists(candidate))
                return candidate;
        }
        return null;
    }

    private static string RequireRoot(string story)
    {
        if (story == NotFound)
            throw new Xunit.Sdk.XunitException("set EDGE_CONFORMANCE_DIR or put shared/conformance/hpack beside the repository");
        return FindRoot()!;
    }

    private static List<StoryCase> Load(string root, string story)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(root, story)));
        var cases = new List<StoryCase>();
        var seqno = 0;
        foreach (var c in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            int? tableSize = c.TryGetProperty("header_table_size", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : null;
            byte[]? wire = c.TryGetProperty("wire", out var w) ? Convert.FromHexString(w.GetString()!) : null;
            var headers = new List<(string Name, string Value)>();
            foreach (var header in c.GetProperty("headers").EnumerateArray())
            {
                foreach (var property in header.EnumerateObject())
                    headers.Add((ByteString(property.Name), ByteString(property.Value.GetString()!)));
            }
            var number = c.TryGetProperty("seqno", out var s) ? s.GetInt32() : seqno;
            cases.Add(new StoryCase(number, tableSize, wire, headers));
            seqno++;
        }
        return cases;
    }

    // Fields are bytes: JSON text is UTF-8 on the wire, and the test helpers carry bytes as Latin-1 strings.
    private static string ByteString(string json) => Hpack.Latin1(System.Text.Encoding.UTF8.GetBytes(json));

    private sealed record StoryCase(int Seqno, int? HeaderTableSize, byte[]? Wire, List<(string Name, string Value)> Headers);
}
