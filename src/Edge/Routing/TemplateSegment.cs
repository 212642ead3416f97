namespace Edge.Routing;

/// <summary>One parsed template segment.</summary>
/// <param name="Kind">Literal, parameter or catch-all.</param>
/// <param name="Value">The literal text, the parameter name, or <c>*</c>.</param>
internal readonly record struct TemplateSegment(TemplateSegmentKind Kind, string Value);
