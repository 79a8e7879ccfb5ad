using System.Diagnostics;
using Autograd.Client;
using Autograd.Client.Data;
using Autograd.Client.Training;

namespace Autograd.Host.Tests.Integration;

/// <summary>
/// The whole product as deployed: three member processes from deploy/local-cluster.sh (mutual TLS
/// with the development certificates the script writes, each member restarted by the script when it
/// dies) and a remote client in this process holding the client certificate. Bounded: the cluster has
/// 90 s to start, every wait of the client 20 s, a killed member must surface within
/// <see cref="CrashBound"/>, and a restarted one be back within <see cref="RejoinBound"/>.
/// </summary>
public class MultiProcessClusterTests
{
    /// <summary>A crashed member is noticed by the client's remote watch: 4 s acceptable heartbeat
    /// pause plus heartbeat and reaper intervals; the bound leaves room for a loaded machine.</summary>
    private static readonly TimeSpan CrashBound = TimeSpan.FromSeconds(15);

    /// <summary>A killed member is started again after a second and joins through the seeds: about
    /// 5-15 s (a new incarnation waits for the old one to be removed); the bound leaves room.</summary>
    private static readonly TimeSpan RejoinBound = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_remote_client_trains_on_three_member_processes_like_embedded_and_a_killed_member_fails_it_in_bounded_time()
    {
        await using var cluster = await LocalCluster.StartAsync(3, downAfter: TimeSpan.FromSeconds(2));
        var expected = await GradientOfW(await AutogradEngine.StartEmbeddedAsync(new EmbeddedOptions { Members = 3 }));

        await using (var client = await ConnectWhenMembers(cluster, 3))
        {
            Assert.All(client.Hosts, h => Assert.Equal("akka.ssl.tcp", h.Path.Address.Protocol));   // mutual TLS, dev certificates
            AssertClose(expected, await GradientOfW(client, dispose: false), "over processes");

            // The training job runs against the same cluster (--connect), the optimizer stepping on its members.
            var trainOut = Path.Combine(Path.GetTempPath(), $"autograd-train-{Guid.NewGuid():N}");
            try
            {
                var trainOutput = new StringWriter();
                var tls = cluster.ClientTls;
                int exitCode = await Autograd.Host.Train.TrainCommand.RunAsync(
                    ["--connect", cluster.AddressOf(0), "--epochs", "2", "--out", trainOut,
                     "--certificate", tls.CertificatePath!, "--certificate-password", tls.CertificatePassword!, "--ca", tls.CaCertificatePath!],
                    trainOutput);
                Assert.True(exitCode == 0, trainOutput.ToString());
                Assert.Contains("on 3 members", trainOutput.ToString());
                Assert.Matches(@"test accuracy: \d+\.\d%", trainOutput.ToString());
                Assert.True(File.Exists(Path.Combine(trainOut, "model.safetensors")));
            }
            finally
            {
                if (Directory.Exists(trainOut)) Directory.Delete(trainOut, recursive: true);
            }

            // Kill the member holding shard 2 while passes run.
            await using var session = client.NewSession();
            var (x, w, y) = Inputs(session);
            var loss = (x.MatMul(w) - y).Pow(2f).Mean();
            await loss.BackwardAsync(retainGraph: true);
            var clock = Stopwatch.StartNew();
            cluster.Kill(2);
            var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                while (clock.Elapsed < CrashBound * 2)
                {
                    await loss.BackwardAsync(retainGraph: true);
                    await x.MatMul(w).DataAsync();
                }
            });
            Assert.True(clock.Elapsed < CrashBound, $"the crash surfaced after {clock.Elapsed}: {error.Message}");
            Assert.Contains(cluster.AddressOf(2), error.Message);

