using System.Text.Json.Nodes;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Cards;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Channels.Teams;

/// <summary>
/// Turns what the core says into Bot Framework message activities: Markdown text with real mentions where the person's
/// Teams account is known, and the card as an Adaptive Card attachment whose buttons are <c>Action.Execute</c>.
/// </summary>
public sealed class TeamsMessages(ChannelDirectory directory, CardRenderer cards)
{
    public const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";

    public async Task<JsonObject> MessageAsync(Say say, CardReader reader, CancellationToken cancellationToken)
    {
        var accounts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in say.Mentions ?? [])
        {
            if (await directory.FindAccountOfMemberAsync(TeamsPeople.Channel, member.Id, cancellationToken) is { } account)
            {
                accounts[member.Id] = account.AccountId;
            }
        }

        var (text, mentions) = TeamsText.Outbound(say, accounts);
        var activity = new JsonObject { ["type"] = "message", ["textFormat"] = "markdown", ["text"] = text };
        if (mentions.Count > 0)
        {
            activity["entities"] = mentions;
        }

        if (say.Card is { } card)
        {
            activity["attachments"] = new JsonArray(Attachment(card, reader));
        }

        return activity;
    }

    /// <summary>The card alone, as the body of an update that replaces a posted copy.</summary>
    public JsonObject CardUpdate(string activityId, CardContent card, CardReader reader) =>
        new() { ["type"] = "message", ["id"] = activityId, ["attachments"] = new JsonArray(Attachment(card, reader)) };

    public JsonObject Render(CardContent card, CardReader reader) => cards.Render(card, ButtonStyle.Execute, reader);

    private JsonObject Attachment(CardContent card, CardReader reader) => new() { ["contentType"] = AdaptiveCard, ["content"] = Render(card, reader) };
}
