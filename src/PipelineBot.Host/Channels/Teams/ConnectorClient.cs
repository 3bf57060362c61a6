using System.Text.Json.Nodes;

namespace PipelineBot.Host.Channels.Teams;

/// <summary>A member of a Teams conversation as the Connector reports them.</summary>
public sealed record TeamsMember(string Id, string? Name, string? Email);

/// <summary>
/// The Bot Connector as the channel uses it, over <see cref="IConnectorApi"/>: base = the serviceUrl of the activity (or
/// the one stored with the conversation), never a fixed host. A failure after the retries throws
/// <see cref="HttpRequestException"/>.
/// </summary>
public sealed class ConnectorClient(IConnectorApi api)
{
    /// <summary>ReplyToActivity: POST /v3/conversations/{id}/activities/{activityId}. Returns the new activity's id.</summary>
    public async Task<string?> ReplyAsync(string serviceUrl, string conversationId, string replyToId, JsonObject activity, CancellationToken cancellationToken) =>
        (await api.ReplyToActivityAsync(serviceUrl, conversationId, replyToId, activity, cancellationToken))?.Id;

    /// <summary>SendToConversation: POST /v3/conversations/{id}/activities.</summary>
    public async Task<string?> SendAsync(string serviceUrl, string conversationId, JsonObject activity, CancellationToken cancellationToken) =>
        (await api.SendToConversationAsync(serviceUrl, conversationId, activity, cancellationToken))?.Id;

    /// <summary>UpdateActivity: PUT /v3/conversations/{id}/activities/{activityId}.</summary>
    public async Task<string?> UpdateAsync(string serviceUrl, string conversationId, string activityId, JsonObject activity, CancellationToken cancellationToken) =>
        (await api.UpdateActivityAsync(serviceUrl, conversationId, activityId, activity, cancellationToken))?.Id;

    /// <summary>CreateConversation: a proactive 1:1 with one member (POST /v3/conversations). Returns the conversation id.</summary>
    public async Task<string> CreatePersonalConversationAsync(string serviceUrl, string botId, string memberAccountId, string tenantId, CancellationToken cancellationToken)
    {
        var parameters = new JsonObject
        {
            ["bot"] = new JsonObject { ["id"] = botId },
            ["members"] = new JsonArray(new JsonObject { ["id"] = memberAccountId }),
            ["tenantId"] = tenantId,
            ["isGroup"] = false,
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenantId } },
        };
        var created = await api.CreateConversationAsync(serviceUrl, parameters, cancellationToken);
        return created?.Id ?? throw new InvalidOperationException("CreateConversation answered without an id.");
    }

    /// <summary>GetConversationMember: GET /v3/conversations/{id}/members/{memberId}; Teams adds email and userPrincipalName.</summary>
    public async Task<TeamsMember> GetMemberAsync(string serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken)
    {
        var member = await api.GetConversationMemberAsync(serviceUrl, conversationId, memberId, cancellationToken);
        return new TeamsMember(member?.Id ?? memberId, member?.Name, member?.Email ?? member?.UserPrincipalName);
    }
}
