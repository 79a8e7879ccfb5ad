namespace Autograd.Actors;

/// <summary>A set that remembers at most <paramref name="capacity"/> items, forgetting the oldest first.</summary>
internal sealed class RecentSet<T>(int capacity) where T : notnull
{
    private readonly HashSet<T> _items = [];
    private readonly Queue<T> _order = new();

    public int Count => _items.Count;

    public bool Contains(T item) => _items.Contains(item);

    public void Add(T item)
    {
        if (!_items.Add(item)) return;
        _order.Enqueue(item);
        if (_order.Count > capacity) _items.Remove(_order.Dequeue());
    }
}
