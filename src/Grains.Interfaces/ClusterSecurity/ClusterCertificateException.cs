namespace Gsp.ClusterSecurity;

/// <summary>The cluster's certificate files are missing, unreadable or inconsistent; the message names the key and file.</summary>
public sealed class ClusterCertificateException(string message, Exception? inner = null) : Exception(message, inner);
