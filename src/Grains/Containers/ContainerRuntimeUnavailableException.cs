namespace Gsp.Containers;

/// <summary>The engine did not answer at its endpoint (not running, wrong socket, no permission).</summary>
public sealed class ContainerRuntimeUnavailableException(string message, Exception? inner = null) : ContainerRuntimeException(message, inner);
