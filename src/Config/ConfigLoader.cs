using Edge.Config.Binding;
using Edge.Config.Diagnostics;
using Edge.Config.Toml;
using Edge.Config.Validation;

namespace Edge.Config;

/// <summary>
/// Reads, parses, binds and validates an Edge config file, collecting every problem as a positioned
/// diagnostic instead of stopping at the first. Never throws for a bad file: the caller (startup or
/// SIGHUP reload) decides what to do with a result that has no config.
/// </summary>
public static class ConfigLoader
{
    public static ConfigLoadResult Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException or System.Security.SecurityException)
        {
            // An unreadable file is reported like any other problem, so `edge check` prints one format.
            var bag = new DiagnosticBag(path);
            bag.Add(new SourcePosition(1, 1), "", e.Message);
            return new ConfigLoadResult(path, null, null, bag.Sorted());
        }
        return LoadFromBytes(bytes, path);
    }

    public static ConfigLoadResult LoadFromBytes(ReadOnlySpan<byte> utf8, string fileName)
    {
        var bag = new DiagnosticBag(fileName);
        TomlTable root;
        try
        {
            root = TomlParser.Parse(utf8);
        }
        catch (TomlException e)
        {
            // Syntax errors have no key path; after one, nothing else in the file can be trusted.
            bag.Add(e.Position, "", e.Reason);
            return new ConfigLoadResult(fileName, null, null, bag.Sorted());
        }

        var config = ConfigBinder.Bind(root, bag, out var map);
        ConfigValidator.Validate(config, map, bag);
        return new ConfigLoadResult(fileName, bag.HasErrors ? null : config, map, bag.Sorted());
    }
}
