using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.Slack;

/// <summary>One call the fake Slack received: the method (or <c>response_url</c>), headers that matter, and the body as JSON.</summary>
public sealed record SlackCall(string Method, string? Authorization, string? ContentType, JsonObject Body, string Query);

/// <summary>
/// Slack's Web API and response_url endpoints as a small Kestrel app on a free loopback port. It answers like Slack
/// (HTTP 200 with <c>ok</c>; chat.postMessage as in the recorded capture) and records every call. Users it knows are
/// given with <see cref="AddUser"/>; a canned answer for the next call of a method with <see cref="FailNext"/>.
/// </summary>
public sealed class FakeSlackApi : IAsyncDisposable
{
    public const string Token = "xoxb-test-token";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SlackCall> _calls = new();
    private readonly ConcurrentDictionary<string, (string Id, string Email, string Name, string Tz, string Locale)> _users = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<HttpContext, Task>>> _canned = new();
    private readonly SemaphoreSlim _called = new(0);
    private int _ts;

    private FakeSlackApi(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public Uri ApiUrl => new(BaseUrl, "api/");

    /// <summary>A response_url on this fake, as Slack puts in commands and clicks.</summary>
    public Uri ResponseUrl => new(BaseUrl, "hooks/response/1");

    public IReadOnlyList<SlackCall> Calls => [.. _calls];

    /// <summary>Where <c>apps.connections.open</c> sends the bot, when it uses Socket Mode.</summary>
    public FakeSocketMode? SocketMode { get; set; }

    public static async Task<FakeSlackApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeSlackApi(app);
        app.MapPost("/api/{method}", (string method, HttpContext http) => fake.AnswerAsync(method, http));
        app.MapGet("/api/{method}", (string method, HttpContext http) => fake.AnswerAsync(method, http));
        app.MapPost("/hooks/response/{id}", (HttpContext http) => fake.AnswerAsync("response_url", http));
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return fake;
    }

    public void AddUser(string id, string email, string name, string tz, string locale = "en-US") => _users[id] = (id, email, name, tz, locale);

    /// <summary>The next call of <paramref name="method"/> is answered by <paramref name="answer"/> instead.</summary>
    public void FailNext(string method, Func<HttpContext, Task> answer) =>
        _canned.GetOrAdd(method, _ => new ConcurrentQueue<Func<HttpContext, Task>>()).Enqueue(answer);

    /// <summary>Waits until calls matching <paramref name="match"/> number <paramref name="count"/> (a hang guard, not a timing assertion).</summary>
    public async Task<IReadOnlyList<SlackCall>> WaitForAsync(Func<SlackCall, bool> match, int count = 1)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = Calls.Where(match).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            await _called.WaitAsync(guard.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _called.Dispose();
    }

    private async Task AnswerAsync(string method, HttpContext http)
    {
        var text = await new StreamReader(http.Request.Body).ReadToEndAsync();
        var body = text.Length > 0 && http.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true
            ? JsonNode.Parse(text)!.AsObject()
            : [];
        var call = new SlackCall(method, http.Request.Headers.Authorization.ToString(), http.Request.ContentType, body, http.Request.QueryString.Value ?? string.Empty);
        try
        {
            if (_canned.TryGetValue(method, out var canned) && canned.TryDequeue(out var answer))
            {
                await answer(http);
                return;
            }

            if (method == "apps.connections.open" && SocketMode is { } socketMode)
            {
                await http.Response.WriteAsJsonAsync(socketMode.Open(call.Authorization));
                return;
            }

            if (method != "response_url" && call.Authorization != $"Bearer {Token}")
            {
                await http.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = false, ["error"] = "not_authed" });
                return;
            }

            await http.Response.WriteAsJsonAsync(Answer(method, call, http.Request.Query));
        }
        finally
        {
            _calls.Enqueue(call);
            _called.Release();
        }
    }

    private JsonObject Answer(string method, SlackCall call, IQueryCollection query)
    {
        switch (method)
        {
            case "chat.postMessage":
                // The recorded capture's body, with this call's channel and a fresh timestamp.
                var posted = PostMessageCapture();
                var ts = $"1652892820.{Interlocked.Increment(ref _ts):D6}";
                posted["channel"] = call.Body["channel"]?.GetValue<string>();
                posted["ts"] = ts;
                posted["message"]!["ts"] = ts;
                return posted;
            case "chat.update":
                return new JsonObject { ["ok"] = true, ["channel"] = call.Body["channel"]?.GetValue<string>(), ["ts"] = call.Body["ts"]?.GetValue<string>() };
            case "conversations.open":
                return new JsonObject { ["ok"] = true, ["channel"] = new JsonObject { ["id"] = "D0" + call.Body["users"]?.GetValue<string>() } };
            case "users.info" when _users.TryGetValue(query["user"].ToString(), out var user):
                return UserJson(user, withLocale: query["include_locale"] == "true");
            case "users.lookupByEmail" when _users.Values.FirstOrDefault(u => string.Equals(u.Email, query["email"], StringComparison.OrdinalIgnoreCase)) is { Id: not null } byEmail:
                return UserJson(byEmail, withLocale: false);
            case "users.info":
                return new JsonObject { ["ok"] = false, ["error"] = "user_not_found" };
            case "users.lookupByEmail":
                return new JsonObject { ["ok"] = false, ["error"] = "users_not_found" };
            case "response_url":
                return new JsonObject { ["ok"] = true };
            case "usergroups.users.update" when call.Body["usergroup"]?.GetValue<string>() is ['S', ..]:
                return new JsonObject { ["ok"] = true, ["usergroup"] = new JsonObject { ["id"] = call.Body["usergroup"]!.GetValue<string>(), ["users"] = new JsonArray(call.Body["users"]!.GetValue<string>()) } };
            case "usergroups.users.update":
                return new JsonObject { ["ok"] = false, ["error"] = "no_such_subteam" };
            default:
                return new JsonObject { ["ok"] = false, ["error"] = "unknown_method" };
        }
    }

    /// <summary>A user object as Slack gives it: the locale only when asked for (users.info's include_locale; users.lookupByEmail has no such argument).</summary>
    private static JsonObject UserJson((string Id, string Email, string Name, string Tz, string Locale) user, bool withLocale)
    {
        var json = new JsonObject
        {
            ["id"] = user.Id,
            ["name"] = user.Name.ToLowerInvariant().Replace(' ', '.'),
            ["real_name"] = user.Name,
            ["tz"] = user.Tz,
            ["is_bot"] = false,
            ["profile"] = new JsonObject { ["email"] = user.Email, ["real_name"] = user.Name, ["display_name"] = user.Name },
        };
        if (withLocale)
        {
            json["locale"] = user.Locale;
        }

        return new JsonObject { ["ok"] = true, ["user"] = json };
    }

    private static JsonObject PostMessageCapture()
    {
        var capture = File.ReadAllText(RepositoryFiles.Fixture("slack/http-captures/slack-cr-chat.postMessage-200-ok.vcr"));
        return JsonNode.Parse(capture[capture.IndexOf("\n{", StringComparison.Ordinal)..])!.AsObject();
    }
}
