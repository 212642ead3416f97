namespace Edge.Snapshot;

/// <summary>The current snapshot behind one volatile reference: readers never lock, a reload is one write.</summary>
internal sealed class SnapshotHolder
{
    private RuntimeSnapshot _current;

    public SnapshotHolder(RuntimeSnapshot initial) => _current = initial;

    public RuntimeSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Installs a new snapshot; returns the one it replaced.</summary>
    public RuntimeSnapshot Swap(RuntimeSnapshot next) => Interlocked.Exchange(ref _current, next);
}
