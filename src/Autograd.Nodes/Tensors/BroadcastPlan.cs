namespace Autograd.Tensors;

/// <summary>
/// How two operands line up against a broadcast output, reduced to the fewest loops: dims of
/// size 1 in the output are dropped, and neighbouring dims where both operands behave alike
/// (both advance, or one of them repeats) are merged. What is left is an innermost run, which
/// kernels hand to TensorPrimitives as a span (or a single repeated element), and outer dims
/// walked by an odometer that yields where each run starts in each operand.
/// </summary>
internal sealed class BroadcastPlan
{
    private readonly int[] _outerSizes;
    private readonly int[] _aStrides;
    private readonly int[] _bStrides;

    /// <summary>Length of the innermost contiguous run of the output.</summary>
    public int RunLength { get; }

    /// <summary>Number of runs (product of the outer sizes).</summary>
    public int Runs { get; }

    /// <summary>True when operand a advances along the run; false when one element of it repeats.</summary>
    public bool AAdvances { get; }

    public bool BAdvances { get; }

    /// <param name="output">The broadcast shape; both operands must broadcast to it.</param>
    public BroadcastPlan(ReadOnlySpan<int> output, ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = output.Length;
        var sizes = new List<int>(rank);
        var aFull = new List<bool>(rank);
        var bFull = new List<bool>(rank);
        for (int d = 0; d < rank; d++)
        {
            if (output[d] == 1) continue;
            bool af = SizeAt(a, d, rank) == output[d], bf = SizeAt(b, d, rank) == output[d];
            int last = sizes.Count - 1;
            if (last >= 0 && aFull[last] == af && bFull[last] == bf) sizes[last] *= output[d];
            else { sizes.Add(output[d]); aFull.Add(af); bFull.Add(bf); }
        }
        if (sizes.Count == 0) { sizes.Add(1); aFull.Add(true); bFull.Add(true); }

        int n = sizes.Count;
        RunLength = sizes[n - 1];
        AAdvances = aFull[n - 1];
        BAdvances = bFull[n - 1];
        _outerSizes = new int[n - 1];
        _aStrides = new int[n - 1];
        _bStrides = new int[n - 1];
        int aRun = AAdvances ? RunLength : 1, bRun = BAdvances ? RunLength : 1, runs = 1;
        for (int d = n - 2; d >= 0; d--)
        {
            _outerSizes[d] = sizes[d];
            _aStrides[d] = aFull[d] ? aRun : 0;
            _bStrides[d] = bFull[d] ? bRun : 0;
            if (aFull[d]) aRun *= sizes[d];
            if (bFull[d]) bRun *= sizes[d];
            runs *= sizes[d];
        }
        Runs = runs;
    }

    private static int SizeAt(ReadOnlySpan<int> shape, int d, int rank)
    {
        int i = d - (rank - shape.Length);
        return i < 0 ? 1 : shape[i];
    }

    public Cursor Start() => new(this);

    /// <summary>Walks the runs in output order; <see cref="A"/> and <see cref="B"/> are where each run starts.</summary>
    public struct Cursor
    {
        private readonly BroadcastPlan _plan;
        private readonly int[] _index;

        public int A { get; private set; }
        public int B { get; private set; }

        internal Cursor(BroadcastPlan plan)
        {
            _plan = plan;
            _index = new int[plan._outerSizes.Length];
            A = 0;
            B = 0;
        }

        public void Next()
        {
            for (int d = _index.Length - 1; d >= 0; d--)
            {
                A += _plan._aStrides[d];
                B += _plan._bStrides[d];
                if (++_index[d] < _plan._outerSizes[d]) return;
                A -= _plan._aStrides[d] * _index[d];
                B -= _plan._bStrides[d] * _index[d];
                _index[d] = 0;
            }
        }
    }
}
