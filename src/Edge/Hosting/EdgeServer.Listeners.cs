using System.Net.Sockets;
using Edge.Config.Binding;
using Edge.Config.Model;
using Edge.Snapshot;

namespace Edge.Hosting;

internal sealed partial class EdgeServer
{
    /// <summary>What a reload does to the listeners: a listener whose config is equal is kept as is.</summary>
    private sealed record ListenerPlan(List<ListenerEntry> Kept, List<(int Index, ListenerConfig Config)> Added, List<ListenerEntry> Removed);

    private ListenerPlan PlanListeners(EdgeConfig next)
    {
        var current = Volatile.Read(ref _listeners).Where(e => e.Config is not null && !e.Retired).ToList();
        var kept = new List<ListenerEntry>();
        var added = new List<(int, ListenerConfig)>();
        for (var i = 0; i < next.Listeners.Count; i++)
        {
            var config = next.Listeners[i];
            var same = current.FirstOrDefault(e => e.Config!.Equals(config));
            if (same is null)
            {
                added.Add((i, config));
                continue;
            }
            current.Remove(same);
            kept.Add(same);
        }
        return new ListenerPlan(kept, added, current);
    }

    /// <summary>
    /// Binds the added listeners before the new snapshot is published. A listener whose address a
    /// removed one still holds (same bind, other settings) needs that socket closed first; if any bind
    /// fails, everything bound here is closed, released sockets are bound again, and the errors name
    /// <c>listeners[i].bind</c> so the reload is rejected with nothing changed.
    /// </summary>
    private async Task<(List<string> Errors, List<ListenerEntry> Bound)> BindAddedAsync(ListenerPlan plan, RuntimeSnapshot next, SourceMap? map)
    {
        var bound = new List<ListenerEntry>();
        var errors = new List<string>();
        var options = ListenerOptions(next);
        var released = new List<ListenerEntry>();
        // Addresses held by a listener being removed are bound last, after the others proved bindable.
        var ordered = plan.Added.OrderBy(a => Holder(plan, a.Config) is null ? 0 : 1).ToList();
        foreach (var (index, config) in ordered)
        {
            if (Holder(plan, config) is { } holder)
            {
                if (errors.Count > 0) break;
                await holder.Listener.StopAcceptingAsync().ConfigureAwait(false);
                released.Add(holder);
            }
            try
            {
                bound.Add(BindListener(config, options, next.ListenerTls.ElementAtOrDefault(index), Http2LimitsFrom(next.Config.Server.Limits, config)));
            }
            catch (SocketException e)
            {
                var at = map?.Get($"listeners[{index}].bind");
                errors.Add($"{next.SourcePath}:{at?.Line ?? 1}:{at?.Column ?? 1}: listeners[{index}].bind: cannot bind {config.Bind.Host}:{config.Bind.Port}: {e.Message}");
            }
        }
        if (errors.Count == 0) return (errors, bound);

        foreach (var entry in bound) await entry.Listener.DisposeAsync().ConfigureAwait(false);
        foreach (var entry in released) Rebind(entry);
        return (errors, []);
    }

    private static ListenerEntry? Holder(ListenerPlan plan, ListenerConfig config) =>
        config.Bind.Port == 0 ? null : plan.Removed.FirstOrDefault(r => r.Config!.Bind.Equals(config.Bind));

    /// <summary>Binds a released listener again for a failed reload; its open connections never noticed.</summary>
    private void Rebind(ListenerEntry entry)
    {
        try
        {
            // The same entry, so its open connections and the ones accepted from now on stay one set.
            BindListener(entry.Config!, ListenerOptions(Snapshots.Current), tls: null, Http2LimitsFrom(Snapshots.Current.Config.Server.Limits, entry.Config), reuse: entry);
        }
        catch (SocketException e)
        {
            _log.WriteLine($"edge: could not bind {entry.Name} again after a failed reload: {e.Message}");
        }
    }

    /// <summary>
    /// Gives every kept TLS listener the certificates this reload read: its config text is unchanged,
    /// but the files behind it may not be (a renewed certificate). New handshakes use them at once;
    /// connections already established keep the certificate they were served.
    /// </summary>
    private void RefreshListenerTls(ListenerPlan plan, RuntimeSnapshot next)
    {
        foreach (var entry in plan.Kept)
        {
            if (entry.Tls is not { } state) continue;
            var index = IndexOf(next.Config.Listeners, entry.Config!);
            if (index < 0 || next.ListenerTls.ElementAtOrDefault(index) is not { } settings) continue;
            if (state.Update(settings)) _log.WriteLine($"edge: {entry.Name}: TLS certificates reloaded (new handshakes use them)");
        }
    }

    private static int IndexOf(IReadOnlyList<ListenerConfig> listeners, ListenerConfig config)
    {
        for (var i = 0; i < listeners.Count; i++)
            if (listeners[i].Equals(config)) return i;
        return -1;
    }

    /// <summary>Publishes the new listener set (kept + bound) and retires the removed ones.</summary>
    private async Task CommitListenersAsync(ListenerPlan plan, List<ListenerEntry> bound, TimeSpan drainTimeout)
    {
        lock (_listenersLock)
            _listeners = [.. _listeners.Where(e => e.Config is null || plan.Kept.Contains(e)), .. bound];
        foreach (var entry in plan.Removed) await RetireListenerAsync(entry, drainTimeout).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops accepting at once (the port is free when the reload returns), then drains the listener's
    /// own connections like SIGTERM does — idle ones close, requests in flight finish with
    /// Connection: close — and cuts what is left at the drain deadline.
    /// </summary>
    private async Task RetireListenerAsync(ListenerEntry entry, TimeSpan deadline)
    {
        entry.Retired = true;
        await entry.Listener.StopAcceptingAsync().ConfigureAwait(false);
        _log.WriteLine($"edge: stopped listening on {entry.Name} ({entry.Connections.Count} connections draining)");
        _ = Task.Run(async () =>
        {
            var stopAt = DateTime.UtcNow + deadline;
            while (!entry.Connections.IsEmpty && DateTime.UtcNow < stopAt)
            {
                foreach (var c in entry.Connections.Keys) c.RequestDrain();
                await Task.Delay(50).ConfigureAwait(false);
            }
            foreach (var c in entry.Connections.Keys) c.AbortTransport();
            await entry.Listener.DisposeAsync().ConfigureAwait(false);
        });
    }
}
