namespace Gsp.Proxy.Wake;

/// <summary>How a wait for the game ended (<see cref="GameWait"/>).</summary>
internal enum WaitOutcome
{
    /// <summary>The game answered: relay.</summary>
    Reachable,

    /// <summary>The platform refused to wake it; <see cref="WakeCoordinator.RefusalReason"/> says why.</summary>
    Refused,

    /// <summary>The client's patience (hold time, login timeout) ran out first.</summary>
    Expired,

    /// <summary>The proxy is stopping.</summary>
    ShuttingDown,

    /// <summary>The client went away or its session was closed.</summary>
    ClientGone,
}
