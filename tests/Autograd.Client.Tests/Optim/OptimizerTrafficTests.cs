using Akka.Actor;
using Autograd.Client.Optim;
using Autograd.Protocol;
using Autograd.Protocol.Serialization;
using Xunit.Abstractions;

namespace Autograd.Client.Tests.Optim;

/// <summary>
/// What a training step costs on the network of an embedded three-member cluster (members talk over
/// loopback TCP, so everything counted here is what would cross machines): the optimizer's step
/// and zero-grad move no value, gradient or state, only one small message each way per member.
/// </summary>
public sealed class OptimizerTrafficTests(ITestOutputHelper output) : IAsyncLifetime
{
    private AutogradEngine _engine = null!;

    public async Task InitializeAsync() =>
        // serialize-messages off: the counters then see only what really crosses members
        _engine = await AutogradEngine.StartEmbeddedAsync(new EmbeddedOptions { Members = 3, Timeout = TimeSpan.FromSeconds(20) });

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private long BytesBetweenMembers() =>
        _engine.OtherMemberSystems.Append(_engine.System)
            .Sum(system => ((AutogradSerializer)system.Serialization.FindSerializerForType(typeof(GetValue))).BytesRead);

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public async Task A_step_moves_no_tensor_between_members(string kind)
    {
        await using var s = _engine.NewSession();
        var w = s.Variable(Tensor.RandomUniform(1, -1f, 1f, 256, 128), requiresGrad: true);                          // on member 0
        var v = s.Variable(Tensor.RandomUniform(2, -1f, 1f, 300, 128), requiresGrad: true, sharding: Sharding.Rows(3));  // on all three
        var x = s.Variable(Tensor.RandomUniform(3, -1f, 1f, 300, 256), sharding: Sharding.Rows(3));
        Optimizer optimizer = kind == "sgd" ? new Sgd([w, v], lr: 0.1f, momentum: 0.9f) : new Adam([w, v], amsgrad: true);
        long parameterBytes = (256 * 128 + 300 * 128) * sizeof(float);

        for (int step = 0; step < 3; step++)
        {
            await optimizer.ZeroGradAsync();
            long beforeBackward = BytesBetweenMembers();
            await (x.MatMul(w) * v).Pow(2f).Mean().BackwardAsync();
            long backward = BytesBetweenMembers() - beforeBackward;

            long beforeStep = BytesBetweenMembers();
            await optimizer.StepAsync();
            await optimizer.SettledAsync();   // a step is sent, not waited for: count its answers too
            long stepBytes = BytesBetweenMembers() - beforeStep;
            long beforeZero = BytesBetweenMembers();
            await optimizer.ZeroGradAsync();
            await optimizer.SettledAsync();
            long zeroBytes = BytesBetweenMembers() - beforeZero;

            output.WriteLine($"{kind} step {step + 1}: forward+backward {backward} B between members, " +
                             $"optimizer step {stepBytes} B, zero_grad {zeroBytes} B (parameters: {parameterBytes} B)");
            Assert.True(backward > 2 * 256 * 128 * sizeof(float), "the forward broadcasts W to the two other members");
            // two members other than the client's hold parameters: one request and one answer each
            Assert.InRange(stepBytes, 1, 1024);
            Assert.InRange(zeroBytes, 1, 512);
        }
    }
}
