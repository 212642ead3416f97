using BenchmarkDotNet.Running;

namespace Edge.Benchmarks;

internal static class Program
{
    // `./build.sh bench` (or `dotnet run -c Release --project bench/Edge.Benchmarks -- --filter '*Config*'`).
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
