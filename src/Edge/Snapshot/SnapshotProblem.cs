namespace Edge.Snapshot;

/// <summary>A reason a valid config cannot run, with the key path it concerns (positioned via the source map).</summary>
internal readonly record struct SnapshotProblem(string KeyPath, string Message);
