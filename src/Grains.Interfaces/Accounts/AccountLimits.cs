namespace Gsp.Accounts;

/// <summary>Bounds on account data, public so forms can check them first.</summary>
public static class AccountLimits
{
    public const int MaxTokenName = 60;
    public const int MaxTokensPerUser = 20;
    public const int MaxEmail = 254;
    public const int MaxDisplayName = 100;
}
