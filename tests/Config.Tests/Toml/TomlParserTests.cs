using Edge.Config.Toml;

namespace Edge.Config.Tests.Toml;

/// <summary>Table-driven cases for the rules of TOML 1.0 beyond the shared vectors, and for error positions.</summary>
public sealed class TomlParserTests
{
    [Theory]
    // Tables and their redefinition rules.
    [InlineData("[[agency]]\nowner = \"S Cjelli\"\n[agency.owner]\n", "already a string value")]
    [InlineData("[a]\nb = 1\n[a]\nc = 2\n", "cannot define table 'a'")]
    [InlineData("[a.b]\n[a]\n[a]\n", "cannot define table 'a'")]
    [InlineData("a.b = 1\n[a]\n", "defined by dotted keys")]
    [InlineData("[fruit]\napple.color = \"red\"\n[fruit.apple]\n", "defined by dotted keys")]
    [InlineData("a = [{ b = 1 }]\n[[a]]\n", "static array")]
    [InlineData("a = [1]\n[a.b]\n", "static array")]
    [InlineData("[[a]]\n[a]\n", "array of tables")]
    [InlineData("[a]\n[[a]]\n", "already a table")]
    [InlineData("[[a.b]]\n[a]\nb.y = 2\n", "it is an array")]
    [InlineData("a = {}\n[a.b]\n", "inline table")]
    [InlineData("a = { b = 1 }\na.c = 2\n", "inline table")]
    [InlineData("a = { b = { c = 1 }, b.d = 2 }\n", "inline table")]
    [InlineData("a = { b = 1, b = 2 }\n", "duplicate key")]
    [InlineData("a = 1\na = 2\n", "duplicate key 'a'")]
    [InlineData("a = 1\na.b = 2\n", "already a integer value")]
    [InlineData("[naughty..naughty]\n", "expected a key")]
    [InlineData("[]\n", "expected a key")]
    [InlineData("[a]b = 1\n", "expected a newline")]
    [InlineData("[[a]\n", "']]'")]
    [InlineData("[a\n", "']'")]
    [InlineData("[ [a]]\n", "expected a key")]
    // Keys.
    [InlineData("a b = 1\n", "expected '='")]
    [InlineData("= 1\n", "expected a key")]
    [InlineData("a = \n", "expected a value")]
    [InlineData("\"\"\"a\"\"\" = 1\n", "multi-line strings cannot be used as keys")]
    [InlineData("a.=1\n", "expected a key")]
    // Values.
    [InlineData("a = tru\n", "booleans are lowercase")]
    [InlineData("a = True\n", "expected a value")]
    [InlineData("a = 01\n", "leading zeros")]
    [InlineData("a = 1__2\n", "underscore")]
    [InlineData("a = _1\n", "expected a value")]
    [InlineData("a = 1_\n", "underscore")]
    [InlineData("a = +0x1\n", "cannot have a sign")]
    [InlineData("a = 0X1\n", "invalid")]
    [InlineData("a = 0x\n", "expected digits")]
    [InlineData("a = 0b102\n", "base-2")]
    [InlineData("a = 9223372036854775808\n", "out of range")]
    [InlineData("a = -9223372036854775809\n", "out of range")]
    [InlineData("a = 0x8000000000000000\n", "out of range")]
    [InlineData("a = 1.\n", "a digit must follow")]
    [InlineData("a = .1\n", "expected a value")]
    [InlineData("a = 1e\n", "exponent")]
    [InlineData("a = 1.e5\n", "a digit must follow")]
    [InlineData("a = 1e_5\n", "underscore")]
    [InlineData("a = 03.14\n", "leading zeros")]
    [InlineData("a = Inf\n", "expected a value")]
    [InlineData("a = +nan_\n", "invalid number")]
    [InlineData("a = 2000-02-30\n", "does not exist")]
    [InlineData("a = 2001-02-29\n", "does not exist")]
    [InlineData("a = 2000-13-01\n", "month")]
    [InlineData("a = 2000-1-01\n", "invalid")]
    [InlineData("a = 2000-01-01T25:00:00\n", "hour")]
    [InlineData("a = 2000-01-01T10:60:00\n", "minute")]
    [InlineData("a = 2000-01-01T10:00:61\n", "second")]
    [InlineData("a = 2000-01-01T10:00\n", "HH:MM:SS")]
    [InlineData("a = 10:00\n", "HH:MM:SS")]
    [InlineData("a = 2000-01-01T10:00:00.\n", "a digit must follow")]
    [InlineData("a = 2000-01-01T10:00:00+1:00\n", "offset")]
    [InlineData("a = 2000-01-01T10:00:00+24:00\n", "offset")]
    [InlineData("a = 2000-01-01X10:00:00\n", "'T' or a space")]
    // Strings.
    [InlineData("a = \"abc\n", "unterminated string")]
    [InlineData("a = \"\\x41\"\n", "invalid escape")]
    [InlineData("a = \"\\uD800\"\n", "not a Unicode scalar value")]
    [InlineData("a = \"\\U00110000\"\n", "not a Unicode scalar value")]
    [InlineData("a = \"\\u12\"\n", "hex digits")]
    [InlineData("a = \"a\u0001b\"\n", "must be escaped")]
    [InlineData("a = 'a\u007fb'\n", "not allowed in a literal string")]
    [InlineData("a = \"\"\"a\"\"\"\"\"\"\n", "too many quotes")]
    [InlineData("a = '''a''''''\n", "too many quotes")]
    [InlineData("a = \"\"\"a \\ b\"\"\"\n", "line-ending backslash")]
    [InlineData("a = \"a\" \"b\"\n", "expected a newline")]
    // Arrays and inline tables.
    [InlineData("a = [1,,2]\n", "another ','")]
    [InlineData("a = [,]\n", "found ','")]
    [InlineData("a = [1 2]\n", "expected ',' or ']'")]
    [InlineData("a = [1\n", "unterminated array")]
    [InlineData("a = {b = 1,}\n", "trailing comma")]
    [InlineData("a = {b = 1\n}\n", "newlines are not allowed")]
    [InlineData("a = {,}\n", "found ','")]
    // Control characters and line endings.
    [InlineData("a = 1\rb = 2\n", "carriage return")]
    [InlineData("# comment \u0000\n", "not allowed in a comment")]
    [InlineData("a = 1 # \u007f\n", "not allowed in a comment")]
    [InlineData("a = 1\u000b\n", "expected a newline")]
    [InlineData("\uFEFFa = 1\n\uFEFFb = 2\n", "expected a key")]
    public void Parse_InvalidDocument_ThrowsWithSpecificMessage(string toml, string expectedFragment)
    {
        var e = Assert.Throws<TomlException>(() => TomlParser.Parse(toml));
        Assert.Contains(expectedFragment, e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[fruit]\napple.color = \"red\"\n[fruit.apple.texture]\nsmooth = true\n", "{\"fruit\":{\"apple\":{\"color\":{\"type\":\"string\",\"value\":\"red\"},\"texture\":{\"smooth\":{\"type\":\"bool\",\"value\":\"true\"}}}}}")]
    [InlineData("[a.b]\nc = 1\n[a]\nd = 2\n", "{\"a\":{\"b\":{\"c\":{\"type\":\"integer\",\"value\":\"1\"}},\"d\":{\"type\":\"integer\",\"value\":\"2\"}}}")]
    [InlineData("[[a]]\n[a.b]\nc = 1\n[[a]]\n", "{\"a\":[{\"b\":{\"c\":{\"type\":\"integer\",\"value\":\"1\"}}},{}]}")]
    [InlineData("a = \"\"\"\nx\\\n   \n  y\"\"\"\n", "{\"a\":{\"type\":\"string\",\"value\":\"xy\"}}")]
    [InlineData("a = '''a''b'''''\n", "{\"a\":{\"type\":\"string\",\"value\":\"a''b''\"}}")]
    [InlineData("a = 0xDEAD_beef\n", "{\"a\":{\"type\":\"integer\",\"value\":\"3735928559\"}}")]
    [InlineData("a = -9223372036854775808\n", "{\"a\":{\"type\":\"integer\",\"value\":\"-9223372036854775808\"}}")]
    [InlineData("a = 1979-05-27 07:32:00.999999-07:00\n", "{\"a\":{\"type\":\"datetime\",\"value\":\"1979-05-27T07:32:00.999999-07:00\"}}")]
    [InlineData("a = 1979-05-27t07:32:00z\n", "{\"a\":{\"type\":\"datetime\",\"value\":\"1979-05-27T07:32:00Z\"}}")]
    [InlineData("a = 2000-02-29 # leap\n", "{\"a\":{\"type\":\"date-local\",\"value\":\"2000-02-29\"}}")]
    [InlineData("\"a.b\".'c' = 1\n", "{\"a.b\":{\"c\":{\"type\":\"integer\",\"value\":\"1\"}}}")]
    [InlineData("a = { b.c = 1, d = [ { e = 2 } ] }\n", "{\"a\":{\"b\":{\"c\":{\"type\":\"integer\",\"value\":\"1\"}},\"d\":[{\"e\":{\"type\":\"integer\",\"value\":\"2\"}}]}}")]
    public void Parse_ValidDocument_DecodesToTaggedJson(string toml, string expectedJson)
    {
        Assert.Equal(expectedJson, TomlTaggedJson.ToJson(TomlParser.Parse(toml)));
    }

