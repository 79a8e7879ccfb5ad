namespace Autograd.Client.Data;

/// <summary>
/// One batch on the engine: <paramref name="Features"/> <c>[Count, D]</c> and <paramref name="Labels"/>
/// <c>[Count]</c>, leaves that require no gradient, row-sharded alike over the session's members
/// (row <c>i</c> of both on the same member, as <c>CrossEntropy</c> wants its labels).
/// </summary>
public sealed record Batch(Variable Features, Variable Labels, int Count);
