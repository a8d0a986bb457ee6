namespace Gsp.Silo.Firewall;

/// <summary>The host firewall's rules could not be applied, checked or removed; the message is one line for the operator.</summary>
public sealed class FirewallException(string message, Exception? inner = null) : Exception(message, inner);
