using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Host.Channels.Delivery;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.Delivery;

/// <summary>
/// The retry every outbound client is registered with, alone, with the service's answers scripted; the channel tests
/// show it over real HTTP against the fake Connector and the fake Slack Web API, the incident tests against the fake Airflow.
/// </summary>
public sealed class OutboundResilienceTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_429_waits_as_long_as_Retry_After_says_then_sends_again()
    {
        var time = new FakeTimeProvider(Start);
        var service = new ScriptedService(time, Answer(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7)), Answer(HttpStatusCode.OK));
        using var clients = Clients(time, service);

        var sending = clients.Client.PostAsync(new Uri("http://connector.test/v3/conversations/a/activities"), new StringContent("{}"));
        await Eventually.HoldsAsync(() => time.ArmedTimers > 0);
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.False(sending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        using var response = await sending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([Start, Start.AddSeconds(7)], service.Calls);
    }

    [Fact]
    public async Task A_Retry_After_given_as_a_date_is_counted_on_the_apps_clock()
    {
        var time = new FakeTimeProvider(Start);
        var service = new ScriptedService(time, Answer(HttpStatusCode.ServiceUnavailable, retryAt: Start.AddSeconds(20)), Answer(HttpStatusCode.OK));
        using var clients = Clients(time, service);

        var sending = clients.Client.GetAsync(new Uri("http://slack.test/api/users.info?user=U1"));
        await Eventually.HoldsAsync(() => time.ArmedTimers > 0);
        time.Advance(TimeSpan.FromSeconds(19));
        Assert.False(sending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        using var response = await sending;

        Assert.Equal([Start, Start.AddSeconds(20)], service.Calls);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_a_minute_is_waited_for_a_minute()
    {
        var time = new FakeTimeProvider(Start);
        var service = new ScriptedService(time, Answer(HttpStatusCode.TooManyRequests, TimeSpan.FromHours(1)), Answer(HttpStatusCode.OK));
        using var clients = Clients(time, service);

        var sending = clients.Client.PostAsync(new Uri("http://slack.test/api/chat.postMessage"), new StringContent("{}"));
        await Eventually.HoldsAsync(() => time.ArmedTimers > 0);
        time.Advance(OutboundResilience.LongestRetryAfter);
        using var response = await sending;

        Assert.Equal([Start, Start + OutboundResilience.LongestRetryAfter], service.Calls);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_and_the_last_answer_is_returned()
    {
        var time = new FakeTimeProvider(Start);
        var service = new ScriptedService(time, [.. Enumerable.Repeat(Answer(HttpStatusCode.ServiceUnavailable), 5)]);
        using var clients = Clients(time, service);

        var sending = clients.Client.PostAsync(new Uri("http://connector.test/x"), new StringContent("{}"));
        while (!sending.IsCompleted)
        {
            await Eventually.HoldsAsync(() => sending.IsCompleted || time.ArmedTimers > 0);
            time.Advance(TimeSpan.FromSeconds(30));
        }

        using var response = await sending;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1 + OutboundResilience.MaxRetryAttempts, service.Calls.Count);
        Assert.Equal(5, service.Calls.Count);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        var time = new FakeTimeProvider(Start);
        var service = new ScriptedService(time, Answer(HttpStatusCode.BadRequest), Answer(HttpStatusCode.OK));
        using var clients = Clients(time, service);

        using var response = await clients.Client.PostAsync(new Uri("http://connector.test/x"), new StringContent("{}"));

        Assert.Equal((HttpStatusCode.BadRequest, 1), (response.StatusCode, service.Calls.Count));
    }

    /// <summary>A client registered as the bot registers its outbound clients, with the scripted service as its network.</summary>
    private static ScriptedClients Clients(FakeTimeProvider time, ScriptedService service)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddHttpClient("outbound").ConfigurePrimaryHttpMessageHandler(() => service).AddOutboundResilience();
        var provider = services.BuildServiceProvider();
        return new ScriptedClients(provider, provider.GetRequiredService<IHttpClientFactory>().CreateClient("outbound"));
    }

    private static Func<HttpResponseMessage> Answer(HttpStatusCode status, TimeSpan? retryAfter = null, DateTimeOffset? retryAt = null) => () =>
    {
        var response = new HttpResponseMessage(status);
        if (retryAfter is { } delta)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(delta);
        }
        else if (retryAt is { } date)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(date);
        }

        return response;
    };

    private sealed class ScriptedClients(ServiceProvider provider, HttpClient client) : IDisposable
    {
        public HttpClient Client { get; } = client;

        public void Dispose()
        {
            Client.Dispose();
            provider.Dispose();
        }
    }

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
