using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using PipelineBot.Domain.Catalog;

namespace PipelineBot.Host.Channels.WebChat;

/// <summary>
/// A Direct Line 3.0 compatible endpoint (tests/fixtures/botframework/specs/directline-3.0.json) served by the bot
/// itself, for the official Web Chat on the local page. Checks run in the order: a token at all (401), a token this
/// process signed and not expired (403), the conversation exists (404), the token is for that conversation (403).
/// Errors are the spec's ErrorResponse, <c>{"error":{"code","message"}}</c>. A client may end its conversation by
/// posting an <c>endOfConversation</c> activity; after it nothing more can be posted (403), as the spec says.
/// </summary>
internal static class DirectLineEndpoints
{
    /// <summary>The largest activity or token request accepted; an Adaptive Card click with its inputs is far below it.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapDirectLine(this IEndpointRouteBuilder app)
    {
        var directLine = app.MapGroup("/v3/directline");
        directLine.MapPost("/tokens/generate", GenerateAsync);
        directLine.MapPost("/tokens/refresh", Refresh);
        directLine.MapPost("/conversations", Start);
        directLine.MapGet("/conversations/{conversationId}", Reconnect);
        directLine.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        directLine.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        directLine.MapGet("/conversations/{conversationId}/stream", DirectLineStream.RunAsync);
        return app;
    }

    /// <summary>
    /// A token for a new conversation as the member named in <c>user.id</c>. Direct Line wants a secret here; the local
    /// web chat has none, because choosing who you are is the point of it (it is only on when no real channel is configured).
    /// </summary>
    private static async Task<IResult> GenerateAsync(HttpRequest request, Catalog catalog, WebChatConversations conversations, DirectLineTokens tokens)
    {
        var (body, problem) = await ReadObjectAsync(request);
        if (body is null)
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", problem!);
        }

