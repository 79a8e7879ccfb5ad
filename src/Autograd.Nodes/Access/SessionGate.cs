using Akka.Actor;
using Autograd.Actors;
using Autograd.Cluster;
using Autograd.Protocol;

namespace Autograd.Access;

/// <summary>What became of a message that names a session.</summary>
internal enum Admission
{
    Admitted,
    /// <summary>No sender: a remote message without one looks local, so it proves nothing.</summary>
    NoSender,
    /// <summary>An outsider named a session that was never opened here from its system.</summary>
    NotOpened,
    /// <summary>An outsider named a session that belongs to another system.</summary>
    NotOwner,
    /// <summary>An outsider opened more sessions than <see cref="AccessLimits.SessionsPerClient"/>.</summary>
    TooManySessions,
}

/// <summary>
/// Who a member takes messages naming a session from: plain logic, asked by the node host for every
/// such message. A session belongs to the actor system that created it: a remote client claims it
/// with its <see cref="OpenSession"/>, a client inside a member with its first message. Actors of
/// this system and of the cluster's members are trusted for every session (node actors on other
/// members send values and gradients). Anyone else — an outsider — may send messages for the
/// sessions it opened and nothing else, and cannot create a session by naming one.
/// <para>
/// A session that only node actors of other members have named yet (their values can overtake the
/// client's first message) is not claimed: its client's <see cref="OpenSession"/> or first message
/// claims it.
/// </para>
/// </summary>
internal sealed class SessionGate(MemberAddresses members, int sessionsPerClient)
{
    private readonly Dictionary<Address, int> _sessionsByClient = new();

    /// <summary>Sessions owned by outsiders, per outsider (for diagnostics and tests).</summary>
    public int SessionsOf(Address client) => _sessionsByClient.GetValueOrDefault(client);

    /// <summary>
    /// Whether <paramref name="sender"/> may send <paramref name="message"/>, which names
    /// <paramref name="session"/> (null: not known here yet; the caller creates it when admitted).
    /// </summary>
    public Admission Admit(HostSession? session, IActorRef sender, object message)
    {
        if (sender.IsNobody()) return Admission.NoSender;
        var origin = sender.Path.Address;
        if (!origin.HasGlobalScope || members.Contains(origin)) return Admission.Admitted;
        bool opens = message is OpenSession;
        if (session?.Owner is { } owner)
            return ReferenceEquals(owner, origin) || owner.Equals(origin) ? Admission.Admitted : Admission.NotOwner;
        if (!opens) return session is null ? Admission.NotOpened : Admission.NotOwner;
        return SessionsOf(origin) >= sessionsPerClient ? Admission.TooManySessions : Admission.Admitted;
    }

    /// <summary>
    /// After <see cref="Admit"/>: the first client message (anything but a value, failure or gradient
    /// from another member's node) claims an unclaimed session for its sender's system. True when
    /// this made an outsider its owner.
    /// </summary>
    public bool Claim(HostSession session, IActorRef sender, object message)
    {
        if (session.Owner is not null || message is InputValue or InputFailed or Gradient) return false;
        var origin = sender.Path.Address;
        session.Owner = origin;
        if (!origin.HasGlobalScope || members.Contains(origin)) return false;
        session.OwnedByOutsider = true;
        _sessionsByClient[origin] = SessionsOf(origin) + 1;
        return true;
    }

    /// <summary>The session was freed: its client may open another.</summary>
    public void Forget(HostSession session)
    {
        if (!session.OwnedByOutsider || session.Owner is not { } owner) return;
        session.OwnedByOutsider = false;
        if (SessionsOf(owner) <= 1) _sessionsByClient.Remove(owner);
        else _sessionsByClient[owner]--;
    }

    public static string Explain(Admission admission, Guid session, IActorRef sender) => admission switch
    {
        Admission.NoSender => "a message naming a session must have a sender",
        Admission.NotOpened => $"session {Short(session)} was not opened from {sender.Path.Address}",
        Admission.NotOwner => $"session {Short(session)} belongs to another client",
        Admission.TooManySessions => $"{sender.Path.Address} has too many open sessions on this member (autograd.limits.sessions-per-client)",
        _ => "admitted",
    };

    private static string Short(Guid session) => session.ToString("N")[..8];
}
