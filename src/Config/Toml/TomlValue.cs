using System.Globalization;

namespace Edge.Config.Toml;

/// <summary>A TOML scalar. Exactly one of the typed payloads is meaningful, chosen by <see cref="Kind"/>.</summary>
public sealed class TomlValue : TomlNode
{
    private readonly string? _string;
    private readonly long _integer;
    private readonly double _float;
    private readonly TomlDateTime _dateTime;

    private TomlValue(SourcePosition position, TomlValueKind kind, string? s, long i, double f, TomlDateTime dt)
        : base(position)
    {
        Kind = kind;
        _string = s;
        _integer = i;
        _float = f;
        _dateTime = dt;
    }

    public TomlValueKind Kind { get; }

    public static TomlValue FromString(SourcePosition p, string value) => new(p, TomlValueKind.String, value, 0, 0, default);
    public static TomlValue FromInteger(SourcePosition p, long value) => new(p, TomlValueKind.Integer, null, value, 0, default);
    public static TomlValue FromFloat(SourcePosition p, double value) => new(p, TomlValueKind.Float, null, 0, value, default);
    public static TomlValue FromBoolean(SourcePosition p, bool value) => new(p, TomlValueKind.Boolean, null, value ? 1 : 0, 0, default);
    public static TomlValue FromDateTime(SourcePosition p, TomlDateTime value) => new(p, value.Kind, null, 0, 0, value);

    public string AsString => Kind == TomlValueKind.String ? _string! : throw WrongKind(TomlValueKind.String);
    public long AsInteger => Kind == TomlValueKind.Integer ? _integer : throw WrongKind(TomlValueKind.Integer);
    public double AsFloat => Kind == TomlValueKind.Float ? _float : throw WrongKind(TomlValueKind.Float);
    public bool AsBoolean => Kind == TomlValueKind.Boolean ? _integer != 0 : throw WrongKind(TomlValueKind.Boolean);
    public TomlDateTime AsDateTime => _dateTime.Kind == Kind && Kind >= TomlValueKind.OffsetDateTime
        ? _dateTime
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
        TomlValueKind.String => _string!,
        TomlValueKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        TomlValueKind.Float => FormatFloat(_float),
        TomlValueKind.Boolean => _integer != 0 ? "true" : "false",
        _ => _dateTime.ToString(),
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
