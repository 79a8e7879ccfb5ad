using System.Reflection;
using Akka.Actor;
using Akka.Serialization;
using Autograd.Ops;
using Autograd.Protocol;
using Autograd.Protocol.Serialization;

namespace Autograd.Nodes.Tests.Protocol;

public sealed class SerializerTests : Akka.TestKit.Xunit2.TestKit
{
    public SerializerTests() : base(AutogradConfig.Default) { }

    private static readonly NodeId Node = new(Guid.NewGuid(), 42);
    private static readonly Tensor Matrix = Tensor.FromArray([1.5f, -2f, float.NaN, 1e-30f, 3f, 0f], 2, 3);

    /// <summary>One instance of every message type, with every field set to something telling.</summary>
    private IEnumerable<IAutogradMessage> Samples()
    {
        var actor = TestActor;
        var nodeRef = new NodeRef(actor, Node);
        yield return new CreateLeaf(Node, Matrix, true);
        yield return new CreateBatch([new CreateOp(Node, new OpSpec("reshape", 2.5f, -1, true, [3, -1]), [nodeRef, nodeRef with { Id = Node with { Seq = 7 } }], [true, false])], []);
        yield return new CreateBatch([new CreateOp(Node, new OpSpec("add"), [nodeRef, nodeRef], [true, false])],
            [new Subscribe(Node with { Seq = 3 }, actor, Node, 1)]);
        yield return new CreateDetached(Node, nodeRef);
        yield return new Subscribe(Node, actor, Node with { Seq = 8 }, 1);
        yield return new InputValue(Node, 1, Tensor.Scalar(3f));
        yield return new InputFailed(Node, Node with { Seq = 3 }, "log", "bad");
        yield return new RequestFailed(17, Node, "matmul", "size mismatch");
        yield return new GetValue(Node, 17);
        yield return new NodeValue(17, Node, Matrix);
        yield return new Rejected(17, "GetValue", "session freed");
        yield return new BackwardPlan(Node.Session, 9, [1, 2, long.MaxValue], [1, 2, 3], true, actor);
        yield return new BackwardPlan(Node.Session, 9, [1], [1], false, actor, new Gradient(Node, 9, Tensor.Scalar(1f)));
        yield return new Gradient(Node, 9, Matrix);
        yield return new LeafDone(9, Node);
        yield return new LeavesDone(9, Node.Session, [1, 2, 3]);
        yield return new BackwardPlan(Node.Session, 9, [1, 2], [1, 1], false, actor, Leaves: 2);
        yield return new PassFailed(9, Node, "exp", "boom");
        yield return new GetGrad(Node, long.MaxValue);
        yield return new NodeGrad(long.MaxValue, Node, Matrix);
        yield return new NodeGrad(1, Node, null);
        yield return new ZeroGrad(Node, 2);
        yield return new GradZeroed(2, Node);
        yield return new FreeSession(Node.Session);
        yield return new SessionFreed(Node.Session, 12);
        yield return new DefineNode(new CreateOp(Node, new OpSpec("add"), [nodeRef, nodeRef], [true, true]), null, [actor, null]);
        yield return new DefineNode(null, new CreateDetached(Node, nodeRef), [actor]);
        yield return new PassPlan(Node, 9, 2, true, actor);
        yield return new ReleaseNodes(Node.Session, [3, 5, long.MaxValue]);
        yield return new GetHostStats();
        yield return new HostStats(1, 2, 3);
        // the cluster's messages (issue 4)
        yield return new Autograd.Wire.BulkOffer(Guid.NewGuid(), actor, "iv", [1, 2, 3], 0, [1 << 20, 7], 40123, Node.Session);
        yield return new Autograd.Wire.BulkOffer(Guid.NewGuid(), actor, "bp", [], 5_000_000, [], 1, Guid.Empty);
        yield return new Autograd.Cluster.GetComputeMembers();
        yield return new Autograd.Cluster.ComputeMembers([actor, actor], ["akka.tcp://autograd@10.0.0.1:4053", "akka.tcp://autograd@10.0.0.2:4053"], [7, int.MinValue]);
        yield return new Autograd.Cluster.OpenSession(Node.Session, actor);
        yield return new Autograd.Cluster.CloseSession(Node.Session);
        // training (issue 8)
        var adam = new Autograd.Optim.OptimizerSpec("adam", 0.01f, 0.1f, Beta1: 0.8f, Beta2: 0.99f, Eps: 1e-6f, Amsgrad: true);
        yield return new StepParameters(Node.Session, 5, [1, 2, long.MaxValue], adam);
        yield return new ZeroGrads(Node.Session, 6, [4]);
        yield return new StepParameter(Node, 5, new Autograd.Optim.OptimizerSpec("sgd", 0.1f, 0f, 0.9f, 0.1f, true));
        yield return new ParameterStepped(5, Node, true);
        yield return new ParametersDone(5, 3, 1);
        yield return new GetParameterState(Node, 7);
        yield return new ParameterStateValue(7, Node, ["step", "exp_avg"], [Tensor.Scalar(3f), Matrix]);
        yield return new SetParameterState(Node, 8, ["momentum_buffer"], [Matrix]);
        yield return new AssignValue(Node, 9, Matrix);
        yield return new NodeUpdated(9, Node);
        // one step's messages in one (issue 12)
        yield return new Bundle([new StepParameters(Node.Session, 5, [1, 2], adam), new ZeroGrads(Node.Session, 6, [1, 2]),
            new CreateBatch([new CreateOp(Node, new OpSpec("relu"), [nodeRef], [true])], []),
            new BackwardPlan(Node.Session, 9, [42], [1], false, actor, new Gradient(Node, 9, Matrix), 1)]);
    }

