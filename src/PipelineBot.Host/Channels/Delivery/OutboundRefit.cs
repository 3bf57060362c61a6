using System.Text.Json;
using Refit;

namespace PipelineBot.Host.Channels.Delivery;

/// <summary>
/// The Refit settings of the channels' typed clients (Slack's Web API, the Bot Connector and its token endpoint). A call
/// fails the way the hand-written ones did, so their callers' catch clauses still hold: a refusal is an
/// <see cref="HttpRequestException"/> with the status (as <c>EnsureSuccessStatusCode</c> made it), a transport failure
/// stays the <see cref="HttpRequestException"/> it is (a timeout, a <see cref="TaskCanceledException"/>) instead of
/// Refit's <c>ApiRequestException</c>, and an answer that is not the JSON promised stays a <see cref="JsonException"/>.
/// Bodies are serialized into a buffer: sent with a Content-Length, and the retry can send the same request again.
/// </summary>
internal static class OutboundRefit
{
    public static RefitSettings Settings(JsonSerializerOptions json) => new(new SystemTextJsonContentSerializer(json))
    {
        RequestBodySerialization = RequestBodySerializationMode.Buffered,
        ExceptionFactory = Refusal,
        DeserializationExceptionFactory = (_, e) => ValueTask.FromResult<Exception?>(e),
        TransportExceptionFactory = (_, e, _) => e,
    };

    private static ValueTask<Exception?> Refusal(HttpResponseMessage response) => ValueTask.FromResult<Exception?>(response.IsSuccessStatusCode
        ? null
        : new HttpRequestException(
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}.", null, response.StatusCode));
}
