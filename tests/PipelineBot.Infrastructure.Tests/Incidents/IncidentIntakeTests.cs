using NodaTime;
using PipelineBot.Domain.Incidents;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Incidents;

namespace PipelineBot.Infrastructure.Tests.Incidents;

public class IncidentIntakeTests
{
    private static readonly DateTimeOffset MondayMorning = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task TheSameAlert_PostedTwentyTimesAtOnce_MakesOneIncident(StorageProvider provider)
    {
        using var store = await IncidentStore.OpenAsync(provider, MondayMorning);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => store.AlertAsync("profit", "scheduled__2026-11-22"))));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.IncidentId).Distinct());
        Assert.Single(await store.Rotation.ReadAsync(db => db.Incidents));
        Assert.Single(await store.NoticesAsync(), n => n.Audience == Journal.Team);
        Assert.Equal(3, (await store.Rotation.ReadAsync(db => db.IncidentClocks)).Count);
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task AStormOfAlerts_OnOnePipeline_IsOneIncidentAndOnePage_EveryAlertAnsweredAndStored(StorageProvider provider)
    {
        using var store = await IncidentStore.OpenAsync(provider, MondayMorning);
        const int Runs = 1500;

        // Stored in batches (group commit) while the alerts wait; each run is also sent again at the same time, as a
        // retrying callback would.
        var runs = Enumerable.Range(0, Runs).SelectMany(i => new[] { $"storm-{i}", $"storm-{i}" });
        var results = await Task.WhenAll(runs.Select(run => Task.Run(() => store.AlertAsync("profit", run))));

        Assert.Equal(Runs, results.Count(r => r.Created));
        Assert.Equal(Runs, results.Select(r => r.IncidentId).Distinct().Count());
        var incidents = await store.Rotation.ReadAsync(db => db.Incidents);
        Assert.Equal(Runs, incidents.Count);
        var first = Assert.Single(incidents, i => i.LinkedTo is null);
        Assert.All(incidents.Where(i => i.Id != first.Id), i => Assert.Equal(first.Id, i.LinkedTo));
        Assert.Single(await store.NoticesAsync(), n => n.Kind == NoticeKinds.IncidentOpened);
        Assert.Equal(3, (await store.Rotation.ReadAsync(db => db.IncidentClocks)).Count);
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task AnAcknowledgement_FromTwoPeopleAtOnce_IsRecordedOnce_AndBothAreToldTheSamePerson(StorageProvider provider)
    {
        using var store = await IncidentStore.OpenAsync(provider, MondayMorning);
        var id = (await store.AlertAsync("profit", "run-1")).IncidentId!.Value;

        var results = await Task.WhenAll(
            Task.Run(() => store.Incidents.AcknowledgeAsync(id, "miles", CancellationToken.None)),
            Task.Run(() => store.Incidents.AcknowledgeAsync(id, "jasmine", CancellationToken.None)));

        var winner = Assert.Single(results, r => r.Changed);
        var loser = Assert.Single(results, r => !r.Changed);
        Assert.Equal(winner.Incident!.AcknowledgedBy, loser.Incident!.AcknowledgedBy);
        Assert.Equal(winner.Incident.AcknowledgedBy, Assert.IsType<AlreadyAcknowledged>(loser.Outcome).By);
        Assert.Single(await store.ActionsAsync(id), a => a == "acknowledged");
        Assert.Equal(winner.Incident.AcknowledgedBy, (await store.IncidentAsync(id)).AcknowledgedBy);
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task AFloodOfAcknowledgements_TwoPeoplePerIncident_RecordsEachOnce_AndEveryLoserIsToldTheWinner(StorageProvider provider)
    {
        using var store = await IncidentStore.OpenAsync(provider, MondayMorning);
        var ids = new List<long>();
        foreach (var pipeline in new[] { "profit", "growth", "engagement", "ldz", "rdv" })
        {
            ids.Add((await store.AlertAsync(pipeline, "run-1")).IncidentId!.Value);
        }

        // Stored by group commit: many clicks share a save, and two on one incident may share it too.
        var clicks = Enumerable.Range(0, 40).SelectMany(_ => ids).SelectMany(id => new[] { (Id: id, By: "miles"), (Id: id, By: "jasmine") });
        var results = await Task.WhenAll(clicks.Select(c => Task.Run(() => store.Incidents.AcknowledgeAsync(c.Id, c.By, CancellationToken.None))));

        Assert.Equal(ids.Count, results.Count(r => r.Changed));
        foreach (var id in ids)
        {
            var winner = (await store.IncidentAsync(id)).AcknowledgedBy;
            Assert.All(results.Where(r => r.Incident!.Id == id && !r.Changed), r => Assert.Equal(winner, Assert.IsType<AlreadyAcknowledged>(r.Outcome).By));
            Assert.Single(await store.ActionsAsync(id), a => a == "acknowledged");
        }
    }

    [Fact]
    public async Task AFailureDownstreamOfAnOpenIncident_IsLinkedToIt_AndPagesNobody()
    {
        using var store = await IncidentStore.OpenAsync(MondayMorning);
        var profit = (await store.AlertAsync("profit", "run-1")).IncidentId!.Value;

        var unit = (await store.AlertAsync("unit-level-profit", "run-9")).IncidentId!.Value;

        var row = await store.IncidentAsync(unit);
        Assert.Equal(profit, row.LinkedTo);
        Assert.Null(row.PagedMemberId);
        Assert.DoesNotContain(await store.NoticesAsync(), n => n.CardKey == $"incident:{unit}" && n.Audience == Journal.Team);
        Assert.Empty(await store.Rotation.ReadAsync(db => db.IncidentClocks.Where(c => c.IncidentId == unit)));
        Assert.Contains("linked", await store.ActionsAsync(profit));

        await store.Incidents.ResolveAsync(profit, "miles", "fixed the sales file", CancellationToken.None);
        Assert.Equal("resolved", (await store.IncidentAsync(unit)).State);
    }

    [Theory]
    [InlineData(100_000, 100, false)]
    [InlineData(100_000, 101, true)]
    public async Task ARunEvent_OpensADataQualityIncident_OnlyWhenMoreThanATenthOfAPercentIsDropped(long records, long dropped, bool opens)
    {
        using var store = await IncidentStore.OpenAsync(MondayMorning);

        var result = await store.Incidents.RecordRunAsync(new RunReport("growth", "run-1", RunState.Succeeded, Records: records, Dropped: dropped), CancellationToken.None);

        Assert.Equal(opens, result.Created);
        Assert.Equal(opens ? 1 : 0, (await store.Rotation.ReadAsync(db => db.Incidents.Where(i => i.Kind == "data-quality"))).Count);
        Assert.Single(await store.Rotation.ReadAsync(db => db.Runs));
    }

    [Fact]
    public async Task ANullInACriticalField_OpensADataQualityIncident_ButOtherFieldsDoNot()
    {
        using var store = await IncidentStore.OpenAsync(MondayMorning);

        var other = await store.Incidents.RecordRunAsync(
            new RunReport("profit", "run-1", RunState.Succeeded, Records: 10, Dropped: 0, NullCritical: new Dictionary<string, long> { ["region"] = 4 }), CancellationToken.None);
        var critical = await store.Incidents.RecordRunAsync(
            new RunReport("profit", "run-2", RunState.Succeeded, Records: 10, Dropped: 0, NullCritical: new Dictionary<string, long> { ["transaction_id"] = 1 }), CancellationToken.None);

        Assert.False(other.Created);
        Assert.True(critical.Created);
        Assert.Contains("transaction_id", (await store.IncidentAsync(critical.IncidentId!.Value)).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedRunEvent_AndTheAlertOfTheSameRun_AreOneIncident_WhichTheRunsSuccessResolves()
    {
        using var store = await IncidentStore.OpenAsync(MondayMorning);

        var failed = await store.Incidents.RecordRunAsync(new RunReport("profit", "run-1", RunState.Failed, Error: "header row missing"), CancellationToken.None);
        var alert = await store.AlertAsync("profit", "run-1");
        await store.Incidents.RecordRunAsync(new RunReport("profit", "run-1", RunState.Succeeded, Records: 10, Dropped: 0), CancellationToken.None);

        Assert.True(failed.Created);
        Assert.Equal(failed.IncidentId, alert.IncidentId);
        Assert.False(alert.Created);
        var row = await store.IncidentAsync(failed.IncidentId!.Value);
        Assert.Equal("resolved", row.State);
        Assert.Equal(IncidentService.Bot, row.ResolvedBy);
    }

    [Fact]
    public async Task ThePage_SaysWhatBrokeFirst_ThenWhoIsPagedAndWhy()
    {
        using var store = await IncidentStore.OpenAsync(MondayMorning);
        var onCall = (await store.Rotation.Schedule.OnCallAtAsync(Instant.FromDateTimeOffset(MondayMorning), CancellationToken.None)).MemberId;

        var id = (await store.AlertAsync("profit", "run-1", "Task load_sales failed")).IncidentId!.Value;

        // The page names the people paged as data, each with why; Conversation's NoticeWordingTests word it.
        var page = NoticeContent.From(Assert.Single(await store.NoticesAsync(), n => n.CardKey == $"incident:{id}"));
        Assert.Equal((NoticeKinds.IncidentOpened, "Task load_sales failed"), (page.Kind, page.Data["summary"]!.GetValue<string>()));
        Assert.Equal([onCall, "miles"], page.Mentions);
        Assert.Equal(
            [(onCall, true, false), ("miles", false, true)],
            page.Data["paged"]!.AsArray().Select(p => (p!["member"]!.GetValue<string>(), p["onCall"]!.GetValue<bool>(), p["primaryOwner"]!.GetValue<bool>())));
    }

    [Fact]
    public async Task AlertText_CanNeverMentionAnyone()
    {
        using var store = await IncidentStore.OpenAsync(MondayMorning);

        var id = (await store.AlertAsync("profit", "run-1", "@channel @here @{jasmine} <!channel>")).IncidentId!.Value;

        // Only the people paged are mentioned; the wording makes the alert's own text inert (NoticeWordingTests).
        var page = NoticeContent.From(Assert.Single(await store.NoticesAsync(), n => n.CardKey == $"incident:{id}"));
        Assert.DoesNotContain("jasmine", page.Mentions);
    }

    [Fact]
    public async Task NoSuccessfulRunByTheDataDeadline_OpensALateDataIncident_TellsStakeholdersAfterAnHour_AndASuccessResolvesIt()
    {
        // Profit reported a success on Friday; Monday 08:00 passes with nothing new.
        using var store = await IncidentStore.OpenAsync(new DateTimeOffset(2026, 11, 20, 7, 0, 0, TimeSpan.Zero));
        await store.Incidents.RecordRunAsync(new RunReport("unit-level-profit", "fri", RunState.Succeeded, Records: 10, Dropped: 0), CancellationToken.None);
        await store.AdvanceToAsync(Instant.FromUtc(2026, 11, 20, 8, 0));
        Assert.Empty(await store.Rotation.ReadAsync(db => db.Incidents));

        await store.AdvanceToAsync(Instant.FromUtc(2026, 11, 23, 8, 0));
        var late = Assert.Single(await store.Rotation.ReadAsync(db => db.Incidents));
        Assert.Equal("late-data", late.Kind);
        Assert.Equal("late:2026-11-23", late.RunId);

        await store.AdvanceToAsync(Instant.FromUtc(2026, 11, 23, 9, 0));
        Assert.Contains("stakeholders-notified", await store.ActionsAsync(late.Id));
        Assert.Contains(await store.NoticesAsync(), n => n.Audience == "profit-lead" && n.Kind == NoticeKinds.DataLateTold);

        await store.Incidents.RecordRunAsync(new RunReport("unit-level-profit", "mon", RunState.Succeeded, Records: 10, Dropped: 0), CancellationToken.None);
        Assert.Equal("resolved", (await store.IncidentAsync(late.Id)).State);
    }

    [Fact]
    public async Task SalesDataTwoDaysLate_PromptsContactingTheExternalContact()
    {
        using var store = await IncidentStore.OpenAsync(new DateTimeOffset(2026, 11, 20, 7, 0, 0, TimeSpan.Zero));
        await store.Incidents.RecordRunAsync(new RunReport("aggregate-profit", "fri", RunState.Failed, Error: "sales file missing"), CancellationToken.None);
        var failure = (await store.Rotation.ReadAsync(db => db.Incidents)).Single();
        await store.Incidents.ResolveAsync(failure.Id, "miles", "waiting on Sales", CancellationToken.None);

        await store.AdvanceToAsync(Instant.FromUtc(2026, 11, 20, 8, 0));
        var late = (await store.Rotation.ReadAsync(db => db.Incidents.Where(i => i.Kind == "late-data"))).Single();
        await store.AdvanceToAsync(Instant.FromUtc(2026, 11, 22, 8, 0));

        Assert.Contains("external-contact-prompted", await store.ActionsAsync(late.Id));
        Assert.Contains(await store.NoticesAsync(), n => n.Audience == Journal.Team && n.Kind == NoticeKinds.ExternalContact && NoticeContent.From(n).Data["contacts"]!.AsArray().Any(c => c!.GetValue<string>() == "ray-charley"));
    }

    [Fact]
    public async Task ARunWaitingForItsSourceFilePastTheDeadline_OpensALateDataIncidentNamingTheFileAndTheContactRule()
    {
        using var store = await IncidentStore.OpenAsync(new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero));
        await store.Incidents.RecordRunAsync(new RunReport("unit-level-profit", "thu", RunState.Succeeded, At: Instant.FromUtc(2026, 11, 19, 7, 0), Records: 10, Dropped: 0), CancellationToken.None);
        await store.Incidents.RecordRunAsync(
            new RunReport("unit-level-profit", "fri", RunState.Waiting, "2026-11-20", WaitingFor: "sales_2026-11-20.csv"), CancellationToken.None);

        await store.AdvanceToAsync(Instant.FromUtc(2026, 11, 20, 8, 0));

        var late = (await store.Rotation.ReadAsync(db => db.Incidents.Where(i => i.Kind == "late-data"))).Single();
        Assert.Equal(
            "No successful run of Unit-Level Profit for Experiments by the data deadline, 2026-11-20 08:00 UTC. Run fri is waiting for its source file sales_2026-11-20.csv. "
            + "Per the runbook, contact Ray Charley (Sales) when sales data not received by 2 days after the expected deadline.",
            late.Summary);
        Assert.Equal("waiting", (await store.Rotation.ReadAsync(db => db.Runs.Where(r => r.RunId == "fri"))).Single().State);

        // The file arrives and the run succeeds: it waits for nothing any more.
        await store.Incidents.RecordRunAsync(new RunReport("unit-level-profit", "fri", RunState.Succeeded, Records: 10, Dropped: 0), CancellationToken.None);
        Assert.Null((await store.Rotation.ReadAsync(db => db.Runs.Where(r => r.RunId == "fri"))).Single().WaitingFor);
    }

    [Fact]
    public async Task GetById_ShowsTheTimelineWithWhoAndWhen()
    {
        using var store = await IncidentStore.OpenAsync(MondayMorning);
        var id = (await store.AlertAsync("profit", "run-1")).IncidentId!.Value;
        await store.AdvanceAsync(Duration.FromMinutes(2));
        await store.Incidents.AcknowledgeAsync(id, "miles", CancellationToken.None);

        var details = await store.Incidents.FindAsync(id, CancellationToken.None);

        Assert.Equal(["opened", "acknowledged"], details!.Timeline.Select(e => e.Action));
        Assert.Equal([IncidentService.Bot, "miles"], details.Timeline.Select(e => e.Actor));
        Assert.Equal(Instant.FromDateTimeOffset(MondayMorning) + Duration.FromMinutes(2), details.Timeline[1].At);
        Assert.Equal(IncidentState.Acknowledged, details.Incident.State);
    }
}
