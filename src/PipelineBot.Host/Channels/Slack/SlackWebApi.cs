using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>Slack refused a Web API call (<c>{"ok":false,"error":"…"}</c>); <see cref="Error"/> is Slack's error name.</summary>
public sealed class SlackApiException(string method, string error) : Exception($"Slack {method} answered {error}.")
{
    public string Method { get; } = method;

    public string Error { get; } = error;
}

/// <summary>
/// The Slack Web API methods the bot calls, over a typed HttpClient (base <c>ApiBaseUrl</c>, bearer bot token, retried on
/// 429/5xx by <see cref="Delivery.OutboundRetryHandler"/>). Writes send JSON; reads send query parameters, which every
/// read method accepts (not all of them take JSON).
/// </summary>
internal sealed class SlackWebApi(HttpClient http)
{
    /// <summary>Posts a message and returns its timestamp (the message's id in its channel).</summary>
    public async Task<string> PostMessageAsync(string channel, SlackMessage message, string? threadTs, CancellationToken cancellationToken)
    {
        var body = message.ToJson();
        body["channel"] = channel;
        if (threadTs is not null)
        {
            body["thread_ts"] = threadTs;
        }

        var posted = await CallAsync("chat.postMessage", body, SlackJson.Default.SlackPosted, cancellationToken);
        return posted.Ts ?? throw new SlackApiException("chat.postMessage", "no_ts_in_answer");
    }

    public async Task UpdateAsync(string channel, string ts, SlackMessage message, CancellationToken cancellationToken)
    {
        var body = message.ToJson();
        body["channel"] = channel;
        body["ts"] = ts;
        await CallAsync("chat.update", body, SlackJson.Default.SlackPosted, cancellationToken);
    }

    /// <summary>Opens (or finds) the bot's DM with a user and returns its channel id.</summary>
    public async Task<string> OpenDirectMessageAsync(string userId, CancellationToken cancellationToken)
    {
        var opened = await CallAsync("conversations.open", new JsonObject { ["users"] = userId }, SlackJson.Default.SlackOpened, cancellationToken);
        return opened.Channel?.Id ?? throw new SlackApiException("conversations.open", "no_channel_in_answer");
    }

    /// <summary>A user, with their locale: users.info gives it only with <c>include_locale=true</c> (Slack's users.info reference; objs_user.locale in the Web API spec).</summary>
    public async Task<SlackUserInfo> UserAsync(string userId, CancellationToken cancellationToken)
    {
        var found = await ReadAsync($"users.info?user={Uri.EscapeDataString(userId)}&include_locale=true", SlackJson.Default.SlackUserFound, cancellationToken);
        return found.User ?? throw new SlackApiException("users.info", "no_user_in_answer");
    }

    /// <summary>The workspace user with this email, or null when there is none (<c>users_not_found</c>).</summary>
    public async Task<SlackUserInfo?> UserByEmailAsync(string email, CancellationToken cancellationToken)
    {
        try
        {
            return (await ReadAsync($"users.lookupByEmail?email={Uri.EscapeDataString(email)}", SlackJson.Default.SlackUserFound, cancellationToken)).User;
        }
        catch (SlackApiException e) when (e.Error == "users_not_found")
        {
            return null;
        }
    }

    private async Task<T> CallAsync<T>(string method, JsonObject body, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
        where T : ISlackResult
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, SlackJson.Default.JsonObject));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var response = await http.PostAsync(new Uri(method, UriKind.Relative), content, cancellationToken);
        return await AnswerAsync(method, response, answer, cancellationToken);
    }

    private async Task<T> ReadAsync<T>(string methodAndQuery, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
        where T : ISlackResult
    {
        using var response = await http.GetAsync(new Uri(methodAndQuery, UriKind.Relative), cancellationToken);
        return await AnswerAsync(methodAndQuery[..methodAndQuery.IndexOf('?', StringComparison.Ordinal)], response, answer, cancellationToken);
    }

    private static async Task<T> AnswerAsync<T>(string method, HttpResponseMessage response, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
        where T : ISlackResult
    {
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync(answer, cancellationToken)
            ?? throw new SlackApiException(method, "empty_answer");
        return result.Ok ? result : throw new SlackApiException(method, result.Error ?? "unknown_error");
    }
}
