using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Edge.Routing;

internal sealed partial class RouteTrie
{
    /// <summary>
    /// Routes a request. Allocates nothing: segments are compared as bytes and captures are written
    /// into <paramref name="result"/>.
    /// </summary>
    /// <param name="host">Host header or :authority; a port is ignored, case does not matter.</param>
    /// <param name="path">Raw origin-form path without the query (the caller splits at '?').</param>
    /// <param name="method">Request method, case-sensitive.</param>
    /// <param name="result">Overwritten with the outcome.</param>
    /// <returns>True when <see cref="RouteMatch.Status"/> is Matched.</returns>
    [SkipLocalsInit]
    public bool Match(ReadOnlySpan<byte> host, ReadOnlySpan<byte> path, ReadOnlySpan<byte> method, ref RouteMatch result)
    {
        result.Status = RouteMatchStatus.NotFound;
        result.RouteId = 0;
        result.BasePathLength = 0;
        result.AllowedMethods = 0;
        result.ParameterCount = 0;
        result.HasCatchAll = false;
        result.CatchAll = default;

        // Origin-form only; "*" (OPTIONS) and absolute-form are the protocol layer's business.
        if (path.IsEmpty || path[0] != (byte)'/')
        {
            return false;
        }

        // One trailing slash is insignificant: "/menu/" routes like "/menu" (docs/routing.md).
        var end = path[^1] == (byte)'/' ? path.Length - 1 : path.Length;
        var methodIndex = _methods.IndexOf(method);

        Span<byte> lowered = stackalloc byte[HostPattern.MaxLength];
        var normalized = NormalizeHost(host, lowered);
        if (!normalized.IsEmpty)
        {
            var exact = _exactHosts.IndexOf(normalized);
            if (exact >= 0 && MatchBase(_exactHostRoots[exact], path, 0, end, methodIndex, ref result))
            {
                return Found(ref result);
            }

            // Every suffix starting at a dot is a candidate wildcard: one hash probe per label, left to
            // right, so the longest suffix is tried first and shorter ones are the fallthrough. The
            // dot at index 0 is skipped: "*.example.com" needs a non-empty label in front.
            if (_wildcardCount != 0)
            {
                for (var dot = normalized[1..].IndexOf((byte)'.'); dot >= 0;)
                {
                    var at = dot + 1;
                    var index = _wildcardSuffixes.IndexOf(normalized[at..]);
                    if (index >= 0 && MatchBase(_wildcardRoots[index], path, 0, end, methodIndex, ref result))
                    {
                        return Found(ref result);
                    }

                    var next = normalized[(at + 1)..].IndexOf((byte)'.');
                    dot = next < 0 ? -1 : at + next;
                }
            }
        }

        if (_anyHostRoot is not null && MatchBase(_anyHostRoot, path, 0, end, methodIndex, ref result))
        {
            return Found(ref result);
        }

        if (result.AllowedMethods != 0)
        {
            result.Status = RouteMatchStatus.MethodNotAllowed;
        }

        return false;
    }

    /// <summary>String convenience for tests and tools; allocates.</summary>
    public bool Match(string host, string path, string method, ref RouteMatch result)
        => Match(Encoding.UTF8.GetBytes(host), Encoding.UTF8.GetBytes(path), Encoding.ASCII.GetBytes(method), ref result);

    private static bool Found(ref RouteMatch result)
    {
        result.Status = RouteMatchStatus.Matched;
        result.AllowedMethods = 0;
        return true;
    }

