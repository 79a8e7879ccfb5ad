using Akka.Actor;
using Akka.Configuration;
using Autograd.Client;
using Autograd.Client.Cluster;

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
            await using var client = await AutogradEngine.ConnectAsync(new ClientOptions { ContactPoints = [seed], Timeout = timeout });
            await using var session = client.NewSession();
            int count = 100 * 1024 * 1024 / sizeof(float);
            var data = new float[count];
            for (int i = 0; i < count; i++) data[i] = (i % 1000) * 0.25f;

            var x = session.Variable(Tensor.FromArray(data, 1024, count / 1024));   // client → member, in chunks
            var y = await (x * 2f).DataAsync();                                     // member → client, in chunks

            Assert.Equal(new[] { 1024, count / 1024 }, y.Shape);
            var values = y.Span;
            for (int i = 0; i < count; i++)
                if (values[i] != data[i] * 2f)
                    Assert.Fail($"element {i} is {values[i]}, expected {data[i] * 2f}");
        }
        finally
        {
            await Task.WhenAll(members.Select(m => m.Terminate()));
        }
    }
}
