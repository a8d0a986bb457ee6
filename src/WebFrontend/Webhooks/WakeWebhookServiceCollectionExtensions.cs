namespace Gsp.WebFrontend.Webhooks;

public static class WakeWebhookServiceCollectionExtensions
{
    /// <summary>The wake webhook's rate limits (<see cref="WakeRateLimitOptions"/>).</summary>
    public static IServiceCollection AddWakeRateLimits(this IServiceCollection services)
    {
        services.AddOptions<WakeRateLimitOptions>().BindConfiguration(WakeRateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WakeRateLimits>();
        return services;
    }
}
