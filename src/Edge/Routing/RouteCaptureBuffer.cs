using System.Runtime.CompilerServices;

namespace Edge.Routing;

/// <summary>Inline storage for a match's parameter ranges, so a lookup allocates nothing.</summary>
[InlineArray(RouteMatch.MaxParameters)]
internal struct RouteCaptureBuffer
{
    private Range _element;
}
