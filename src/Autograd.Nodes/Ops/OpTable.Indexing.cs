namespace Autograd.Ops;

// The indexing, joining and shape ops (issue 10): slices, index_select, cat/stack, and views.
public static partial class OpTable
{
    static partial void AddIndexingRows(Dictionary<string, Func<OpSpec, Op>> rows)
    {
        rows["narrow"] = s => new NarrowOp(s);
        rows["select"] = s => new SelectOp(s);
        rows["index_select"] = s => new IndexSelectOp(s);
        rows["cat"] = s => new CatOp(s);
        rows["stack"] = s => new StackOp(s);
        rows["unsqueeze"] = s => new UnsqueezeOp(s);
        rows["squeeze"] = s => new SqueezeOp(s);
        rows["permute"] = s => new PermuteOp(s);
        rows["expand"] = s => new ExpandOp(s);
        rows["flatten"] = s => new FlattenOp(s);
    }
}
