using Gsp.Backups;
using Gsp.Catalog;
using Gsp.Containers;
using Gsp.Hosts;
using Gsp.Placement;
using Gsp.Storage;
using Gsp.Time;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

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
    IOptions<WakeOptions> wake,
    IOptions<ClusterOptions> cluster,
    BackupTargets backupTargets,
    IOptions<BackupOptions> backupOptions,
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
        // A silo that died mid-action left a transition state behind: finish what was started.
        switch (S.Status)
        {
            case GameServerStatus.Creating: Begin(GameServerStatus.Creating, DeployAsync); break;
            case GameServerStatus.Starting: Begin(GameServerStatus.Starting, StartGameAsync); break;
            case GameServerStatus.Stopping: Begin(GameServerStatus.Stopping, () => StopGameAsync("")); break;
            case GameServerStatus.Deleting: Begin(GameServerStatus.Deleting, BackUpThenRemoveEverythingAsync); break;
            case GameServerStatus.BackingUp: Begin(GameServerStatus.BackingUp, BackUpWorkAsync); break;
            case GameServerStatus.Restoring: Begin(GameServerStatus.Restoring, RestoreWorkAsync); break;
            case GameServerStatus.Sleeping or GameServerStatus.Running: reconciliation = ReconcileCoreAsync(); break;
        }

        return Task.CompletedTask;
    }

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
                if (await RefuseWithoutCreditsAsync(S.Request!.OwnerId, "wake this server") is { } noCredits)
                {
                    return noCredits;
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
                S.Backup = NewJob(BackupOperation.Backup, BackupReason.BeforeDelete, S.Request!.OwnerId);
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
        if (Busy && S.Status is not (GameServerStatus.Creating or GameServerStatus.Starting or GameServerStatus.Stopping or GameServerStatus.Deleting
                or GameServerStatus.BackingUp or GameServerStatus.Restoring))
        {
            await operation;
        }
    }

    public Task<GameServerInfo?> GetInfoAsync() =>
        Task.FromResult(S.Status == GameServerStatus.None ? null : Info());

    public async Task<GameServerStats> GetStatsAsync()
    {
        var game = S.Status == GameServerStatus.Running
            ? await containers.GetStatsAsync(Resources.GameContainer, CancellationToken.None)
            : null;
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
        await reconciliation;
        if (!Busy)
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
    };

    private async Task MoveToAsync(GameServerStatus status, string detail)
    {
        LogTransition(logger, Id, S.Status, status, detail);
        S.Status = status;
        S.Detail = detail;
        await state.WriteStateAsync();
    }

    /// <summary>Starts a power action in the background, on this grain's scheduler.</summary>
    private void Begin(GameServerStatus transition, Func<Task> work)
    {
        operation = RunAsync(transition, work);
    }

    private async Task RunAsync(GameServerStatus transition, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception ex)
        {
            LogActionFailed(logger, ex, Id, transition);
        }
    }
}
