namespace Edge.Snapshot;

/// <summary>
/// A reason a valid config cannot run, with the key path it concerns (positioned via the source map).
/// A <see cref="Warning"/> does not refuse the config (e.g. an endpoint host that did not resolve):
/// it is printed with the same file:line:col so the operator can find it.
/// </summary>
internal readonly record struct SnapshotProblem(string KeyPath, string Message)
{
    public bool Warning { get; init; }
}
