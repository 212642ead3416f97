using System.Buffers;

namespace Edge.Tests.Http1;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, as a pipe hands them out.</summary>
internal static class SegmentedSequence
{
    /// <summary>Splits <paramref name="data"/> at the given offsets (ascending); each piece gets its own array.</summary>
    public static ReadOnlySequence<byte> Create(ReadOnlySpan<byte> data, params int[] splits)
    {
        if (splits.Length == 0)
        {
            return new ReadOnlySequence<byte>(data.ToArray());
        }

        Segment? first = null;
        Segment? last = null;
        int start = 0;
        foreach (int split in splits.Append(data.Length))
        {
            var piece = data[start..split].ToArray();
            if (first is null)
            {
                first = last = new Segment(piece, 0);
            }
            else
            {
                last = last!.Append(piece);
            }

            start = split;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
