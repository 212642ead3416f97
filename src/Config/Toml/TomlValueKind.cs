namespace Edge.Config.Toml;

/// <summary>The scalar kinds of TOML 1.0.</summary>
public enum TomlValueKind : byte
{
    String,
    Integer,
    Float,
    Boolean,
    OffsetDateTime,
    LocalDateTime,
    LocalDate,
    LocalTime,
}
