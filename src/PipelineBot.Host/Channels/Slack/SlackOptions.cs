using PipelineBot.Host.Channels.Delivery;
using PipelineBot.Infrastructure.Configuration;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// Settings of the Slack channel (<c>PipelineBot:Slack</c>). Slack is on when <see cref="SigningSecret"/> (requests over
/// HTTP) or <see cref="AppToken"/> (Socket Mode) is set; the secrets belong in the environment
/// (<c>PipelineBot__Slack__SigningSecret</c>, <c>PipelineBot__Slack__BotToken</c>, <c>PipelineBot__Slack__AppToken</c>).
/// </summary>
public sealed class SlackOptions
{
    public const string Section = "PipelineBot:Slack";

    /// <summary>The app's signing secret: every request from Slack is checked against it.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>The bot token (<c>xoxb-…</c>). Without it requests are still verified and handled, but nothing is sent to Slack.</summary>
    public string? BotToken { get; set; }

    /// <summary>
    /// The app-level token (<c>xapp-…</c>, scope <c>connections:write</c>): with it the bot takes Slack's events, slash
    /// commands and clicks over Socket Mode connections it opens itself, so it needs no public HTTPS endpoint.
    /// </summary>
    public string? AppToken { get; set; }

    /// <summary>
    /// A user group id (<c>S…</c>) kept to exactly the person on call, so <c>@oncall</c> always reaches them: set at
    /// start and at each change of the person on call (needs the <c>usergroups:write</c> scope).
    /// </summary>
    public string? OnCallUserGroup { get; set; }

    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>
    /// The channel id (<c>C…</c>) for team notices and alerts until someone says "post alerts here" in a Slack channel;
    /// with neither, team notices are unreachable on Slack.
    /// </summary>
    public string? AlertChannel { get; set; }

    /// <summary>Posts per channel, as <see cref="Delivery.PaceLimit.ParseList"/> reads them; empty turns pacing off.</summary>
    public string ChannelLimits { get; set; } = "1/1s";

    public bool Enabled => !string.IsNullOrEmpty(SigningSecret) || UsesSocketMode;

    public bool UsesSocketMode => !string.IsNullOrEmpty(AppToken);

    public bool CanSend => !string.IsNullOrEmpty(BotToken);

    /// <summary>Notes what is wrong with these settings, each under its key (<see cref="CheckedOptions"/>).</summary>
    internal static void Check(ConfigurationReader reader, SlackOptions options)
    {
        PaceLimit.Check(reader, options.ChannelLimits, $"{Section}:ChannelLimits");
        if (options.UsesSocketMode && !options.AppToken!.StartsWith("xapp-", StringComparison.Ordinal))
        {
            reader.Problem($"{Section}:AppToken", "is not an app-level token (xapp-…): create one with the connections:write scope under Basic Information in the app's settings");
        }

        if (!string.IsNullOrEmpty(options.OnCallUserGroup) && !options.OnCallUserGroup.StartsWith('S'))
        {
            reader.Problem($"{Section}:OnCallUserGroup", $"'{options.OnCallUserGroup}' is not a user group id such as S0614TZR7 (the id, not the @handle)");
        }
    }
}