    /// <summary>
    /// Strips a port and one trailing dot and lower-cases into <paramref name="buffer"/>. Returns empty
    /// when the host cannot equal any pattern (empty, too long, non-ASCII): only any-host routes apply.
    /// </summary>
    private static ReadOnlySpan<byte> NormalizeHost(ReadOnlySpan<byte> host, Span<byte> buffer)
    {
        if (!host.IsEmpty && host[0] == (byte)'[')
        {
            var close = host.IndexOf((byte)']');
            if (close >= 0)
            {
                host = host[..(close + 1)];
            }
        }
        else
        {
            var colon = host.IndexOf((byte)':');
            if (colon >= 0)
            {
                host = host[..colon];
            }
        }

        if (!host.IsEmpty && host[^1] == (byte)'.')
        {
            host = host[..^1];
        }

        if (host.IsEmpty || host.Length > buffer.Length
            || Ascii.ToLower(host, buffer, out var written) != System.Buffers.OperationStatus.Done)
        {
            return default;
        }

        return buffer[..written];
    }

    /// <summary>
    /// Walks literal base-path segments as deep as they go, then tries the deepest API first and falls
    /// back to shorter base paths: "longer base path first". <paramref name="pos"/> is the index of the
    /// '/' before the next segment, or <paramref name="end"/>.
    /// </summary>
    private static bool MatchBase(RouteNode node, ReadOnlySpan<byte> path, int pos, int end, int methodIndex, ref RouteMatch result)
    {
        if (pos < end && node.LiteralCount != 0)
        {
            var start = pos + 1;
            var slash = path[start..end].IndexOf((byte)'/');
            var segmentEnd = slash < 0 ? end : start + slash;
            if (segmentEnd > start && node.FindLiteral(path[start..segmentEnd]) is { } child
                && MatchBase(child, path, segmentEnd, end, methodIndex, ref result))
            {
                return true;
            }
        }

        if (node.Api is { } api && MatchTemplate(api, path, pos, end, 0, methodIndex, ref result))
        {
            result.BasePathLength = pos;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Depth-first in precedence order: at a position, the route ending here, then a literal child, then
    /// the parameter child, then a catch-all. The first route that also takes the method wins; a route
    /// that only fails on the method adds its methods to the 405 Allow set and the search goes on.
    /// Recursion depth is bounded by the deepest template, not by the request.
    /// </summary>
    private static bool MatchTemplate(RouteNode node, ReadOnlySpan<byte> path, int pos, int end, int parameterCount,
        int methodIndex, ref RouteMatch result)
    {
        if (pos == end)
        {
            if (node.Terminal is { } terminal && Accept(terminal, methodIndex, ref result))
            {
                result.ParameterCount = parameterCount;
                return true;
            }
        }
        else
        {
            var start = pos + 1;
            var slash = path[start..end].IndexOf((byte)'/');
            var segmentEnd = slash < 0 ? end : start + slash;

            // An empty segment ("//") matches neither a literal nor a parameter, only a catch-all.
            if (segmentEnd > start)
            {
                if (node.LiteralCount != 0 && node.FindLiteral(path[start..segmentEnd]) is { } child
                    && MatchTemplate(child, path, segmentEnd, end, parameterCount, methodIndex, ref result))
                {
                    return true;
                }

                if (node.Parameter is { } parameter)
                {
                    Debug.Assert(parameterCount < RouteMatch.MaxParameters, "the compiler bounds parameters");
                    result.SetParameter(parameterCount, new Range(start, segmentEnd));
                    if (MatchTemplate(parameter, path, segmentEnd, end, parameterCount + 1, methodIndex, ref result))
                    {
                        return true;
                    }
                }
            }
        }

        if (node.CatchAll is { } catchAll && Accept(catchAll, methodIndex, ref result))
        {
            // The remainder after the slash, raw and including a trailing slash; empty for "/files".
            var start = Math.Min(pos + 1, path.Length);
            result.ParameterCount = parameterCount;
            result.HasCatchAll = true;
            result.CatchAll = new Range(start, path.Length);
            return true;
        }

        return false;
    }

    private static bool Accept(RouteEndpoints endpoints, int methodIndex, ref RouteMatch result)
    {
        if (endpoints.TryGetRoute(methodIndex, out var routeId))
        {
            result.RouteId = routeId;
            return true;
        }

        result.AllowedMethods |= endpoints.ExplicitMask;
        return false;
    }
}
