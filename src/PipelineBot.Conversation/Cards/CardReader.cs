using NodaTime;

namespace PipelineBot.Conversation.Cards;

/// <summary>
/// Who reads a rendered card, which decides how the instants in its data are written. One person (a 1:1 chat, the Web
/// Chat, an answer only the asker sees) reads every time in their own zone, named. Everyone in a channel or group chat
/// reads a time in their own zone where the platform writes it for each reader (Adaptive Cards' DATE() and TIME() in a
/// TextBlock, Slack's <c>&lt;!date&gt;</c>); where it cannot, in the team's zone, named.
/// </summary>
public sealed record CardReader
{
    private CardReader(DateTimeZone zone, bool everyone) => (Zone, IsEveryone) = (zone, everyone);

    /// <summary>The zone times are written in: the person's, or, for everyone, the team's where the platform cannot write each reader's own.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>Many people read the card; each client writes the times it can in its reader's own zone.</summary>
    public bool IsEveryone { get; }

    public static CardReader Person(DateTimeZone zone) => new(zone, everyone: false);

    /// <param name="teamZone">The zone named where the platform cannot write a time in each reader's own.</param>
    public static CardReader Everyone(DateTimeZone teamZone) => new(teamZone, everyone: true);
}
