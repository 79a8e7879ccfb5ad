using System.Diagnostics;
using Autograd.Client;

namespace Autograd.Host.Tests.Integration;

/// <summary>
/// The whole product as deployed: three member processes from deploy/local-cluster.sh (mutual TLS
/// with the development certificates the script writes) and a remote client in this process
/// holding the client certificate. Bounded: the cluster has 90 s to start, every wait of the
/// client 20 s, and a killed member must surface within <see cref="CrashBound"/>.
/// </summary>
public class MultiProcessClusterTests
{
    /// <summary>A crashed member is noticed by the client's remote watch: 4 s acceptable heartbeat
    /// pause plus heartbeat and reaper intervals; the bound leaves room for a loaded machine.</summary>
    private static readonly TimeSpan CrashBound = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_remote_client_trains_on_three_member_processes_like_embedded_and_a_killed_member_fails_it_in_bounded_time()
    {
        await using var cluster = await LocalCluster.StartAsync(3, downAfter: TimeSpan.FromSeconds(2));
        var expected = await GradientOfW(await AutogradEngine.StartEmbeddedAsync(new EmbeddedOptions { Members = 3 }));

        await using (var client = await ConnectWhenMembers(cluster, 3))
        {
            Assert.All(client.Hosts, h => Assert.Equal("akka.ssl.tcp", h.Path.Address.Protocol));   // mutual TLS, dev certificates
            var actual = await GradientOfW(client, dispose: false);
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(MathF.Abs(expected[i] - actual[i]) <= 1e-4f * (1 + MathF.Abs(expected[i])),
                    $"dW[{i}] = {actual[i]} over processes, {expected[i]} embedded");

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
            Assert.Contains($"127.0.0.1:{cluster.BasePort + 2}", error.Message);

            // The same client places new sessions on the two survivors once they have downed the third.
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (client.Hosts.Count != 2)
            {
                Assert.True(DateTime.UtcNow < until, "the client still places on the killed member after 30 s");
                await Task.Delay(200);
            }
            await using var after = client.NewSession();
            var (x2, w2, y2) = Inputs(after);
            await (x2.MatMul(w2) - y2).Pow(2f).Mean().BackwardAsync();
            var again = (await w2.GradAsync())!.ToArray();
            for (int i = 0; i < expected.Length; i++)
                Assert.True(MathF.Abs(expected[i] - again[i]) <= 1e-4f * (1 + MathF.Abs(expected[i])),
                    $"dW[{i}] = {again[i]} on two survivors, {expected[i]} embedded");
        }

        // The two survivors down the dead member and serve a new client.
        var survivors = await ConnectWhenMembers(cluster, 2);
        await using (survivors)
        {
            await using var session = survivors.NewSession();
            var v = session.Variable(Tensor.Ones(4, 2), requiresGrad: true, sharding: Sharding.Rows(2));
            await v.Sum().BackwardAsync();
            Assert.Equal(Enumerable.Repeat(1f, 8), (await v.GradAsync())!.ToArray());
        }
    }

    private static async Task<AutogradEngine> ConnectWhenMembers(LocalCluster cluster, int members)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var engine = await AutogradEngine.ConnectAsync(new ClientOptions
            {
                ContactPoints = [cluster.AddressOf(0), cluster.AddressOf(1)],
                Timeout = ClientTimeout,
                Tls = cluster.ClientTls,
            });
            if (engine.Hosts.Count == members) return engine;
            await engine.DisposeAsync();
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"the cluster did not have {members} compute members within 30 s");
            await Task.Delay(500);
        }
    }

    /// <summary>The parameter-server step: W replicated, X and Y row-sharded over 3 members.</summary>
    private static async Task<float[]> GradientOfW(AutogradEngine engine, bool dispose = true)
    {
        try
        {
            await using var session = engine.NewSession();
            var (x, w, y) = Inputs(session);
            await (x.MatMul(w) - y).Pow(2f).Mean().BackwardAsync();
            return (await w.GradAsync())!.ToArray();
        }
        finally
        {
            if (dispose) await engine.DisposeAsync();
        }
    }

    private static (Variable X, Variable W, Variable Y) Inputs(Session session) => (
        session.Variable(Tensor.RandomUniform(1, -1f, 1f, 96, 32), sharding: Sharding.Rows(3)),
        session.Variable(Tensor.RandomUniform(2, -1f, 1f, 32, 4), requiresGrad: true),
        session.Variable(Tensor.RandomUniform(3, -1f, 1f, 96, 4), sharding: Sharding.Rows(3)));
}
