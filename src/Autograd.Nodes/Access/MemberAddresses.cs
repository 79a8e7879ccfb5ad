using Akka.Actor;

namespace Autograd.Access;

/// <summary>
/// The remote actor systems trusted as members, by address. A member takes messages naming any
/// session from them (node actors move values and gradients between members), and a client takes
/// answers only from them. Actors of this very system are trusted without being listed.
/// <para>
/// Read on every message a node host routes: a read is one volatile load and a scan of a few
/// addresses, without allocation; a change (a member joins or leaves) replaces the array.
/// </para>
/// </summary>
public sealed class MemberAddresses
{
    private readonly Lock _write = new();
    private volatile Address[] _addresses = [];

    public MemberAddresses(IEnumerable<Address>? addresses = null)
    {
        if (addresses is not null) Add(addresses);
    }

    public IReadOnlyList<Address> Current => _addresses;

    public bool Contains(Address address)
    {
        foreach (var member in _addresses)
            if (ReferenceEquals(member, address) || member.Equals(address)) return true;
        return false;
    }

    /// <summary>
    /// True when <paramref name="sender"/> is an actor of this system or of a member. Never for
    /// nobody: a remote message sent without a sender arrives as from this system's dead letters,
    /// so "no sender" says nothing about where a message came from.
    /// </summary>
    public bool Trusts(IActorRef sender)
    {
        if (sender.IsNobody()) return false;
        var address = sender.Path.Address;
        return !address.HasGlobalScope || Contains(address);
    }

    public void Add(IEnumerable<Address> addresses)
    {
        lock (_write)
            _addresses = [.. _addresses.Concat(addresses.Where(a => a.HasGlobalScope)).Distinct()];
    }

    public void Add(Address address) => Add([address]);

    public void Remove(Address address)
    {
        lock (_write)
            _addresses = [.. _addresses.Where(a => !a.Equals(address))];
    }

    public override string ToString() => $"[{string.Join(", ", _addresses.Select(a => a.ToString()))}]";
}
