using System.Text;

namespace Edge.Security.Scopes;

/// <summary>
/// The scopes a resource requires (<c>scopes</c> + <c>scopes_mode</c>), checked against a token's
/// canonical scope list (<see cref="ScopeList"/>). Exact, case-sensitive token matches (RFC 6749
/// §3.3); no allocation. A failed check is a 403 with 900910, not a 401: the caller is known.
/// </summary>
internal sealed class ScopeRequirement
{
    private readonly byte[][] _scopes;

    public ScopeRequirement(IEnumerable<string> scopes, ScopeMatchMode mode)
    {
        _scopes = [.. scopes.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).Select(Encoding.UTF8.GetBytes)];
        Mode = mode;
    }

    public ScopeMatchMode Mode { get; }

    /// <summary>No scopes listed: any authenticated caller passes.</summary>
    public bool IsEmpty => _scopes.Length == 0;

    public bool IsSatisfiedBy(ReadOnlySpan<byte> grantedScopes)
    {
        if (_scopes.Length == 0) return true;
        foreach (var required in _scopes)
        {
            var granted = Contains(grantedScopes, required);
            if (Mode == ScopeMatchMode.Any && granted) return true;
            if (Mode == ScopeMatchMode.All && !granted) return false;
        }
        return Mode == ScopeMatchMode.All;
    }

    /// <summary>Whether <paramref name="scope"/> is one whole space-separated token of <paramref name="list"/>.</summary>
    public static bool Contains(ReadOnlySpan<byte> list, ReadOnlySpan<byte> scope)
    {
        while (!list.IsEmpty)
        {
            var space = list.IndexOf((byte)' ');
            var token = space < 0 ? list : list[..space];
            if (token.SequenceEqual(scope)) return true;
            if (space < 0) return false;
            list = list[(space + 1)..];
        }
        return false;
    }
}
