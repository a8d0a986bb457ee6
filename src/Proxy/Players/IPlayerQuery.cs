namespace Gsp.Proxy.Players;

/// <summary>Asks the running game about itself over its own protocol.</summary>
internal interface IPlayerQuery
{
    /// <summary>The game's answer, or null when it did not answer (down, starting, or not speaking the protocol).
    /// Never throws for network errors.</summary>
    Task<PlayerReading?> QueryAsync(CancellationToken cancellationToken);
}
