using Akka.Actor;
using Autograd.Nodes.Tests.Access;
using Autograd.Wire;

namespace Autograd.Nodes.Tests.Wire;

public sealed class IncomingTransferTests
{
    private static readonly IActorRef Sender = new PathRef("akka.tcp://autograd@10.0.0.2:4053/user/autograd-nodes/$a");

    [Fact]
    public void Bytes_go_straight_into_the_header_then_each_tensors_own_array_within_the_grant()
    {
        var offer = new BulkOffer(Guid.NewGuid(), Sender, "bp", [], 8, [4, 2], 4054, Guid.Empty);
        var transfer = new IncomingTransfer(offer, Sender, window: 16);
        Assert.Equal(8 + 24, transfer.Total);
        Assert.Equal(16, transfer.Credit.Start());

        Fill(transfer, 8, 1);
        Fill(transfer, 8, 2);                              // the first two floats of slot 0
        Assert.Throws<InvalidDataException>(() => transfer.Next(16));  // past the end of slot 0
        Fill(transfer, 8, 3);
        Fill(transfer, 8, 4);                              // slot 1 whole
        Assert.True(transfer.IsComplete);

        Assert.All(transfer.Header, b => Assert.Equal(1, b));
        Assert.Equal(BitConverter.Int32BitsToSingle(0x02020202), transfer.Slots[0][0]);
        Assert.Equal(BitConverter.Int32BitsToSingle(0x03030303), transfer.Slots[0][3]);
        Assert.Equal(BitConverter.Int32BitsToSingle(0x04040404), transfer.Slots[1][1]);
    }

    [Fact]
    public void A_data_frame_beyond_the_credit_granted_breaks_the_protocol()
    {
        var offer = new BulkOffer(Guid.NewGuid(), Sender, "iv", [1], 0, [1 << 20], 4054, Guid.NewGuid());
        var transfer = new IncomingTransfer(offer, Sender, window: 64 * 1024);
        transfer.Credit.Start();

        Assert.Throws<InvalidDataException>(() => transfer.Next(64 * 1024 + 1));
        Assert.Equal(1 << 20, transfer.Slots[0].Length);  // the tensor's array, allocated once at the offer
    }

    private static void Fill(IncomingTransfer transfer, int length, byte value)
    {
        transfer.Next(length).Span.Fill(value);
        transfer.Filled(length);
    }
}