    private SerializerWithStringManifest Serializer =>
        Assert.IsType<AutogradSerializer>(Sys.Serialization.FindSerializerForType(typeof(GetValue)));

    private object RoundTrip(object message)
    {
        var bytes = Serializer.ToBinary(message);
        return Serializer.FromBinary(bytes, Serializer.Manifest(message));
    }

    [Fact]
    public void Every_message_type_has_a_round_trip_case_and_a_manifest()
    {
        var messageTypes = typeof(IAutogradMessage).Assembly.GetTypes()
            .Where(t => typeof(IAutogradMessage).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })
            .ToHashSet();
        var covered = Samples().Select(m => m.GetType()).ToHashSet();
        Assert.Empty(messageTypes.Except(covered).Select(t => t.Name));
        Assert.Empty(messageTypes.Except(ProtocolManifests.ByType.Keys).Select(t => t.Name));
    }

    [Fact]
    public void Every_message_survives_a_round_trip_byte_for_byte()
    {
        foreach (var message in Samples())
        {
            var copy = RoundTrip(message);
            Assert.IsType(message.GetType(), copy);
            Assert.Equal(Serializer.ToBinary(message), Serializer.ToBinary(copy));
        }
    }

    [Fact]
    public void The_protocol_is_bound_to_the_autograd_serializer() =>
        Assert.All(Samples(), m => Assert.IsType<AutogradSerializer>(Sys.Serialization.FindSerializerFor(m)));

    [Fact]
    public void A_tensor_keeps_its_shape_and_every_bit_of_its_data()
    {
        var copy = (NodeValue)RoundTrip(new NodeValue(1, Node, Matrix));
        Assert.Equal(Node, copy.Node);
        Assert.Equal([2, 3], copy.Value.Shape);
        Assert.Equal(Matrix.ToArray().Select(BitConverter.SingleToInt32Bits), copy.Value.ToArray().Select(BitConverter.SingleToInt32Bits));
        var scalar = (InputValue)RoundTrip(new InputValue(Node, 0, Tensor.Scalar(2f)));
        Assert.Empty(scalar.Value.Shape);
        Assert.Equal(2f, scalar.Value.Item());
    }

    [Fact]
    public void Tensor_data_travels_as_one_bin_of_raw_float32()
    {
        var large = Tensor.FromArray(new float[1000], 1000);
        var bytes = Serializer.ToBinary(new Gradient(Node, 1, large));
        Assert.InRange(bytes.Length, 4000, 4000 + 32);  // 4 bytes per element plus headers
    }

    [Fact]
    public void A_uniform_tensor_travels_as_its_one_value_and_arrives_with_the_same_elements()
    {
        var bytes = Serializer.ToBinary(new Gradient(Node, 1, Tensor.Full(0.5f, 1000, 1000)));
        Assert.InRange(bytes.Length, 1, 64);

        var copy = (Gradient)Serializer.FromBinary(bytes, "g");

        Assert.Equal([1000, 1000], copy.Value.Shape);
        Assert.True(copy.Value.IsUniform(out var value) && value == 0.5f);
        Assert.All(copy.Value.ToArray(), x => Assert.Equal(0.5f, x));
    }

    private AutogradSerializer Protocol => (AutogradSerializer)Serializer;

    [Fact]
    public void On_the_bulk_path_large_tensors_leave_the_message_and_come_back_into_their_slots_without_a_copy()
    {
        var big = Tensor.RandomUniform(1, -1f, 1f, 64, 1024);
        var message = new ParameterStateValue(3, Node, ["exp_avg", "step", "exp_avg_sq"], [big, Tensor.Scalar(2f), big.Reshape(1024, 64)]);

        var header = Protocol.ToBinary(message, Autograd.Wire.WireSettings.MinSlotBytes, out var slots);
        Assert.True(header.Length < 200, $"the header is {header.Length} bytes");
        Assert.Equal(2, slots.Count);
        var arrived = slots.Select(t => t.ToArray()).ToArray();

        var copy = (ParameterStateValue)Protocol.FromBinary(header, "st", arrived);

        Assert.Equal(message.Names, copy.Names);
        Assert.Same(arrived[0], copy.Tensors[0].Elements);
        Assert.Equal([1024, 64], copy.Tensors[2].Shape);
        Assert.Equal(big.ToArray(), copy.Tensors[2].ToArray());
        Assert.Equal(2f, copy.Tensors[1].Item());
    }

    [Fact]
    public void A_tensor_slot_is_refused_outside_a_bulk_transfer_and_every_slot_that_arrived_must_be_used_once()
    {
        var big = Tensor.RandomUniform(1, -1f, 1f, 8192);
        var header = Protocol.ToBinary(new Gradient(Node, 1, big), 1024, out var slots);
        var elements = slots[0].ToArray();

        Assert.ThrowsAny<System.Runtime.Serialization.SerializationException>(() => Protocol.FromBinary(header, "g"));
        Assert.ThrowsAny<System.Runtime.Serialization.SerializationException>(() => Protocol.FromBinary(header, "g", [elements, elements]));
        Assert.ThrowsAny<System.Runtime.Serialization.SerializationException>(() => Protocol.FromBinary(header, "g", [new float[8191]]));
        Assert.ThrowsAny<System.Runtime.Serialization.SerializationException>(() => Protocol.FromBinary(header, "bo", [elements]));
        Assert.Equal(big.ToArray(), ((Gradient)Protocol.FromBinary(header, "g", [elements])).Value.ToArray());
    }

    [Fact]
    public void An_actor_ref_resolves_to_the_same_actor()
    {
        var copy = (Subscribe)RoundTrip(new Subscribe(Node, TestActor, Node, 0));
        Assert.Equal(TestActor, copy.Subscriber);
        copy.Subscriber.Tell("ping");
        ExpectMsg("ping");
    }

    [Fact]
    public void A_tensor_whose_data_does_not_match_its_shape_is_rejected()
    {
        var bytes = Serializer.ToBinary(new Gradient(new NodeId(Guid.Empty, 1), 1, Tensor.FromArray([1f, 2f, 3f, 4f], 4)));
        // the tensor is [shape, data] = 0x92, then shape [4] = 0x91 0x04: claim 5 elements instead
        int at = bytes.AsSpan().IndexOf([(byte)0x92, (byte)0x91, (byte)0x04]);
        Assert.True(at >= 0);
        bytes[at + 2] = 0x05;
        var e = Assert.ThrowsAny<Exception>(() => Serializer.FromBinary(bytes, Serializer.Manifest(new Gradient(default, 0, Tensor.Zeros(1)))));
        Assert.Contains("needs 20 bytes", e.ToString());
    }

    [Fact]
    public void An_unknown_manifest_is_rejected() =>
        Assert.ThrowsAny<System.Runtime.Serialization.SerializationException>(() => Serializer.FromBinary([0x90], "nope"));

    [Fact]
    public void A_bundle_keeps_its_messages_in_order_with_their_tensors()
    {
        var bundle = new Bundle([new ReleaseNodes(Node.Session, [1]), new Gradient(Node, 3, Matrix), new GetValue(Node, 4)]);
        var copy = Assert.IsType<Bundle>(RoundTrip(bundle));
        Assert.Equal([typeof(ReleaseNodes), typeof(Gradient), typeof(GetValue)], copy.Messages.Select(m => m.GetType()));
        Assert.Equal(Matrix.ToArray(), ((Gradient)copy.Messages[1]).Value.ToArray());
    }

    [Fact]
    public void A_bundle_inside_a_bundle_is_not_written()
    {
        var nested = new Bundle([new Bundle([new GetValue(Node, 1)])]);
        Assert.ThrowsAny<Exception>(() => Serializer.ToBinary(nested));
    }

    /// <summary>A bundle as an outsider could write it: [[manifest, message bytes], ...].</summary>
    private byte[] ForgedBundle(int count, string manifest, object message)
    {
        var body = Serializer.ToBinary(message);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePack.MessagePackWriter(buffer);
        writer.WriteArrayHeader(count);
        for (int i = 0; i < count; i++)
        {
            writer.WriteArrayHeader(2);
            writer.Write(manifest);
            writer.WriteRaw(body);
        }
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void A_forged_bundle_is_rejected_when_nested_too_long_or_naming_an_unknown_message()
    {
        var lone = new GetValue(Node, 1);
        Assert.IsType<Bundle>(Serializer.FromBinary(ForgedBundle(2, "gv", lone), "bn"));   // the forgery itself is well made
        var inner = new Bundle([lone]);
        Assert.ThrowsAny<System.Runtime.Serialization.SerializationException>(() => Serializer.FromBinary(ForgedBundle(1, "bn", inner), "bn"));
        Assert.ThrowsAny<System.Runtime.Serialization.SerializationException>(() => Serializer.FromBinary(ForgedBundle(Bundle.MaxMessages + 1, "gv", lone), "bn"));
        Assert.ThrowsAny<System.Runtime.Serialization.SerializationException>(() => Serializer.FromBinary(ForgedBundle(1, "nope", lone), "bn"));
        Assert.ThrowsAny<System.Runtime.Serialization.SerializationException>(() => Serializer.FromBinary(ForgedBundle(1, "bo", lone), "bn"));
    }

    [Fact]
    public void Manifests_are_short_and_unique()
    {
        Assert.Equal(ProtocolManifests.ByType.Count, ProtocolManifests.ByManifest.Count);
        Assert.All(ProtocolManifests.ByType.Values, m => Assert.InRange(m.Length, 1, 3));
        Assert.DoesNotContain(typeof(IAutogradMessage).Assembly.GetTypes(), t => t.GetCustomAttribute<MessagePack.UnionAttribute>() is not null);
    }
}
