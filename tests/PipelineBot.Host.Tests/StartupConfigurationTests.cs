using PipelineBot.Infrastructure.Configuration;

namespace PipelineBot.Host.Tests;

/// <summary>
/// Every feature's options are checked when the host is built, before anything uses them: a bad value stops the start
/// with its key, what is wrong and, for a misspelt key, the nearest known one.
/// </summary>
public sealed class StartupConfigurationTests
{
    [Theory]
    [InlineData("PipelineBot:Rotation:TimeZone=Mars/Olympus", "PipelineBot:Rotation:TimeZone: 'Mars/Olympus' is not an IANA time zone id")]
    [InlineData("PipelineBot:Api:Tokn=secret", "PipelineBot:Api:Tokn: unknown setting (did you mean 'Token'?)")]
    [InlineData("PipelineBot:Slack:ChannelLimits=1/1x", "PipelineBot:Slack:ChannelLimits: '1/1x' is not a limit such as 7/1s (count/window with s, m or h).")]
    [InlineData("PipelineBot:Slack:SigningSecrt=secret", "PipelineBot:Slack:SigningSecrt: unknown setting (did you mean 'SigningSecret'?)")]
    [InlineData("PipelineBot:Teams:ConversationLimits=often", "PipelineBot:Teams:ConversationLimits: 'often' is not a limit such as 7/1s (count/window with s, m or h).")]
    [InlineData("PipelineBot:Teams:AppIdd=app", "PipelineBot:Teams:AppIdd: unknown setting (did you mean 'AppId'?)")]
    [InlineData("PipelineBot:WebChat:Enabled=sometimes", "PipelineBot:WebChat:Enabled: 'sometimes' is not true, false or auto")]
    [InlineData("PipelineBot:Alerts:WebhookSecrt=dev-secret", "PipelineBot:Alerts:WebhookSecrt: unknown setting (did you mean 'WebhookSecret'?)")]
    [InlineData("PipelineBot:Airflow:ApiVersion=4", "PipelineBot:Airflow:ApiVersion is 4; it must be 2 (Airflow 2, REST API /api/v1) or 3 (Airflow 3, REST API /api/v2).")]
    public void A_bad_setting_of_any_feature_stops_the_start_naming_its_key(string setting, string problem)
    {
        var e = Assert.Throws<CatalogException>(() => BotHost.Build(["--" + setting]));

        Assert.Equal([problem], e.Problems);
    }

    [Fact]
    public void Problems_of_several_features_are_listed_together()
    {
        var e = Assert.Throws<CatalogException>(() => BotHost.Build(
        [
            "--PipelineBot:Pipelines:0:PrimaryOwner=mils",
            "--PipelineBot:Sla:AckTimeout=15",
            "--PipelineBot:Slack:ChannelLimits=fast",
            "--PipelineBot:Airflow:PollInterval=00:00:00",
        ]));

        Assert.StartsWith("The PipelineBot configuration has 4 problems:", e.Message, StringComparison.Ordinal);
        string[] keys = ["PipelineBot:Pipelines:0:PrimaryOwner", "PipelineBot:Sla:AckTimeout", "PipelineBot:Airflow:PollInterval", "PipelineBot:Slack:ChannelLimits"];
        Assert.Equal(keys.Length, e.Problems.Count);
        // Airflow words its problems "key is …", the others "key: …".
        Assert.All(keys.Zip(e.Problems), named => Assert.StartsWith(named.First + " ", named.Second.Replace(": ", " ", StringComparison.Ordinal), StringComparison.Ordinal));
    }
}
