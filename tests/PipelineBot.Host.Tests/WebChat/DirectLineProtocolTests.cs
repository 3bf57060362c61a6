using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace PipelineBot.Host.Tests.WebChat;

/// <summary>The bot's Direct Line endpoint over real HTTP and WebSocket, checked against the Direct Line 3.0 spec.</summary>
public sealed class DirectLineProtocolTests
{
    [Fact]
    public async Task A_token_starts_a_conversation_whose_posts_are_answered_and_read_back_by_watermark()
    {
        await using var bot = await WebChatBot.StartAsync();
        var generated = await bot.Client.PostAsJsonAsync("/v3/directline/tokens/generate", new { user = new { id = "miles" } });
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        var generatedJson = await generated.Content.ReadAsStringAsync();
        Assert.Empty(DirectLineSpec.Errors(generatedJson, "Conversation"));
        var token = JsonNode.Parse(generatedJson)!["token"]!.GetValue<string>();

        var started = await bot.SendAsync(HttpMethod.Post, "/v3/directline/conversations", token);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var startedJson = await started.Content.ReadAsStringAsync();
        Assert.Empty(DirectLineSpec.Errors(startedJson, "Conversation"));
        var conversation = JsonNode.Parse(startedJson)!.AsObject();
        Assert.Equal(JsonNode.Parse(generatedJson)!["conversationId"]!.GetValue<string>(), conversation["conversationId"]!.GetValue<string>());
        Assert.Equal(1800, conversation["expires_in"]!.GetValue<int>());
        Assert.StartsWith($"ws://{bot.Client.BaseAddress!.Authority}/v3/directline/conversations/", conversation["streamUrl"]!.GetValue<string>(), StringComparison.Ordinal);

        var again = await bot.SendAsync(HttpMethod.Post, "/v3/directline/conversations", token);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        var posted = await bot.SendAsync(
            HttpMethod.Post, $"/v3/directline/conversations/{conversation["conversationId"]}/activities", token,
            JsonContent.Create(new { type = "message", text = "hello", from = new { id = "miles" }, channelData = new { clientActivityID = "c-1" } }));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var postedJson = await posted.Content.ReadAsStringAsync();
        Assert.Empty(DirectLineSpec.Errors(postedJson, "ResourceResponse"));
        var id = JsonNode.Parse(postedJson)!["id"]!.GetValue<string>();

        var set = await bot.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation["conversationId"]}/activities", token);
        var setJson = await set.Content.ReadAsStringAsync();
        Assert.Empty(DirectLineSpec.Errors(setJson, "ActivitySet"));
        var activities = JsonNode.Parse(setJson)!["activities"]!.AsArray();
        Assert.Equal(2, activities.Count);
        var echo = activities[0]!;
        Assert.Equal(id, echo["id"]!.GetValue<string>());
        Assert.Equal("c-1", echo["channelData"]!["clientActivityID"]!.GetValue<string>());
        Assert.Equal("user", echo["from"]!["role"]!.GetValue<string>());
        var reply = activities[1]!;
        Assert.Equal("bot", reply["from"]!["role"]!.GetValue<string>());
        Assert.Equal(id, reply["replyToId"]!.GetValue<string>());
        Assert.StartsWith("hello, said miles", reply["text"]!.GetValue<string>(), StringComparison.Ordinal);

