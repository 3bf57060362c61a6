using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PipelineBot.Host.Channels.Teams;

/// <summary>A member of a Teams conversation as the Connector reports them.</summary>
public sealed record TeamsMember(string Id, string? Name, string? Email);

/// <summary>
/// The Bot Connector REST API (v3), spoken directly: base = the serviceUrl of the activity (or the one stored with the
/// conversation), never a fixed host. Conversation and activity ids are URL-encoded (Teams ids hold <c>:</c>, <c>@</c>
/// and <c>;</c>). A failure after the retry handler's retries throws <see cref="HttpRequestException"/>.
/// </summary>
public sealed class ConnectorClient(HttpClient http, BotTokenSource tokens)
{
    /// <summary>ReplyToActivity: POST /v3/conversations/{id}/activities/{activityId}. Returns the new activity's id.</summary>
    public Task<string?> ReplyAsync(string serviceUrl, string conversationId, string replyToId, JsonObject activity, CancellationToken cancellationToken) =>
        SendForIdAsync(HttpMethod.Post, Url(serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(replyToId)}"), activity, cancellationToken);

    /// <summary>SendToConversation: POST /v3/conversations/{id}/activities.</summary>
    public Task<string?> SendAsync(string serviceUrl, string conversationId, JsonObject activity, CancellationToken cancellationToken) =>
        SendForIdAsync(HttpMethod.Post, Url(serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities"), activity, cancellationToken);

    /// <summary>UpdateActivity: PUT /v3/conversations/{id}/activities/{activityId}.</summary>
    public Task<string?> UpdateAsync(string serviceUrl, string conversationId, string activityId, JsonObject activity, CancellationToken cancellationToken) =>
        SendForIdAsync(HttpMethod.Put, Url(serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}"), activity, cancellationToken);

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
        using var response = await SendAsync(HttpMethod.Post, Url(serviceUrl, "v3/conversations"), parameters, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.GetProperty("id").GetString() ?? throw new InvalidOperationException("CreateConversation answered without an id.");
    }

    /// <summary>GetConversationMember: GET /v3/conversations/{id}/members/{memberId}; Teams adds email and userPrincipalName.</summary>
    public async Task<TeamsMember> GetMemberAsync(string serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, Url(serviceUrl, $"v3/conversations/{Escape(conversationId)}/members/{Escape(memberId)}"), null, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        string? Text(string name) => body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return new TeamsMember(Text("id") ?? memberId, Text("name"), Text("email") ?? Text("userPrincipalName"));
    }

    private static string Escape(string id) => Uri.EscapeDataString(id);

    private static Uri Url(string serviceUrl, string path) => new($"{serviceUrl.TrimEnd('/')}/{path}");

    private async Task<string?> SendForIdAsync(HttpMethod method, Uri url, JsonObject activity, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, url, activity, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        using var body = JsonDocument.Parse(text);
        return body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("id", out var id) ? id.GetString() : null;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.TokenAsync(cancellationToken));
        if (body is not null)
        {
            // Buffered text, so the retry handler can send the request again.
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw new HttpRequestException($"{method} {url.AbsolutePath} answered {(int)response.StatusCode}.", null, response.StatusCode);
            }
        }

        return response;
    }
}
