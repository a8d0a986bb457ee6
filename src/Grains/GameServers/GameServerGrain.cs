using Gsp.Backups;
using Gsp.Catalog;
using Gsp.Containers;
using Gsp.Hosts;
using Gsp.Moves;
using Gsp.Placement;
using Gsp.Storage;
using Gsp.Time;
using Microsoft.Extensions.Options;

namespace Gsp.GameServers;

/// <inheritdoc cref="IGameServerGrain"/>
[HostPlacement]
public sealed partial class GameServerGrain(
    [PersistentState("server", GrainStorageNames.Default)] IPersistentState<GameServerState> state,
    IContainerRuntime containers,
    ProxyActivityClient proxyActivity,
    IOptions<GameServerOptions> options,
    IOptions<DockerHostOptions> host,
    IHostIdentity hostIdentity,
    ServerBackups backups,
    ServerSpecs specs,
    ServerMoves moves,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider time,
    ILogger<GameServerGrain> logger) : Grain, IGameServerGrain, IRemindable
{
    private const string IdleReminder = "idle-check";

    /// <summary>
    /// The power action under way. Requests interleave with it at its awaits (status stays answerable
    /// during a long pull); this field is what keeps a second power action from starting meanwhile.
    /// </summary>
    private Task operation = Task.CompletedTask;

    /// <summary>A comparison of the recorded state with the engine's, which power actions wait for.</summary>
    private Task reconciliation = Task.CompletedTask;

    private string Id => this.GetPrimaryKeyString();

    private ServerResources Resources => new(Id);

    private GameServerState S => state.State;

    private bool Busy => !operation.IsCompleted;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Misplaced)
        {
            // Placement follows the host directory; a server activated elsewhere (the directory not yet told of a
            // finished move) would act on the wrong engine. The caller retries and is placed anew.
            throw new InvalidOperationException($"server {Id} lives on host {S.HostName}, not on {hostIdentity.Name}; try again");
        }

        // A silo that died mid-action left a transition state behind: finish what was started.
        if (WorkOf(S.Status) is { } work)
        {
            Begin(S.Status, work);
        }
        else if (S.Status is GameServerStatus.Sleeping or GameServerStatus.Running or GameServerStatus.Failed)
        {
            reconciliation = ReconcileAtActivationAsync();
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The transition states and the work that takes each to its end: the one table behind resuming an
    /// action after a silo restart and behind telling a transition from a settled state. Every work is
    /// safe to run again from its start (see GameServerGrain.Operations.cs).
    /// </summary>
    private Func<Task>? WorkOf(GameServerStatus status) => status switch
    {
        GameServerStatus.Creating => DeployAsync,
        GameServerStatus.Starting => StartGameAsync,
        GameServerStatus.Stopping => () => StopGameAsync(""),
        GameServerStatus.Deleting => BackUpThenRemoveEverythingAsync,
        GameServerStatus.BackingUp => BackUpWorkAsync,
        GameServerStatus.Restoring => RestoreWorkAsync,
        GameServerStatus.Moving => MoveWorkAsync,
        _ => null,
    };

    private bool IsTransition(GameServerStatus status) => WorkOf(status) is not null;

    public async Task<GameServerResult> CreateAsync(CreateGameServer request)
    {
        if (S.Status != GameServerStatus.None)
        {
            return SameRequest(S.Request, request) && S.Status is not (GameServerStatus.Deleting or GameServerStatus.Deleted)
                ? GameServerResult.Ok(Info(), "the server already exists")
                : GameServerResult.Refused(GameServerError.InvalidTransition, "a server with this id already exists", Info());
        }

        if (!GameServerIds.TryGetHost(Id, out var hostName) || hostName != hostIdentity.Name)
        {
            return GameServerResult.Refused(GameServerError.InvalidRequest, $"server id '{Id}' does not belong to host {hostIdentity.Name}");
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 60 || request.Name.Any(char.IsControl))
        {
            problems.Add("the name must be 1–60 characters");
        }

        if (string.IsNullOrWhiteSpace(request.OwnerId))
        {
            problems.Add("the owner is missing");
        }

        var game = await GrainFactory.GetGrain<ICatalogGrain>(0).GetAsync(request.GameId);
        if (game is null)
        {
            return GameServerResult.Refused(GameServerError.InvalidRequest, $"there is no game '{request.GameId}' in the catalog");
        }

        var (environment, variableProblems) = GameDefinitionRules.ResolveEnvironment(game, request.Variables);
        problems.AddRange(variableProblems);
        if (problems.Count > 0)
        {
            return GameServerResult.Refused(GameServerError.InvalidRequest, string.Join("; ", problems));
        }

        if (await RefuseWithoutCreditsAsync(request.OwnerId, "create a server") is { } noCredits)
        {
            return noCredits;
        }

        var span = game.Ports.Max(p => p.Number) - game.Ports.Min(p => p.Number) + 1;
        var reservation = await Directory.ReserveOnAsync(
            host.Value.ToRegistration(hostIdentity.Name),
            new ServerReservation(Id, request.OwnerId, request.Name, game.Id, game.MemoryMb, game.Cpus, span));
        if (!reservation.Succeeded)
        {
            return GameServerResult.Refused(reservation.Error, reservation.Message);
        }

        var port = await Ports.AllocateAsync(Id, span, host.Value.PublicPortFirst, host.Value.PublicPortLast);
        if (port is null)
        {
            await Directory.ReleaseAsync(Id);
            return GameServerResult.Refused(GameServerError.NoCapacity, $"host {hostIdentity.Name} has no free public port");
        }

        state.State = new GameServerState
        {
            Status = GameServerStatus.Creating,
            Request = request,
            Game = game,
            Environment = new Dictionary<string, string>(environment, StringComparer.Ordinal),
            HostName = hostIdentity.Name,
            PublicAddress = host.Value.PublicAddress,
            PublicPort = port.Value,
            CreatedAt = time.GetUtcNow(),
            Detail = "deploying",
        };
        await state.WriteStateAsync();
        await Wallet.AddServerAsync(Id);
        Begin(GameServerStatus.Creating, DeployAsync);
        return GameServerResult.Ok(Info());
    }

    public async Task<GameServerResult> WakeAsync()
    {
        await SettleAsync();
        switch (S.Status)
        {
            case GameServerStatus.Starting or GameServerStatus.Running:
                return GameServerResult.Ok(Info(), "the server is already " + Describe(S.Status));
            case GameServerStatus.Sleeping when !Busy:
            case GameServerStatus.Failed when !Busy && CanRecover:
                if (await RefuseWithoutCreditsAsync(S.Request!.OwnerId, "wake this server") is { } noCredits)
                {
                    return noCredits;
                }

                // A sleeping server holds no memory or CPUs on its host: they are reserved here, or the wake is
                // refused as "busy" (the player and the owner are told), and freed when the game stops.
                if (await Directory.AdmitAsync(Id, evenIfFull: false) is { Succeeded: false } busy)
                {
                    LogWakeRefusedBusy(logger, Id, busy.Message);
                    return GameServerResult.Refused(busy.Error, busy.Message, Info());
                }

                await MoveToAsync(GameServerStatus.Starting, "starting the game");
                Begin(GameServerStatus.Starting, StartGameAsync);
                return GameServerResult.Ok(Info());
            default:
                return Refuse("wake");
        }
    }

    public async Task<GameServerResult> HibernateAsync()
    {
        await SettleAsync();
        switch (S.Status)
        {
            case GameServerStatus.Sleeping or GameServerStatus.Stopping:
                return GameServerResult.Ok(Info(), "the server is already " + Describe(S.Status));
            case GameServerStatus.Running when !Busy:
            case GameServerStatus.Failed when !Busy && CanRecover:
                await MoveToAsync(GameServerStatus.Stopping, "stopping the game");
                Begin(GameServerStatus.Stopping, () => StopGameAsync(""));
                return GameServerResult.Ok(Info());
            default:
                return Refuse("hibernate");
        }
    }

    public async Task<GameServerResult> DeleteAsync()
    {
        await SettleAsync();
        switch (S.Status)
        {
            case GameServerStatus.Deleting or GameServerStatus.Deleted:
                return GameServerResult.Ok(Info(), "the server is already " + Describe(S.Status));
            case GameServerStatus.None:
                return GameServerResult.Refused(GameServerError.NotFound, "there is no such server");
            case GameServerStatus.Sleeping or GameServerStatus.Running when !Busy && S.BackupSchedule.BeforeDelete:
                // A failed server is deleted without one: its data may be gone, and a backup that cannot
                // succeed must not make the server undeletable.
                var job = NewJob(BackupOperation.Backup, BackupReason.BeforeDelete, S.Request!.OwnerId);
                if (await backups.RefuseBackupAsync(S.BackupLocation!, S.Request.OwnerId, Id, BackupReason.BeforeDelete) is { } refusal)
                {
                    return GameServerResult.Refused(refusal.Error, $"{refusal.Message}; the server is set to back up before it is deleted", Info());
                }

                if (Busy || S.Status is not (GameServerStatus.Sleeping or GameServerStatus.Running))
                {
                    return Refuse("delete");
                }

                S.Backup = job with { ReturnTo = S.Status };
                await MoveToAsync(GameServerStatus.Deleting, "backing up before removing containers and data");
                Begin(GameServerStatus.Deleting, BackUpThenRemoveEverythingAsync);
                return GameServerResult.Ok(Info());
            case GameServerStatus.Sleeping or GameServerStatus.Running or GameServerStatus.Failed when !Busy:
                await MoveToAsync(GameServerStatus.Deleting, "removing containers and data");
                Begin(GameServerStatus.Deleting, RemoveEverythingAsync);
                return GameServerResult.Ok(Info());
            default:
                return Refuse("delete");
        }
    }

    /// <summary>
    /// Waits for a reconciliation, and for an action whose end state is already recorded, so a power
    /// action is refused as busy only while the server really is in a transition.
    /// </summary>
    private async Task SettleAsync()
    {
        await reconciliation;
        if (Busy && !IsTransition(S.Status))
        {
            await operation;
        }
    }

    public Task<GameServerInfo?> GetInfoAsync() =>
        Task.FromResult(S.Status == GameServerStatus.None ? null : Info());

    public async Task<GameServerStats> GetStatsAsync()
    {
        var game = await ReadGameStatsAsync();
        var activity = await ReadProxyActivityAsync();
        return new GameServerStats(game, activity?.ConnectedClients, activity?.LastActivity, activity?.Players?.ToPlayerCount());
    }

    public async Task<IReadOnlyList<ContainerLogLine>> GetLogsAsync(int tail, DateTimeOffset? since)
    {
        if (S.Status is GameServerStatus.None or GameServerStatus.Deleted)
        {
            return [];
        }

        var lines = new List<ContainerLogLine>();
        await foreach (var line in containers.ReadLogsAsync(Resources.GameContainer, Math.Clamp(tail, 1, 5000), follow: false, CancellationToken.None))
        {
            if (since is null || line.At > since)
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    public async Task ReconcileAsync()
    {
        // After an action whose end state is recorded, not skipped for its tail (see SettleAsync).
        await SettleAsync();
        if (!Busy && !Misplaced)
        {
            reconciliation = ReconcileCoreAsync();
            await reconciliation;
        }
    }

    private IHostDirectoryGrain Directory => GrainFactory.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key);

    private IHostPortsGrain Ports => GrainFactory.GetGrain<IHostPortsGrain>(S.HostName.Length > 0 ? S.HostName : hostIdentity.Name);

    private GameServerResult Refuse(string action) => S.Status switch
    {
        GameServerStatus.None or GameServerStatus.Deleted => GameServerResult.Refused(GameServerError.NotFound, "there is no such server"),
        GameServerStatus.Failed when CanRecover => GameServerResult.Refused(GameServerError.InvalidTransition, $"a failed server cannot {action}; wake, hibernate or delete it ({S.Detail})", Info()),
        GameServerStatus.Failed => GameServerResult.Refused(GameServerError.InvalidTransition, $"a failed server cannot {action}; delete it ({S.Detail})", Info()),
        _ => GameServerResult.Refused(GameServerError.Busy, $"the server is {Describe(S.Status)}; try to {action} again when that ends", Info()),
    };

    /// <summary>Records compare dictionaries by reference; a retried create carries an equal copy.</summary>
    private static bool SameRequest(CreateGameServer? recorded, CreateGameServer request) =>
        recorded is not null
        && recorded with { Variables = request.Variables } == request
        && recorded.Variables.Count == request.Variables.Count
        && recorded.Variables.All(v => request.Variables.TryGetValue(v.Key, out var value) && value == v.Value);

    private static string Describe(GameServerStatus status) => status.ToString().ToLowerInvariant();

    private GameServerInfo Info() => new()
    {
        Id = Id,
        OwnerId = S.Request?.OwnerId ?? "",
        Name = S.Request?.Name ?? "",
        GameId = S.Request?.GameId ?? "",
        Status = S.Status,
        Detail = S.Detail,
        HostName = S.HostName,
        PublicAddress = S.PublicAddress,
        PublicPort = S.PublicPort,
        AutoSleep = S.Request?.AutoSleep ?? false,
        InternetAccess = S.Request?.InternetAccess ?? true,
        RestartOnCrash = S.Request?.RestartOnCrash ?? false,
        PricePerHour = S.Game?.PricePerHour ?? 0,
        CreatedAt = S.CreatedAt,
        RunningSince = S.RunningSince,
        LastCrash = S.LastCrash,
        CrashCount = S.CrashCount,
        BackupLocation = S.BackupLocation,
        BackupProgress = S.Backup is { } job ? new BackupProgress(job.Operation, job.BackupId, backupBytesDone, job.Source?.SizeBytes, job.StartedAt) : null,
        BackupSchedule = S.BackupSchedule,
        LastBackupOutcome = S.LastBackupOutcome,
        KnownGame = S.KnownGame,
        FailedDuring = S.Status == GameServerStatus.Failed ? S.FailedDuring : GameServerStatus.None,
    };

    /// <summary>
    /// Records the new status and detail (and whatever <paramref name="alsoRecord"/> changes, in the same
    /// turn) once a stopped game's host share is freed, then persists them.
    /// </summary>
    private async Task MoveToAsync(GameServerStatus status, string detail, Action? alsoRecord = null)
    {
        LogTransition(logger, Id, S.Status, status, detail);
        var ran = S.Status is GameServerStatus.Starting or GameServerStatus.Running or GameServerStatus.Stopping;
        if (ran && status is GameServerStatus.Sleeping or GameServerStatus.Failed)
        {
            // The game no longer runs: its memory and CPUs are free for another server's wake, before anyone can
            // see this server asleep and wake another in its place.
            await Directory.StoppedAsync(Id);
        }

        alsoRecord?.Invoke();
        S.Status = status;
        S.Detail = detail;
        if (status != GameServerStatus.Failed)
        {
            S.FailedDuring = GameServerStatus.None;
        }

        await state.WriteStateAsync();
    }

    /// <summary>Starts a power action in the background, on this grain's scheduler (see GameServerGrain.Actions.cs).</summary>
    private void Begin(GameServerStatus transition, Func<Task> work)
    {
        operation = RunAsync(transition, work);
    }
}
