using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace PipelineBot.Host.Tests.Teams;

/// <summary>A request the fake Connector received: the path as sent on the wire (still URL-encoded), and the body.</summary>
public sealed record ConnectorRequest(string Method, string RawTarget, string? Authorization, JsonObject? Body);

/// <summary>
/// The Bot Connector and the Entra ID token endpoint, faked on one local server. The Connector records every request
/// and answers a ResourceResponse <c>{"id"}</c>; members it knows are served with their email; answers can be scripted
/// to fail first (429 with Retry-After). The token endpoint hands out numbered tokens and records the form it got.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    public const string TokenPath = "/botframework.com/oauth2/v2.0/token";

    private readonly LocalServer _server;
    private readonly ConcurrentQueue<ConnectorRequest> _requests = new();
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> _failures = new();
    private readonly ConcurrentDictionary<string, string> _emails = new();
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> _tokenRequests = new();
    private int _activities;

    private FakeConnector(LocalServer server) => _server = server;

    /// <summary>A serviceUrl on this server shaped like Teams' own (region and tenant in the path, trailing slash).</summary>
    public string ServiceUrl => $"{_server.BaseUrl}/amer/a1b2c3d4-e5f6-7890-abcd-ef1234567890/";

    public string TokenEndpoint => _server.BaseUrl + TokenPath;

    public IReadOnlyList<ConnectorRequest> Requests => [.. _requests];

    public IReadOnlyList<IReadOnlyDictionary<string, string>> TokenRequests => [.. _tokenRequests];

    /// <summary>The activities posted or put (not member lookups or conversation creations).</summary>
    public IReadOnlyList<ConnectorRequest> Activities => [.. _requests.Where(r => r.RawTarget.Contains("/activities", StringComparison.Ordinal))];

    public static async Task<FakeConnector> StartAsync()
    {
        FakeConnector? fake = null;
        var server = await LocalServer.StartAsync(app =>
        {
            app.MapPost(TokenPath, async (HttpContext context) =>
            {
                var form = await context.Request.ReadFormAsync();
                fake!._tokenRequests.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
                return Results.Json(new { token_type = "Bearer", expires_in = 3600, ext_expires_in = 3600, access_token = $"bot-token-{fake._tokenRequests.Count}" });
            });
            app.Map("/amer/{**rest}", (Delegate)((HttpContext context) => fake!.AnswerAsync(context)));
        });
        fake = new FakeConnector(server);
        return fake;
    }

    /// <summary>The email GetConversationMember reports for a Teams account; accounts not set here are 404.</summary>
    public void Member(string accountId, string email) => _emails[accountId] = email;

    public void FailNext(int status, string? retryAfter = null) => _failures.Enqueue((status, retryAfter));

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<IResult> AnswerAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var body = context.Request.ContentLength > 0 ? JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync()) as JsonObject : null;
        _requests.Enqueue(new ConnectorRequest(context.Request.Method, raw, context.Request.Headers.Authorization, body));
        if (_failures.TryDequeue(out var failure))
        {
            if (failure.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = failure.RetryAfter;
            }

            return Results.StatusCode(failure.Status);
        }

        var path = Uri.UnescapeDataString(raw);
        if (HttpMethods.IsGet(context.Request.Method) && path.Contains("/members/", StringComparison.Ordinal))
        {
            var account = path[(path.LastIndexOf("/members/", StringComparison.Ordinal) + "/members/".Length)..];
            return _emails.TryGetValue(account, out var email)
                ? Results.Json(new { id = account, name = "Someone", email, userPrincipalName = email })
                : Results.NotFound();
        }

        if (path.EndsWith("/v3/conversations", StringComparison.Ordinal))
        {
            return Results.Json(new { id = "a:created-personal-chat", activityId = "1" });
        }

        return Results.Json(new { id = $"activity-{Interlocked.Increment(ref _activities)}" });
    }
}
