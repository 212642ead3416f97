using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Edge.Http;

/// <summary>
/// A malformed HTTP/1.x message. Thrown only for malformations (never for "need more data"); the
/// connection answers <see cref="StatusCode"/> (or 502 for an upstream response) and closes.
/// </summary>
internal sealed class BadHttpMessageException : Exception
{
    public BadHttpMessageException(RejectReason reason)
        : base(RejectReasons.Message(reason))
    {
        Reason = reason;
    }

    public RejectReason Reason { get; }

    public int StatusCode => RejectReasons.StatusCode(Reason);

    /// <summary>Throw helper: kept out of line so parser loops stay small and inlinable.</summary>
    [DoesNotReturn]
    [StackTraceHidden]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Throw(RejectReason reason) => throw new BadHttpMessageException(reason);

    /// <summary>Throw helper usable in expression position.</summary>
    [DoesNotReturn]
    [StackTraceHidden]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T Throw<T>(RejectReason reason) => throw new BadHttpMessageException(reason);
}
