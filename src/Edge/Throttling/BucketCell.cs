using System.Runtime.InteropServices;

namespace Edge.Throttling;

/// <summary>
/// Where a bucket's state word lives. <see cref="Generation"/> changes whenever a keyed table gives the
/// cell to another key, so a request that looked the key up just before the eviction can tell that the
/// word it updated is no longer its own (see <see cref="BucketHandle"/>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BucketCell
{
    public long State;
    public int Generation;
}