            // From that moment the same client places new sessions on the two survivors only.
            Assert.Equal(2, client.Hosts.Count);
            Assert.DoesNotContain(client.Hosts, h => h.Path.Address.Port == cluster.BasePort + 2);
            await using var after = client.NewSession();
            AssertClose(expected, await GradientOfW(after), "on two survivors");
        }

        // The script starts the killed member again; it rejoins, and a new client places on all three.
        await using var healed = await ConnectWhenMembers(cluster, 3, RejoinBound);
        Assert.Equal(1, cluster.Restarts(2));
        await using (var session = healed.NewSession())
            AssertClose(expected, await GradientOfW(session), "after the restart");
    }

    [Fact]
    public async Task Training_resumes_from_its_checkpoint_after_a_member_dies_and_a_restarted_first_seed_rejoins_the_running_cluster()
    {
        await using var cluster = await LocalCluster.StartAsync(3, downAfter: TimeSpan.FromSeconds(2));
        var checkpoint = Directory.CreateTempSubdirectory("autograd-resume-").FullName;
        try
        {
            await using (var client = await ConnectWhenMembers(cluster, 3))
            {
                var (train, test) = Digits.TrainTestSplit();
                var options = new TrainingOptions { Epochs = 3, Hidden = 32, Seed = 1 };
                var session = client.NewSession();
                var trainer = new ClassifierTrainer(session, train, test, options);
                await trainer.RunEpochAsync();
                await trainer.SaveAsync(checkpoint);

                // A member dies a few steps into the second epoch: the step in flight fails, naming it.
                var lost = (client.Members.Current.Hosts[1].Path.Address, client.Members.Current.Uids[1]);
                var killedAt = Stopwatch.StartNew();
                var error = await Assert.ThrowsAnyAsync<Exception>(() => trainer.RunEpochAsync(new Callback<StepProgress>(p =>
                {
                    if (p.Step == 3) { cluster.Kill(1); killedAt.Restart(); }
                })));
                Assert.True(killedAt.Elapsed < CrashBound, $"the crash surfaced after {killedAt.Elapsed}: {error.Message}");
                Assert.Contains(cluster.AddressOf(1), error.Message);
                await session.DisposeAsync();

                // A new session goes to the members the client has now (never the dead incarnation) and
                // continues from the last checkpoint: the model and the optimizer's state of epoch 1.
                await using var resumed = client.NewSession();
                var members = client.Members.Current;
                Assert.DoesNotContain(Enumerable.Range(0, members.Hosts.Length), i => (members.Hosts[i].Path.Address, members.Uids[i]) == lost);
                var again = new ClassifierTrainer(resumed, train, test, options);
                await again.ResumeAsync(checkpoint);
                Assert.Equal(1, again.EpochsDone);
                EpochResult? last = null;
                while (again.EpochsDone < options.Epochs) last = await again.RunEpochAsync();
                Assert.True(last!.TestAccuracy > 0.8, $"test accuracy {last.TestAccuracy:P1} after resuming");
            }

            // The killed member, restarted by the script, is back first: the next loss starts from a
            // healed cluster of three (one failure at a time, which is what the seeds are for).
            await OneClusterAsync(cluster, RejoinBound);

            // The first seed dies; the script starts it again with the same seeds, and it joins the
            // running cluster (asking the other seeds first) instead of forming a second one.
            var logBefore = cluster.Log(0).Length;
            cluster.Kill(0);
            var views = await OneClusterAsync(cluster, RejoinBound);
            Assert.All(views, v => Assert.Equal(3, v.Length));
            var restarted = cluster.Log(0)[logBefore..];
            Assert.Contains("Welcome from", restarted);
            Assert.DoesNotContain("is JOINING itself", restarted);
            Assert.Equal(1, cluster.Restarts(0));
        }
        finally
        {
            Directory.Delete(checkpoint, recursive: true);
        }
    }

    /// <summary>
    /// Asks each member alone for the compute members until every one lists the same three (one
    /// cluster, all members up); a member that formed a cluster of its own would list itself only.
    /// </summary>
    private static async Task<string[][]> OneClusterAsync(LocalCluster cluster, TimeSpan bound)
    {
        var until = DateTime.UtcNow + bound;
        while (true)
        {
            var views = new string[cluster.Members][];
            for (int i = 0; i < cluster.Members; i++)
            {
                try
                {
                    await using var engine = await AutogradEngine.ConnectAsync(new ClientOptions
                    {
                        ContactPoints = [cluster.AddressOf(i)],
                        Timeout = TimeSpan.FromSeconds(5),
                        Tls = cluster.ClientTls,
                    });
                    views[i] = engine.Hosts.Select(h => h.Path.Address.ToString()).Order().ToArray();
                }
                catch (AutogradException)
                {
                    views[i] = [];   // not up yet
                }
            }
            if (views.All(v => v.Length == cluster.Members && v.SequenceEqual(views[0]))) return views;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"not one cluster of {cluster.Members} within {bound}: " +
                    string.Join(" | ", views.Select((v, i) => $"member {i} sees [{string.Join(", ", v)}]")) + cluster.LogTails(20));
            await Task.Delay(1000);
        }
    }

    private static async Task<AutogradEngine> ConnectWhenMembers(LocalCluster cluster, int members, TimeSpan? bound = null)
    {
        var deadline = bound ?? TimeSpan.FromSeconds(30);
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            AutogradEngine? engine = null;
            try
            {
                engine = await AutogradEngine.ConnectAsync(new ClientOptions
                {
                    ContactPoints = [cluster.AddressOf(0), cluster.AddressOf(1)],
                    Timeout = ClientTimeout,
                    Tls = cluster.ClientTls,
                });
                if (engine.Hosts.Count == members) return engine;
            }
            catch (AutogradException) when (DateTime.UtcNow < until)
            {
                // neither contact point is up at the moment (one was just killed and is starting again)
            }
            if (engine is not null) await engine.DisposeAsync();
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"the cluster did not have {members} compute members within {deadline}");
            await Task.Delay(500);
        }
    }

    /// <summary>The parameter-server step: W replicated, X and Y row-sharded over 3 members.</summary>
    private static async Task<float[]> GradientOfW(AutogradEngine engine, bool dispose = true)
    {
        try
        {
            await using var session = engine.NewSession();
            return await GradientOfW(session);
        }
        finally
        {
            if (dispose) await engine.DisposeAsync();
        }
    }

    private static async Task<float[]> GradientOfW(Session session)
    {
        var (x, w, y) = Inputs(session);
        await (x.MatMul(w) - y).Pow(2f).Mean().BackwardAsync();
        return (await w.GradAsync())!.ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual, string where)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= 1e-4f * (1 + MathF.Abs(expected[i])),
                $"dW[{i}] = {actual[i]} {where}, {expected[i]} embedded");
    }

    private static (Variable X, Variable W, Variable Y) Inputs(Session session) => (
        session.Variable(Tensor.RandomUniform(1, -1f, 1f, 96, 32), sharding: Sharding.Rows(3)),
        session.Variable(Tensor.RandomUniform(2, -1f, 1f, 32, 4), requiresGrad: true),
        session.Variable(Tensor.RandomUniform(3, -1f, 1f, 96, 4), sharding: Sharding.Rows(3)));

    /// <summary>Calls back on the reporting thread (Progress&lt;T&gt; posts to the thread pool, too late to act on a step).</summary>
    private sealed class Callback<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
