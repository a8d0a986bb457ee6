namespace Gsp.Containers;

/// <summary>The engine refused or failed an operation; the message carries its reason in one line.</summary>
public class ContainerRuntimeException(string message, Exception? inner = null) : Exception(message, inner);
