using System.Net;
using Polly;
using Polly.Retry;

namespace PipelineBot.Host.Channels.Delivery;

/// <summary>
/// Retries an outbound call (Slack Web API, Bot Connector, token endpoint) on 429, 5xx and transport failures, with
/// exponential backoff, and waits as long as the service's <c>Retry-After</c> says when it says so (PRODUCT §5).
/// Request bodies here are buffered content, so a request can be sent again.
/// </summary>
public sealed class OutboundRetryHandler : DelegatingHandler
{
    /// <summary>Longest wait honoured from a <c>Retry-After</c>; a longer one is a failure for the caller to retry later.</summary>
    public static readonly TimeSpan LongestRetryAfter = TimeSpan.FromSeconds(60);

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public OutboundRetryHandler(TimeProvider time)
    {
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = 4,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromSeconds(1),
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException } => true,
                    { Result: { } response } => response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
                    _ => false,
                }),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, time)),
                OnRetry = args =>
                {
                    // The response being retried is not handed to the caller, so it is let go here.
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(async (state, token) => await base.SendAsync(state, token), request, cancellationToken).AsTask();

    /// <summary>The wait the service asked for, if any (seconds or a date); null lets the backoff decide.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is { } w ? TimeSpan.FromTicks(Math.Clamp(w.Ticks, 0, LongestRetryAfter.Ticks)) : null;
    }
}