    [Theory]
    [InlineData("a = 1\nb = tru\n", 2, 5)]
    [InlineData("a = 1\n\n  [x\n", 3, 5)]
    [InlineData("s = \"héllo\" x\n", 1, 13)]
    [InlineData("a = 1\r\nb = 0x\r\n", 2, 5)]
    [InlineData("a = \"ok\"\na = 2\n", 2, 1)]
    public void Parse_InvalidDocument_ReportsLineAndColumn(string toml, int line, int column)
    {
        var e = Assert.Throws<TomlException>(() => TomlParser.Parse(toml));
        Assert.Equal(new SourcePosition(line, column), e.Position);
    }

    [Fact]
    public void Parse_InvalidUtf8_ReportsBytePosition()
    {
        byte[] input = [(byte)'a', (byte)'=', (byte)'1', (byte)'\n', (byte)'b', (byte)'=', (byte)'"', 0xC3, 0x28, (byte)'"'];
        var e = Assert.Throws<TomlException>(() => TomlParser.Parse(input));
        Assert.Equal(new SourcePosition(2, 4), e.Position);
        Assert.Contains("UTF-8", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeepNesting_IsBounded()
    {
        var deep = "a = " + new string('[', TomlParser.MaxNestingDepth + 1) + new string(']', TomlParser.MaxNestingDepth + 1) + "\n";
        var e = Assert.Throws<TomlException>(() => TomlParser.Parse(deep));
        Assert.Contains("nested more than", e.Reason, StringComparison.Ordinal);

        var ok = "a = " + new string('[', TomlParser.MaxNestingDepth) + new string(']', TomlParser.MaxNestingDepth) + "\n";
        Assert.NotNull(TomlParser.Parse(ok));
    }

    [Fact]
    public void Parse_KeepsPositionsOfKeysAndValues()
    {
        var doc = TomlParser.Parse("[server]\n  admin = \"127.0.0.1:9901\"\n");
        Assert.True(doc.TryGet("server", out var server));
        var table = Assert.IsType<TomlTable>(server);
        Assert.Equal(new SourcePosition(1, 1), table.Position);
        Assert.Equal(new SourcePosition(2, 3), table.KeyPosition("admin"));
        Assert.True(table.TryGet("admin", out var admin));
        Assert.Equal(new SourcePosition(2, 11), admin.Position);
    }
}
