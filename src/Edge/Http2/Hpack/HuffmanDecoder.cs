using System.Diagnostics;

namespace Edge.Http2.Hpack;

/// <summary>
/// Table-driven Huffman decoder (RFC 7541 §5.2, Appendix B): a finite-state machine that consumes four
/// bits per step. The states are the 256 internal nodes of the code tree; one step from a state follows
/// four bits and emits at most one symbol (the shortest code is 5 bits). The 4096 transitions are built
/// once from <see cref="HuffmanCode"/> at type initialisation, so no hand-copied table can drift from
/// the RFC's code.
/// <para>
/// Rejected, as §5.2 requires: the EOS symbol anywhere in the string; padding longer than 7 bits; padding
/// that is not the most significant bits of EOS (all ones). Both padding checks are one lookup at the
/// end: a state is a valid place to stop only if it is the root or an all-ones path of depth 1..7.
/// </para>
/// </summary>
internal static class HuffmanDecoder
{
    // Transition word: bits 0-7 next state, bits 8-15 emitted symbol, then the two flags.
    private const uint EmitFlag = 1u << 16;
    private const uint EosFlag = 1u << 17;

    private const byte EndOk = 0;
    private const byte EndTooLong = 1;
    private const byte EndNotOnes = 2;

    // Field initialisers run in order (Endings first) and keep the type beforefieldinit, so hot paths
    // carry no static-constructor checks.
    private static readonly byte[] Endings = new byte[256];
    private static readonly uint[] Transitions = Build(Endings);

    /// <summary>
    /// Decodes <paramref name="source"/> into <paramref name="destination"/> and returns the decoded length.
    /// When that length exceeds <paramref name="destination"/>, only the first bytes are written and the
    /// rest is still decoded and validated: the caller learns the true length (it is over a limit) and
    /// invalid input is still an error.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var transitions = Transitions;
        var state = 0;
        var written = 0;
        foreach (var b in source)
        {
            var t = transitions[(state << 4) | (b >> 4)];
            if (t >= EmitFlag)
                written = Emit(t, destination, written);
            t = transitions[((int)(t & 0xFF) << 4) | (b & 0x0F)];
            if (t >= EmitFlag)
                written = Emit(t, destination, written);
            state = (int)(t & 0xFF);
        }

        var ending = Endings[state];
        if (ending != EndOk)
            HpackException.Throw(ending == EndTooLong ? HpackError.HuffmanPaddingTooLong : HpackError.HuffmanPaddingNotOnes);
        return written;
    }

    private static int Emit(uint transition, Span<byte> destination, int written)
    {
        if ((transition & EosFlag) != 0)
            HpackException.Throw(HpackError.HuffmanEos);
        if ((uint)written < (uint)destination.Length)
            destination[written] = (byte)(transition >> 8);
        return written + 1;
    }

    private static uint[] Build(byte[] endings)
    {
        // Code tree: child < 0 is the leaf of symbol ~child; otherwise an internal node id (root = 0).
        const int internalNodes = 256; // a full binary tree with 257 leaves
        var zero = new int[internalNodes];
        var one = new int[internalNodes];
        var depth = new byte[internalNodes];
        var allOnes = new bool[internalNodes];
        allOnes[0] = true;
        var nodes = 1;
        var codes = HuffmanCode.Codes;
        var lengths = HuffmanCode.Lengths;
        for (var symbol = 0; symbol <= HuffmanCode.Eos; symbol++)
        {
            var node = 0;
            for (var bit = lengths[symbol] - 1; bit >= 0; bit--)
            {
                var isOne = ((codes[symbol] >> bit) & 1) != 0;
                ref var child = ref isOne ? ref one[node] : ref zero[node];
                if (bit == 0)
                {
                    Debug.Assert(child == 0, "a code must not be a prefix of another");
                    child = ~symbol;
                }
                else
                {
                    if (child == 0)
                    {
                        child = nodes++;
                        depth[child] = (byte)(depth[node] + 1);
                        allOnes[child] = allOnes[node] && isOne;
                    }
                    node = child;
                }
            }
        }
        Debug.Assert(nodes == internalNodes, "the HPACK code is complete: 257 leaves, 256 internal nodes");

        var transitions = new uint[internalNodes * 16];
        for (var state = 0; state < internalNodes; state++)
        {
            for (var nibble = 0; nibble < 16; nibble++)
            {
                var node = state;
                uint word = 0;
                for (var bit = 3; bit >= 0; bit--)
                {
                    var child = ((nibble >> bit) & 1) != 0 ? one[node] : zero[node];
                    if (child >= 0)
                    {
                        node = child;
                        continue;
                    }
                    var symbol = ~child;
                    if (symbol == HuffmanCode.Eos)
                    {
                        word = EosFlag | EmitFlag;
                        node = 0;
                        break;
                    }
                    Debug.Assert((word & EmitFlag) == 0, "four bits complete at most one symbol");
                    word = EmitFlag | ((uint)symbol << 8);
                    node = 0;
                }
                transitions[(state << 4) | nibble] = word | (uint)node;
            }
        }

        for (var state = 0; state < internalNodes; state++)
            endings[state] = !allOnes[state] ? EndNotOnes : depth[state] > 7 ? EndTooLong : EndOk;
        return transitions;
    }
}
