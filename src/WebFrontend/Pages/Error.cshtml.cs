using Gsp.Placement;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gsp.WebFrontend.Pages;

/// <summary>
/// Where an unexpected failure lands. A cluster that cannot be reached is a temporary state, answered
/// 503 with a plain sentence; anything else is logged by the framework and shown without details.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "Something went wrong";

    public string Message { get; private set; } = "The request could not be completed. Try again in a moment.";

    public void OnGet() => Describe();

    public void OnPost() => Describe();

    private void Describe()
    {
        var error = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (error is HostOfflineException offline)
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Title = "Host offline";
            Message = offline.Message;
        }
        else if (error is OrleansException or TimeoutException or SiloUnavailableException)
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Title = "Temporarily unavailable";
            Message = "The platform's cluster did not answer. Try again in a moment.";
        }
    }
}
