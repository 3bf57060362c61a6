using NodaTime;

using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Rotation;
using PipelineBot.Domain.Sla;

namespace PipelineBot.Infrastructure.Configuration;

/// <summary>
/// Every configured object at once, for the incident services until they take the parts they use; every other class
/// takes its parts, registered by <see cref="BotOptionsServiceCollectionExtensions.AddBotOptions"/>.
/// </summary>
public sealed record BotSettings(
    Catalog Catalog,
    ShiftCalendar ShiftCalendar,
    RosterTimeline RosterTimeline,
    HolidayCalendar HolidayCalendar,
    HolidaySettings HolidaySettings,
    TradeSettings Trades,
    SlaPolicy Sla,
    BusinessHours BusinessHours,
    StorageSettings Storage);

/// <summary>
/// How the holiday planner runs: nobody holds the same holiday twice within <paramref name="RuleYears"/> years, plans are
/// published <paramref name="PublishYearsAhead"/> years ahead, and <paramref name="History"/> carries assignments from
/// before the bot (their members may have left, so they need not be in the catalog).
/// </summary>
public sealed record HolidaySettings(int RuleYears, int PublishYearsAhead, IReadOnlyList<HolidayAssignment> History);

/// <summary>An offer to trade holiday shifts lapses after <paramref name="OfferLifetime"/>, or when either shift starts if that is sooner.</summary>
public sealed record TradeSettings(Duration OfferLifetime);

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

public sealed record StorageSettings(StorageProvider Provider, string ConnectionString)
{
    // A Postgres connection string carries a password once the environment supplies it; keep it out of logs.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Provider = ").Append(Provider);
        return true;
    }
}
