using NodaTime;

using PipelineBot.Domain.Holidays;

namespace PipelineBot.Infrastructure.Configuration;

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
