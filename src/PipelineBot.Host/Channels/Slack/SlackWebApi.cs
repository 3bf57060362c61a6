using System.Text.Json.Nodes;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>Slack refused a Web API call (<c>{"ok":false,"error":"…"}</c>); <see cref="Error"/> is Slack's error name.</summary>
public sealed class SlackApiException(string method, string error) : Exception($"Slack {method} answered {error}.")
{
    public string Method { get; } = method;

    public string Error { get; } = error;
}

/// <summary>
/// The Slack Web API methods the bot calls, over <see cref="ISlackMethods"/> (base <c>ApiBaseUrl</c>, bearer bot token,
/// retried on 429/5xx by <see cref="Delivery.OutboundResilience"/>): an answer without <c>ok</c> is a
/// <see cref="SlackApiException"/> naming Slack's error.
/// </summary>
internal sealed class SlackWebApi(ISlackMethods methods)
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

        var posted = Ok("chat.postMessage", await methods.PostMessageAsync(body, cancellationToken));
        return posted.Ts ?? throw new SlackApiException("chat.postMessage", "no_ts_in_answer");
    }

    public async Task UpdateAsync(string channel, string ts, SlackMessage message, CancellationToken cancellationToken)
    {
        var body = message.ToJson();
        body["channel"] = channel;
        body["ts"] = ts;
        Ok("chat.update", await methods.UpdateAsync(body, cancellationToken));
    }

    /// <summary>Opens (or finds) the bot's DM with a user and returns its channel id.</summary>
    public async Task<string> OpenDirectMessageAsync(string userId, CancellationToken cancellationToken)
    {
        var opened = Ok("conversations.open", await methods.OpenConversationAsync(new JsonObject { ["users"] = userId }, cancellationToken));
        return opened.Channel?.Id ?? throw new SlackApiException("conversations.open", "no_channel_in_answer");
    }

    /// <summary>A user, with their locale.</summary>
    public async Task<SlackUserInfo> UserAsync(string userId, CancellationToken cancellationToken)
    {
        var found = Ok("users.info", await methods.UserInfoAsync(userId, cancellationToken));
        return found.User ?? throw new SlackApiException("users.info", "no_user_in_answer");
    }

    /// <summary>The workspace user with this email, or null when there is none (<c>users_not_found</c>).</summary>
    public async Task<SlackUserInfo?> UserByEmailAsync(string email, CancellationToken cancellationToken)
    {
        try
        {
            return Ok("users.lookupByEmail", await methods.LookupByEmailAsync(email, cancellationToken)).User;
        }
        catch (SlackApiException e) when (e.Error == "users_not_found")
        {
            return null;
        }
    }

    /// <summary>Makes <paramref name="userId"/> the one member of the user group.</summary>
    public async Task SetUserGroupAsync(string userGroup, string userId, CancellationToken cancellationToken) =>
        Ok("usergroups.users.update", await methods.UpdateUserGroupUsersAsync(new JsonObject { ["usergroup"] = userGroup, ["users"] = userId }, cancellationToken));

    private static T Ok<T>(string method, T? answer)
        where T : ISlackResult
    {
        var result = answer ?? throw new SlackApiException(method, "empty_answer");
        return result.Ok ? result : throw new SlackApiException(method, result.Error ?? "unknown_error");
    }
}
