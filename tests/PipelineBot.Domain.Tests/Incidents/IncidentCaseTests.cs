using NodaTime;
using PipelineBot.Domain.Incidents;
using static PipelineBot.Domain.Tests.Incidents.IncidentScenario;

namespace PipelineBot.Domain.Tests.Incidents;

public class IncidentCaseTests
{
    [Fact]
    public void Open_PagesTheOnCallPersonAndThePrimaryOwner_AndRunsTheAckAndResolveClocks()
    {
        var (incident, opened) = Open(Profit, 1, MondayMorning);

        Assert.Equal([new Page("hudson", OnCall: true, PrimaryOwner: false), new Page("miles", OnCall: false, PrimaryOwner: true)], opened.Paged);
        Assert.False(opened.AckClockWaits);
        Assert.Equal(
            [(ClockKind.AckReminder, MondayMorning + Duration.FromMinutes(10)), (ClockKind.AckDeadline, MondayMorning + Duration.FromMinutes(15)), (ClockKind.ResolveDeadline, MondayMorning + Duration.FromHours(3))],
            incident.Clocks.Select(c => (c.Kind, c.DueAt)));
        Assert.Equal("hudson", incident.Facts.PagedMemberId);
    }

    [Fact]
    public void Open_ByTheOnCallOwner_PagesThemOnce_InBothCapacities()
    {
        var (_, opened) = Open(Profit, 1, MondayMorning, onCall: "miles");

        Assert.Equal([new Page("miles", OnCall: true, PrimaryOwner: true)], opened.Paged);
    }

    [Fact]
    public void Open_OutsideBusinessHours_StartsTheAckClockWhenTheyBegin()
    {
        var saturday = Instant.FromUtc(2026, 11, 21, 3, 0);

        var (incident, opened) = Open(Profit, 1, saturday);

        Assert.True(opened.AckClockWaits);
        Assert.Equal(Instant.FromUtc(2026, 11, 23, 9, 0), opened.AckClockStart);
        Assert.Equal(Instant.FromUtc(2026, 11, 23, 9, 15), incident.Facts.AckDueAt);
        Assert.Equal(saturday + Duration.FromHours(3), incident.Facts.ResolveDueAt);
    }

    [Fact]
    public void Open_Linked_PagesNobody_AndRunsNoAckOrResolveClock_ButLateDataStillTellsStakeholders()
    {
        var deadline = MondayMorning - Duration.FromHours(2);

        var (incident, opened) = Open(Profit, 2, MondayMorning, linkedTo: 1, missedDeadline: deadline);

        Assert.Empty(opened.Paged);
        Assert.Null(incident.Facts.PagedMemberId);
        Assert.Equal(
            [(ClockKind.Stakeholders, deadline + Duration.FromHours(1)), (ClockKind.ExternalContact, deadline + Duration.FromDays(2))],
            incident.Clocks.Select(c => (c.Kind, c.DueAt)));
    }

    [Fact]
    public void LinkTarget_IsTheNearestOpenIncidentUpstream_TheOldestFirst()
    {
        Assert.Equal(["unit-profit", "profit", "sales"], TeamCatalog.Lineage(UnitProfit));
        Assert.Equal(7, IncidentCase.LinkTarget(TeamCatalog, UnitProfit, [(9, "sales"), (8, "profit"), (7, "profit")]));
        Assert.Equal(9, IncidentCase.LinkTarget(TeamCatalog, UnitProfit, [(9, "sales")]));
        Assert.Null(IncidentCase.LinkTarget(TeamCatalog, Profit, [(5, "unit-profit")]));
    }

    [Fact]
    public void Acknowledge_RecordsTheFirst_ClosesTheAckClocks_AndTellsTheSecondWhoWasFirst()
    {
        var (incident, _) = Open(Profit, 1, MondayMorning);
        var later = MondayMorning + Duration.FromMinutes(3);

        var first = incident.Acknowledge("miles", later);
        var second = incident.Acknowledge("jasmine", later + Duration.FromSeconds(1));

        Assert.Equal(new Acknowledged("miles", later, MondayMorning + Duration.FromHours(3)), first);
        Assert.Equal(new AlreadyAcknowledged("miles", later), second);
        Assert.All(incident.Clocks.Where(c => c.Kind != ClockKind.ResolveDeadline), c => Assert.False(c.IsOpen));
        Assert.True(incident.Clocks.Single(c => c.Kind == ClockKind.ResolveDeadline).IsOpen);
        Assert.Equal(IncidentActions.Resolve | IncidentActions.Rerun | IncidentActions.EscalateToExpert, incident.Allowed(Profit));
    }

    [Fact]
    public void Resolve_IsFinal_ResolvesTheLinkedIncidents_AndClosesEveryClock()
    {
        var (child, _) = Open(UnitProfit, 2, MondayMorning, linkedTo: 1);
        var (incident, _) = Open(Profit, 1, MondayMorning, linked: [child]);
        var at = MondayMorning + Duration.FromMinutes(20);

        var resolved = incident.Resolve("jasmine", "reloaded the file", at);

        var outcome = Assert.IsType<Resolved>(resolved);
        Assert.Equal([2L], outcome.AlsoResolved);
        Assert.Equal(IncidentState.Resolved, child.State);
        Assert.Equal("resolved with INC-1: reloaded the file", child.Progress.Resolution);
        Assert.All(incident.Clocks, c => Assert.Equal(at, c.ClosedAt));
        Assert.Equal(new AlreadyResolved("jasmine", at), incident.Resolve("miles", "again", at));
        Assert.Equal(new AlreadyResolved("jasmine", at), incident.Acknowledge("miles", at));
        Assert.Equal(IncidentActions.None, incident.Allowed(Profit));
    }

