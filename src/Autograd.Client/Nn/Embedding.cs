namespace Autograd.Client.Nn;

/// <summary>
/// A lookup table of vectors, as <c>torch.nn.Embedding</c>: weight [numEmbeddings, embeddingDim]
/// initialised N(0, 1) from the session's generator (<see cref="Session.ManualSeed"/>); the input holds
/// indices (integers as float32) of any shape, the output adds a last dim of embeddingDim. The rows
/// are picked with one index_select, so a row-sharded batch of indices looks its rows up shard by shard.
/// </summary>
public sealed class Embedding : Module
{
    public Embedding(Session session, int numEmbeddings, int embeddingDim)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfNegative(numEmbeddings);
        ArgumentOutOfRangeException.ThrowIfNegative(embeddingDim);
        NumEmbeddings = numEmbeddings;
        EmbeddingDim = embeddingDim;
        Weight = RegisterParameter("weight", session.Variable(
            Tensor.Wrap(session.Normal(numEmbeddings * embeddingDim), [numEmbeddings, embeddingDim]), requiresGrad: true));
    }

    public int NumEmbeddings { get; }

    public int EmbeddingDim { get; }

    public Variable Weight { get; }

    /// <summary>The rows of <see cref="Weight"/> at <paramref name="indices"/>, shape indices' shape + [embeddingDim].</summary>
    public override Variable Forward(Variable indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var rows = Weight.IndexSelect(0, indices.Flatten());
        // 1-D indices already give [n, embeddingDim]: no reshape, so sharded indices stay sharded.
        return indices.Shape.Length == 1 ? rows : rows.Reshape([.. indices.Shape, EmbeddingDim]);
    }
}
