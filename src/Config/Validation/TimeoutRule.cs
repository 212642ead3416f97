using Edge.Config.Model;

namespace Edge.Config.Validation;

/// <summary>Timeouts and limits that must be positive or ordered relative to each other.</summary>
internal static class TimeoutRule
{
    public static void Check(ValidationContext ctx)
    {
        var limits = ctx.Config.Server.Limits;
        if (limits.RequestLine.Bytes > limits.RequestHead.Bytes)
        {
            ctx.Report("server.limits.request_line", $"request_line ({limits.RequestLine}) is larger than request_head ({limits.RequestHead}): expected request_line <= request_head, since the line is part of the head");
        }
        // Heads are held in memory whole; past 1 MiB a limit protects nothing (and 2 GiB overflows the runtime's int sizes).
        const long MaxHead = 1024 * 1024;
        if (limits.RequestHead.Bytes > MaxHead)
            ctx.Report("server.limits.request_head", $"request_head {limits.RequestHead} is too large: expected at most 1MiB (DESIGN.md §6 default: 32KiB)");
        if (limits.RequestLine.Bytes > MaxHead)
            ctx.Report("server.limits.request_line", $"request_line {limits.RequestLine} is too large: expected at most 1MiB (DESIGN.md §6 default: 8KiB)");
        Positive(ctx, limits.HeaderTimeout, "server.limits.header_timeout");
        Positive(ctx, limits.IdleTimeout, "server.limits.idle_timeout");
        Positive(ctx, limits.BodyTimeout, "server.limits.body_timeout");
        Positive(ctx, limits.SendTimeout, "server.limits.send_timeout");
        for (var i = 0; i < ctx.Config.Upstreams.Count; i++)
        {
            var u = ctx.Config.Upstreams[i];
            var path = ValidationContext.Upstream(i);
            Positive(ctx, u.ConnectTimeout, path + ".connect_timeout");
            Positive(ctx, u.ResponseTimeout, path + ".response_timeout");
            Positive(ctx, u.IdleTimeout, path + ".idle_timeout");
            Positive(ctx, u.Pool.IdleTimeout, path + ".pool.idle_timeout");
            if (u.Health is { } h)
            {
                Positive(ctx, h.Interval, path + ".health.interval");
                if (h.Timeout.Milliseconds <= 0 || h.Timeout.Milliseconds >= h.Interval.Milliseconds)
                {
                    ctx.Report(path + ".health.timeout", $"health timeout {h.Timeout} must be above zero and below the interval {h.Interval}: expected probes not to overlap");
                }
            }
        }
    }

    private static void Positive(ValidationContext ctx, Duration d, string path)
    {
        if (d.Milliseconds <= 0) ctx.Report(path, "a zero duration is not allowed here: expected a positive duration (e.g. \"5s\")");
    }
}
