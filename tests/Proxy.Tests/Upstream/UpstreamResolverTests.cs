using System.Net;
using Gsp.Proxy.Upstream;

namespace Gsp.Proxy.Tests.Upstream;

public sealed class UpstreamResolverTests
{
    [Fact]
    public async Task Attempts_within_an_answers_lifetime_share_one_lookup_and_a_later_attempt_asks_again()
    {
        var clock = new ManualClock();
        var resolver = new UpstreamResolver("localhost", clock);

        var first = await resolver.ResolveAsync(CancellationToken.None);
        var second = await resolver.ResolveAsync(CancellationToken.None);
        clock.Advance(UpstreamResolver.AnswerLifetime);
        var later = await resolver.ResolveAsync(CancellationToken.None);

        Assert.NotEmpty(first);
        Assert.Same(first, second);
        Assert.NotSame(first, later);
        Assert.Equal(first, later);
    }

    [Fact]
    public async Task A_crowd_of_attempts_at_once_is_answered_by_one_lookup()
    {
        var resolver = new UpstreamResolver("localhost", new ManualClock());

        var answers = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(_ => resolver.ResolveAsync(CancellationToken.None)));

        Assert.All(answers, a => Assert.Same(answers[0], a));
    }

    [Fact]
    public async Task An_address_literal_needs_no_lookup()
    {
        var resolver = new UpstreamResolver("192.0.2.5", new ManualClock());

        Assert.Equal([IPAddress.Parse("192.0.2.5")], await resolver.ResolveAsync(CancellationToken.None));
    }

    private sealed class ManualClock : TimeProvider
    {
        private long ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => ticks;

        public void Advance(TimeSpan by) => ticks += by.Ticks;
    }
}
