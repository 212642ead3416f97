using System.Text;
using Edge.Http;

namespace Edge.Policies;

/// <summary>
/// What the upstream request carries about the caller, applied after authentication and scopes (the last
/// step before the forward), through <see cref="Exchange.UpstreamFields"/>:
/// <list type="number">
/// <item><b>Strip</b> (<see cref="Removed"/>): the credentials Edge consumed — <c>Authorization</c> when the
/// resource accepts jwt or basic, the API key header and query parameter — unless <c>keep_authorization</c>;
/// and always every field Edge sets itself (the claims' headers, <c>X-JWT-Assertion</c>, the swap source),
/// so a client can never supply them.</item>
/// <item><b>Claims to headers</b>: for a JWT caller, each configured field gets the claim's value (strings
/// unescaped, numbers and booleans as written; objects, arrays and absent claims give no field, and so do
/// values with control characters or over <see cref="MaxClaimValueBytes"/>).</item>
/// <item><b>Assertion</b>: <c>X-JWT-Assertion</c> = the verified token, as presented.</item>
/// <item><b>Swap</b> (<c>authorization_header</c>): the backend's <c>Authorization</c> is the value of that
/// client field (the end-user token pattern: Edge's credential in <c>Authorization</c>, the backend's in
/// e.g. <c>X-Authorization</c>); without that field the backend gets no <c>Authorization</c>.</item>
/// </list>
/// No allocation: names are route constants, values go to the exchange's pooled edit buffer or are
/// referenced (the cached token).
/// </summary>
internal sealed class RequestTransforms
{
    public const int MaxClaimValueBytes = 2048;

    internal static readonly byte[] AuthorizationName = "Authorization"u8.ToArray();
    internal static readonly byte[] AssertionName = "X-JWT-Assertion"u8.ToArray();

    private readonly (byte[] Header, byte[] Claim)[] _claims;
    private readonly bool _assertion;
    private readonly byte[]? _swapFrom;
    private readonly byte[]? _apiKeyQuery;

    /// <param name="removed">Fields never forwarded (see the class remarks), ASCII, any case.</param>
    /// <param name="stripApiKeyQuery">The API key query parameter to remove from the forwarded query, or null.</param>
    public RequestTransforms(IEnumerable<(string Header, string Claim)> claims, bool assertion, string? swapFrom, IEnumerable<string> removed, string? stripApiKeyQuery)
    {
        _claims = [.. claims.Select(c => (Encoding.ASCII.GetBytes(c.Header), Encoding.UTF8.GetBytes(c.Claim)))];
        _assertion = assertion;
        _swapFrom = swapFrom is null ? null : Encoding.ASCII.GetBytes(swapFrom);
        Removed = [.. removed.Distinct(StringComparer.OrdinalIgnoreCase).Select(Encoding.ASCII.GetBytes)];
        _apiKeyQuery = stripApiKeyQuery is null ? null : Encoding.UTF8.GetBytes(stripApiKeyQuery);
    }

    public byte[][] Removed { get; }

    public bool IsEmpty => Removed.Length == 0 && _claims.Length == 0 && !_assertion && _swapFrom is null && _apiKeyQuery is null;

    public void Apply(Exchange exchange, in AuthResult auth, bool authenticated)
    {
        var edits = exchange.UpstreamFields;
        var request = exchange.Request;
        if (Removed.Length > 0) edits.RemoveFields(Removed);
        if (authenticated && auth.Jwt is { } jwt)
        {
            foreach (var (header, claim) in _claims)
            {
                var room = edits.ReserveValue(MaxClaimValueBytes);
                if (jwt.TryGetClaimText(claim, room, out var written) && IsFieldValue(room[..written])) edits.CommitAdd(header, written);
            }
            // The cached token's bytes are immutable and outlive the exchange: referenced, not copied.
            if (_assertion) edits.Add(AssertionName, jwt.Token);
        }
        if (_swapFrom is not null && request.TryGetHeader(_swapFrom, out var swapped) && !swapped.IsEmpty
            && swapped.Length <= HeaderEdits.MaxCopiedValueBytes)
            edits.AddCopy(AuthorizationName, swapped);
        if (_apiKeyQuery is not null && request.HasQuery && QueryParameters.TryFind(request.Query, _apiKeyQuery, out _))
        {
            var query = request.Query;
            var room = edits.ReserveValue(query.Length);
            edits.CommitQuery(QueryParameters.Without(query, _apiKeyQuery, room));
        }
    }

    /// <summary>RFC 9110 §5.5: no CTLs (but HTAB), no leading or trailing whitespace, not empty.</summary>
    private static bool IsFieldValue(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || value[0] is (byte)' ' or (byte)'\t' || value[^1] is (byte)' ' or (byte)'\t') return false;
        foreach (var b in value)
        {
            if ((b < 0x20 && b != (byte)'\t') || b == 0x7F) return false;
        }
        return true;
    }
}
