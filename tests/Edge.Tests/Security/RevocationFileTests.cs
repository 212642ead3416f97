using System.Text;
using Edge.Security;
using Edge.Security.Revocation;

namespace Edge.Tests.Security;

public sealed class RevocationFileTests
{
    private static (List<RevocationEntry>? Entries, List<LoadError> Errors) Parse(string text)
    {
        var errors = new List<LoadError>();
        return (RevocationFile.Parse(Encoding.UTF8.GetBytes(text), errors), errors);
    }

    [Fact]
    public void AllLineForms_Parse()
    {
        var (entries, errors) = Parse("# revoked\n\n  \nabc-1 1800000000\r\njti  jti\t1800000001\nsub alice 1700000000\nsub bob 1700000000 1800003600\njti 1\n sub 2\n");
        Assert.Empty(errors);
        Assert.Equal(6, entries!.Count);
        Assert.Equal((RevocationKind.TokenId, 1_800_000_000L, long.MaxValue), (entries[0].Kind, entries[0].Time, entries[0].DropAfter));
        Assert.Equal("abc-1", Encoding.UTF8.GetString(entries[0].Id));
        Assert.Equal(("jti", 1_800_000_001L), (Encoding.UTF8.GetString(entries[1].Id), entries[1].Time));
        Assert.Equal((RevocationKind.Subject, "alice", 1_700_000_000L, long.MaxValue), (entries[2].Kind, Encoding.UTF8.GetString(entries[2].Id), entries[2].Time, entries[2].DropAfter));
        Assert.Equal(1_800_003_600, entries[3].DropAfter);
        // Two fields are always "<jti> <exp>", even when the jti reads "jti" or "sub".
        Assert.Equal((RevocationKind.TokenId, "jti", 1L), (entries[4].Kind, Encoding.UTF8.GetString(entries[4].Id), entries[4].Time));
        Assert.Equal((RevocationKind.TokenId, "sub", 2L), (entries[5].Kind, Encoding.UTF8.GetString(entries[5].Id), entries[5].Time));
    }

    [Theory]
    [InlineData("abc", 1, 1, "expected")]
    [InlineData("abc 12x", 1, 5, "bad exp")]
    [InlineData("abc -5", 1, 5, "bad exp")]
    [InlineData("ok 1\nabc 1 2 3 4 5", 2, 1, "expected")]
    [InlineData("jti a b", 1, 7, "bad exp")]
    [InlineData("sub a 1 x", 1, 9, "bad drop-after")]
    [InlineData("x 999999999999999", 1, 3, "bad exp")]
    [InlineData("foo a 1", 1, 1, "expected")]
    public void BadLine_IsReportedWithPosition(string text, int line, int column, string message)
    {
        var (entries, errors) = Parse(text);
        Assert.Null(entries);
        var error = Assert.Single(errors);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllBadLines_AreReported()
    {
        var (entries, errors) = Parse("a\nb 1\nc\n" + new string('x', 2000) + " 1");
        Assert.Null(entries);
        Assert.Equal([1, 3, 4], errors.Select(e => e.Line));
    }

    [Fact]
    public void NonUtf8_IsRefused()
    {
        var errors = new List<LoadError>();
        Assert.Null(RevocationFile.Parse([0xC3, 0x28, 0x20, 0x31], errors));
        Assert.Single(errors);
    }

    [Fact]
    public void LoadedEntries_Revoke()
    {
        var (entries, _) = Parse("t1 1800000000\nsub alice 1700000000\n");
        var list = new RevocationList();
        list.AddRange(entries!);
        Assert.True(list.IsTokenIdRevoked("t1"u8));
        Assert.True(list.IsSubjectRevoked(RevocationList.Fingerprint("alice"u8), true, 1_600_000_000));
    }
}
