using Gsp.Proxy.Limits;
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

    [Fact]
    public void Datagram_past_the_shared_budget_is_dropped_and_the_queue_keeps_what_it_held()
    {
        var refused = 0;
        var budget = new ByteBudget(5, () => refused++);
        var first = new BoundedDatagramQueue(10, budget);
        var second = new BoundedDatagramQueue(10, budget);

        Assert.Equal(0, first.Enqueue([1, 2, 3]));
        Assert.Equal(1, second.Enqueue([4, 5, 6]));
        Assert.Equal(0, second.Enqueue([7, 8]));

        Assert.Equal(1, refused);
        Assert.Equal(5, budget.Used);
        Assert.Equal(1, first.Clear());
        Assert.Equal(2, budget.Used);
        Assert.True(second.TryDequeue(out var held));
        Assert.Equal([7, 8], held);
        Assert.Equal(0, budget.Used);
    }
}
