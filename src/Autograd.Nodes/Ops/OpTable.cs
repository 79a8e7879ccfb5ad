namespace Autograd.Ops;

/// <summary>
/// The op table: every op by name. Adding an op is one file under Ops/ and one row here.
/// </summary>
public static class OpTable
{
    private static readonly Dictionary<string, Func<OpSpec, Op>> Rows = new()
    {
        // rows are added by each op: ["add"] = s => new AddOp(s),
    };

    /// <summary>All op names, for tests that walk the whole table.</summary>
    public static IReadOnlyCollection<string> Names => Rows.Keys;

    /// <summary>The op for <paramref name="spec"/>; an unknown name is an <see cref="ArgumentException"/>.</summary>
    public static Op Create(OpSpec spec) =>
        Rows.TryGetValue(spec.Name, out var make)
            ? make(spec)
            : throw new ArgumentException($"unknown op '{spec.Name}'; known ops: {string.Join(", ", Rows.Keys.Order())}");
}
