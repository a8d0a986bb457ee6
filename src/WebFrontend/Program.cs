using Gsp.WebFrontend.Cluster;
using Gsp.GameServers;
using Gsp.WebFrontend.Health;
using Gsp.WebFrontend.Webhooks;

var builder = WebApplication.CreateBuilder(args);
builder.AddGspClusterClient();
builder.Services.AddRazorPages();
builder.Services.AddOptions<WakeOptions>().BindConfiguration(WakeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

var app = builder.Build();
app.UseStaticFiles();
app.UseRouting();
app.MapHealthEndpoint();
app.MapWakeWebhook();
app.MapRazorPages();
app.Run();

/// <summary>Entry point, visible to functional tests through WebApplicationFactory.</summary>
public partial class Program;
