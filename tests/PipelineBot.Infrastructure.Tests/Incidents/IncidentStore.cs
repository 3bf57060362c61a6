using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;
using PipelineBot.Domain.Rotation;
using PipelineBot.Domain.Sla;
using PipelineBot.Infrastructure.Airflow;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Incidents;
using PipelineBot.Infrastructure.Operations;
using PipelineBot.Infrastructure.Persistence;
using PipelineBot.Infrastructure.Tests.Rotation;
using PipelineBot.Testing;

namespace PipelineBot.Infrastructure.Tests.Incidents;

/// <summary>The incident services over a real SQLite file and the shipped catalog, on a fake clock.</summary>
public sealed class IncidentStore : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly WriteGate _writes;

    private IncidentStore(RotationStore rotation, AirflowOptions airflow)
    {
        Rotation = rotation;
        Airflow = airflow;
        _writes = new WriteGate(rotation.Configured<StorageSettings>());
        var catalog = rotation.Configured<Catalog>();
        var sla = rotation.Configured<SlaPolicy>();
        var hours = rotation.Configured<BusinessHours>();
        Incidents = new IncidentService(rotation.Db, _writes, catalog, sla, hours, rotation.Configured<ShiftCalendar>(), rotation.Schedule, rotation.Time);
        Clocks = new IncidentClocks(rotation.Db, _writes, catalog, sla, hours, Incidents, rotation.Schedule, rotation.Time);
        var client = new AirflowClient(_http, Options.Create(airflow), rotation.Time);
        Reruns = new RerunService(
            rotation.Db, _writes, rotation.Schedule, Incidents, client,
            Options.Create(airflow), rotation.Time, NullLogger<RerunService>.Instance);
        var operations = new OperationService(
            rotation.Db, _writes, catalog, rotation.Schedule, client, Options.Create(airflow), rotation.Time, NullLogger<OperationService>.Instance);
        Sweeper = new IncidentSweeper(Clocks, Reruns, operations, rotation.Changes, rotation.Time, NullLogger<IncidentSweeper>.Instance);
    }

    public RotationStore Rotation { get; }

    public AirflowOptions Airflow { get; }

    public FakeTimeProvider Time => Rotation.Time;

    public IncidentService Incidents { get; }

    public IncidentClocks Clocks { get; }

    public RerunService Reruns { get; }

    public IncidentSweeper Sweeper { get; }

    public Instant Now => Instant.FromDateTimeOffset(Time.GetUtcNow());

    public static async Task<IncidentStore> OpenAsync(DateTimeOffset now, AirflowOptions? airflow = null, params (string Key, string Value)[] overrides) =>
        new(await RotationStore.OpenAsync(now, overrides), airflow ?? new AirflowOptions());

    /// <summary>The same on a new database of <paramref name="provider"/>.</summary>
    public static async Task<IncidentStore> OpenAsync(StorageProvider provider, DateTimeOffset now) =>
        new(await RotationStore.OpenAsync(provider, now), new AirflowOptions());

    /// <summary>New services on the same database file and clock: what a restart, or a kill and a start, leaves.</summary>
    public async Task<IncidentStore> RestartAsync() => new(await Rotation.ReopenAsync(), Airflow);

    public Task<IntakeResult> AlertAsync(string pipeline, string runId, string summary = "Task load_sales failed: header row missing") =>
        Incidents.ReportAlertAsync(new AlertReport(pipeline, runId, IncidentKind.Failure, summary), CancellationToken.None);

    public async Task<IncidentRow> IncidentAsync(long id) => (await Rotation.ReadAsync(db => db.Incidents.Where(i => i.Id == id))).Single();

    public Task<List<AuditEntryRow>> TimelineAsync(long id) =>
        Rotation.ReadAsync(db => db.AuditEntries.Where(a => a.Subject == IncidentNames.Id(id)).OrderBy(a => a.Id));

    public async Task<List<string>> ActionsAsync(long id) => [.. (await TimelineAsync(id)).Select(a => a.Action)];

    public Task<List<NoticeRow>> NoticesAsync() => Rotation.ReadAsync(db => db.Notices.OrderBy(n => n.Id));

    /// <summary>Moves the clock and sweeps once, as the sweeper's next tick would.</summary>
    public async Task AdvanceAsync(Duration by)
    {
        Time.Advance(by.ToTimeSpan());
        await Sweeper.SweepAsync(CancellationToken.None);
    }

    public async Task AdvanceToAsync(Instant at)
    {
        Time.SetUtcNow(at.ToDateTimeOffset());
        await Sweeper.SweepAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        _http.Dispose();
        Incidents.Dispose();
        _writes.Dispose();
        Rotation.Dispose();
    }
}
