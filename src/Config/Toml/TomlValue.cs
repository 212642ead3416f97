using System.Globalization;

namespace Edge.Config.Toml;

/// <summary>A TOML scalar. Exactly one of the typed payloads is meaningful, chosen by <see cref="Kind"/>.</summary>
public sealed class TomlValue : TomlNode
{
    // One reference and one 64-bit payload instead of a field per kind: a large config has tens of
    // thousands of values, all alive until binding is done. _ref holds the string or the boxed date-time;
    // _bits the integer, the boolean (0/1) or the float's bits.
    private readonly object? _ref;
    private readonly long _bits;

    private TomlValue(SourcePosition position, TomlValueKind kind, object? reference, long bits)
        : base(position)
    {
        Kind = kind;
        _ref = reference;
        _bits = bits;
    }

    public TomlValueKind Kind { get; }

    public static TomlValue FromString(SourcePosition p, string value) => new(p, TomlValueKind.String, value, 0);
    public static TomlValue FromInteger(SourcePosition p, long value) => new(p, TomlValueKind.Integer, null, value);
    public static TomlValue FromFloat(SourcePosition p, double value) => new(p, TomlValueKind.Float, null, BitConverter.DoubleToInt64Bits(value));
    public static TomlValue FromBoolean(SourcePosition p, bool value) => new(p, TomlValueKind.Boolean, null, value ? 1 : 0);
    public static TomlValue FromDateTime(SourcePosition p, TomlDateTime value) => new(p, value.Kind, value, 0);

    private string StringPayload => (string)_ref!;
    private double FloatPayload => BitConverter.Int64BitsToDouble(_bits);
    private TomlDateTime DateTimePayload => _ref is TomlDateTime dt ? dt : default;

    public string AsString => Kind == TomlValueKind.String ? StringPayload : throw WrongKind(TomlValueKind.String);
    public long AsInteger => Kind == TomlValueKind.Integer ? _bits : throw WrongKind(TomlValueKind.Integer);
    public double AsFloat => Kind == TomlValueKind.Float ? FloatPayload : throw WrongKind(TomlValueKind.Float);
    public bool AsBoolean => Kind == TomlValueKind.Boolean ? _bits != 0 : throw WrongKind(TomlValueKind.Boolean);
    public TomlDateTime AsDateTime => DateTimePayload.Kind == Kind && Kind >= TomlValueKind.OffsetDateTime
        ? DateTimePayload
        : throw WrongKind(TomlValueKind.OffsetDateTime);

    public override string TypeName => Kind switch
    {
        TomlValueKind.String => "string",
        TomlValueKind.Integer => "integer",
        TomlValueKind.Float => "float",
        TomlValueKind.Boolean => "bool",
        TomlValueKind.OffsetDateTime => "datetime",
        TomlValueKind.LocalDateTime => "datetime-local",
        TomlValueKind.LocalDate => "date-local",
        _ => "time-local",
    };

    /// <summary>The value as toml-test writes it in its tagged JSON (the "value" member).</summary>
    public string ToTaggedText() => Kind switch
    {
        TomlValueKind.String => StringPayload,
        TomlValueKind.Integer => _bits.ToString(CultureInfo.InvariantCulture),
        TomlValueKind.Float => FormatFloat(FloatPayload),
        TomlValueKind.Boolean => _bits != 0 ? "true" : "false",
        _ => DateTimePayload.ToString(),
    };

    public override string ToString() => ToTaggedText();

    private static string FormatFloat(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsPositiveInfinity(d)) return "inf";
        if (double.IsNegativeInfinity(d)) return "-inf";
        if (d == 0 && double.IsNegative(d)) return "-0.0";
        return d.ToString("R", CultureInfo.InvariantCulture);
    }

    private InvalidOperationException WrongKind(TomlValueKind wanted) =>
        new($"TOML value at {Position} is {TypeName}, not {wanted}.");
}
