namespace Edge.Config.Tests.Loading;

/// <summary>
/// The loader never throws for a bad file: every line of the full example is dropped or has its value
/// replaced by each TOML type, and each variant must load to diagnostics (or a config), not an exception.
/// </summary>
public sealed class RobustnessTests
{
    private static readonly string[] Replacements = ["1", "-1", "0", "1.5", "true", "\"\"", "\"x\"", "[]", "[1, \"x\"]", "{}", "{ a = 1 }", "1979-05-27"];

    public static TheoryData<int> LineIndexes()
    {
        var data = new TheoryData<int>();
        var count = FullExampleTests.Example.Split('\n').Length;
        for (var i = 0; i < count; i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(LineIndexes))]
    public void Load_ExampleLineMutated_NeverThrows(int index)
    {
        var lines = FullExampleTests.Example.Split('\n');
        Variant(lines, index, null);
        var eq = lines[index].IndexOf('=', StringComparison.Ordinal);
        if (eq < 0) return;
        foreach (var value in Replacements) Variant(lines, index, lines[index][..(eq + 1)] + " " + value);
    }

    private static void Variant(string[] lines, int index, string? replacement)
    {
        var copy = (string[])lines.Clone();
        if (replacement is null) copy = copy.Where((_, i) => i != index).ToArray();
        else copy[index] = replacement;
        var result = TestConfig.Load(string.Join('\n', copy));
        // Either a config or at least one diagnostic — never both, never neither.
        Assert.True(result.Config is null == result.Diagnostics.Count > 0, string.Join("\n", TestConfig.Lines(result)));
    }
}
