using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// Posts to an interaction's or command's <c>response_url</c> (no token: the URL is the credential; Slack allows 5 uses
/// in 30 minutes), retried like every outbound call.
/// </summary>
internal sealed class SlackResponder(HttpClient http)
{
    public async Task RespondAsync(Uri responseUrl, JsonObject body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, SlackJson.Default.JsonObject));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var response = await http.PostAsync(responseUrl, content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
