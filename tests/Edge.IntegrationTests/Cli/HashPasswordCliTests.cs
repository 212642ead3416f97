using System.Text;
using Edge.Security.Basic;

namespace Edge.IntegrationTests.Cli;

/// <summary><c>edge hash-password</c> as a real process: the password on a stdin pipe, the config hash on stdout.</summary>
public sealed class HashPasswordCliTests
{
    [Fact]
    public async Task PipedPassword_PrintsAHashTheConfigAccepts()
    {
        var result = await EdgeProcess.RunAsync(["hash-password", "--iterations", "1000"], Encoding.UTF8.GetBytes("s3cret pass\n"));

        Assert.Equal(0, result.ExitCode);
        var line = result.StdOut.Trim();
        Assert.Matches(@"^pbkdf2-sha256\$1000\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$", line);
        Assert.True(Pbkdf2Hash.TryParse(line, out var hash, out _));
        Assert.True(hash!.Verify("s3cret pass"u8));
        Assert.False(hash.Verify("s3cret pass\n"u8));
        Assert.DoesNotContain("s3cret", result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultIterations_Are600000()
    {
        var result = await EdgeProcess.RunAsync(["hash-password"], "pw"u8.ToArray());

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("pbkdf2-sha256$600000$", result.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "", 1)]
    [InlineData(new string[0], "\n", 1)]
    [InlineData(new[] { "--iterations", "0" }, "pw", 2)]
    [InlineData(new[] { "pw" }, "", 2)]
    public async Task EmptyPasswordOrBadUsage_IsRefused(string[] args, string stdin, int exit)
    {
        var result = await EdgeProcess.RunAsync(["hash-password", .. args], Encoding.UTF8.GetBytes(stdin));

        Assert.Equal(exit, result.ExitCode);
        Assert.Empty(result.StdOut);
    }
}
