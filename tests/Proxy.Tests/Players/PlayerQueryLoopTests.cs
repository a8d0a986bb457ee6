using Gsp.Proxy.Configuration;
using Gsp.Sidecar;
using Gsp.Proxy.Diagnostics;
using Gsp.Proxy.Players;
using Microsoft.Extensions.Time.Testing;

namespace Gsp.Proxy.Tests.Players;

public sealed class PlayerQueryLoopTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    /// <summary>Real time for the loop's continuations to run: seconds when CI's parallel tests starve the thread pool.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void An_unanswered_game_is_asked_again_after_the_period_then_twice_as_long_each_time_up_to_a_minute()
    {
        var loop = NewLoop(new FakeGame(), Period, new FakeTimeProvider());
        var longPeriod = NewLoop(new FakeGame(), TimeSpan.FromMinutes(5), new FakeTimeProvider());

        Assert.Equal([10, 10, 20, 40, 60, 60], Enumerable.Range(0, 6).Select(n => loop.WaitAfter(n).TotalSeconds));
        Assert.Equal(TimeSpan.FromMinutes(5), longPeriod.WaitAfter(4));
    }

    [Fact]
    public async Task A_sleeping_game_is_asked_ever_less_often_and_at_once_when_a_client_reaches_it_then_once_a_period()
    {
        var clock = new WaitCountingClock();
        var game = new FakeGame();
        var loop = NewLoop(game, Period, clock);
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => loop.RunAsync(stop.Token));

        await WaitingAfter(game, clock, 1);
        clock.Advance(Period);
        await WaitingAfter(game, clock, 2);
        clock.Advance(Period);
        clock.Advance(Period);
        await WaitingAfter(game, clock, 3);
        clock.Advance(3 * Period);
        Assert.Equal(3, game.Calls);

        game.Up = true;
        loop.Nudge();
        await CallsReach(game, 4);

        // While the game answers, a client reaching it (a crowd connecting) asks nothing extra.
        await WaitingAfter(game, clock, 4);
        loop.Nudge();
        loop.Nudge();
        await Task.Delay(100);
        Assert.Equal(4, game.Calls);
        clock.Advance(Period);
        await CallsReach(game, 5);

        await stop.CancelAsync();
        await running;
    }

    private static async Task CallsReach(FakeGame game, int calls) =>
        await Eventually.TrueAsync(() => game.Calls >= calls, $"query {calls}", Patience);

    /// <summary>The loop has made its n-th query and started waiting after it: only then may the clock move, or the
    /// wait would start after the advance and never end.</summary>
    private static async Task WaitingAfter(FakeGame game, WaitCountingClock clock, int queries) =>
        await Eventually.TrueAsync(() => game.Calls == queries && clock.Waits == queries, $"the wait after query {queries}", Patience);

    private static PlayerQueryLoop NewLoop(FakeGame game, TimeSpan period, TimeProvider clock) =>
        new(game, new PlayerCensus(GameProtocol.ValveA2S, new LastKnownGame(null, null, null), clock), period, clock, new ProxyLog(TextWriter.Null, clock));

    /// <summary>Counts the timers the loop starts (each wait starts one).</summary>
    private sealed class WaitCountingClock : FakeTimeProvider
    {
        private int waits;

        public int Waits => Volatile.Read(ref waits);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref waits);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    /// <summary>Answers only while <see cref="Up"/>, at once, and counts the questions.</summary>
    private sealed class FakeGame : IPlayerQuery
    {
        private int calls;

        public volatile bool Up;

        public int Calls => Volatile.Read(ref calls);

        public Task<PlayerReading?> QueryAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(Up ? new PlayerReading(true, 0, 10, "1", null, "demo", "up") : null);
        }
    }
}