    [Fact]
    public void TheAckDeadline_EscalatesToTheSecondaryOwnerAndTheManagers_AndTellsTheLeads()
    {
        var (incident, _) = Open(Profit, 1, MondayMorning);
        var due = MondayMorning + Duration.FromMinutes(15);

        var outcome = incident.Fire(incident.Clocks.Single(c => c.Kind == ClockKind.AckDeadline), due, TeamCatalog, "hudson", ShippedSla);

        var escalated = Assert.IsType<Escalated>(outcome);
        Assert.Equal(Breach.Ack, escalated.Why);
        Assert.Equal(["jasmine", "de-manager"], escalated.Paged);
        Assert.Equal(["profit-lead"], escalated.Told);
        Assert.Equal(due, incident.Progress.AckBreachedAt);
    }

    [Fact]
    public void TheReminder_GoesToWhoeverIsOnCallWhenItFires_AndIsMootOnceAcknowledged()
    {
        var (incident, _) = Open(Profit, 1, MondayMorning);
        var reminder = incident.Clocks.Single(c => c.Kind == ClockKind.AckReminder);

        Assert.IsType<ClockMoot>(incident.Fire(reminder, MondayMorning + Duration.FromMinutes(9), TeamCatalog, "hudson", ShippedSla));
        Assert.True(reminder.IsOpen);
        Assert.Equal(new Reminded("miles", MondayMorning + Duration.FromMinutes(15)), incident.Fire(reminder, MondayMorning + Duration.FromMinutes(10), TeamCatalog, "miles", ShippedSla));

        var (acknowledged, _) = Open(Profit, 2, MondayMorning);
        acknowledged.Acknowledge("miles", MondayMorning);
        Assert.IsType<ClockMoot>(acknowledged.Fire(acknowledged.Clocks[0], MondayMorning + Duration.FromMinutes(10), TeamCatalog, "hudson", ShippedSla));
    }

    [Fact]
    public void LateData_TellsTheStakeholders_ThenPromptsTheExternalContact()
    {
        var deadline = MondayMorning;
        var (incident, _) = Open(Profit, 1, MondayMorning, missedDeadline: deadline);
        var at = deadline + Duration.FromDays(2);

        var told = incident.Fire(incident.Clocks.Single(c => c.Kind == ClockKind.Stakeholders), at, TeamCatalog, "hudson", ShippedSla);
        var prompted = incident.Fire(incident.Clocks.Single(c => c.Kind == ClockKind.ExternalContact), at, TeamCatalog, "hudson", ShippedSla);

        Assert.Equal(["profit-lead"], Assert.IsType<StakeholdersTold>(told).Leads);
        Assert.Equal(Duration.FromDays(2), ((StakeholdersTold)told).Late);
        var contact = Assert.Single(Assert.IsType<ExternalContactPrompted>(prompted).Contacts);
        Assert.Equal("Ray Charley", contact.Name);
        Assert.Equal("hudson", ((ExternalContactPrompted)prompted).OnCall);
    }
}

public class ExpertHandoverTests
{
    [Fact]
    public void HandOver_NamesTheExpertAndKeepsTheIncidentAndItsClocksAsTheyWere()
    {
        var (incident, _) = Open(Profit, 1, MondayMorning);
        var later = MondayMorning + Duration.FromMinutes(5);

        var outcome = incident.HandOver(ExpertArea.Mapping, "tech-ba", "hudson", later);

        Assert.Equal(new HandedOver(ExpertArea.Mapping, "tech-ba", "hudson", later), outcome);
        Assert.Equal((IncidentState.Open, "tech-ba", ExpertArea.Mapping, later), (incident.State, incident.Progress.Expert, incident.Progress.ExpertArea!.Value, incident.Progress.ExpertSince!.Value));
        Assert.All(incident.Clocks, c => Assert.True(c.IsOpen));
    }

    [Fact]
    public void HandOver_ToWhoeverHasItAlready_OrOnceResolved_ChangesNothing()
    {
        var (incident, _) = Open(Profit, 1, MondayMorning);
        incident.HandOver(ExpertArea.Implementation, "etl-developer", "hudson", MondayMorning);

        Assert.Equal(new AlreadyWithExpert("etl-developer", MondayMorning), incident.HandOver(ExpertArea.Implementation, "etl-developer", "miles", MondayMorning + Duration.FromMinutes(1)));
        Assert.True(incident.HandOver(ExpertArea.Mapping, "tech-ba", "miles", MondayMorning + Duration.FromMinutes(2)).Changed);

        incident.Resolve("miles", "mapping added", MondayMorning + Duration.FromMinutes(3));
        Assert.IsType<AlreadyResolved>(incident.HandOver(ExpertArea.Implementation, "etl-developer", "miles", MondayMorning + Duration.FromMinutes(4)));
        Assert.Equal("tech-ba", incident.Progress.Expert);
    }

    [Theory]
    [InlineData("hudson", "member", true)]
    [InlineData("miles", "member", true)]
    [InlineData("sit-operator", "operator", true)]
    [InlineData("profit-lead", "lead", false)]
    [InlineData("de-manager", "manager", false)]
    public void WhoMayHandOver_IsWhoMayRerun_TheOnCallPersonTheOwnersAndOperators(string who, string role, bool allowed)
    {
        var member = new Catalog.Member(who, who, $"{who}@example.com", new HashSet<string> { role }, "UTC");

        Assert.Equal(allowed, Experts.WhyNotAllowed(member, Profit, onCallId: "hudson") is null);
        Assert.Equal(allowed, RerunRules.WhyNotAllowed(member, Profit, onCallId: "hudson") is null);
    }
}
