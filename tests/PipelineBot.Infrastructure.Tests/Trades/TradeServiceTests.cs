using NodaTime;
using PipelineBot.Domain.Trades;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Tests.Rotation;

namespace PipelineBot.Infrastructure.Tests.Trades;

public class TradeServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);
    private static readonly LocalDate Christmas = new(2026, 12, 25);
    private static readonly LocalDate Thanksgiving = new(2026, 11, 26);
    private static readonly string[] Team = ["jasmine", "miles", "jackson", "hudson"];

    private static readonly (string, string)[] Chicago =
    [
        ("PipelineBot:Rotation:TimeZone", "America/Chicago"),
        ("PipelineBot:Rotation:Start", "2026-01-05"),
    ];

    // With a one-year rule every hand-over passes rule 1, so a test can offer one shift to several people.
    private static readonly (string, string)[] NoFourYearRule = [.. Chicago, ("PipelineBot:Holidays:RuleYears", "1")];

    private static async Task<string> HolderAsync(RotationStore store, LocalDate date) =>
        (await store.Schedule.HolidaysAsync(date.Year, CancellationToken.None)).Single(h => h.Date == date).MemberId!;

    [Fact]
    public async Task Trade_OfAssignedShift_IsRefusedWithPolicy()
    {
        using var store = await RotationStore.OpenAsync(Now, Chicago);
        var holder = await HolderAsync(store, Christmas);

        var result = await store.Trades.ProposeAsync(holder, Team.First(m => m != holder), new LocalDate(2026, 12, 2), null, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains(TradePolicy.Text, result.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ReadAsync(db => db.TradeOffers));
    }

    [Fact]
    public async Task HandOver_AcceptedByTheCounterparty_MovesTheShift_AuditsIt_AndTellsBoth()
    {
        using var store = await RotationStore.OpenAsync(Now, NoFourYearRule);
        var holder = await HolderAsync(store, Christmas);
        var receiver = Team.First(m => m != holder);

        var offer = await store.Trades.ProposeAsync(holder, receiver, Christmas, null, CancellationToken.None);
        var accepted = await store.Trades.AcceptAsync(offer.Offer!.Id, receiver, CancellationToken.None);

        Assert.True(offer.Succeeded, offer.Message);
        Assert.True(accepted.Succeeded, accepted.Message);
        Assert.Equal(receiver, await HolderAsync(store, Christmas));
        var onCall = await store.Schedule.OnCallAtAsync(Instant.FromUtc(2026, 12, 25, 18, 0), CancellationToken.None);
        Assert.Equal(receiver, onCall.MemberId);
        var audit = await store.ReadAsync(db => db.AuditEntries.Where(a => a.Subject == $"trade:{offer.Offer.Id}"));
        Assert.Equal(["trade-proposed", "trade-accepted"], audit.OrderBy(a => a.Id).Select(a => a.Action));
        Assert.Equal([holder, receiver], audit.OrderBy(a => a.Id).Select(a => a.Actor));
        var notices = (await store.ReadAsync(db => db.Notices)).Where(n => NoticeContent.From(n).Data["offer"]?.GetValue<long>() == offer.Offer.Id).ToList();
        Assert.Contains(notices, n => n.Audience == holder && n.Kind == NoticeKinds.TradeAccepted);
        Assert.Contains(notices, n => n.Audience == receiver && n.Kind == NoticeKinds.TradeOffered);
    }

    [Fact]
    public async Task Swap_Accepted_ExchangesBothShifts()
    {
        using var store = await RotationStore.OpenAsync(Now, NoFourYearRule);
        var christmasHolder = await HolderAsync(store, Christmas);
        var thanksgivingHolder = await HolderAsync(store, Thanksgiving);
        Assert.NotEqual(christmasHolder, thanksgivingHolder);

        var offer = await store.Trades.ProposeAsync(christmasHolder, thanksgivingHolder, Christmas, Thanksgiving, CancellationToken.None);
        var accepted = await store.Trades.AcceptAsync(offer.Offer!.Id, thanksgivingHolder, CancellationToken.None);

        Assert.True(accepted.Succeeded, accepted.Message);
        Assert.Equal(thanksgivingHolder, await HolderAsync(store, Christmas));
        Assert.Equal(christmasHolder, await HolderAsync(store, Thanksgiving));
    }

    [Fact]
    public async Task Accept_BySomeoneOtherThanTheCounterparty_IsRefused_AndChangesNothing()
    {
        using var store = await RotationStore.OpenAsync(Now, NoFourYearRule);
        var holder = await HolderAsync(store, Christmas);
        var others = Team.Where(m => m != holder).ToArray();
        var offer = await store.Trades.ProposeAsync(holder, others[0], Christmas, null, CancellationToken.None);

        var result = await store.Trades.AcceptAsync(offer.Offer!.Id, others[1], CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(holder, await HolderAsync(store, Christmas));
        Assert.Equal(nameof(TradeState.Open), (await store.ReadAsync(db => db.TradeOffers)).Single().State);
    }

    [Fact]
    public async Task Offer_UnansweredForItsLifetime_Expires_AndTheProposerIsTold()
    {
        // Christmas is over a month away, so the seven-day lifetime ends first.
        using var store = await RotationStore.OpenAsync(Now, NoFourYearRule);
        var holder = await HolderAsync(store, Christmas);
        var receiver = Team.First(m => m != holder);
        var offer = await store.Trades.ProposeAsync(holder, receiver, Christmas, null, CancellationToken.None);

        store.Time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await store.Trades.ExpireDueAsync(CancellationToken.None));
        store.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await store.Trades.ExpireDueAsync(CancellationToken.None));
        var late = await store.Trades.AcceptAsync(offer.Offer!.Id, receiver, CancellationToken.None);

        Assert.False(late.Succeeded);
        Assert.Equal(holder, await HolderAsync(store, Christmas));
        Assert.Contains(await store.ReadAsync(db => db.Notices), n => n.Audience == holder && n.Kind == NoticeKinds.TradeExpired);
    }

    [Fact]
    public async Task Offer_ExpiresWhenTheShiftStarts_IfThatComesFirst()
    {
        using var store = await RotationStore.OpenAsync(new DateTimeOffset(2026, 12, 22, 12, 0, 0, TimeSpan.Zero), NoFourYearRule);
        var holder = await HolderAsync(store, Christmas);

        var offer = await store.Trades.ProposeAsync(holder, Team.First(m => m != holder), Christmas, null, CancellationToken.None);

        Assert.Equal(Instant.FromUtc(2026, 12, 25, 6, 0), offer.Offer!.ExpiresAt);
    }

    [Fact]
    public async Task Decline_ClosesTheOffer_AndTellsTheProposer()
    {
        using var store = await RotationStore.OpenAsync(Now, NoFourYearRule);
        var holder = await HolderAsync(store, Christmas);
        var receiver = Team.First(m => m != holder);
        var offer = await store.Trades.ProposeAsync(holder, receiver, Christmas, null, CancellationToken.None);

        var declined = await store.Trades.DeclineAsync(offer.Offer!.Id, receiver, CancellationToken.None);
        var accepted = await store.Trades.AcceptAsync(offer.Offer.Id, receiver, CancellationToken.None);

        Assert.True(declined.Succeeded);
        Assert.False(accepted.Succeeded);
        Assert.Equal(holder, await HolderAsync(store, Christmas));
        Assert.Contains(await store.ReadAsync(db => db.Notices), n => n.Audience == holder && n.Kind == NoticeKinds.TradeClosed && NoticeContent.From(n).Data["declined"]!.GetValue<bool>());
    }

    [Fact]
    public async Task FirstAcceptanceWins_AndTheOtherOffersOfThatShiftAreGone_WithTheirPeopleTold()
    {
        using var store = await RotationStore.OpenAsync(Now, NoFourYearRule);
        var holder = await HolderAsync(store, Christmas);
        var others = Team.Where(m => m != holder).ToArray();
        var offers = new List<TradeOffer>();
        foreach (var other in others)
        {
            offers.Add((await store.Trades.ProposeAsync(holder, other, Christmas, null, CancellationToken.None)).Offer!);
        }

        var first = await store.Trades.AcceptAsync(offers[1].Id, others[1], CancellationToken.None);
        var second = await store.Trades.AcceptAsync(offers[0].Id, others[0], CancellationToken.None);

        Assert.True(first.Succeeded);
        Assert.False(second.Succeeded);
        Assert.Equal(others[1], await HolderAsync(store, Christmas));
        var states = (await store.ReadAsync(db => db.TradeOffers)).ToDictionary(t => t.Id, t => t.State);
        Assert.Equal(nameof(TradeState.Accepted), states[offers[1].Id]);
        Assert.Equal(nameof(TradeState.Gone), states[offers[0].Id]);
        Assert.Equal(nameof(TradeState.Gone), states[offers[2].Id]);
        var notices = await store.ReadAsync(db => db.Notices);
        Assert.Contains(notices, n => n.Audience == others[2] && n.Kind == NoticeKinds.TradeGone);
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task TwoAcceptancesOfOffersOnTheSameShift_AtTheSameMoment_LeaveExactlyOneTrade(StorageProvider provider)
    {
        for (var round = 0; round < 10; round++)
        {
            using var store = await RotationStore.OpenAsync(provider, Now, NoFourYearRule);
            var holder = await HolderAsync(store, Christmas);
            var (a, b) = (Team.First(m => m != holder), Team.Last(m => m != holder));
            var toA = (await store.Trades.ProposeAsync(holder, a, Christmas, null, CancellationToken.None)).Offer!;
            var toB = (await store.Trades.ProposeAsync(holder, b, Christmas, null, CancellationToken.None)).Offer!;

            using var start = new Barrier(2);
            var results = await Task.WhenAll(
                Task.Run(async () => { start.SignalAndWait(); return await store.Trades.AcceptAsync(toA.Id, a, CancellationToken.None); }),
                Task.Run(async () => { start.SignalAndWait(); return await store.Trades.AcceptAsync(toB.Id, b, CancellationToken.None); }));

            Assert.Single(results, r => r.Succeeded);
            var winner = results[0].Succeeded ? a : b;
            Assert.Equal(winner, await HolderAsync(store, Christmas));
            var offers = await store.ReadAsync(db => db.TradeOffers);
            Assert.Single(offers, o => o.State == nameof(TradeState.Accepted));
            Assert.Single(await store.ReadAsync(db => db.AuditEntries.Where(e => e.Action == "trade-accepted")));
            Assert.Equal("traded", (await store.ReadAsync(db => db.HolidayAssignments.Where(h => h.Holiday == "Christmas Day" && h.Year == 2026))).Single().Source);
        }
    }
}
