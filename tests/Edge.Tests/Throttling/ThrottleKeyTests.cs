using System.Net;
using System.Text;
using Edge.Throttling;

namespace Edge.Tests.Throttling;

/// <summary>Key bytes: one per distinct request identity, bounded, and built without allocation.</summary>
public class ThrottleKeyTests
{
    private static byte[] KeyOf(ThrottleKeyRecipe recipe, FakeRequest request, out bool missing)
    {
        Span<byte> buffer = stackalloc byte[recipe.MaxKeyLength];
        var length = recipe.Write(ref request, buffer, out missing);
        return buffer[..length].ToArray();
    }

    private static byte[] KeyOf(ThrottleKeyRecipe recipe, FakeRequest request) => KeyOf(recipe, request, out _);

    private static ThrottleKeyRecipe Recipe(params KeyPart[] parts) => new(parts);

    [Fact]
    public void Parts_are_length_prefixed_so_no_value_can_forge_a_boundary()
    {
        var recipe = Recipe(new(KeyPartKind.Header, "x-a"), new(KeyPartKind.Header, "x-b"));
        var one = KeyOf(recipe, new FakeRequest().Header("x-a", "a|b").Header("x-b", "c"));
        var two = KeyOf(recipe, new FakeRequest().Header("x-a", "a").Header("x-b", "b|c"));
        Assert.NotEqual(one, two);
    }

    [Fact]
    public void A_missing_value_differs_from_an_empty_one_and_is_reported()
    {
        var recipe = Recipe(new KeyPart(KeyPartKind.Claim, "sub"));
        var missing = KeyOf(recipe, new FakeRequest(), out var wasMissing);
        var empty = KeyOf(recipe, new FakeRequest().Claim("sub", ""), out var wasEmptyMissing);
        Assert.True(wasMissing);
        Assert.False(wasEmptyMissing);
        Assert.NotEqual(missing, empty);
        Assert.Equal(missing, KeyOf(recipe, new FakeRequest().Header("sub", "not a claim")));
    }

    [Fact]
    public void Kinds_are_tagged_so_the_same_value_in_different_places_differs()
    {
        var byHeader = KeyOf(Recipe(new KeyPart(KeyPartKind.Header, "x")), new FakeRequest().Header("x", "v"));
        var byQuery = KeyOf(Recipe(new KeyPart(KeyPartKind.Query, "x")), new FakeRequest().Query("x", "v"));
        var byClaim = KeyOf(Recipe(new KeyPart(KeyPartKind.Claim, "x")), new FakeRequest().Claim("x", "v"));
        Assert.NotEqual(byHeader, byQuery);
        Assert.NotEqual(byQuery, byClaim);
    }

    [Fact]
    public void Long_values_are_digested_so_keys_stay_bounded_and_distinct()
    {
        var recipe = Recipe(new(KeyPartKind.Header, "x-api-key"), new(KeyPartKind.Ip));
        var a = KeyOf(recipe, new FakeRequest().Header("x-api-key", new string('k', 8000)));
        var b = KeyOf(recipe, new FakeRequest().Header("x-api-key", new string('k', 7999) + "j"));
        Assert.True(a.Length <= recipe.MaxKeyLength);
        Assert.Equal(2 + 32 + 2 + 16, a.Length);
        Assert.NotEqual(a, b);
        var atLimit = KeyOf(recipe, new FakeRequest().Header("x-api-key", new string('k', ThrottleKeyWriter.MaxInlineValue)));
        Assert.Equal(2 + ThrottleKeyWriter.MaxInlineValue + 2 + 16, atLimit.Length);
    }

    [Fact]
    public void IPv6_clients_are_keyed_by_their_64_and_IPv4_clients_by_their_address()
    {
        var recipe = Recipe(new KeyPart(KeyPartKind.Ip));
        Assert.Equal(KeyOf(recipe, new FakeRequest().From("2001:db8:1:2::1")), KeyOf(recipe, new FakeRequest().From("2001:db8:1:2:ffff::9")));
        Assert.NotEqual(KeyOf(recipe, new FakeRequest().From("2001:db8:1:2::1")), KeyOf(recipe, new FakeRequest().From("2001:db8:1:3::1")));
        Assert.NotEqual(KeyOf(recipe, new FakeRequest().From("198.51.100.1")), KeyOf(recipe, new FakeRequest().From("198.51.100.2")));
        Assert.Equal(KeyOf(recipe, new FakeRequest().From("198.51.100.1")), KeyOf(recipe, new FakeRequest().From("::ffff:198.51.100.1")));
        var perHost = new ThrottleKeyRecipe([new KeyPart(KeyPartKind.Ip)], ipv6PrefixBits: 128);
        Assert.NotEqual(KeyOf(perHost, new FakeRequest().From("2001:db8:1:2::1")), KeyOf(perHost, new FakeRequest().From("2001:db8:1:2::2")));
    }

    [Fact]
    public void Api_and_resource_come_from_the_request_scope()
    {
        var recipe = Recipe(new(KeyPartKind.Api), new(KeyPartKind.Resource));
        Assert.True(recipe.IsConstantPerScope);
        Assert.False(Recipe(new(KeyPartKind.Api), new(KeyPartKind.Ip)).IsConstantPerScope);
        var key = KeyOf(recipe, new FakeRequest { Api = "coffee", Resource = "GET /menu" });
        Assert.Equal([(byte)KeyPartKind.Api, 6, .. "coffee"u8, (byte)KeyPartKind.Resource, 9, .. "GET /menu"u8], key);
    }

