using Akka.Actor;
using Akka.Configuration;
using Autograd.Client;
using Autograd.Client.Cluster;
using Autograd.Transport;

namespace Autograd.Client.Tests.Cluster;

public class LargeTensorTests
{
    [Fact]
    public async Task A_100_MB_tensor_goes_to_a_member_and_its_result_comes_back_intact()
    {
        var timeout = TimeSpan.FromSeconds(60);
        var (members, _) = await EmbeddedCluster.StartAsync(1,
            ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(AutogradConfig.Default), timeout);
        try
        {
            var seed = ((ExtendedActorSystem)members[0]).Provider.DefaultAddress.ToString();
            await using var client = await AutogradEngine.ConnectAsync(new ClientOptions { ContactPoints = [seed], Timeout = timeout, Tls = TlsSettings.PlainText });
            await using var session = client.NewSession();
            int count = 100 * 1024 * 1024 / sizeof(float);
            var data = new float[count];
            for (int i = 0; i < count; i++) data[i] = (i % 1000) * 0.25f;

            var x = session.Variable(Tensor.FromArray(data, 1024, count / 1024));   // client → member, on the bulk path
            var y = await (x * 2f).DataAsync();                                     // member → client, on the bulk path

            Assert.Equal(new[] { 1024, count / 1024 }, y.Shape);
            var values = y.Span;
            for (int i = 0; i < count; i++)
                if (values[i] != data[i] * 2f)
                    Assert.Fail($"element {i} is {values[i]}, expected {data[i] * 2f}");
        }
        finally
        {
            await EmbeddedCluster.StopAsync(members, TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task Values_and_gradients_larger_than_a_frame_go_node_actor_to_node_actor_between_members()
    {
        // 8 MB per tensor, twice the 4 MiB frame: without the bulk path, remoting would drop them.
        await using var engine = await AutogradEngine.StartEmbeddedAsync(new EmbeddedOptions
        {
            Members = 2,
            Timeout = TimeSpan.FromSeconds(60),
        });
        await using var session = engine.NewSession();
        int n = 2 * 1024 * 1024;
        var rows = new float[2 * n];
        var weights = new float[n];
        for (int i = 0; i < n; i++)
        {
            rows[i] = (i % 7) * 0.5f;
            rows[n + i] = (i % 5) - 2f;
            weights[i] = (i % 11) * 0.25f;
        }
        var x = session.Variable(Tensor.FromArray(rows, 2, n), requiresGrad: true, sharding: Sharding.Rows(2));
        var w = session.Variable(Tensor.FromArray(weights, n), requiresGrad: true);
        Assert.Equal(2, x.Placement.Distinct().Count());

        // w's value is broadcast to the shard on the other member; that shard's gradient for w comes back.
        await (x * w).Sum().BackwardAsync();

        var gradW = (await w.GradAsync())!.ToArray();
        var gradX = (await x.GradAsync())!.ToArray();
        for (int i = 0; i < n; i++)
        {
            if (gradW[i] != rows[i] + rows[n + i]) Assert.Fail($"w.grad[{i}] is {gradW[i]}, expected {rows[i] + rows[n + i]}");
            if (gradX[i] != weights[i] || gradX[n + i] != weights[i])
                Assert.Fail($"x.grad[:, {i}] is ({gradX[i]}, {gradX[n + i]}), expected {weights[i]} in both rows");
        }
    }
}
