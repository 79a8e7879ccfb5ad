namespace Autograd.Client;

/// <summary>How <see cref="AutogradEngine.ConnectAsync"/> reaches a running cluster.</summary>
public sealed record ClientOptions
{
    /// <summary>Member addresses to ask for the cluster's compute members, tried in order,
    /// e.g. <c>akka.tcp://autograd@127.0.0.1:4053</c>.</summary>
    public IReadOnlyList<string> ContactPoints { get; init; } = [];

    /// <summary>The address this client binds and members reply to; it must be reachable from every member.</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>The client's port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Deadline of every wait: connecting, values, gradients, backward passes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
