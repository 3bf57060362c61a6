using System.Net;
using PipelineBot.Host.Channels.Delivery;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.Delivery;

/// <summary>
/// The retry policy alone, with the service's answers scripted; the channel tests show it over real HTTP against the fake
/// Connector and the fake Slack Web API.
/// </summary>
public sealed class OutboundRetryHandlerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_429_waits_as_long_as_Retry_After_says_then_sends_again()
    {
        var time = new FakeTimeProvider(Start);
        var service = new ScriptedService(time, Answer(HttpStatusCode.TooManyRequests, retryAfter: 7), Answer(HttpStatusCode.OK));
        using var client = new HttpClient(new OutboundRetryHandler(time) { InnerHandler = service });

        var sending = client.PostAsync(new Uri("http://connector.test/v3/conversations/a/activities"), new StringContent("{}"));
        await Eventually.HoldsAsync(() => time.ArmedTimers > 0);
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.False(sending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        using var response = await sending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([Start, Start.AddSeconds(7)], service.Calls);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_and_the_last_answer_is_returned()
    {
        var time = new FakeTimeProvider(Start);
        var service = new ScriptedService(time, [.. Enumerable.Repeat(Answer(HttpStatusCode.ServiceUnavailable), 5)]);
        using var client = new HttpClient(new OutboundRetryHandler(time) { InnerHandler = service });

        var sending = client.PostAsync(new Uri("http://connector.test/x"), new StringContent("{}"));
        while (!sending.IsCompleted)
        {
            await Eventually.HoldsAsync(() => sending.IsCompleted || time.ArmedTimers > 0);
            time.Advance(TimeSpan.FromSeconds(30));
        }

        using var response = await sending;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(5, service.Calls.Count);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        var time = new FakeTimeProvider(Start);
        var service = new ScriptedService(time, Answer(HttpStatusCode.BadRequest), Answer(HttpStatusCode.OK));
        using var client = new HttpClient(new OutboundRetryHandler(time) { InnerHandler = service });

        using var response = await client.PostAsync(new Uri("http://connector.test/x"), new StringContent("{}"));

        Assert.Equal((HttpStatusCode.BadRequest, 1), (response.StatusCode, service.Calls.Count));
    }

    private static Func<HttpResponseMessage> Answer(HttpStatusCode status, int? retryAfter = null) => () =>
    {
        var response = new HttpResponseMessage(status);
        if (retryAfter is { } seconds)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        return response;
    };

    private sealed class ScriptedService(TimeProvider time, params Func<HttpResponseMessage>[] answers) : HttpMessageHandler
    {
        public List<DateTimeOffset> Calls { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls.Add(time.GetUtcNow());
            return Task.FromResult(answers[Calls.Count - 1]());
        }
    }
}
