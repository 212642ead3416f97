namespace Edge.IntegrationTests.Kit;

/// <summary>Polls a condition the server will make true in the background; fails after a bounded wait instead of hanging.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string? what = null, int timeoutMs = 15000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what ?? "the condition"}");
            await Task.Delay(20);
        }
    }
}
