namespace Autograd.Ops;

/// <summary>
/// One row of the op table: a shape rule, a forward kernel and a VJP rule. Rules stay small;
/// the shared work (arity checks, summing a gradient back to a broadcast input's shape,
/// "no gradient rule" errors, accumulation) is done once by <see cref="GradientRules"/>.
/// Instances are immutable and safe to share between actors.
/// </summary>
public abstract class Op
{
    protected Op(OpSpec spec) => Spec = spec;

    /// <summary>The op as data (name and arguments), for the wire.</summary>
    public OpSpec Spec { get; }

    /// <summary>The table name, e.g. "add".</summary>
    public string Name => Spec.Name;

    /// <summary>PyTorch's name for the backward node, without the trailing digit: "AddBackward", "MulBackward".</summary>
    public abstract string GradFnName { get; }

    /// <summary>How many tensor inputs the op takes.</summary>
    public abstract int Arity { get; }

    /// <summary>False for inputs that have no derivative (cross_entropy's class indices).</summary>
    public virtual bool IsDifferentiable(int input) => true;

    /// <summary>
    /// False when the VJP needs nothing but shapes (add, sum, reshape...): such a node can be
    /// backpropagated through again after its graph was freed, as in PyTorch.
    /// </summary>
    public virtual bool SavesTensors => true;

    /// <summary>
    /// The output shape, or an <see cref="ArgumentException"/> whose message names the op and the
    /// offending shapes. Called when the op is created, before anything runs.
    /// </summary>
    public abstract int[] InferShape(IReadOnlyList<int[]> inputShapes);

    /// <summary>Computes the output. Inputs have already passed <see cref="InferShape"/>.</summary>
    public abstract Tensor Forward(IReadOnlyList<Tensor> inputs);

    /// <summary>
    /// One gradient per input given the gradient of the output; null where <paramref name="needsGrad"/>
    /// is false. A gradient may be returned in the broadcast (output) shape: the engine sums it back
    /// to the input's shape.
    /// </summary>
    public abstract Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad);

    /// <summary>
    /// How the op runs when some inputs are row-sharded: <see cref="ShardingRule.GatherFirst"/> unless
    /// the op has a sharded form for these shapes. Decided with the op's other facts, in its file.
    /// </summary>
    public virtual ShardingRule Sharding(ShardingQuery query) => ShardingRule.GatherFirst;

    /// <summary>True for the ops the client adds on its own (gather, sum_partials), which users never build.</summary>
    public virtual bool IsInternal => false;

    public override string ToString() => Name;
}
