namespace Edge.Security;

/// <summary>
/// Why a key file (JWKS or PEM), a key in it, or a line of a revocation file was refused, with a 1-based position in that file
/// so the config layer can print <c>FILE:LINE:COL: message</c>. Column counts bytes.
/// </summary>
internal readonly record struct LoadError(int Line, int Column, string Message)
{
    public override string ToString() => $"{Line}:{Column}: {Message}";

    public static LoadError At(ReadOnlySpan<byte> text, long offset, string message)
    {
        var before = text[..(int)Math.Min(offset, text.Length)];
        var line = before.Count((byte)'\n') + 1;
        var column = before.Length - (before.LastIndexOf((byte)'\n') + 1) + 1;
        return new LoadError(line, column, message);
    }
}
