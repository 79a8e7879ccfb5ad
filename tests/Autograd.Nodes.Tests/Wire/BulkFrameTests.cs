using Autograd.Wire;

namespace Autograd.Nodes.Tests.Wire;

public class BulkFrameTests
{
    [Fact]
    public void A_frame_header_round_trips_in_25_bytes()
    {
        var frame = new BulkFrame(FrameKind.Data, Guid.NewGuid(), 1L << 33);
        var bytes = new byte[BulkFrame.HeaderBytes];

        frame.Write(bytes);

        Assert.Equal(25, bytes.Length);
        Assert.Equal(frame, BulkFrame.Read(bytes));
    }

    [Fact]
    public void Unknown_kinds_and_negative_values_are_refused()
    {
        var bytes = new byte[BulkFrame.HeaderBytes];
        new BulkFrame(FrameKind.Grant, Guid.NewGuid(), 5).Write(bytes);
        bytes[0] = 9;
        Assert.Throws<InvalidDataException>(() => BulkFrame.Read(bytes));

        new BulkFrame(FrameKind.Grant, Guid.NewGuid(), -1).Write(bytes);
        Assert.Throws<InvalidDataException>(() => BulkFrame.Read(bytes));
    }

    [Fact]
    public async Task A_hello_carries_the_receivers_address_and_anything_else_is_not_a_bulk_connection()
    {
        var address = "akka.ssl.tcp://autograd@10.0.0.7:4053";

        Assert.Equal(address, await BulkFrame.ReadHelloAsync(new MemoryStream(BulkFrame.Hello(address)), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidDataException>(() => BulkFrame.ReadHelloAsync(new MemoryStream("GET / HTTP/1.1\r\n"u8.ToArray()), CancellationToken.None));
        var tooLong = BulkFrame.Hello("x");
        tooLong[4] = 0xff;
        tooLong[5] = 0xff;
        await Assert.ThrowsAsync<InvalidDataException>(() => BulkFrame.ReadHelloAsync(new MemoryStream(tooLong), CancellationToken.None));
    }
}
