using System.Diagnostics;
using Akka.Actor;
using Autograd.Client;

namespace Autograd.Bench;

/// <summary>
/// The actor system's own cost in the engine's actor system, on the compute dispatcher the
/// node actors use: creating (and stopping) an empty child actor, and one one-way message
/// hop between two actors: what a graph node would cost if each node were its own Akka
/// actor (the engine hosts nodes as logical actors inside the member's node host instead).
/// </summary>
internal static class AkkaFloor
{
    public static async Task<(TimeSpan PerChild, TimeSpan PerHop)> MeasureAsync(AutogradEngine engine, int children, int hops)
    {
        var props = Props.Create<Prober>().WithDispatcher(AutogradConfig.ComputeDispatcher);
        var prober = engine.System.ActorOf(props);
        try
        {
            var spawn = await prober.Ask<TimeSpan>(new SpawnChildren(children), engine.Timeout);
            var pingPong = await prober.Ask<TimeSpan>(new PingPong(hops), engine.Timeout);
            return (spawn / children, pingPong / hops);
        }
        finally
        {
            engine.System.Stop(prober);
        }
    }

    private sealed record SpawnChildren(int Count);

    private sealed record PingPong(int Hops);

    private sealed record Ball(int Left);

    private sealed class Empty : ReceiveActor;

    private sealed class Prober : ReceiveActor
    {
        private IActorRef? _asker;
        private Stopwatch? _clock;

        public Prober()
        {
            Receive<SpawnChildren>(spawn =>
            {
                var clock = Stopwatch.StartNew();
                var props = Props.Create<Empty>().WithDispatcher(AutogradConfig.ComputeDispatcher);
                var created = new IActorRef[spawn.Count];
                for (int i = 0; i < created.Length; i++) created[i] = Context.ActorOf(props);
                foreach (var child in created) Context.Stop(child);
                Sender.Tell(clock.Elapsed);
            });
            Receive<PingPong>(start =>
            {
                _asker = Sender;
                _clock = Stopwatch.StartNew();
                var partner = Context.ActorOf(Props.Create<Returner>().WithDispatcher(AutogradConfig.ComputeDispatcher));
                partner.Tell(new Ball(start.Hops - 1));
            });
            Receive<Ball>(ball =>
            {
                if (ball.Left <= 0)
                {
                    _asker!.Tell(_clock!.Elapsed);
                    Context.Stop(Sender);
                }
                else
                {
                    Sender.Tell(new Ball(ball.Left - 1));
                }
            });
        }
    }

    private sealed class Returner : ReceiveActor
    {
        public Returner() => Receive<Ball>(ball => Sender.Tell(new Ball(ball.Left - 1)));
    }
}
