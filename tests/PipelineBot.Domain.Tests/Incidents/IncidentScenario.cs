using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;
using PipelineBot.Domain.Sla;
using PipelineBot.Domain.Tests.Sla;

namespace PipelineBot.Domain.Tests.Incidents;

/// <summary>
/// A small catalog for incident tests: sales → profit → unit-profit upstream to downstream; profit is owned by Miles
/// (primary) and Jasmine (secondary), feeds the Profit team (lead: profit-lead) and has Ray Charley of Sales as its
/// external contact. The SLA is the shipped one, with business hours Mon–Fri 09–17 UTC.
/// </summary>
internal static class IncidentScenario
{
    public static readonly SlaPolicy ShippedSla = SlaTime.Policy();

    public static readonly BusinessHours OfficeHours = SlaTime.Hours("UTC", "09:00", "17:00");

    /// <summary>Monday 2026-11-23 10:00 UTC: inside business hours.</summary>
    public static readonly Instant MondayMorning = Instant.FromUtc(2026, 11, 23, 10, 0);

    public static readonly Catalog.Catalog TeamCatalog = new(
        [Member("miles"), Member("jasmine"), Member("hudson"), Member("de-manager", Roles.Manager), Member("profit-lead", Roles.Lead)],
        [Pipeline("sales", []), Pipeline("profit", ["sales"], "profit-team", ["ray"]), Pipeline("unit-profit", ["profit"])],
        [new DownstreamTeam("profit-team", "Profit", ["profit-lead"])],
        [new ExternalContact("ray", "Ray Charley", "Sales", "sales data late", "ray@example.com")],
        []);

    public static Pipeline Profit => TeamCatalog.FindPipeline("profit")!;

    public static Pipeline UnitProfit => TeamCatalog.FindPipeline("unit-profit")!;

    /// <summary>An incident of <paramref name="pipeline"/> opened at <paramref name="now"/> and stored as <paramref name="id"/>.</summary>
    public static (IncidentCase Incident, Opened Opened) Open(
        Pipeline pipeline, long id, Instant now, string onCall = "hudson", long? linkedTo = null, Instant? missedDeadline = null, IEnumerable<IncidentCase>? linked = null)
    {
        var (incident, opened) = IncidentCase.Open(pipeline, IncidentKind.Failure, now, onCall, linkedTo, missedDeadline, ShippedSla, OfficeHours);
        return (new IncidentCase(incident.Facts with { Id = id }, incident.Progress, incident.Clocks, linked), opened);
    }

    private static Member Member(string id, params string[] roles) => new(id, id, $"{id}@example.com", roles.ToHashSet(), "UTC");

    private static Pipeline Pipeline(string id, IReadOnlyList<string> upstream, string? team = null, IReadOnlyList<string>? contacts = null) => new(
        id, id, [], "", "miles", "jasmine", team, upstream, new Orchestration($"{id}_dag", [RerunParameters.LoadDate]), [], [], [], contacts ?? [], []);
}
