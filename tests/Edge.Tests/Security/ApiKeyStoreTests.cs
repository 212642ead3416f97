using System.Security.Cryptography;
using System.Text;
using Edge.Security.ApiKeys;

namespace Edge.Tests.Security;

public sealed class ApiKeyStoreTests
{
    private static string Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static readonly ApiKeyStore Store = new(Enumerable.Range(0, 50).Select(i => ($"app{i}", Hex($"key-{i}"))));

    [Theory]
    [InlineData("key-0", "app0")]
    [InlineData("key-49", "app49")]
    [InlineData("key-50", null)]
    [InlineData("KEY-0", null)]
    [InlineData("key-0 ", null)]
    [InlineData("", null)]
    public void Find_MatchesOnlyTheExactKey(string presented, string? expected) =>
        Assert.Equal(expected, Store.Find(Encoding.UTF8.GetBytes(presented))?.Name);

    [Fact]
    public void PresentingTheStoredDigest_IsNotTheKey() =>
        Assert.Null(Store.Find(Encoding.ASCII.GetBytes(Hex("key-1"))));

    [Fact]
    public void OverlongKey_IsRefusedBeforeHashing() =>
        Assert.Null(Store.Find(new byte[ApiKeyStore.MaxKeyBytes + 1]));

    [Fact]
    public void UpperCaseHex_IsAccepted() =>
        Assert.Equal("k", new ApiKeyStore([("k", Hex("secret").ToUpperInvariant())]).Find("secret"u8)?.Name);

    [Fact]
    public void DuplicateDigest_IsAConfigurationError() =>
        Assert.Throws<ArgumentException>(() => new ApiKeyStore([("a", Hex("x")), ("b", Hex("x"))]));

    [Fact]
    public void EmptyStore_FindsNothing() => Assert.Null(new ApiKeyStore([]).Find("x"u8));

    [Fact]
    public void Find_AllocatesNothing()
    {
        var key = "key-7"u8.ToArray();
        Store.Find(key);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) Store.Find(key);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
