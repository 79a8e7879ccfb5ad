using Autograd.Wire;

namespace Autograd.Nodes.Tests.Wire;

public class CreditWindowTests
{
    [Fact]
    public void The_first_grant_is_the_window_or_the_whole_transfer_when_smaller()
    {
        Assert.Equal(1000, new CreditWindow(10_000, 1000).Start());
        Assert.Equal(300, new CreditWindow(300, 1000).Start());
    }

    [Fact]
    public void More_credit_comes_only_once_a_quarter_of_the_window_was_read_and_never_more_than_a_window_is_outstanding()
    {
        var credit = new CreditWindow(10_000, 1000);
        credit.Start();

        Assert.Equal(0, credit.OnReceived(200));   // 800 outstanding: no grant yet
        Assert.Equal(250, credit.OnReceived(50));  // 750 outstanding: topped up to the window
        Assert.Equal(1000, credit.Outstanding);
        for (int i = 0; i < 100 && credit.Received < 10_000; i++)
        {
            credit.OnReceived(Math.Min(100, credit.Outstanding));
            Assert.InRange(credit.Outstanding, 0, 1000);
        }
        Assert.Equal(10_000, credit.Received);
        Assert.Equal(0, credit.Outstanding);
    }

    [Fact]
    public void Bytes_beyond_the_grant_break_the_protocol()
    {
        var credit = new CreditWindow(10_000, 1000);
        credit.Start();

        Assert.Throws<InvalidDataException>(() => credit.OnReceived(1001));
    }

    [Fact]
    public void Nothing_is_granted_past_the_end_of_the_transfer()
    {
        var credit = new CreditWindow(1200, 1000);
        Assert.Equal(1000, credit.Start());
        Assert.Equal(200, credit.OnReceived(600));
        Assert.Equal(0, credit.OnReceived(600));
        Assert.Equal(0, credit.Outstanding);
    }
}
