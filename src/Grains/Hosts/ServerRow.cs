namespace Gsp.Hosts;

/// <summary>One server placed on one host as the directory stores it, and whether its game was admitted to run.</summary>
public sealed record ServerRow(string Host, ServerReservation Server, bool Running);
