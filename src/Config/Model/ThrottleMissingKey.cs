namespace Edge.Config.Model;

/// <summary>
/// <c>when_missing</c>: a request that lacks the header, query parameter or claim a throttle key is built
/// from either shares one bucket with every other such request (the safe default: anonymous traffic is
/// limited together), or is not counted against this limit at all.
/// </summary>
public enum ThrottleMissingKey : byte
{
    Shared,
    Skip,
}
