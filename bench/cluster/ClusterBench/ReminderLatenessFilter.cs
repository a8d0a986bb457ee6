namespace Gsp.Bench.Cluster;

/// <summary>Sees every reminder tick delivered to a grain, without touching the grains themselves.</summary>
public sealed class ReminderLatenessFilter(ReminderLateness lateness) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name == nameof(IRemindable.ReceiveReminder) && context.Request.GetArgument(1) is TickStatus tick)
        {
            lateness.Record(tick.FirstTickTime, tick.Period, DateTime.UtcNow);
        }

        return context.Invoke();
    }
}
