namespace Gsp.WebFrontend.Webhooks;

/// <summary>
/// A listening port that serves the wake webhook and nothing else, for sidecars: the host firewall lets a
/// sidecar reach this port and no other of the control plane, so the dashboard, the API and the Orleans
/// dashboard stay out of reach of anything running beside a game. Configured by <c>Gsp:Wake:ListenerPort</c>
/// (the process must also listen there, e.g. <c>--urls "http://127.0.0.1:5080;http://0.0.0.0:5081"</c>);
/// without it every port serves everything, as before.
/// </summary>
public static class WebhookOnlyPort
{
    public const string PortSetting = "Gsp:Wake:ListenerPort";

    /// <summary>Answers 404 to any request on the webhook port other than a POST to <see cref="WakeWebhook.Route"/>.</summary>
    public static IApplicationBuilder UseWebhookOnlyPort(this WebApplication app)
    {
        if (app.Configuration.GetValue<int?>(PortSetting) is not (> 0 and var port))
        {
            return app;
        }

        return app.Use((context, next) =>
        {
            if (context.Connection.LocalPort == port
                && !(HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals(WakeWebhook.Route, StringComparison.OrdinalIgnoreCase)))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
    }
}
