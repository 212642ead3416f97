using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;

namespace Edge.Security.Basic;

/// <summary>
/// A stored password hash, <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (the <c>[[auth.basic_users]]
/// hash</c> shape; SALT and HASH in standard padded base64), verified with PBKDF2-HMAC-SHA256
/// (RFC 8018 §5.2) and a fixed-time compare. <see cref="Format"/> and <see cref="TryParse"/>
/// round-trip, so `edge hash-password` can print what the config reads.
/// </summary>
internal sealed class Pbkdf2Hash
{
    public const string Prefix = "pbkdf2-sha256";

    /// <summary>OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Bounds the CPU one request can cost (10 M iterations is several seconds).</summary>
    public const int MaxIterations = 10_000_000;

    public const int DefaultSaltBytes = 16;
    public const int DefaultHashBytes = 32;

    private static readonly SearchValues<char> Base64Chars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");

    private readonly byte[] _salt;
    private readonly byte[] _hash;

    private Pbkdf2Hash(int iterations, byte[] salt, byte[] hash)
    {
        Iterations = iterations;
        _salt = salt;
        _hash = hash;
    }

    public int Iterations { get; }

    public int HashBytes => _hash.Length;

    /// <summary>A fresh random salt, then PBKDF2.</summary>
    public static Pbkdf2Hash Create(ReadOnlySpan<byte> password, int iterations = DefaultIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        var salt = RandomNumberGenerator.GetBytes(DefaultSaltBytes);
        var hash = new byte[DefaultHashBytes];
        Rfc2898DeriveBytes.Pbkdf2(password, salt, hash, iterations, HashAlgorithmName.SHA256);
        return new Pbkdf2Hash(iterations, salt, hash);
    }

    public string Format() =>
        $"{Prefix}${Iterations.ToString(CultureInfo.InvariantCulture)}${Convert.ToBase64String(_salt)}${Convert.ToBase64String(_hash)}";

    public override string ToString() => Format();

    /// <summary>Salt 8–64 bytes, hash 16–64 bytes, 1–<see cref="MaxIterations"/> iterations.</summary>
    public static bool TryParse(string text, out Pbkdf2Hash? hash, out string? error)
    {
        hash = null;
        var parts = text.Split('$');
        if (parts.Length != 4 || parts[0] != Prefix)
            return Fail($"expected \"{Prefix}$ITERATIONS$SALT_BASE64$HASH_BASE64\"", out error);
        if (parts[1].Length is 0 or > 8 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) ||
            iterations is < 1 or > MaxIterations)
            return Fail($"iterations must be a number from 1 to {MaxIterations}", out error);
        if (!TryBase64(parts[2], out var salt) || salt.Length is < 8 or > 64)
            return Fail("the salt must be 8 to 64 bytes of standard base64", out error);
        if (!TryBase64(parts[3], out var derived) || derived.Length is < 16 or > 64)
            return Fail("the hash must be 16 to 64 bytes of standard base64", out error);
        hash = new Pbkdf2Hash(iterations, salt, derived);
        error = null;
        return true;
    }

    /// <summary>Runs PBKDF2 over <paramref name="password"/> and compares in fixed time.</summary>
    public bool Verify(ReadOnlySpan<byte> password)
    {
        Span<byte> derived = stackalloc byte[_hash.Length];
        Rfc2898DeriveBytes.Pbkdf2(password, _salt, derived, Iterations, HashAlgorithmName.SHA256);
        return CryptographicOperations.FixedTimeEquals(derived, _hash);
    }

    /// <summary>Convert also skips whitespace; a hash string has none.</summary>
    private static bool TryBase64(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.AsSpan().IndexOfAnyExcept(Base64Chars) >= 0) return false;
        var buffer = new byte[text.Length * 3 / 4];
        if (!Convert.TryFromBase64String(text, buffer, out var written)) return false;
        bytes = buffer[..written];
        return true;
    }

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }
}
