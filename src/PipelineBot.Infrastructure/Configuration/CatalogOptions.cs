namespace PipelineBot.Infrastructure.Configuration;

// Scalars other than names are strings: the binder stops at the first value it cannot convert, and the checks want to report
// every bad value, each with its key.

/// <summary>
/// The catalog: the lists directly under section <c>PipelineBot</c> (members, pipelines, setup DAGs, downstream teams,
/// external contacts). The section's other children belong to the features that bind them (<see cref="SectionsOfTheirOwn"/>).
/// </summary>
public sealed class CatalogOptions
{
    public const string Section = "PipelineBot";

    public List<MemberOptions> Members { get; set; } = [];

    public List<PipelineOptions> Pipelines { get; set; } = [];

    public List<SetupDagOptions> SetupDags { get; set; } = [];

    public List<DownstreamTeamOptions> DownstreamTeams { get; set; } = [];

    public List<ExternalContactOptions> ExternalContacts { get; set; } = [];

    /// <summary>
    /// The children of <c>PipelineBot</c> that are not the catalog's: each feature's own section, bound and checked by that
    /// feature (the rotation, holidays, trades, SLA and business hours, storage here; the API, the alerts, the channels
    /// and Airflow in the host).
    /// </summary>
    internal static readonly string[] SectionsOfTheirOwn =
        ["Rotation", "Holidays", "Trades", "Sla", "BusinessHours", "Storage", "Api", "Alerts", "Teams", "Slack", "WebChat", "Airflow", "Web"];
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

    /// <summary><c>daily</c> (the default), <c>business days</c> or <c>weekly on Monday</c>: the runs the SLA review expects.</summary>
    public string? Schedule { get; set; }

    /// <summary>The runbook's count checks on each run's figures.</summary>
    public CountChecksOptions? CountChecks { get; set; }
}

/// <summary>A pipeline's count checks (seed 000: "checking counts and basic sanity checks where runbooks define them").</summary>
public sealed class CountChecksOptions
{
    /// <summary><c>true</c>: a run must process more than 0 records.</summary>
    public string? RecordsAboveZero { get; set; }

    /// <summary><c>true</c>: a run's dropped records stay within the SLA's share.</summary>
    public string? DroppedWithinSla { get; set; }

    /// <summary>A percentage: a run's records lie within it of the median of the last 7 successful runs.</summary>
    public string? RecordsWithinPercentOfMedian { get; set; }
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
