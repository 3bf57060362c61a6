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
    [InlineData("PipelineBot:Holidays:Rules:0:BusinessDay=sometimes", "PipelineBot:Holidays:Rules:0:BusinessDay: 'sometimes' is not true or false")]
    [InlineData("PipelineBot:Pipelines:0:Schedule=hourly", "PipelineBot:Pipelines:0:Schedule: 'hourly' is not daily, business days or weekly on a day (e.g. weekly on Monday)")]
    [InlineData("PipelineBot:Pipelines:6:CountChecks:RecordsWithinPercentOfMedian=lots", "PipelineBot:Pipelines:6:CountChecks:RecordsWithinPercentOfMedian: 'lots' is not a number")]
    [InlineData("PipelineBot:Web:PublicUrl=ftp://bot.example.com", "PipelineBot:Web:PublicUrl: 'ftp://bot.example.com' is not an absolute http or https URL")]
    [InlineData("PipelineBot:Airflow:ApiVersion=4", "PipelineBot:Airflow:ApiVersion is 4; it must be 2 (Airflow 2, REST API /api/v1) or 3 (Airflow 3, REST API /api/v2).")]
    [InlineData("PipelineBot:Teams:AppId=app;PipelineBot:Teams:TenantId=tenant", "PipelineBot:Teams:AppPassword: the bot needs a credential of its app registration: a client secret here, or a certificate in PipelineBot:Teams:CertificatePath")]
    [InlineData("PipelineBot:Teams:AppId=app;PipelineBot:Teams:AppPassword=secret", "PipelineBot:Teams:TenantId: is empty: give the bot's Entra ID tenant id (bots are single-tenant since 2025), or botframework.com for a bot registered as multi-tenant before that")]
    [InlineData("PipelineBot:Teams:AppId=app;PipelineBot:Teams:TenantId=tenant;PipelineBot:Teams:AppPassword=secret;PipelineBot:Teams:CertificatePath=bot.pfx", "PipelineBot:Teams:AppPassword: set with PipelineBot:Teams:CertificatePath too; the bot signs in with one credential: keep the one registered on the app")]
    public void A_bad_setting_of_any_feature_stops_the_start_naming_its_key(string settings, string problem)
    {
        var e = Assert.Throws<CatalogException>(() => BotHost.Build([.. settings.Split(';').Select(s => "--" + s)]));

        Assert.Equal([problem], e.Problems);
    }

    [Fact]
    public void A_Teams_certificate_that_cannot_be_read_stops_the_start_naming_its_key()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"pipelinebot-{Guid.NewGuid():N}.pem");

        var e = Assert.Throws<CatalogException>(() => BotHost.Build(["--PipelineBot:Teams:AppId=app", "--PipelineBot:Teams:TenantId=tenant", $"--PipelineBot:Teams:CertificatePath={missing}"]));

        Assert.StartsWith($"PipelineBot:Teams:CertificatePath: '{missing}' cannot be read as a certificate with its key (PKCS#12 or PEM): ", Assert.Single(e.Problems), StringComparison.Ordinal);
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
