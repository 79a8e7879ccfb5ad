using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace Autograd.Host.Member;

/// <summary>
/// Logs membership changes as one line each, ending with the count of up members with the
/// compute role. deploy/local-cluster.sh waits for "up compute members: N" to know the
/// cluster is ready, so keep that wording.
/// </summary>
public sealed class ClusterStatusLogger : ReceiveActor
{
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _computeRole;

    // Counted from the events themselves: Cluster.State lags behind the event being handled.
    private ImmutableHashSet<Address> _upCompute = [];

    public static Props Props(string computeRole) => Akka.Actor.Props.Create(() => new ClusterStatusLogger(computeRole));

    public ClusterStatusLogger(string computeRole)
    {
        _computeRole = computeRole;
        Receive<ClusterEvent.MemberUp>(e =>
        {
            if (e.Member.HasRole(_computeRole))
                _upCompute = _upCompute.Add(e.Member.Address);
            LogCount("member up", e.Member);
        });
        Receive<ClusterEvent.MemberExited>(e => Remove("member leaving", e.Member));
        Receive<ClusterEvent.MemberRemoved>(e => Remove($"member removed (was {e.PreviousStatus})", e.Member));
        Receive<ClusterEvent.UnreachableMember>(e => _log.Warning("member unreachable: {0}", Describe(e.Member)));
        Receive<ClusterEvent.ReachableMember>(e => _log.Info("member reachable again: {0}", Describe(e.Member)));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    protected override void PreStart()
    {
        _log.Info("autograd member starting at {0} with roles [{1}]",
            _cluster.SelfAddress, string.Join(",", _cluster.SelfRoles));
        _cluster.Subscribe(Self, ClusterEvent.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Remove(string what, Akka.Cluster.Member member)
    {
        _upCompute = _upCompute.Remove(member.Address);
        LogCount(what, member);
    }

    private void LogCount(string what, Akka.Cluster.Member member) =>
        _log.Info("{0}: {1}; up compute members: {2}", what, Describe(member), _upCompute.Count);

    private static string Describe(Akka.Cluster.Member member) =>
        $"{member.Address} [{string.Join(",", member.Roles)}]";
}
