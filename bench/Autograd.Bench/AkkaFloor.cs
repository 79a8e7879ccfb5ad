using System.Diagnostics;
using Akka.Actor;
using Autograd.Client;

namespace Autograd.Bench;

/// <summary>
/// The actor system's own cost in the engine's actor system, on the compute dispatcher the node
/// actors use: the life of one child actor as a node actor lives it (created by its parent, sent
/// one message it answers, then watched, told to stop itself and its termination seen), for three ways of
/// making its <see cref="Props"/>, and one one-way message hop between two actors. Wall time
/// and the process's CPU time per actor are both printed: on a loaded machine the CPU time is
/// the steadier figure.
/// </summary>
internal static class AkkaFloor
{
    /// <summary>How a child's Props are made: per child from an expression, per child by type and arguments, or one cached Props with a producer (what <see cref="Actors.NodeHost"/> does).</summary>
    public enum PropsKind { Expression, TypeAndArguments, CachedProducer }

    public sealed record Lifecycle(PropsKind Kind, double CreateUs, double StopUs, double CpuUs);

    public static async Task<Lifecycle> MeasureLifecycleAsync(AutogradEngine engine, PropsKind kind, int children)
    {
        var prober = engine.System.ActorOf(Props.Create(() => new Prober()).WithDispatcher(AutogradConfig.ComputeDispatcher));
        try
        {
            using var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var (create, stop) = await prober.Ask<(TimeSpan, TimeSpan)>(new Spawn(kind, children), TimeSpan.FromMinutes(2));
            process.Refresh();
            return new Lifecycle(kind, create.TotalMicroseconds / children, stop.TotalMicroseconds / children,
                (process.TotalProcessorTime - cpu).TotalMicroseconds / children);
        }
        finally
        {
            engine.System.Stop(prober);
        }
    }

    public static async Task<TimeSpan> MeasureHopAsync(AutogradEngine engine, int hops)
    {
        var prober = engine.System.ActorOf(Props.Create(() => new Prober()).WithDispatcher(AutogradConfig.ComputeDispatcher));
        try
        {
            return await prober.Ask<TimeSpan>(new PingPong(hops), engine.Timeout) / hops;
        }
        finally
        {
            engine.System.Stop(prober);
        }
    }

    private sealed record Spawn(PropsKind Kind, int Count);

    private sealed record PingPong(int Hops);

    private sealed record Ball(int Left);

    private sealed class Child(long id) : UntypedActor
    {
        public long Id { get; } = id;

        protected override void OnReceive(object message) => Sender.Tell(message);
    }

    private sealed class ChildProducer : IIndirectActorProducer
    {
        public Type ActorType => typeof(Child);

        public ActorBase Produce() => new Child(0);

        public void Release(ActorBase actor)
        {
            // nothing to release
        }
    }

    private sealed class Prober : UntypedActor
    {
        private readonly Props _cached = Props.CreateBy(new ChildProducer())
            .WithDispatcher(AutogradConfig.ComputeDispatcher).WithMailbox("akka.actor.default-mailbox");
        private readonly Stopwatch _clock = new();
        private readonly List<IActorRef> _children = [];
        private IActorRef? _asker;
        private TimeSpan _created;
        private int _waiting;

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Spawn spawn:
                    _asker = Sender;
                    _clock.Restart();
                    for (int i = 0; i < spawn.Count; i++)
                    {
                        long id = i;
                        var props = spawn.Kind switch
                        {
                            PropsKind.Expression => Props.Create(() => new Child(id)).WithDispatcher(AutogradConfig.ComputeDispatcher),
                            PropsKind.TypeAndArguments => Props.Create(typeof(Child), id).WithDispatcher(AutogradConfig.ComputeDispatcher),
                            _ => _cached,
                        };
                        var child = Context.ActorOf(props);
                        _children.Add(child);
                        child.Tell(i);
                    }
                    _waiting = spawn.Count;
                    break;
                case int:
                    if (--_waiting > 0) break;
                    _created = _clock.Elapsed;
                    _clock.Restart();
                    _waiting = _children.Count;
                    foreach (var child in _children)
                    {
                        Context.Watch(child);
                        child.Tell(PoisonPill.Instance);  // as the node host frees a session
                    }
                    break;
                case Terminated:
                    if (--_waiting > 0) break;
                    _children.Clear();
                    _asker!.Tell((_created, _clock.Elapsed));
                    break;
                case PingPong start:
                    _asker = Sender;
                    _clock.Restart();
                    Context.ActorOf(Props.Create(() => new Returner()).WithDispatcher(AutogradConfig.ComputeDispatcher))
                        .Tell(new Ball(start.Hops - 1));
                    break;
                case Ball { Left: <= 0 }:
                    _asker!.Tell(_clock.Elapsed);
                    Context.Stop(Sender);
                    break;
                case Ball ball:
                    Sender.Tell(new Ball(ball.Left - 1));
                    break;
            }
        }
    }

    private sealed class Returner : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is Ball ball) Sender.Tell(new Ball(ball.Left - 1));
        }
    }
}
