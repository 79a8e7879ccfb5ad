using Akka.Actor;
using Autograd.Actors;
using Autograd.Client.Graph;
using Autograd.Protocol;

namespace Autograd.Client;

/// <summary>
/// Starts one backward pass: validates as PyTorch does, plans the dependency counts, starts the
/// tracker, then sends one plan per host and the seed gradient to the root.
/// </summary>
internal static class BackwardPass
{
    public static Task Start(Variable root, Tensor? gradient, bool retainGraph)
    {
        var session = root.Session;
        session.ThrowIfDisposed();
        if (!root.RequiresGrad)
            throw new InvalidOperationException("element 0 of tensors does not require grad and does not have a grad_fn");
        if (gradient is null)
        {
            if (Tensor.CheckShape(root.ShapeView) != 1)
                throw new InvalidOperationException(
                    $"grad can be implicitly created only for scalar outputs (node {root.Id} has shape {Tensor.ShapeText(root.ShapeView)})");
            gradient = Tensor.Ones(root.ShapeView);
        }
        else if (!gradient.Dims.SequenceEqual(root.ShapeView))
        {
            throw new ArgumentException(
                $"Mismatch in shape: grad_output[0] has a shape of {Tensor.ShapeText(gradient.Dims)} and output[0] has a shape of {Tensor.ShapeText(root.ShapeView)}",
                nameof(gradient));
        }

        var plan = DependencyCounter.Count(root);  // throws if an earlier pass freed the graph
        if (!retainGraph)
            foreach (var node in plan.Nodes)
                if (node is Variable { IsLeaf: false } v && ((IBackwardNode)v).SavesTensors) v.MarkSavedTensorsFreed();

        var engine = session.Engine;
        // A member already lost would never answer, nor be reported lost again: fail now, naming it.
        if (session.MemberLost.IsCompleted)
            return Task.FromException(new AutogradException($"backward pass failed: member {session.MemberLost.Result} left the cluster or crashed"));
        var pass = engine.NextPass();
        var byHost = GroupByHost(plan);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var leaves = new NodeId[plan.Leaves.Count];
        var leavesByHost = new Dictionary<IActorRef, int>();
        for (int i = 0; i < leaves.Length; i++)
        {
            var leaf = (Variable)plan.Leaves[i];
            leaves[i] = leaf.Id;
            leavesByHost[leaf.Ref.Host] = leavesByHost.GetValueOrDefault(leaf.Ref.Host) + 1;
        }
        // The tracker hears of the pass before any host does, so no report can overtake it.
        engine.Tracker.Track(pass, leaves, [.. byHost.Keys], done);
        session.PassStarted(done.Task);
        var seed = new Gradient(root.Id, pass, gradient);
        foreach (var (host, (seqs, counts)) in byHost)
        {
            bool rootsHost = host.Equals(root.Ref.Host);  // the seed rides with the root host's plan
            // Posted after the definitions the plan names (in one bundle with them); a plan carrying a
            // large seed, or counting a huge graph, goes alone on the bulk path instead.
            // The host gathers its leaves' reports into one message when it has several.
            session.Post(host, new BackwardPlan(session.Id, pass, [.. seqs], [.. counts], retainGraph, engine.Tracker, rootsHost ? seed : null,
                leavesByHost.GetValueOrDefault(host)));
        }
        session.Flush();
        GC.KeepAlive(plan);  // no node of the pass may be released before its plan is sent
        return done.Task;
    }

    private static Dictionary<IActorRef, (List<long> Seqs, List<int> Counts)> GroupByHost(DependencyCounts plan)
    {
        var byHost = new Dictionary<IActorRef, (List<long>, List<int>)>();
        IActorRef? lastHost = null;
        List<long> seqs = [];
        List<int> counts = [];
        for (int i = 0; i < plan.Nodes.Count; i++)
        {
            var node = (Variable)plan.Nodes[i];
            var host = node.Ref.Host;
            // Consecutive nodes mostly share a host: look the host up only when it changes.
            if (!ReferenceEquals(host, lastHost))
            {
                if (!byHost.TryGetValue(host, out var lists))
                    byHost.Add(host, lists = (new List<long>(plan.Nodes.Count), new List<int>(plan.Nodes.Count)));
                (seqs, counts) = lists;
                lastHost = host;
            }
            seqs.Add(node.Id.Seq);
            counts.Add(plan.Counts[i]);
        }
        return byHost;
    }
}
