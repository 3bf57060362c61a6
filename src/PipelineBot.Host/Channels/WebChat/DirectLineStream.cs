using System.Net.WebSockets;

namespace PipelineBot.Host.Channels.WebChat;

/// <summary>
/// The WebSocket at a conversation's <c>streamUrl</c>: preauthorized by the token in <c>t</c> (a browser cannot set
/// headers on a WebSocket), it sends every activity logged after the URL's watermark as an ActivitySet, then each new
/// one as it is logged. What the client sends (DirectLineJS pings with empty messages) is read and ignored.
/// </summary>
internal static class DirectLineStream
{
    public static async Task<IResult> RunAsync(
        HttpContext http, string conversationId, string? watermark, string? t,
        WebChatConversations conversations, DirectLineTokens tokens, WebChatChannel channel, IHostApplicationLifetime lifetime)
    {
        if (DirectLineEndpoints.Find(t, conversationId, conversations, tokens, out var conversation, out _) is { } failure)
        {
            return failure;
        }

        if (!WebChatConversation.TryParseWatermark(watermark, out var sent))
        {
            return DirectLineEndpoints.Error(StatusCodes.Status400BadRequest, "BadArgument", $"'{watermark}' is not a watermark this conversation gave out.");
        }

        if (!http.WebSockets.IsWebSocketRequest)
        {
            return DirectLineEndpoints.Error(StatusCodes.Status400BadRequest, "BadArgument", "The stream URL is for a WebSocket.");
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var held = conversations.Reading(conversation, streamOpens: true);
        try
        {
            var listening = IgnoreIncomingAsync(socket, stop);

            // The held notices are this conversation's now: they are posted into it even if the client leaves at once.
            await channel.DeliverHeldAsync(conversation, held, lifetime.ApplicationStopping);
            while (!stop.IsCancellationRequested)
            {
                var changed = conversation.Changed;
                var (activities, next) = conversation.After(sent);
                if (activities.Count > 0)
                {
                    await socket.SendAsync(DirectLineEndpoints.ActivitySet(activities, next), WebSocketMessageType.Text, endOfMessage: true, stop.Token);
                }

                sent = next;
                await changed.WaitAsync(stop.Token);
            }

            await listening;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The client went away or the bot is stopping: nothing to answer.
        }
        finally
        {
            conversations.StreamClosed(conversation);
        }

        try
        {
            // The client's close is answered only now, so once its close handshake is done the bot no longer counts it
            // as reading: a page that switches identity is not raced by a notice for the member it left.
            if (socket.State == WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            else if (socket.State == WebSocketState.Open)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "The bot is stopping.", CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
            // The client left without waiting for the answer to its close.
        }

        return Results.Empty;
    }

    private static async Task IgnoreIncomingAsync(WebSocket socket, CancellationTokenSource stop)
    {
        var buffer = new byte[1024];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var received = await socket.ReceiveAsync(buffer, stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Ends with the stream either way.
        }
        finally
        {
            await stop.CancelAsync();
        }
    }
}
