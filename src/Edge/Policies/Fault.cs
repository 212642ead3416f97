namespace Edge.Policies;

/// <summary>
/// An error the gateway itself answers with, in the WSO2 API Manager shape (DESIGN.md §4):
/// an HTTP status plus a numeric <c>code</c>, a short <c>message</c> and a longer <c>description</c>.
/// </summary>
/// <remarks>
/// Catalog instances (<see cref="FaultCatalog"/>) carry their JSON and XML bodies pre-rendered, so sending
/// a common fault is a copy of static bytes. <see cref="WithDescription"/> returns a fault without those
/// bodies (it is rendered when written), which is the only path that may allocate. Equality ignores the
/// pre-rendered bodies: two faults are equal when status, code, message and description are.
/// </remarks>
internal readonly struct Fault : IEquatable<Fault>
{
    private readonly byte[]? _json;
    private readonly byte[]? _xml;

    public Fault(int status, int code, string message, string description)
        : this(status, code, message, description, json: null, xml: null)
    {
    }

    private Fault(int status, int code, string message, string description, byte[]? json, byte[]? xml)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(description);
        Status = status;
        Code = code;
        Message = message;
        Description = description;
        _json = json;
        _xml = xml;
    }

    /// <summary>The HTTP status code of the response (e.g. 404).</summary>
    public int Status { get; }

    /// <summary>The WSO2-style fault code (e.g. 900906).</summary>
    public int Code { get; }

    public string Message { get; }

    public string Description { get; }

    /// <summary>The pre-rendered JSON body, empty when this fault is rendered on demand.</summary>
    internal ReadOnlySpan<byte> PrecomputedJson => _json;

    /// <summary>The pre-rendered XML body, empty when this fault is rendered on demand.</summary>
    internal ReadOnlySpan<byte> PrecomputedXml => _xml;

    /// <summary>True when the bodies were rendered once up front (catalog faults).</summary>
    internal bool IsPrecomputed => _json is not null;

    /// <summary>
    /// Builds a fault and renders both bodies once. Meant for static catalog fields: the arrays live for
    /// the process, so per-request sends copy them and allocate nothing.
    /// </summary>
    internal static Fault Precomputed(int status, int code, string message, string description)
    {
        var plain = new Fault(status, code, message, description);
        return new Fault(status, code, message, description, FaultWriter.RenderJson(plain), FaultWriter.RenderXml(plain));
    }

    /// <summary>The same fault with a request-specific description (rendered when written).</summary>
    public Fault WithDescription(string description) => new(Status, Code, Message, description);

    public bool Equals(Fault other) =>
        Status == other.Status && Code == other.Code
        && string.Equals(Message, other.Message, StringComparison.Ordinal)
        && string.Equals(Description, other.Description, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is Fault other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Status, Code, Message, Description);

    public override string ToString() => $"{Status} {Code} {Message}: {Description}";

    public static bool operator ==(Fault left, Fault right) => left.Equals(right);

    public static bool operator !=(Fault left, Fault right) => !left.Equals(right);
}
