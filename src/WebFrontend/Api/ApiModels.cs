namespace Gsp.WebFrontend.Api;

/// <summary>A request to create a server.</summary>
public sealed record CreateServerRequest(string GameId, string Name, Dictionary<string, string>? Variables, bool AutoSleep = true, bool InternetAccess = true);

/// <summary>Whether the server's game may reach public internet addresses.</summary>
public sealed record InternetAccessRequest(bool Enabled);

/// <summary>A deposit through the API; the reference makes a retried request credit once.</summary>
public sealed record DepositRequest(decimal Amount, string Reference);

/// <summary>Why a request was refused, in plain words.</summary>
public sealed record ApiError(string Error);

public sealed record WalletDto(decimal Balance, bool Exhausted, IReadOnlyList<LedgerEntryDto> Recent);

public sealed record LedgerEntryDto(Guid Id, DateTimeOffset At, string Kind, decimal Amount, decimal BalanceAfter, string Description, string? ServerId);

public sealed record GameDto(string Id, string DisplayName, decimal PricePerHour, int MemoryMb, decimal Cpus, IReadOnlyList<VariableDto> Variables);

public sealed record VariableDto(string Name, string Description, string DefaultValue, bool Required);

public sealed record LogLineDto(DateTimeOffset At, bool IsError, string Text);

public sealed record BackupDto(string Id, DateTimeOffset CreatedAt, long SizeBytes, string Sha256, string Reason);
