namespace Gsp.WebFrontend.Health;

/// <summary>The body of <c>/healthz</c>.</summary>
public sealed record HealthReport(string Status, int ActiveSilos, string? Reason);
