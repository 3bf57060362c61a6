using NodaTime;

using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Rotation;
using PipelineBot.Domain.Trades;

namespace PipelineBot.Domain.Tests.Trades;

public sealed class TradeRulesTests
{
    private static readonly LocalDate Start = new(2020, 1, 1);
    private static readonly HolidayCalendar Calendar = new([
        new HolidayRule("Christmas Day", HolidayRuleKind.Fixed, Month: 12, Day: 25),
        new HolidayRule("Easter Sunday", HolidayRuleKind.Easter),
    ]);

    private static readonly ShiftCalendar Shifts = new(DateTimeZone.Utc);
    private static readonly RosterTimeline Roster = RosterTimeline.Create(Start, ["a", "b", "c", "d", "e"], []);
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 9, 0);
    private static readonly Duration Week = Duration.FromDays(7);
    private static readonly LocalDate Christmas2026 = new(2026, 12, 25);
    private static readonly LocalDate Easter2027 = HolidayRule.EasterSunday(2027);

    private static readonly HolidayPlan Plan = HolidayPlan.Empty.With([
        new HolidayAssignment("Christmas Day", 2026, Christmas2026, "a"),
        new HolidayAssignment("Easter Sunday", 2027, Easter2027, "b"),
        new HolidayAssignment("Christmas Day", 2027, new LocalDate(2027, 12, 25), "c"),
    ]);

    private static TradeDecision Propose(string proposer, string counterparty, LocalDate offered, LocalDate? requested, HolidayPlan? plan = null, Instant? now = null, RosterTimeline? roster = null) =>
        TradeRules.CheckProposal(proposer, counterparty, offered, requested, plan ?? Plan, Calendar, roster ?? Roster, Shifts, now ?? Now, Week);

    private static TradeOffer Offer(TradeDecision proposal, string proposer, string counterparty, long id = 1) =>
        new(id, proposal.Requested is null ? TradeKind.HandOver : TradeKind.Swap, proposer, counterparty, proposal.Offered!, proposal.Requested, Now, proposal.ExpiresAt!.Value, TradeState.Open);

    [Fact]
    public void Trade_OfAssignedShift_IsRefusedWithPolicy()
    {
        var decision = Propose("a", "b", new LocalDate(2026, 7, 1), Easter2027);

        Assert.False(decision.Allowed);
        Assert.Equal(TradeDecision.Policy, decision.Rule);
        Assert.Contains(TradePolicy.Text, decision.Reason, StringComparison.Ordinal);
        Assert.Equal("Employees are able to trade holiday on-call shifts, but not assigned on-call shifts.", TradePolicy.Text);
    }

    [Fact]
    public void Swap_ForAnAssignedShift_IsRefusedWithPolicy()
    {
        var decision = Propose("a", "b", Christmas2026, new LocalDate(2026, 7, 1));

        Assert.Equal(TradeDecision.Policy, decision.Rule);
        Assert.Contains(TradePolicy.Text, decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Trade_WithYourself_IsRefused()
    {
        var decision = Propose("a", "a", Christmas2026, null);

        Assert.False(decision.Allowed);
        Assert.Equal(TradeDecision.SamePerson, decision.Rule);
    }

    [Fact]
    public void Trade_OfSomeoneElsesHoliday_IsRefusedForOwnership()
    {
        var decision = Propose("d", "e", Christmas2026, null);

        Assert.Equal(TradeDecision.Ownership, decision.Rule);
        Assert.Equal("Christmas Day 2026 (2026-12-25) is not d's to trade; a holds it.", decision.Reason);
    }

    [Fact]
    public void Swap_ForAHolidayTheCounterpartyDoesNotHold_IsRefusedForOwnership()
    {
        var decision = Propose("a", "d", Christmas2026, Easter2027);

        Assert.Equal(TradeDecision.Ownership, decision.Rule);
        Assert.Contains("not d's to trade; b holds it", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Trade_OfAShiftThatHasStarted_IsRefused()
    {
        var decision = Propose("a", "d", Christmas2026, null, now: Instant.FromUtc(2026, 12, 25, 0, 0));

        Assert.Equal(TradeDecision.Started, decision.Rule);
    }

    [Fact]
    public void HandOver_ToSomeoneOffTheRotationThatDay_IsRefused()
    {
        var roster = RosterTimeline.Create(Start, ["a", "b", "c", "d", "e"], [new MemberLeft(new LocalDate(2026, 9, 1), "d", null)]);

        var decision = Propose("a", "d", Christmas2026, null, roster: roster);

        Assert.Equal(TradeDecision.Rotation, decision.Rule);
        Assert.Contains("d is not on the rotation on 2026-12-25", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void HandOver_ThatBreaksRuleOne_IsRefusedNamingTheHolidayThePersonAndTheYear()
    {
        var plan = Plan.With(new HolidayAssignment("Christmas Day", 2024, new LocalDate(2024, 12, 25), "d"));

        var decision = Propose("a", "d", Christmas2026, null, plan);

        Assert.Equal(TradeDecision.FourYearRule, decision.Rule);
        Assert.Equal("d would get Christmas Day 2026 (2026-12-25) but held it in 2024; nobody holds the same holiday twice within 4 years.", decision.Reason);
    }

    [Fact]
    public void Swap_ThatBreaksRuleOneForTheProposer_IsRefused()
    {
        var plan = Plan.With(new HolidayAssignment("Christmas Day", 2030, new LocalDate(2030, 12, 25), "a"));

        var decision = Propose("a", "c", Christmas2026, new LocalDate(2027, 12, 25), plan);

        Assert.Equal(TradeDecision.FourYearRule, decision.Rule);
        Assert.StartsWith("a would get Christmas Day 2027 (2027-12-25) but holds it in 2030", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Swap_OfValidHolidays_IsAllowedAndExpiresAfterTheOfferLifetime()
    {
        var decision = Propose("a", "b", Christmas2026, Easter2027);

        Assert.True(decision.Allowed);
        Assert.Equal(new HolidayInstance("Christmas Day", 2026, Christmas2026), decision.Offered);
        Assert.Equal(new HolidayInstance("Easter Sunday", 2027, Easter2027), decision.Requested);
        Assert.Equal(Now + Week, decision.ExpiresAt);
    }

    [Fact]
    public void Proposal_CloseToTheShift_ExpiresWhenTheShiftStarts()
    {
        var decision = Propose("a", "d", Christmas2026, null, now: Instant.FromUtc(2026, 12, 22, 12, 0));

        Assert.True(decision.Allowed);
        Assert.Equal(Instant.FromUtc(2026, 12, 25, 0, 0), decision.ExpiresAt);
    }

    [Fact]
    public void Acceptance_BySomeoneElse_IsRefused()
    {
        var offer = Offer(Propose("a", "d", Christmas2026, null), "a", "d");

        Assert.Equal(TradeDecision.NotYoursToAccept, TradeRules.CheckAcceptance(offer, "e", Plan, Roster, Now).Rule);
    }

    [Theory]
    [InlineData(TradeState.Declined, TradeDecision.NotOpen)]
    [InlineData(TradeState.Withdrawn, TradeDecision.NotOpen)]
    [InlineData(TradeState.Accepted, TradeDecision.NotOpen)]
    [InlineData(TradeState.Expired, TradeDecision.Expired)]
    [InlineData(TradeState.Gone, TradeDecision.Gone)]
    public void Acceptance_OfAnOfferThatIsNotOpen_IsRefused(TradeState state, string rule)
    {
        var offer = Offer(Propose("a", "d", Christmas2026, null), "a", "d") with { State = state };

        Assert.Equal(rule, TradeRules.CheckAcceptance(offer, "d", Plan, Roster, Now).Rule);
    }

    [Fact]
    public void Acceptance_AtOrAfterExpiry_IsRefused()
    {
        var offer = Offer(Propose("a", "d", Christmas2026, null), "a", "d");

        Assert.Equal(TradeDecision.Expired, TradeRules.CheckAcceptance(offer, "d", Plan, Roster, offer.ExpiresAt).Rule);
        Assert.True(TradeRules.CheckAcceptance(offer, "d", Plan, Roster, offer.ExpiresAt - Duration.FromSeconds(1)).Allowed);
    }

    [Fact]
    public void Acceptance_AfterTheShiftChangedHands_IsGone()
    {
        var offer = Offer(Propose("a", "b", Christmas2026, Easter2027), "a", "b");
        var moved = Plan.With(new HolidayAssignment("Easter Sunday", 2027, Easter2027, "e"));

        var decision = TradeRules.CheckAcceptance(offer, "b", moved, Roster, Now);

        Assert.Equal(TradeDecision.Gone, decision.Rule);
    }

    [Fact]
    public void Acceptance_RechecksRuleOneAgainstTheCurrentPlan()
    {
        var offer = Offer(Propose("a", "d", Christmas2026, null), "a", "d");
        var changed = Plan.With(new HolidayAssignment("Christmas Day", 2028, new LocalDate(2028, 12, 25), "d"));

        var decision = TradeRules.CheckAcceptance(offer, "d", changed, Roster, Now);

        Assert.Equal(TradeDecision.FourYearRule, decision.Rule);
        Assert.Contains("holds it in 2028", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_Swap_GivesEachSideTheOthersHoliday()
    {
        var offer = Offer(Propose("a", "b", Christmas2026, Easter2027), "a", "b");

        var after = Plan.With(TradeRules.Apply(offer));

        Assert.Equal(2, TradeRules.Apply(offer).Count);
        Assert.Equal("b", after.HolderOf("Christmas Day", 2026));
        Assert.Equal("a", after.HolderOf("Easter Sunday", 2027));
        Assert.Equal("c", after.HolderOf("Christmas Day", 2027));
    }

    [Fact]
    public void Apply_HandOver_GivesTheHolidayToTheCounterparty()
    {
        var offer = Offer(Propose("a", "d", Christmas2026, null), "a", "d");

        var change = Assert.Single(TradeRules.Apply(offer));

        Assert.Equal(new HolidayAssignment("Christmas Day", 2026, Christmas2026, "d"), change);
    }

    [Fact]
    public void Superseded_AreTheOtherOpenOffersOfEitherTradedShift()
    {
        var accepted = Offer(Propose("a", "b", Christmas2026, Easter2027), "a", "b", id: 1);
        var sameOffered = Offer(Propose("a", "d", Christmas2026, null), "a", "d", id: 2);
        var sameRequested = accepted with
        {
            Id = 3,
            ProposerId = "c",
            Offered = new HolidayInstance("Christmas Day", 2027, new LocalDate(2027, 12, 25)),
            Requested = new HolidayInstance("EASTER SUNDAY", 2027, Easter2027),
        };
        var unrelated = Offer(Propose("c", "d", new LocalDate(2027, 12, 25), null), "c", "d", id: 4);
        var alreadyDeclined = sameOffered with { Id = 5, State = TradeState.Declined };

        var gone = TradeRules.Superseded(accepted, [accepted, sameOffered, sameRequested, unrelated, alreadyDeclined]).ToList();

        Assert.Equal([2L, 3L], gone.Select(o => o.Id));
        Assert.All(gone, o => Assert.Equal(TradeState.Gone, o.State));
    }
}
