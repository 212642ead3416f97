namespace Edge.Tests.TestKit;

/// <summary>Polls a condition a background task will make true, failing after a bounded time instead of hanging.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TaskTimeoutExtensions.Default;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(1);
        }
    }
}
