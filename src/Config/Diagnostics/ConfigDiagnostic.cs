using Edge.Config.Toml;

namespace Edge.Config.Diagnostics;

/// <summary>
/// One problem in a config file, rendered as <c>file:line:col: key.path: message</c> — the shape
/// editors and CI annotators understand. <see cref="KeyPath"/> is empty for syntax errors.
/// </summary>
public sealed record ConfigDiagnostic(string File, SourcePosition Position, string KeyPath, string Message)
{
    public override string ToString() => KeyPath.Length == 0
        ? $"{File}:{Position.Line}:{Position.Column}: {Message}"
        : $"{File}:{Position.Line}:{Position.Column}: {KeyPath}: {Message}";
}
