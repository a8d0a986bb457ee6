namespace Gsp.Proxy.Wake;

/// <summary>Asks the platform to start the game. One call is one HTTP request; never throws for transport errors.</summary>
internal interface IWakeBackend
{
    Task<WakeResponse> RequestWakeAsync(CancellationToken cancellationToken);
}