        if (body["user"]?["id"] is not JsonValue id || !id.TryGetValue<string>(out var memberId))
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", "The body must name the member to speak as in user.id.");
        }

        if (catalog.FindMember(memberId) is null)
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", $"'{memberId}' is not a member of the catalog.");
        }

        var conversation = conversations.Open(memberId);
        return TypedResults.Ok(new DirectLineConversation(conversation.Id, tokens.Issue(conversation.Id, memberId), DirectLineTokens.ExpiresInSeconds, null));
    }

    private static IResult Refresh(HttpRequest request, WebChatConversations conversations, DirectLineTokens tokens)
    {
        if (Authorize(request, tokens, out var grant) is { } failure)
        {
            return failure;
        }

        if (conversations.Use(grant.ConversationId) is null)
        {
            return UnknownConversation(grant.ConversationId);
        }

        return TypedResults.Ok(new DirectLineConversation(grant.ConversationId, tokens.Issue(grant.ConversationId, grant.MemberId), DirectLineTokens.ExpiresInSeconds, null));
    }

    /// <summary>Starts the token's conversation: 201 the first time, 200 when it was already started (as the spec says).</summary>
    private static IResult Start(HttpRequest request, WebChatConversations conversations, DirectLineTokens tokens, TimeProvider time)
    {
        if (Authorize(request, tokens, out var grant) is { } failure)
        {
            return failure;
        }

        if (conversations.Use(grant.ConversationId) is not { } conversation)
        {
            return UnknownConversation(grant.ConversationId);
        }

        var started = conversation.Started;
        conversation.Started = true;
        var answer = Describe(request, conversation, grant, conversation.Watermark, time);
        return started ? TypedResults.Ok(answer) : TypedResults.Created((string?)null, answer);
    }

    /// <summary>A new stream URL for a client whose WebSocket dropped; it replays from the watermark given, else from now.</summary>
    private static IResult Reconnect(HttpRequest request, string conversationId, string? watermark, WebChatConversations conversations, DirectLineTokens tokens, TimeProvider time)
    {
        if (Find(request, conversationId, conversations, tokens, out var conversation, out var grant) is { } failure)
        {
            return failure;
        }

        if (!WebChatConversation.TryParseWatermark(watermark, out var from))
        {
            return BadWatermark(watermark);
        }

        return TypedResults.Ok(Describe(request, conversation, grant, watermark is null ? conversation.Watermark : from, time));
    }

    private static async Task<IResult> GetActivitiesAsync(
        HttpRequest request, string conversationId, string? watermark, WebChatConversations conversations, DirectLineTokens tokens, WebChatChannel channel, IHostApplicationLifetime lifetime)
    {
        if (Find(request, conversationId, conversations, tokens, out var conversation, out _) is { } failure)
        {
            return failure;
        }

        if (!WebChatConversation.TryParseWatermark(watermark, out var from))
        {
            return BadWatermark(watermark);
        }

        // The held notices are this conversation's now: they are posted into it even if this poll is abandoned.
        await channel.DeliverHeldAsync(conversation, conversations.Reading(conversation), lifetime.ApplicationStopping);
        var (activities, next) = conversation.After(from);
        return TypedResults.Bytes(ActivitySet(activities, next), "application/json");
    }

    private static async Task<IResult> PostActivityAsync(HttpRequest request, string conversationId, WebChatConversations conversations, DirectLineTokens tokens, WebChatTurns turns)
    {
        if (Find(request, conversationId, conversations, tokens, out var conversation, out _) is { } failure)
        {
            return failure;
        }

        var (activity, problem) = await ReadObjectAsync(request);
        if (activity is null)
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", problem!);
        }

        if (activity["type"] is not JsonValue type || !type.TryGetValue<string>(out var typeName))
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", "An activity needs a type.");
        }

        if (Misshapen(activity) is { } field)
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", $"The activity's {field} is not of the Activity schema's type.");
        }

        if (conversation.Ended)
        {
            return Error(StatusCodes.Status403Forbidden, "ConversationEnded", "The conversation has ended: nothing more can be sent into it, though its activities can still be read.");
        }

        var id = await turns.TakeAsync(conversation, activity, request.HttpContext.RequestAborted);
        if (typeName == "endOfConversation")
        {
            conversations.End(conversation);
        }

        return TypedResults.Ok(new { id });
    }

    /// <summary>The first field the bot reads that is present but of another type than the Activity schema's, if any.</summary>
    private static string? Misshapen(JsonObject activity)
    {
        foreach (var field in (string[])["text", "locale", "localTimezone"])
        {
            if (activity[field] is { } node && node.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return field;
            }
        }

        return activity["value"] is { } value && value.GetValueKind() is not (JsonValueKind.Object or JsonValueKind.Null) ? "value" : null;
    }

    /// <summary>{"activities":[…],"watermark":"n"}, with each activity written as it was logged.</summary>
    public static byte[] ActivitySet(IReadOnlyList<LoggedActivity> activities, long watermark)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("activities");
            foreach (var activity in activities)
            {
                json.WriteRawValue(activity.Json, skipInputValidation: true);
            }

            json.WriteEndArray();
            json.WriteString("watermark", WebChatConversation.FormatWatermark(watermark));
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The bearer token's grant, or the answer to give when there is none (401) or it is not valid (403).</summary>
    public static IResult? Authorize(string? token, DirectLineTokens tokens, out DirectLineGrant grant)
    {
        grant = null!;
        if (string.IsNullOrWhiteSpace(token))
        {
            return Error(StatusCodes.Status401Unauthorized, "Unauthorized", "A Direct Line token is required (Authorization: Bearer <token>).");
        }

        if (tokens.Read(token.Trim()) is not { } read)
        {
            return Error(StatusCodes.Status403Forbidden, "BadToken", "The token is not valid, or it has expired.");
        }

        grant = read;
        return null;
    }

    /// <summary>The conversation a request names and may use, or the answer to give instead.</summary>
    public static IResult? Find(string? token, string conversationId, WebChatConversations conversations, DirectLineTokens tokens, out WebChatConversation conversation, out DirectLineGrant grant)
    {
        conversation = null!;
        if (Authorize(token, tokens, out grant) is { } failure)
        {
            return failure;
        }

        if (conversations.Use(conversationId) is not { } found)
        {
            return UnknownConversation(conversationId);
        }

        if (grant.ConversationId != conversationId)
        {
            return Error(StatusCodes.Status403Forbidden, "BadToken", "The token is for another conversation.");
        }

        conversation = found;
        return null;
    }

    public static IResult Error(int status, string code, string message) =>
        TypedResults.Json(new DirectLineErrorResponse(new DirectLineError(code, message)), statusCode: status);

    private static IResult? Authorize(HttpRequest request, DirectLineTokens tokens, out DirectLineGrant grant) =>
        Authorize(Bearer(request), tokens, out grant);

    private static IResult? Find(HttpRequest request, string conversationId, WebChatConversations conversations, DirectLineTokens tokens, out WebChatConversation conversation, out DirectLineGrant grant) =>
        Find(Bearer(request), conversationId, conversations, tokens, out conversation, out grant);

    private static string? Bearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..] : null;
    }

    private static IResult UnknownConversation(string conversationId) =>
        Error(StatusCodes.Status404NotFound, "NotFound", $"There is no conversation '{conversationId}' (conversations are forgotten after {WebChatConversations.IdleLimit.TotalHours:0} idle hours and when the bot restarts).");

    private static IResult BadWatermark(string? watermark) =>
        Error(StatusCodes.Status400BadRequest, "BadArgument", $"'{watermark}' is not a watermark this conversation gave out.");

    private static DirectLineConversation Describe(HttpRequest request, WebChatConversation conversation, DirectLineGrant grant, long watermark, TimeProvider time)
    {
        var scheme = request.IsHttps ? "wss" : "ws";
        var token = Bearer(request)!.Trim();
        var streamUrl = $"{scheme}://{request.Host}{request.PathBase}/v3/directline/conversations/{Uri.EscapeDataString(conversation.Id)}/stream"
            + $"?watermark={WebChatConversation.FormatWatermark(watermark)}&t={Uri.EscapeDataString(token)}";
        return new DirectLineConversation(conversation.Id, token, (int)Math.Max(0, (grant.Expires - time.GetUtcNow()).TotalSeconds), streamUrl);
    }

    private static async Task<(JsonObject? Body, string? Problem)> ReadObjectAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, $"The body is larger than {MaxBodyBytes} bytes.");
        }

        using var body = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
            {
                return (null, $"The body is larger than {MaxBodyBytes} bytes.");
            }

            body.Write(buffer, 0, read);
        }

        // Checked before parsing: the parsed object decodes its property names only when they are read.
        if (!Utf8.IsValid(body.GetBuffer().AsSpan(0, (int)body.Length)))
        {
            return (null, "The body is not UTF-8.");
        }

        try
        {
            return JsonNode.Parse(body.ToArray()) is JsonObject json ? (json, null) : (null, "The body must be a JSON object.");
        }
        catch (JsonException e)
        {
            return (null, $"The body is not valid JSON: {e.Message}");
        }
    }
}

/// <summary>The spec's Conversation: <c>expires_in</c> in seconds; <c>streamUrl</c> only where a conversation is started or resumed.</summary>
internal sealed record DirectLineConversation(
    string ConversationId,
    string Token,
    [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? StreamUrl);

internal sealed record DirectLineErrorResponse(DirectLineError Error);

internal sealed record DirectLineError(string Code, string Message);
