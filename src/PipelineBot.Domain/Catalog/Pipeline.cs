namespace PipelineBot.Domain.Catalog;

/// <summary>A data pipeline with its owners, lineage and runbook (seed 003, seed 000).</summary>
public sealed record Pipeline(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    string Description,
    string PrimaryOwner,
    string SecondaryOwner,
    string? DownstreamTeam,
    IReadOnlyList<string> Upstream,
    Orchestration? Orchestrator,
    IReadOnlyList<string> CriticalFields,
    IReadOnlyList<string> KnownIssues,
    IReadOnlyList<Procedure> StandardProcedures,
    IReadOnlyList<string> ExternalContacts,
    IReadOnlyList<string> Preconditions,
    string? Flow = null)
{
    /// <summary>The logical dates it is scheduled to run for; daily unless the catalog says otherwise.</summary>
    public RunSchedule Schedule { get; init; } = RunSchedule.Daily;

    /// <summary>The count checks its runbook defines for each run; none unless the catalog says.</summary>
    public Sla.PipelineChecks Checks { get; init; } = Sla.PipelineChecks.None;
}

/// <summary>Where the pipeline runs: an Airflow DAG, with the parameters a rerun may set.</summary>
public sealed record Orchestration(string DagId, IReadOnlyList<string> RerunParameters);

/// <summary>One standard procedure of a runbook; <paramref name="Items"/> holds listed details such as column aliases.</summary>
public sealed record Procedure(string Text, IReadOnlyList<string> Items);

/// <summary>A team downstream of pipelines, whose leads hear about SLA breaches.</summary>
public sealed record DownstreamTeam(string Id, string Name, IReadOnlyList<string> Leads);

/// <summary>Someone outside the team to contact in a named situation (e.g. Ray Charley, Sales, for late sales data).</summary>
public sealed record ExternalContact(string Id, string Name, string Organization, string When, string? Email);

/// <summary>A DAG that prepares the environment rather than moving data (seed 000).</summary>
public sealed record SetupDag(string DagId, string Purpose);
