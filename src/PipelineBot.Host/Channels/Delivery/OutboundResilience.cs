using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace PipelineBot.Host.Channels.Delivery;

/// <summary>
/// The retry every outbound client gets (Slack's Web API and response URLs, the Bot Connector and its token endpoint,
/// the Bot Framework's keys, Airflow): Microsoft.Extensions.Http.Resilience's handler with its HTTP retry, on 429, 408,
/// 5xx and transport failures, up to <see cref="MaxRetryAttempts"/> more tries with exponential backoff and jitter,
/// waiting as long as the service's <c>Retry-After</c> says (PRODUCT §5), on the app's <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Only the retry of the standard handler, not the rest of it: its attempt timeout (10 s) would send again a
/// chat.postMessage Slack is still working on, its total timeout (30 s) is shorter than a <c>Retry-After</c> honoured
/// here, and its circuit breaker would refuse every call to a service for a while after one burst of 503s. The
/// HttpClient's own timeout stays the limit of a call. Every method is retried, POST included, as before: request
/// bodies are buffered, so a request can be sent again.
/// </remarks>
public static class OutboundResilience
{
    public const int MaxRetryAttempts = 4;

    /// <summary>Longest wait honoured from a <c>Retry-After</c>; a longer one is cut to this, and the call fails after the last try.</summary>
    public static readonly TimeSpan LongestRetryAfter = TimeSpan.FromSeconds(60);

    public static IHttpClientBuilder AddOutboundResilience(this IHttpClientBuilder builder) =>
        builder.AddHttpMessageHandler(services => new ResilienceHandler(Pipeline(services.GetRequiredService<TimeProvider>())));

    /// <summary>
    /// Built here rather than through <c>AddResilienceHandler</c>'s registry: a pipeline the registry owns, when the
    /// host stops, waits on the pipeline's clock for calls still in flight, and a call waiting out a
    /// <c>Retry-After</c> on a clock that is not moving (a test's) would keep the host from stopping.
    /// </summary>
    private static ResiliencePipeline<HttpResponseMessage> Pipeline(TimeProvider time) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = MaxRetryAttempts,
                Delay = TimeSpan.FromSeconds(1),

                // In place of the library's own Retry-After reading, which dates a Retry-After given as a date by the
                // system clock and waits as long as any header says.
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, time)),
            })
            .Build();

    /// <summary>The wait the service asked for, if any (seconds or a date); null lets the backoff decide.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is { } w ? TimeSpan.FromTicks(Math.Clamp(w.Ticks, 0, LongestRetryAfter.Ticks)) : null;
    }
}
