using Gsp.GameServers;
using Gsp.WebFrontend.Accounts;
using Gsp.WebFrontend.Api;
using Gsp.WebFrontend.Cluster;
using Gsp.WebFrontend.Health;
using Gsp.WebFrontend.Servers;
using Gsp.WebFrontend.Webhooks;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);
builder.AddGspClusterClient();
builder.AddGspAuthentication();
builder.Services.AddRazorPages(o =>
{
    o.Conventions.AllowAnonymousToPage("/Index");
    o.Conventions.AllowAnonymousToPage("/Login");
    o.Conventions.AllowAnonymousToPage("/Error");
    o.Conventions.AllowAnonymousToPage("/Status");
    o.Conventions.AuthorizeFolder("/Admin", AuthenticationSetup.AdminPolicy);
});
builder.Services.AddSingleton<ServerDirectory>();
builder.Services.AddSingleton<ServerBackups>();
builder.Services.AddOpenApi(o => o.AddDocumentTransformer<BearerTokenDocument>());
builder.Services.AddOptions<WakeOptions>().BindConfiguration(WakeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddWakeRateLimits();

var app = builder.Build();
app.UseWebhookOnlyPort();
app.UseExceptionHandler("/Error");
app.UseStatusCodePagesWithReExecute("/Status", "?code={0}");
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.MapHealthEndpoint();
app.MapWakeWebhook();
app.MapApi();
app.MapServerLiveEndpoints();
app.MapOpenApi().AllowAnonymous();
app.MapOrleansDashboard("/admin/orleans").RequireAuthorization(AuthenticationSetup.AdminPolicy);
app.MapRazorPages();
app.Run();

/// <summary>Entry point, visible to functional tests through WebApplicationFactory.</summary>
public partial class Program;
