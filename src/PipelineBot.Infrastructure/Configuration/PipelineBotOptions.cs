namespace PipelineBot.Infrastructure.Configuration;

// The shapes the configuration binds to, section "PipelineBot". Scalars other than names are strings: the binder stops
// at the first value it cannot convert, and the loader wants to report every bad value, each with its key.

public sealed class PipelineBotOptions
{
    public const string SectionName = "PipelineBot";

    public List<MemberOptions> Members { get; set; } = [];

    public List<PipelineOptions> Pipelines { get; set; } = [];

    public List<SetupDagOptions> SetupDags { get; set; } = [];

    public List<DownstreamTeamOptions> DownstreamTeams { get; set; } = [];

    public List<ExternalContactOptions> ExternalContacts { get; set; } = [];

    public RotationOptions Rotation { get; set; } = new();

    public HolidaysOptions Holidays { get; set; } = new();

    public TradesOptions Trades { get; set; } = new();

    public SlaOptions? Sla { get; set; }

    public BusinessHoursOptions? BusinessHours { get; set; }

    public StorageOptions Storage { get; set; } = new();
}

public sealed class MemberOptions
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    public List<string> Roles { get; set; } = [];

    /// <summary>IANA id; empty means the rotation's time zone.</summary>
    public string? TimeZone { get; set; }

    public string? Title { get; set; }
}

public sealed class PipelineOptions
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public List<string> Aliases { get; set; } = [];

    public string? Description { get; set; }

    public string? PrimaryOwner { get; set; }

    public string? SecondaryOwner { get; set; }

    public string? DownstreamTeam { get; set; }

    public List<string> Upstream { get; set; } = [];

    public OrchestratorOptions? Orchestrator { get; set; }

    public List<string> CriticalFields { get; set; } = [];

    public List<string> KnownIssues { get; set; } = [];

    public List<ProcedureOptions> StandardProcedures { get; set; } = [];

    public List<string> ExternalContacts { get; set; } = [];

    public List<string> Preconditions { get; set; } = [];

    public string? Flow { get; set; }
}

public sealed class OrchestratorOptions
{
    public string? DagId { get; set; }

    public List<string> RerunParameters { get; set; } = [];
}

public sealed class ProcedureOptions
{
    public string? Text { get; set; }

    public List<string> Items { get; set; } = [];
}

public sealed class SetupDagOptions
{
    public string? DagId { get; set; }

    public string? Purpose { get; set; }
}

public sealed class DownstreamTeamOptions
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public List<string> Leads { get; set; } = [];
}

public sealed class ExternalContactOptions
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Organization { get; set; }

    public string? When { get; set; }

    public string? Email { get; set; }
}

public sealed class RotationOptions
{
    public string? TimeZone { get; set; } = "UTC";

    /// <summary>ISO local date (yyyy-MM-dd) of the first rotation day.</summary>
    public string? Start { get; set; }

    public string? RotationDays { get; set; } = "7";

    public List<string> Roster { get; set; } = [];

    public List<RosterChangeOptions> Changes { get; set; } = [];
}

/// <summary>Either <see cref="Joins"/> or <see cref="Leaves"/> (optionally with <see cref="ReplacedBy"/>).</summary>
public sealed class RosterChangeOptions
{
    public string? Member { get; set; }

    public string? Joins { get; set; }

    public string? Leaves { get; set; }

    public string? ReplacedBy { get; set; }
}

public sealed class HolidaysOptions
{
    public List<HolidayRuleOptions> Rules { get; set; } = [];

    public string? RuleYears { get; set; } = "4";

    public string? PublishYearsAhead { get; set; } = "2";

    public List<HolidayHistoryOptions> History { get; set; } = [];
}

public sealed class HolidayRuleOptions
{
    public string? Name { get; set; }

    /// <summary>Fixed, NthWeekday, LastWeekday or Easter.</summary>
    public string? Kind { get; set; }

    public string? Month { get; set; }

    public string? Day { get; set; }

    public string? Weekday { get; set; }

    public string? Nth { get; set; }

    /// <summary>Days from Easter Sunday, for an Easter rule.</summary>
    public string? Offset { get; set; }

    /// <summary>None, NearestWeekday or NextMonday.</summary>
    public string? Observed { get; set; }

    public List<string> Aliases { get; set; } = [];
}

/// <summary>Who held a holiday before the bot, so the 4-year rule sees it.</summary>
public sealed class HolidayHistoryOptions
{
    public string? Holiday { get; set; }

    public string? Year { get; set; }

    public string? Member { get; set; }
}

public sealed class TradesOptions
{
    /// <summary>A TimeSpan, d.hh:mm:ss.</summary>
    public string? OfferLifetime { get; set; } = "7.00:00:00";
}

public sealed class SlaOptions
{
    public string? AckTimeout { get; set; }

    public string? ReminderBefore { get; set; }

    public string? ResolveTimeout { get; set; }

    /// <summary>Local time of day, HH:mm, in <see cref="DataDeadlineTimeZone"/>.</summary>
    public string? DataDeadline { get; set; }

    public string? DataDeadlineTimeZone { get; set; } = "UTC";

    public string? StakeholderDelay { get; set; }

    public string? ExternalContactDelay { get; set; }

    public string? MaxDroppedPercent { get; set; }

    public string? AvailabilityPercent { get; set; }
}

public sealed class BusinessHoursOptions
{
    public string? TimeZone { get; set; } = "UTC";

    /// <summary>Days and ranges, e.g. "Mon-Fri", "Mon,Wed,Fri", "Sat-Sun".</summary>
    public string? Days { get; set; }

    /// <summary>HH:mm.</summary>
    public string? Start { get; set; }

    /// <summary>HH:mm, or 24:00 for the end of the day.</summary>
    public string? End { get; set; }
}

public sealed class StorageOptions
{
    /// <summary>Sqlite or Postgres.</summary>
    public string? Provider { get; set; } = "Sqlite";

    public string? ConnectionString { get; set; } = "Data Source=pipelinebot.db";
}
