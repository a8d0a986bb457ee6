using Gsp.GameServers;

namespace Gsp.Tests.Billing;

/// <summary>Which slice of a server's running time is due, from the persisted runs alone (no cluster, no clock).</summary>
public sealed class UsageMeterTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Slice = TimeSpan.FromMinutes(15);

    [Fact]
    public void A_running_game_owes_nothing_until_a_whole_slice_has_passed_then_exactly_that_slice()
    {
        var meter = new UsageMeter(new GameServerState(), Slice);
        meter.Begin(Start);

        Assert.Null(meter.NextDue(Start.AddMinutes(14.9), running: true));
        var due = meter.NextDue(Start.AddMinutes(31), running: true);
        Assert.Equal(new DueSlice(Start, 15), due);

        meter.Charged(due!.Value);
        Assert.Equal(new DueSlice(Start.AddMinutes(15), 15), meter.NextDue(Start.AddMinutes(31), running: true));
    }

    [Fact]
    public void The_last_slice_of_a_run_is_charged_in_whole_minutes_where_a_started_minute_counts_and_the_run_is_then_dropped()
    {
        var state = new GameServerState();
        var meter = new UsageMeter(state, Slice);
        meter.Begin(Start);
        meter.End(Start.AddMinutes(7).AddSeconds(1));

        var due = meter.NextDue(Start.AddHours(5), running: false);
        Assert.Equal(new DueSlice(Start, 8), due);
        meter.Charged(due!.Value);

        Assert.True(meter.IsEmpty);
        Assert.Null(meter.NextDue(Start.AddHours(5), running: false));
        Assert.Null(state.RunningSince);
    }

    [Fact]
    public void An_open_run_outside_running_waits_for_the_stop_time_instead_of_billing_on_to_now()
    {
        var meter = new UsageMeter(new GameServerState(), Slice);
        meter.Begin(Start);

        Assert.Null(meter.NextDue(Start.AddHours(3), running: false));
        Assert.True(meter.HasOpenRun);

        meter.End(Start.AddMinutes(10));
        Assert.Equal(new DueSlice(Start, 10), meter.NextDue(Start.AddHours(3), running: false));
    }

    [Fact]
    public void A_stop_recorded_before_what_was_billed_ends_the_run_where_it_was_billed_and_costs_nothing_more()
    {
        var meter = new UsageMeter(new GameServerState(), Slice);
        meter.Begin(Start);
        meter.Charged(meter.NextDue(Start.AddMinutes(16), running: true)!.Value);

        meter.End(Start.AddMinutes(5));

        Assert.Equal(new DueSlice(Start.AddMinutes(15), 0), meter.NextDue(Start.AddHours(1), running: false));
    }

    [Fact]
    public void Beginning_while_a_run_is_open_keeps_that_run_so_no_time_is_billed_twice()
    {
        var state = new GameServerState();
        var meter = new UsageMeter(state, Slice);
        meter.Begin(Start);
        meter.Begin(Start.AddMinutes(3));

        Assert.Single(state.Unbilled);
        Assert.Equal(Start, state.Unbilled[0].BilledUntil);
    }
}
