using System.Text;
using Edge.Observability.Correlation;

namespace Edge.Tests.Observability.Correlation;

/// <summary>traceparent parsing per W3C Trace Context §3.2 (cases after the spec's own test suite).</summary>
public sealed class TraceParentTests
{
    private const string Trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string Parent = "00f067aa0ba902b7";

    public static TheoryData<string, byte> Valid() => new()
    {
        { $"00-{Trace}-{Parent}-01", 0x01 },
        { $"00-{Trace}-{Parent}-00", 0x00 },
        // Unknown flags are accepted (§3.2.2.5); Edge passes on only the sampled bit.
        { $"00-{Trace}-{Parent}-09", 0x09 },
        // A future version is read as version 00 when its first fields have that shape (§3.2.4).
        { $"cc-{Trace}-{Parent}-01", 0x01 },
        { $"01-{Trace}-{Parent}-01-what-the-future-will-be-like", 0x01 },
    };

    public static TheoryData<string> Invalid() => new()
    {
        "",
        $"ff-{Trace}-{Parent}-01",                                   // version ff is forbidden
        $"00-00000000000000000000000000000000-{Parent}-01",          // all-zero trace-id
        $"00-{Trace}-0000000000000000-01",                           // all-zero parent-id
        $"00-{Trace.ToUpperInvariant()}-{Parent}-01",                // upper-case hex
        $"00-{Trace}-{Parent.ToUpperInvariant()}-01",
        $"00-{Trace}-{Parent}-0A",                                   // upper-case flags
        $"00-{Trace}-{Parent}-01-extra",                             // version 00 has exactly 55 bytes
        $"00-{Trace}-{Parent}-01 ",
        $"00-{Trace[..31]}-{Parent}-01",                             // short trace-id
        $"00-{Trace}-{Parent[..15]}-01",                             // short parent-id
        $"00-{Trace}-{Parent}-1",                                    // short flags
        $"00_{Trace}_{Parent}_01",                                   // wrong separators
        $"00-{Trace[..31]}g-{Parent}-01",                            // not hex
        $"0g-{Trace}-{Parent}-01",                                   // bad version
        $"01-{Trace}-{Parent}-01x",                                  // future version: byte 55 must be '-'
        $"00-{Trace}-{Parent}",                                      // missing flags
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void TryParse_AcceptsValid(string value, byte flags)
    {
        Assert.True(TraceParent.TryParse(Encoding.ASCII.GetBytes(value), out var traceId, out var parentId, out var parsedFlags));
        Assert.Equal(Trace, Encoding.ASCII.GetString(traceId));
        Assert.Equal(Parent, Encoding.ASCII.GetString(parentId));
        Assert.Equal(flags, parsedFlags);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void TryParse_RefusesInvalid(string value)
    {
        Assert.False(TraceParent.TryParse(Encoding.ASCII.GetBytes(value), out _, out _, out _));
    }

    [Fact]
    public void Write_ProducesVersion00()
    {
        var buffer = new byte[TraceParent.Length];
        TraceParent.Write(Encoding.ASCII.GetBytes(Trace), Encoding.ASCII.GetBytes(Parent), 0x01, buffer);
        Assert.Equal($"00-{Trace}-{Parent}-01", Encoding.ASCII.GetString(buffer));
        Assert.True(TraceParent.TryParse(buffer, out _, out _, out _));
    }

    [Fact]
    public void NewId_IsLowerHex_NeverAllZero_AndVaries()
    {
        var a = new byte[32];
        var b = new byte[32];
        TraceParent.NewId(a);
        TraceParent.NewId(b);
        Assert.True(HexDigits.IsLowerHex(a));
        Assert.False(HexDigits.IsAllZero(a));
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void NewId_FromAllZeroRandom_IsStillValid()
    {
        var hex = new byte[16];
        TraceParent.NewId(new byte[8], hex);
        Assert.Equal("0000000000000001", Encoding.ASCII.GetString(hex));
    }
}
