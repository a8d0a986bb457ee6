namespace Gsp.DemoGame.Configuration;

/// <summary>One listener to open. Port 0 asks the OS for an ephemeral port (used by tests).</summary>
public readonly record struct PortBinding(int Port, TransportProtocol Protocol)
{
    public override string ToString() => $"{Port}/{(Protocol == TransportProtocol.Tcp ? "tcp" : "udp")}";

    /// <summary>Parses "25565/tcp,25565/udp,27015/both"; a missing protocol means tcp.</summary>
    public static bool TryParseList(string text, out IReadOnlyList<PortBinding> bindings, out string error)
    {
        var result = new List<PortBinding>();
        bindings = result;
        error = "";
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split('/', 2, StringSplitOptions.TrimEntries);
            if (!int.TryParse(parts[0], out var port) || port is < 0 or > 65535)
            {
                error = $"'{item}' has no valid port (0-65535)";
                return false;
            }

            switch (parts.Length == 1 ? "tcp" : parts[1].ToLowerInvariant())
            {
                case "tcp": result.Add(new(port, TransportProtocol.Tcp)); break;
                case "udp": result.Add(new(port, TransportProtocol.Udp)); break;
                case "both":
                    result.Add(new(port, TransportProtocol.Tcp));
                    result.Add(new(port, TransportProtocol.Udp));
                    break;
                default:
                    error = $"'{item}' has protocol '{parts[1]}'; expected tcp, udp or both";
                    return false;
            }
        }

        if (result.Count == 0)
        {
            error = "no ports given";
            return false;
        }

        return true;
    }
}
