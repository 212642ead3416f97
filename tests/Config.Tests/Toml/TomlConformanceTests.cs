using System.Globalization;
using System.Text.Json;
using Edge.Config.Toml;

namespace Edge.Config.Tests.Toml;

/// <summary>
/// toml-test vectors (TOML 1.0.0): every valid case decodes to exactly its tagged JSON, every invalid
/// case is rejected with a positioned error. One test case per file, so a failure names the file.
/// </summary>
public sealed class TomlConformanceTests
{
    private static string TomlDir => ConformancePaths.Sub("toml");

    public static TheoryData<string> ValidCases() => Cases("valid");
    public static TheoryData<string> InvalidCases() => Cases("invalid");

    private static TheoryData<string> Cases(string set)
    {
        var data = new TheoryData<string>();
        var root = Path.Combine(TomlDir, set);
        foreach (var file in Directory.EnumerateFiles(root, "*.toml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(TomlDir, file).Replace('\\', '/'));
        return data;
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Valid_DecodesToExpectedJson(string relativePath)
    {
        var input = File.ReadAllBytes(Path.Combine(TomlDir, relativePath));
        var expectedPath = Path.Combine(TomlDir, Path.ChangeExtension(relativePath, ".json"));
        TomlTable doc;
        try
        {
            doc = TomlParser.Parse(input);
        }
        catch (TomlException e)
        {
            throw new Xunit.Sdk.XunitException($"{relativePath} was rejected: {e.Message}");
        }
        using var expected = JsonDocument.Parse(File.ReadAllBytes(expectedPath));
        using var actual = JsonDocument.Parse(TomlTaggedJson.ToJson(doc));
        TaggedJsonComparer.AssertEqual(expected.RootElement, actual.RootElement, "$");
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_IsRejectedWithPosition(string relativePath)
    {
        var input = File.ReadAllBytes(Path.Combine(TomlDir, relativePath));
        TomlTable? doc = null;
        var error = Record.Exception(() => doc = TomlParser.Parse(input));
        if (error is null)
            throw new Xunit.Sdk.XunitException($"{relativePath} was accepted but must be rejected; decoded as {TomlTaggedJson.ToJson(doc!)}");
        var tomlError = Assert.IsType<TomlException>(error);
        Assert.True(tomlError.Position.Line >= 1 && tomlError.Position.Column >= 1);
        Assert.StartsWith($"{tomlError.Position.Line}:{tomlError.Position.Column}: ", tomlError.Message);
    }
}

/// <summary>Compares tagged JSON the way toml-test's own runner does (see shared/conformance/toml/README.md).</summary>
internal static class TaggedJsonComparer
{
    public static void AssertEqual(JsonElement expected, JsonElement actual, string path)
    {
        if (expected.ValueKind == JsonValueKind.Object && IsTaggedValue(expected))
        {
            if (actual.ValueKind != JsonValueKind.Object || !IsTaggedValue(actual))
                Fail(path, $"expected a {expected.GetProperty("type").GetString()} value, got {actual}");
            CompareValue(expected, actual, path);
            return;
        }
        if (expected.ValueKind != actual.ValueKind) Fail(path, $"expected {expected.ValueKind}, got {actual.ValueKind}: {actual}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedKeys = expected.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
                var actualKeys = actual.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
                if (!expectedKeys.SequenceEqual(actualKeys))
                    Fail(path, $"keys differ: expected [{string.Join(", ", expectedKeys)}], got [{string.Join(", ", actualKeys)}]");
                foreach (var key in expectedKeys)
                    AssertEqual(expected.GetProperty(key), actual.GetProperty(key), $"{path}.{key}");
                break;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                    Fail(path, $"array length: expected {expected.GetArrayLength()}, got {actual.GetArrayLength()}");
                var i = 0;
                foreach (var (e, a) in expected.EnumerateArray().Zip(actual.EnumerateArray()))
                    AssertEqual(e, a, $"{path}[{i++}]");
                break;
            default:
                Fail(path, $"unexpected JSON {expected.ValueKind} in expectation");
                break;
        }
    }

    private static bool IsTaggedValue(JsonElement e) =>
        e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
        && e.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String
        && e.EnumerateObject().Count() == 2;

    private static void CompareValue(JsonElement expected, JsonElement actual, string path)
    {
        var type = expected.GetProperty("type").GetString()!;
        var actualType = actual.GetProperty("type").GetString()!;
        if (type != actualType) Fail(path, $"type: expected {type}, got {actualType}");
        var e = expected.GetProperty("value").GetString()!;
        var a = actual.GetProperty("value").GetString()!;
        var equal = type switch
        {
            "float" => FloatEqual(e, a),
            "bool" => string.Equals(e, a, StringComparison.OrdinalIgnoreCase),
            "datetime" or "datetime-local" or "date-local" or "time-local" => DateTimeEqual(type, e, a),
            _ => e == a,
        };
        if (!equal) Fail(path, $"{type} value: expected \"{e}\", got \"{a}\"");
    }

    private static bool FloatEqual(string e, string a)
    {
        static double P(string s) => s.TrimStart('+', '-').ToLowerInvariant() switch
        {
            "nan" => double.NaN,
            "inf" => s.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity,
            _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        var x = P(e);
        var y = P(a);
        return (double.IsNaN(x) && double.IsNaN(y)) || x.Equals(y);
    }

    private static bool DateTimeEqual(string type, string e, string a)
    {
        static string Norm(string s) => s.Replace(' ', 'T').Replace('t', 'T').Replace('z', 'Z');
        e = Norm(e);
        a = Norm(a);
        switch (type)
        {
            case "datetime":
                return DateTimeOffset.Parse(e, CultureInfo.InvariantCulture).UtcTicks / TimeSpan.TicksPerMillisecond
                       == DateTimeOffset.Parse(a, CultureInfo.InvariantCulture).UtcTicks / TimeSpan.TicksPerMillisecond;
            case "datetime-local":
                return DateTime.Parse(e, CultureInfo.InvariantCulture).Ticks / TimeSpan.TicksPerMillisecond
                       == DateTime.Parse(a, CultureInfo.InvariantCulture).Ticks / TimeSpan.TicksPerMillisecond;
            case "date-local":
                return DateOnly.Parse(e, CultureInfo.InvariantCulture) == DateOnly.Parse(a, CultureInfo.InvariantCulture);
            default:
                return TimeOnly.Parse(e, CultureInfo.InvariantCulture).Ticks / TimeSpan.TicksPerMillisecond
                       == TimeOnly.Parse(a, CultureInfo.InvariantCulture).Ticks / TimeSpan.TicksPerMillisecond;
        }
    }

    private static void Fail(string path, string message) => throw new Xunit.Sdk.XunitException($"{path}: {message}");
}