        var watermark = JsonNode.Parse(setJson)!["watermark"]!.GetValue<string>();
        var nothingNew = await bot.ActivitiesAsync(conversation, watermark);
        Assert.Empty(nothingNew["activities"]!.AsArray());
        Assert.Equal(watermark, nothingNew["watermark"]!.GetValue<string>());
    }

    [Fact]
    public async Task Whos_on_call_is_answered_by_the_real_core_with_the_person_the_schedule_names()
    {
        await using var bot = await WebChatBot.StartWithRealCoreAsync();
        var onCall = (await bot.Client.GetFromJsonAsync<JsonObject>("/api/oncall"))!["member"]!["name"]!.GetValue<string>();
        var conversation = await bot.StartConversationAsync("jasmine");

        var id = await bot.PostActivityAsync(conversation, new { type = "message", text = "who's on call", localTimezone = "America/New_York" });

        var reply = (await bot.ActivitiesAsync(conversation))["activities"]!.AsArray().Single(a => a!["replyToId"]?.GetValue<string>() == id)!;
        Assert.Contains(onCall, reply["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("@{", reply["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_speaker_is_the_member_in_the_token_whatever_from_says_and_times_are_in_the_browser_zone()
    {
        await using var bot = await WebChatBot.StartAsync();
        var conversation = await bot.StartConversationAsync("miles");

        await bot.PostActivityAsync(conversation, new { type = "message", text = "who am i", from = new { id = "jasmine", name = "Jasmine Glancy" }, localTimezone = "Asia/Tokyo" });

        var turn = Assert.Single(bot.Core.Turns);
        Assert.Equal("miles", turn.Speaker.Member?.Id);
        Assert.Equal("Asia/Tokyo", turn.Speaker.TimeZone.Id);
        Assert.Equal(("webchat", "personal", "miles"), (turn.Place.Channel, turn.Place.Kind, turn.Place.MemberId));
        Assert.Equal(conversation["conversationId"]!.GetValue<string>(), turn.Place.ConversationId);
        var echo = (await bot.ActivitiesAsync(conversation))["activities"]![0]!;
        Assert.Equal("miles", echo["from"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stream_at_the_stream_url_receives_the_activities_as_they_are_posted()
    {
        await using var bot = await WebChatBot.StartAsync();
        var conversation = await bot.StartConversationAsync("miles");
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(conversation["streamUrl"]!.GetValue<string>()), CancellationToken.None);

        var id = await bot.PostActivityAsync(conversation, new { type = "message", text = "streamed" });

        var received = new List<JsonNode>();
        while (received.Count < 2)
        {
            var set = await WebChatBot.ReceiveAsync(socket);
            Assert.Empty(DirectLineSpec.Errors(set.ToJsonString(), "ActivitySet"));
            received.AddRange(set["activities"]!.AsArray().Select(a => a!));
        }

        Assert.Equal(id, received[0]["id"]!.GetValue<string>());
        Assert.StartsWith("streamed, said miles", received[1]["text"]!.GetValue<string>(), StringComparison.Ordinal);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Fact]
    public async Task Reconnecting_gives_a_stream_url_that_replays_from_the_watermark()
    {
        await using var bot = await WebChatBot.StartAsync();
        var conversation = await bot.StartConversationAsync("miles");
        await bot.PostActivityAsync(conversation, new { type = "message", text = "first" });

        var reconnected = await bot.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation["conversationId"]}?watermark=0", WebChatBot.Token(conversation));
        Assert.Equal(HttpStatusCode.OK, reconnected.StatusCode);
        var json = await reconnected.Content.ReadAsStringAsync();
        Assert.Empty(DirectLineSpec.Errors(json, "Conversation"));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(JsonNode.Parse(json)!["streamUrl"]!.GetValue<string>()), CancellationToken.None);

        var replayed = (await WebChatBot.ReceiveAsync(socket))["activities"]!.AsArray().Select(a => a!["text"]!.GetValue<string>()).ToList();
        Assert.Equal(2, replayed.Count);
        Assert.Equal("first", replayed[0]);
        Assert.StartsWith("first, said miles", replayed[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refreshed_token_works_for_the_same_conversation()
    {
        await using var bot = await WebChatBot.StartAsync();
        var conversation = await bot.StartConversationAsync("miles");
        bot.Time.Advance(TimeSpan.FromMinutes(20));

        var refreshed = await bot.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", WebChatBot.Token(conversation));
        var json = await refreshed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Empty(DirectLineSpec.Errors(json, "Conversation"));
        bot.Time.Advance(TimeSpan.FromMinutes(20));

        var token = JsonNode.Parse(json)!["token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await bot.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation["conversationId"]}/activities", token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bot.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation["conversationId"]}/activities", WebChatBot.Token(conversation))).StatusCode);
    }

    [Fact]
    public async Task No_token_is_401_and_a_forged_or_expired_one_is_403_with_the_spec_error_shape()
    {
        await using var bot = await WebChatBot.StartAsync();
        var conversation = await bot.StartConversationAsync("miles");
        var path = $"/v3/directline/conversations/{conversation["conversationId"]}/activities";
        var token = WebChatBot.Token(conversation);
        var forged = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        var none = await bot.SendAsync(HttpMethod.Get, path, token: null);
        var bad = await bot.SendAsync(HttpMethod.Post, path, forged, JsonContent.Create(new { type = "message", text = "forged" }));
        bot.Time.Advance(TimeSpan.FromMinutes(31));
        var expired = await bot.SendAsync(HttpMethod.Get, path, token);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        var error = await bad.Content.ReadAsStringAsync();
        Assert.Empty(DirectLineSpec.Errors(error, "ErrorResponse"));
        Assert.Equal("BadToken", JsonNode.Parse(error)!["error"]!["code"]!.GetValue<string>());
        Assert.Empty(bot.Core.Turns);
    }

    [Fact]
    public async Task Another_members_token_cannot_post_into_or_read_the_conversation()
    {
        await using var bot = await WebChatBot.StartAsync();
        var miles = await bot.StartConversationAsync("miles");
        var jasmine = await bot.StartConversationAsync("jasmine");
        var path = $"/v3/directline/conversations/{miles["conversationId"]}/activities";

        var post = await bot.SendAsync(HttpMethod.Post, path, WebChatBot.Token(jasmine), JsonContent.Create(new { type = "message", text = "I am Miles now" }));
        var read = await bot.SendAsync(HttpMethod.Get, path, WebChatBot.Token(jasmine));

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Empty(bot.Core.Turns);
        Assert.Empty((await bot.ActivitiesAsync(miles))["activities"]!.AsArray());
    }

    [Fact]
    public async Task An_unknown_conversation_is_404()
    {
        await using var bot = await WebChatBot.StartAsync();
        var conversation = await bot.StartConversationAsync("miles");

        var unknown = await bot.SendAsync(HttpMethod.Get, "/v3/directline/conversations/no-such-conversation/activities", WebChatBot.Token(conversation));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Empty(DirectLineSpec.Errors(await unknown.Content.ReadAsStringAsync(), "ErrorResponse"));
    }

    [Fact]
    public async Task Past_the_cap_the_least_recently_used_conversation_is_forgotten_and_then_404()
    {
        await using var bot = await WebChatBot.StartAsync();
        var oldest = await bot.StartConversationAsync("miles");
        var path = $"/v3/directline/conversations/{oldest["conversationId"]}/activities";
        Assert.Equal(HttpStatusCode.OK, (await bot.SendAsync(HttpMethod.Get, path, WebChatBot.Token(oldest))).StatusCode);

        for (var i = 0; i < 200; i++)
        {
            bot.Time.Advance(TimeSpan.FromMilliseconds(10));
            (await bot.Client.PostAsJsonAsync("/v3/directline/tokens/generate", new { user = new { id = "jasmine" } })).EnsureSuccessStatusCode();
        }

        Assert.Equal(HttpStatusCode.NotFound, (await bot.SendAsync(HttpMethod.Get, path, WebChatBot.Token(oldest))).StatusCode);
    }

    [Theory]
    [InlineData("{\"type\":\"message\",\"text\":")]
    [InlineData("[{\"type\":\"message\"}]")]
    [InlineData("{\"text\":\"no type\"}")]
    public async Task A_malformed_activity_is_400_and_changes_nothing(string body)
    {
        await using var bot = await WebChatBot.StartAsync();
        var conversation = await bot.StartConversationAsync("miles");

        var response = await bot.SendAsync(
            HttpMethod.Post, $"/v3/directline/conversations/{conversation["conversationId"]}/activities", WebChatBot.Token(conversation),
            new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(DirectLineSpec.Errors(await response.Content.ReadAsStringAsync(), "ErrorResponse"));
        Assert.Empty((await bot.ActivitiesAsync(conversation))["activities"]!.AsArray());
    }

    [Fact]
    public async Task An_oversized_activity_is_400()
    {
        await using var bot = await WebChatBot.StartAsync();
        var conversation = await bot.StartConversationAsync("miles");

        var response = await bot.SendAsync(
            HttpMethod.Post, $"/v3/directline/conversations/{conversation["conversationId"]}/activities", WebChatBot.Token(conversation),
            JsonContent.Create(new { type = "message", text = new string('x', 70_000) }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(bot.Core.Turns);
    }

    [Theory]
    [InlineData("{\"user\":{\"id\":\"nobody\"}}")]
    [InlineData("{}")]
    [InlineData("not json")]
    public async Task A_token_is_only_for_a_member_of_the_catalog(string body)
    {
        await using var bot = await WebChatBot.StartAsync();

        var response = await bot.Client.PostAsync("/v3/directline/tokens/generate", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public void The_spec_check_itself_rejects_a_body_of_the_wrong_shape()
    {
        Assert.NotEmpty(DirectLineSpec.Errors("{\"conversationId\":1,\"expires_in\":\"soon\"}", "Conversation"));
        Assert.NotEmpty(DirectLineSpec.Errors("{\"activities\":{},\"watermark\":3}", "ActivitySet"));
    }
}
