namespace Edge.Config.Binding;

/// <summary>Builds dotted key paths the way a user would write them: <c>apis[0].resources[2].path</c>.</summary>
internal static class KeyPath
{
    public static string Child(string parent, string key)
    {
        var k = IsBare(key) ? key : "\"" + key.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        return parent.Length == 0 ? k : parent + "." + k;
    }

    public static string Index(string parent, int index) =>
        parent + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    // TOML bare keys: A-Z a-z 0-9 _ -; anything else is quoted so the path can be pasted back into TOML.
    private static bool IsBare(string key)
    {
        if (key.Length == 0) return false;
        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-') return false;
        }
        return true;
    }
}
