using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Edge.Http2.Frames;

/// <summary>
/// An <see cref="Http2Error"/> thrown, for connection loops that unwind to one catch rather than
/// checking each result (STYLE.md §5 #3: the scope still says GOAWAY or RST_STREAM). Nothing in the
/// frame layer throws it itself.
/// </summary>
internal sealed class Http2Exception : Exception
{
    public Http2Exception(Http2Error error)
        : base(error.ToString())
    {
        Error = error;
    }

    public Http2Error Error { get; }

    /// <summary>Throw helper kept out of line so callers stay small.</summary>
    [DoesNotReturn]
    [StackTraceHidden]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Throw(Http2Error error) => throw new Http2Exception(error);

    /// <summary>Throws when <paramref name="error"/> is an error; inlines to one compare otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ThrowIfError(Http2Error error)
    {
        if (error.IsError)
        {
            Throw(error);
        }
    }
}
