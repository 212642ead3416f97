using Edge.Config.Binding;

namespace Edge.Config.Validation;

/// <summary>" (did you mean \"coffee\"?)" for a reference that is one or two edits away from a defined name.</summary>
internal static class Suggest
{
    public static string For(string name, IEnumerable<string> candidates) =>
        EditDistance.Closest(name, candidates) is { } best ? $" (did you mean \"{best}\"?)" : "";
}
