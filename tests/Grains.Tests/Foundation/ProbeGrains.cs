using Gsp.Containers;
using Gsp.Storage;

namespace Gsp.Tests.Foundation;

/// <summary>A grain whose state is written through the production storage provider.</summary>
public interface INotebookGrain : IGrainWithStringKey
{
    Task WriteAsync(string line);

    Task<IReadOnlyList<string>> ReadAsync();

    Task DeactivateAsync();
}

[GenerateSerializer]
public sealed class NotebookState
{
    [Id(0)]
    public List<string> Lines { get; set; } = [];
}

public sealed class NotebookGrain([PersistentState("notebook", GrainStorageNames.Default)] IPersistentState<NotebookState> state)
    : Grain, INotebookGrain
{
    public async Task WriteAsync(string line)
    {
        state.State.Lines.Add(line);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> ReadAsync() => Task.FromResult<IReadOnlyList<string>>(state.State.Lines.ToArray());

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

/// <summary>A grain that registers a reminder and records every tick in its persisted state.</summary>
public interface IAlarmGrain : IGrainWithStringKey
{
    Task ArmAsync(TimeSpan dueTime, TimeSpan period);

    Task<IReadOnlyList<DateTimeOffset>> TicksAsync();

    Task DisarmAsync();
}

[GenerateSerializer]
public sealed class AlarmState
{
    [Id(0)]
    public List<DateTimeOffset> Ticks { get; set; } = [];
}

public sealed class AlarmGrain([PersistentState("alarm", GrainStorageNames.Default)] IPersistentState<AlarmState> state)
    : Grain, IAlarmGrain, IRemindable
{
    private const string ReminderName = "alarm";

    public Task ArmAsync(TimeSpan dueTime, TimeSpan period) => this.RegisterOrUpdateReminder(ReminderName, dueTime, period);

    public Task<IReadOnlyList<DateTimeOffset>> TicksAsync() => Task.FromResult<IReadOnlyList<DateTimeOffset>>(state.State.Ticks.ToArray());

    public async Task DisarmAsync()
    {
        var reminder = await this.GetReminder(ReminderName);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.Ticks.Add(DateTimeOffset.UtcNow);
        await state.WriteStateAsync();
    }
}

/// <summary>Reaches the Docker engine from inside a silo, through the production container runtime.</summary>
public interface IDockerProbeGrain : IGrainWithIntegerKey
{
    /// <summary>Creates a labelled network, then removes it; returns whether it existed in between and after.</summary>
    Task<(bool ExistedWhileCreated, bool ExistsAfterRemoval)> CreateAndRemoveNetworkAsync(string name, Dictionary<string, string> labels);
}

public sealed class DockerProbeGrain(IContainerRuntime containers) : Grain, IDockerProbeGrain
{
    public async Task<(bool ExistedWhileCreated, bool ExistsAfterRemoval)> CreateAndRemoveNetworkAsync(string name, Dictionary<string, string> labels)
    {
        await containers.EnsureNetworkAsync(new NetworkSpec(name, labels), CancellationToken.None);
        var existed = await containers.NetworkExistsAsync(name, CancellationToken.None);
        await containers.RemoveNetworkAsync(name, CancellationToken.None);
        return (existed, await containers.NetworkExistsAsync(name, CancellationToken.None));
    }
}
