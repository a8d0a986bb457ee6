using Gsp.Proxy.Udp;

namespace Gsp.Proxy.Tests.Udp;

public sealed class BoundedDatagramQueueTests
{
    [Fact]
    public void Full_queue_drops_the_oldest_datagram_and_reports_it()
    {
        var queue = new BoundedDatagramQueue(2);

        var dropped = queue.Enqueue([1]) + queue.Enqueue([2]) + queue.Enqueue([3]);

        Assert.Equal(1, dropped);
        Assert.True(queue.TryDequeue(out var first));
        Assert.Equal([2], first);
        Assert.Equal(1, queue.Clear());
    }
}
