using Microsoft.AspNetCore.Http;

namespace Gsp.WebFrontend.Accounts;

/// <summary>How people sign in to the dashboard. Section <c>Gsp:Auth</c>.</summary>
public sealed class AuthSettings
{
    public const string SectionName = "Gsp:Auth";

    /// <summary>
    /// A sign-in form that accepts any email without a password, for a machine of one's own. Off unless
    /// configured; the launcher turns it on; the login page labels it clearly. Whatever this says, it is
    /// refused to any request that does not come from a loopback address.
    /// </summary>
    public bool DevelopmentLogin { get; set; }

    /// <summary>
    /// Emails whose users are admins, when their provider asserts <c>email_verified=true</c> (a missing
    /// claim counts as not verified; the development login, loopback only, counts as verified). None by default.
    /// </summary>
    public string[] AdminEmails { get; set; } = [];

    /// <summary>Admins by the provider's stable subject, as <c>provider:subject</c> (e.g. <c>oidc-corp:4711</c>). None by default.</summary>
    public string[] AdminSubjects { get; set; } = [];

    /// <summary>
    /// A one-time token (at least 32 characters) that makes whoever opens <c>/login/bootstrap?token=...</c>
    /// while signed in an admin; each token works once. <c>deploy/gsp up</c> makes one and prints the link. None by default.
    /// </summary>
    public string BootstrapToken { get; set; } = "";

    /// <summary>The shortest bootstrap token accepted: shorter ones are ignored, so a guessable token never works.</summary>
    public const int MinimumBootstrapTokenLength = 32;

    /// <summary>
    /// Whether the session cookie is sent over plain HTTP. <c>Always</c> (secure only) by default; a
    /// dashboard served on plain HTTP to another machine needs <c>SameAsRequest</c> (browsers treat
    /// localhost as secure, so a local dashboard works either way).
    /// </summary>
    public CookieSecurePolicy CookieSecurePolicy { get; set; } = CookieSecurePolicy.Always;

    /// <summary>Google sign-in: set ClientId and ClientSecret to turn it on.</summary>
    public OAuthClient Google { get; set; } = new();

    /// <summary>Microsoft sign-in (OpenID Connect against the Microsoft identity platform).</summary>
    public MicrosoftClient Microsoft { get; set; } = new();

    /// <summary>Further OpenID Connect providers by name (lower-case letters, digits, dashes).</summary>
    public Dictionary<string, OpenIdProvider> OpenIdConnect { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether configuration makes this sign-in an admin: a verified admin email, or an admin subject.</summary>
    public bool IsConfiguredAdmin(string provider, string subject, string email, bool emailVerified) =>
        (emailVerified && email.Length > 0 && AdminEmails.Any(a => string.Equals(a.Trim(), email, StringComparison.OrdinalIgnoreCase)))
        || AdminSubjects.Any(a => string.Equals(a.Trim(), provider + ":" + subject, StringComparison.Ordinal));
}

public class OAuthClient
{
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";

    public bool Enabled => ClientId.Length > 0;
}

public sealed class MicrosoftClient : OAuthClient
{
    /// <summary>A tenant id, or <c>common</c> / <c>organizations</c> / <c>consumers</c>.</summary>
    public string Tenant { get; set; } = "common";
}

public sealed class OpenIdProvider : OAuthClient
{
    public string DisplayName { get; set; } = "";
    public string Authority { get; set; } = "";

    /// <summary>Only for a provider on a trusted local network (tests): allows an http authority.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}
