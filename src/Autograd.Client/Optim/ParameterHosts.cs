using Akka.Actor;

namespace Autograd.Client.Optim;

/// <summary>
/// An optimizer's parameters grouped by the member that holds them (each shard of a sharded
/// parameter on its own member): one <see cref="Protocol.StepParameters"/> per group is a step.
/// Parameters never move, so the grouping is made once.
/// </summary>
internal sealed class ParameterHosts
{
    public sealed record Group(Session Session, IActorRef Host, long[] Seqs);

    public ParameterHosts(IReadOnlyList<Variable> parameters)
    {
        Groups = parameters
            .SelectMany(p => p.Nodes)
            .GroupBy(node => (node.Session, node.Ref.Host))
            .Select(g => new Group(g.Key.Session, g.Key.Host, g.Select(node => node.Id.Seq).ToArray()))
            .ToArray();
    }

    public IReadOnlyList<Group> Groups { get; }
}
