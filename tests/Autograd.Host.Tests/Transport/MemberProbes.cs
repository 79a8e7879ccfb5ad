using Akka.Actor;
using Akka.Event;
using Autograd.Client;
using Autograd.Transport;

namespace Autograd.Host.Tests.Transport;

/// <summary>What tests of a member's transport use to reach it and to watch its log.</summary>
internal static class MemberProbes
{
    /// <summary>Connects a client, retrying while the member's cluster is still forming, until <paramref name="deadline"/>.</summary>
    public static async Task<AutogradEngine> ConnectWithinAsync(TlsSettings tls, string contact, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            try
            {
                return await AutogradEngine.ConnectAsync(new ClientOptions { ContactPoints = [contact], Tls = tls, Timeout = TimeSpan.FromSeconds(5) });
            }
            catch (TimeoutException) when (DateTime.UtcNow < until)
            {
                // the member's cluster is still forming (no compute member up yet)
            }
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, failing after <paramref name="deadline"/> with <paramref name="what"/>.</summary>
    public static async Task WaitUntil(Func<bool> condition, TimeSpan deadline, string what)
    {
        var until = DateTime.UtcNow + deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"not within {deadline.TotalSeconds:0.#} s: {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>The first warning <paramref name="system"/> logs that contains <paramref name="text"/>.</summary>
    public static Task<string> WarningContaining(ActorSystem system, string text)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = system.ActorOf(Props.Create(() => new WarningListener(text, found)));
        system.EventStream.Subscribe(listener, typeof(Warning));
        return found.Task;
    }

    private sealed class WarningListener : ReceiveActor
    {
        public WarningListener(string text, TaskCompletionSource<string> found) =>
            Receive<Warning>(w =>
            {
                var message = w.ToString();
                if (!message.Contains(text, StringComparison.Ordinal)) return;
                found.TrySetResult(message);
                Context.Stop(Self);
            });
    }
}
