using System.Security.Cryptography;
using System.Text;
using Gsp.Storage;
using Gsp.Time;

namespace Gsp.Accounts;

/// <inheritdoc cref="IAccountsGrain"/>
public sealed partial class AccountsGrain(
    [PersistentState("accounts", GrainStorageNames.Default)] IPersistentState<AccountsState> state,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider time,
    ILogger<AccountsGrain> logger) : Grain, IAccountsGrain
{
    private const string TokenPrefix = "gsp_";

    private AccountsState S => state.State;

    public async Task<UserProfile> SignInAsync(ExternalSignIn signIn)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signIn.Provider);
        ArgumentException.ThrowIfNullOrWhiteSpace(signIn.Subject);
        var id = UserIds.For(signIn.Provider, signIn.Subject);
        var now = time.GetUtcNow();
        var email = Clip(signIn.Email, AccountLimits.MaxEmail);
        var name = Clip(string.IsNullOrWhiteSpace(signIn.DisplayName) ? email : signIn.DisplayName, AccountLimits.MaxDisplayName);
        if (S.Users.TryGetValue(id, out var user))
        {
            user.Profile = user.Profile with { Email = email, DisplayName = name, IsAdmin = user.Bootstrapped || signIn.ConfiguredAdmin, LastSignInAt = now };
        }
        else
        {
            user = new StoredUser
            {
                Profile = new UserProfile(id, email, name, signIn.Provider, signIn.ConfiguredAdmin, now, now),
            };
            S.Users[id] = user;
            LogNewUser(logger, id, signIn.Provider, user.Profile.IsAdmin);
        }

        await state.WriteStateAsync();
        return user.Profile;
    }

    public async Task<UserProfile?> ClaimBootstrapAdminAsync(string userId, string tokenHash)
    {
        if (string.IsNullOrEmpty(tokenHash) || S.UsedBootstrapTokens.Contains(tokenHash) || !S.Users.TryGetValue(userId, out var user))
        {
            return null;
        }

        S.UsedBootstrapTokens.Add(tokenHash);
        user.Bootstrapped = true;
        user.Profile = user.Profile with { IsAdmin = true };
        await state.WriteStateAsync();
        LogBootstrapAdmin(logger, userId);
        return user.Profile;
    }

    public Task<UserProfile?> GetUserAsync(string userId) =>
        Task.FromResult(S.Users.TryGetValue(userId, out var user) ? user.Profile : null);

    public Task<IReadOnlyList<UserProfile>> ListUsersAsync() =>
        Task.FromResult<IReadOnlyList<UserProfile>>(S.Users.Values.Select(u => u.Profile).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal).ToArray());

    public async Task<NewApiToken?> CreateTokenAsync(string userId, string name)
    {
        name = name?.Trim() ?? "";
        if (!S.Users.ContainsKey(userId) || name.Length is 0 or > AccountLimits.MaxTokenName || name.Any(char.IsControl)
            || S.Tokens.Values.Count(t => t.UserId == userId) >= AccountLimits.MaxTokensPerUser)
        {
            return null;
        }

        var secret = TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var info = new ApiTokenInfo(Guid.CreateVersion7(time.GetUtcNow()).ToString("N")[..16], name, secret[..(TokenPrefix.Length + 6)], time.GetUtcNow());
        S.Tokens[Hash(secret)] = new StoredToken { UserId = userId, Info = info };
        await state.WriteStateAsync();
        LogTokenCreated(logger, userId, info.Id);
        return new NewApiToken(info, secret);
    }

    public Task<IReadOnlyList<ApiTokenInfo>> ListTokensAsync(string userId) =>
        Task.FromResult<IReadOnlyList<ApiTokenInfo>>(S.Tokens.Values.Where(t => t.UserId == userId).Select(t => t.Info).OrderBy(t => t.CreatedAt).ToArray());

    public async Task<bool> RevokeTokenAsync(string userId, string tokenId)
    {
        var hash = S.Tokens.FirstOrDefault(t => t.Value.UserId == userId && t.Value.Info.Id == tokenId).Key;
        if (hash is null)
        {
            return false;
        }

        S.Tokens.Remove(hash);
        await state.WriteStateAsync();
        LogTokenRevoked(logger, userId, tokenId);
        return true;
    }

    public Task<UserProfile?> AuthenticateTokenAsync(string secret)
    {
        if (string.IsNullOrEmpty(secret) || !secret.StartsWith(TokenPrefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return Task.FromResult<UserProfile?>(null);
        }

        return Task.FromResult(S.Tokens.TryGetValue(Hash(secret), out var token) && S.Users.TryGetValue(token.UserId, out var user) ? user.Profile : null);
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Clip(string? text, int max)
    {
        var clean = new string((text ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length <= max ? clean : clean[..max];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "New user {UserId} signed in with {Provider} (admin: {IsAdmin})")]
    private static partial void LogNewUser(ILogger logger, string userId, string provider, bool isAdmin);

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId} became an admin through the one-time bootstrap link")]
    private static partial void LogBootstrapAdmin(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} created API token {TokenId}")]
    private static partial void LogTokenCreated(ILogger logger, string userId, string tokenId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} revoked API token {TokenId}")]
    private static partial void LogTokenRevoked(ILogger logger, string userId, string tokenId);
}