    [Fact]
    public void Header_names_are_matched_lower_case()
    {
        var recipe = Recipe(new KeyPart(KeyPartKind.Header, "X-Client-Id"));
        var key = KeyOf(recipe, new FakeRequest().Header("x-client-id", "c1"), out var missing);
        Assert.False(missing);
        Assert.Equal([(byte)KeyPartKind.Header, 2, .. "c1"u8], key);
    }

    [Fact]
    public void Recipes_compare_by_parts_and_prefixes()
    {
        Assert.Equal(Recipe(new(KeyPartKind.Claim, "sub"), new(KeyPartKind.Ip)), Recipe(new(KeyPartKind.Claim, "sub"), new(KeyPartKind.Ip)));
        Assert.NotEqual(Recipe(new(KeyPartKind.Claim, "sub"), new(KeyPartKind.Ip)), Recipe(new(KeyPartKind.Ip), new(KeyPartKind.Claim, "sub")));
        Assert.NotEqual(Recipe(new KeyPart(KeyPartKind.Ip)), new ThrottleKeyRecipe([new KeyPart(KeyPartKind.Ip)], ipv6PrefixBits: 56));
        Assert.Equal("claim:sub+ip", Recipe(new(KeyPartKind.Claim, "sub"), new(KeyPartKind.Ip)).ToString());
        Assert.Throws<ArgumentException>(() => Recipe(new KeyPart(KeyPartKind.Header)));
        Assert.Throws<ArgumentException>(() => Recipe(new KeyPart(KeyPartKind.Ip, "x")));
        Assert.Throws<ArgumentException>(() => Recipe());
    }

    [Fact]
    public void Writing_a_key_allocates_nothing()
    {
        var recipe = Recipe(new(KeyPartKind.Api), new(KeyPartKind.Claim, "sub"), new(KeyPartKind.Ip), new(KeyPartKind.Header, "x-api-key"));
        var request = new PrecomputedRequest();
        Span<byte> buffer = stackalloc byte[recipe.MaxKeyLength];
        recipe.Write(ref request, buffer, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) recipe.Write(ref request, buffer, out _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>A source that answers from fixed bytes, as the policy layer's will from the exchange.</summary>
    private readonly struct PrecomputedRequest() : IThrottleKeySource
    {
        private readonly byte[] _sub = "user-1"u8.ToArray();
        private readonly byte[] _apiKey = Encoding.ASCII.GetBytes(new string('k', 100)); // long: digested

        public ReadOnlySpan<byte> Api => "coffee"u8;
        public ReadOnlySpan<byte> Resource => "GET /menu"u8;
        public IpAddressBytes ClientAddress => IpAddressBytes.FromIPv4(0xC6336401);

        public bool TryGetHeader(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value) => Match(name, "x-api-key"u8, _apiKey, out value);
        public bool TryGetQuery(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value) => Match(name, default, default, out value);
        public bool TryGetClaim(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value) => Match(name, "sub"u8, _sub, out value);

        private static bool Match(ReadOnlySpan<byte> name, ReadOnlySpan<byte> expected, byte[]? bytes, out ReadOnlySpan<byte> value)
        {
            value = bytes;
            return bytes is not null && name.SequenceEqual(expected);
        }
    }

    /// <summary>A request as the policy layer will present it: byte values by name.</summary>
    private struct FakeRequest() : IThrottleKeySource
    {
        private readonly Dictionary<string, byte[]> _headers = [];
        private readonly Dictionary<string, byte[]> _query = [];
        private readonly Dictionary<string, byte[]> _claims = [];
        private IpAddressBytes _address = IpAddressBytes.From(IPAddress.Loopback);

        public string Api { readonly get; init; } = "api";
        public string Resource { readonly get; init; } = "resource";

        readonly ReadOnlySpan<byte> IThrottleKeySource.Api => Encoding.UTF8.GetBytes(Api);
        readonly ReadOnlySpan<byte> IThrottleKeySource.Resource => Encoding.UTF8.GetBytes(Resource);
        readonly IpAddressBytes IThrottleKeySource.ClientAddress => _address;

        public FakeRequest Header(string name, string value) { _headers[name] = Encoding.UTF8.GetBytes(value); return this; }
        public FakeRequest Query(string name, string value) { _query[name] = Encoding.UTF8.GetBytes(value); return this; }
        public FakeRequest Claim(string name, string value) { _claims[name] = Encoding.UTF8.GetBytes(value); return this; }
        public FakeRequest From(string address) { _address = IpAddressBytes.From(IPAddress.Parse(address)); return this; }

        public readonly bool TryGetHeader(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value) => Find(_headers, name, out value);
        public readonly bool TryGetQuery(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value) => Find(_query, name, out value);
        public readonly bool TryGetClaim(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value) => Find(_claims, name, out value);

        private static bool Find(Dictionary<string, byte[]> values, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
        {
            foreach (var (key, bytes) in values)
            {
                if (name.SequenceEqual(Encoding.UTF8.GetBytes(key)))
                {
                    value = bytes;
                    return true;
                }
            }
            value = default;
            return false;
        }
    }
}
