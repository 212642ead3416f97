using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Edge.Hosting.Cli;

/// <summary><c>edge version</c>: version, the commit it was built from, and whether it runs native or JIT.</summary>
internal static class VersionCommand
{
    public static int Run(CliConsole console)
    {
        console.Out.WriteLine(Describe());
        return CliApp.ExitOk;
    }

    public static string Describe()
    {
        var assembly = typeof(VersionCommand).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var commit = "unknown";
        foreach (var meta in assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
        {
            if (meta.Key == "EdgeCommit" && !string.IsNullOrEmpty(meta.Value)) commit = meta.Value;
        }
        // Native AOT cannot generate code at run time; that is the cheapest reliable tell.
        var runtime = RuntimeFeature.IsDynamicCodeSupported ? "JIT" : "native AOT";
        return $"edge {version} (commit {commit}) {runtime}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.RuntimeIdentifier}";
    }
}
