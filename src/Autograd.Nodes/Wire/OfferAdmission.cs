using Akka.Actor;
using Autograd.Access;
using Autograd.Protocol.Serialization;

namespace Autograd.Wire;

/// <summary>
/// Which bulk offers a receiver takes, as plain logic: an offer makes the receiver allocate what it
/// announces, so it is checked before anything is allocated. It must have a sender and a target in
/// this system, name a message the bulk path carries, announce sizes that are consistent and within
/// <see cref="WireSettings.MaxMessageBytes"/>, and fit what is held for everyone
/// (<see cref="AccessLimits.BufferedBytes"/>). Members (and this system) are bound by that total only.
/// A client (anyone else) is taken only by a system that hosts nodes (<paramref name="takesClients"/>), only for a
/// session that is its own or not claimed yet (its <c>OpenSession</c> may still be on its way to the
/// host; the host's gate checks the delivered message again), and within its own bounds:
/// <see cref="AccessLimits.TransfersPerSender"/> transfers and <see cref="AccessLimits.BufferedBytesPerSender"/> bytes.
/// </summary>
/// <param name="trusts">Whether a sender is a member or of this system.</param>
/// <param name="ownerOf">The client a session belongs to on this member, if any.</param>
internal sealed class OfferAdmission(WireSettings settings, AccessLimits limits, Func<IActorRef, bool> trusts,
    Func<Guid, Address?> ownerOf, Func<bool> takesClients)
{
    private sealed class Held
    {
        public int Transfers;
        public long Bytes;
    }

    private readonly Dictionary<Address, Held> _held = new();

    /// <summary>Transfers held now (accepted, not delivered or dropped yet).</summary>
    public int Transfers { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Senders with transfers held.</summary>
    public int Senders => _held.Count;

    /// <summary>What is wrong with taking <paramref name="offer"/> from <paramref name="sender"/> now, or null to take it.</summary>
    public string? Problem(BulkOffer offer, IActorRef sender)
    {
        if (sender.IsNobody())
            return "an offer must have a sender";
        if (offer.Target is null || offer.Target.IsNobody() || string.IsNullOrEmpty(offer.Manifest) || offer.Header is null || offer.SlotCounts is null)
            return "no target, manifest, header or sizes";
        if (offer.Target.Path.Address.HasGlobalScope)
            return $"its target {offer.Target.Path} is not in this system";
        if (offer.Manifest == "bo" || !ProtocolManifests.ByManifest.ContainsKey(offer.Manifest))
            return $"'{offer.Manifest}' is not a message the bulk path carries";
        if (offer.HeaderBytes < 0 || Array.Exists(offer.SlotCounts, c => c < 0) || (offer.HeaderBytes > 0) == (offer.Header.Length > 0))
            return "inconsistent sizes (a header goes either inline or in bulk; sizes are not negative)";
        if (offer.Port is < 1 or > 65535)
            return $"port {offer.Port}";
        long bulk = offer.BulkBytes, total = bulk + offer.Header.Length;
        if (bulk == 0 || total > settings.MaxMessageBytes)
            return $"announced size {total} is outside (0, {settings.MaxMessageBytes}] (autograd.wire.max-message-size)";
        if (Bytes + bulk > limits.BufferedBytes)
            return $"{Bytes} bytes are held for transfers already (autograd.limits.buffered-bytes)";
        if (trusts(sender))
            return null;
        if (!takesClients())
            return "this system hosts no nodes: it takes bulk transfers from members only";
        if (offer.Session == Guid.Empty)
            return "a client's transfer must name its session";
        var origin = sender.Path.Address;
        if (ownerOf(offer.Session) is { } owner && !owner.Equals(origin))
            return $"session {offer.Session.ToString("N")[..8]} belongs to another client";
        var held = _held.GetValueOrDefault(origin);
        if (held?.Transfers >= limits.TransfersPerSender)
            return $"{origin} has {held.Transfers} transfers in flight already (autograd.limits.transfers-per-sender)";
        if ((held?.Bytes ?? 0) + bulk > limits.BufferedBytesPerSender)
            return $"{origin} has {held?.Bytes ?? 0} bytes held already (autograd.limits.buffered-bytes-per-sender)";
        return null;
    }

    /// <summary>An offer from <paramref name="origin"/> was taken: its bytes are held until <see cref="Release"/>.</summary>
    public void Hold(Address origin, long bytes)
    {
        if (!_held.TryGetValue(origin, out var held)) _held.Add(origin, held = new Held());
        held.Transfers++;
        held.Bytes += bytes;
        Transfers++;
        Bytes += bytes;
    }

    public void Release(Address origin, long bytes)
    {
        if (!_held.TryGetValue(origin, out var held)) return;
        held.Bytes -= bytes;
        if (--held.Transfers == 0) _held.Remove(origin);
        Transfers--;
        Bytes -= bytes;
    }
}
