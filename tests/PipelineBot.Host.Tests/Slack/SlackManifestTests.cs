using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Schema;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.Slack;

/// <summary>The Slack app manifest in manifest/slack is valid against Slack's published v1 schema and asks for what the bot uses.</summary>
public class SlackManifestTests
{
    private static readonly JObject Manifest = Read("manifest.json");

    /// <summary>The variant for a bot inside a firewall: Socket Mode, so no request URLs.</summary>
    private static readonly JObject SocketModeManifest = Read("manifest.socket-mode.json");

    [Theory]
    [InlineData("manifest.json")]
    [InlineData("manifest.socket-mode.json")]
    public void The_manifest_is_valid_against_the_v1_schema(string file)
    {
        var schema = JSchema.Parse(File.ReadAllText(RepositoryFiles.Fixture("slack/manifest-schema/schemas/manifest.schema.1.0.0.json")));

        var valid = Read(file).IsValid(schema, out IList<string> errors);

        Assert.True(valid, string.Join("\n", errors));
    }

    [Fact]
    public void The_Socket_Mode_variant_asks_for_the_same_events_scopes_and_command_and_names_no_URL()
    {
        Assert.True(SocketModeManifest["settings"]!["socket_mode_enabled"]!.Value<bool>());
        Assert.False(Manifest["settings"]!["socket_mode_enabled"]!.Value<bool>());
        Assert.DoesNotContain("\"url\"", SocketModeManifest.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("request_url", SocketModeManifest.ToString(), StringComparison.Ordinal);
        Assert.Equal(Manifest["oauth_config"]!.ToString(), SocketModeManifest["oauth_config"]!.ToString());
        Assert.Equal(Manifest["settings"]!["event_subscriptions"]!["bot_events"]!.ToString(), SocketModeManifest["settings"]!["event_subscriptions"]!["bot_events"]!.ToString());
        Assert.Equal("/pipelinebot", SocketModeManifest["features"]!["slash_commands"]![0]!["command"]!.Value<string>());
    }

    private static JObject Read(string file) => JObject.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "manifest", "slack", file)));

    [Fact]
    public void The_schema_rejects_a_manifest_it_should_so_the_check_means_something()
    {
        var schema = JSchema.Parse(File.ReadAllText(RepositoryFiles.Fixture("slack/manifest-schema/schemas/manifest.schema.1.0.0.json")));
        var broken = (JObject)Manifest.DeepClone();
        broken["features"]!["slash_commands"]![0]!["command"] = "pipelinebot";

        Assert.False(broken.IsValid(schema));
    }

    [Fact]
    public void The_manifest_subscribes_to_what_the_endpoints_handle_with_the_scopes_they_need()
    {
        Assert.Equal(["app_mention", "message.im"], Manifest["settings"]!["event_subscriptions"]!["bot_events"]!.Values<string>());
        Assert.Equal(
            ["app_mentions:read", "chat:write", "commands", "im:history", "im:write", "users:read", "users:read.email"],
            Manifest["oauth_config"]!["scopes"]!["bot"]!.Values<string>().Order(StringComparer.Ordinal));
        Assert.Equal("/pipelinebot", Manifest["features"]!["slash_commands"]![0]!["command"]!.Value<string>());
        Assert.EndsWith("/slack/commands", Manifest["features"]!["slash_commands"]![0]!["url"]!.Value<string>(), StringComparison.Ordinal);
        Assert.EndsWith("/slack/events", Manifest["settings"]!["event_subscriptions"]!["request_url"]!.Value<string>(), StringComparison.Ordinal);
        Assert.EndsWith("/slack/interactions", Manifest["settings"]!["interactivity"]!["request_url"]!.Value<string>(), StringComparison.Ordinal);
    }
}
