using Gsp.WebFrontend.Cluster;
using Gsp.WebFrontend.Health;

var builder = WebApplication.CreateBuilder(args);
builder.AddGspClusterClient();
builder.Services.AddRazorPages();

var app = builder.Build();
app.UseStaticFiles();
app.UseRouting();
app.MapHealthEndpoint();
app.MapRazorPages();
app.Run();

/// <summary>Entry point, visible to functional tests through WebApplicationFactory.</summary>
public partial class Program;
