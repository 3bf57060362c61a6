using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Cards;
using PipelineBot.Domain.Catalog;
using PipelineBot.Host.Channels;
using PipelineBot.Host.Channels.Delivery;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Channels;
using PipelineBot.Infrastructure.Persistence;
using PipelineBot.Infrastructure.Rotation;
using PipelineBot.Infrastructure.Trades;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.Delivery;

/// <summary>Stored notices reach every enabled channel once, through failures and restarts, driven by the fake clock.</summary>
public sealed class NoticeDispatcherTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);
    private static readonly LocalDate Christmas = new(2026, 12, 25);
    private static readonly string[] Settings = ["PipelineBot:Rotation:Start=2026-01-05", "PipelineBot:Holidays:RuleYears=1"];

    [Fact]
    public async Task A_trade_offer_reaches_the_counterparty_on_every_channel_with_its_card()
    {
        var (teams, slack) = (new RecordingChannel("msteams"), new RecordingChannel("slack"));
        await using var bot = await StartAsync(Register(teams, slack));

        var (offer, counterparty) = await ProposeChristmasAsync(bot);
        await RoundsUntilAsync(bot, () => teams.Delivered.Count + slack.Delivered.Count == 2);

        foreach (var channel in new[] { teams, slack })
        {
            var notice = Assert.Single(channel.Delivered);
            Assert.Equal((counterparty, $"trade:{offer}"), (notice.Audience, notice.Card?.Key));
        }
    }

    [Fact]
    public async Task A_channel_that_fails_is_retried_after_a_pause_and_the_other_channel_is_not_sent_twice()
    {
        var (flaky, steady) = (new RecordingChannel("msteams") { FailuresLeft = 1 }, new RecordingChannel("slack"));
        await using var bot = await StartAsync(Register(flaky, steady));
        await ProposeChristmasAsync(bot);

        await RoundsUntilAsync(bot, () => flaky.Attempts == 1 && steady.Delivered.Count == 1);
        await RoundsUntilAsync(bot, () => flaky.Delivered.Count == 1);

        Assert.Equal((2, 1), (flaky.Attempts, steady.Delivered.Count));

        // The channel has the notice before the dispatcher stores that it is done: wait for the store.
        await Eventually.HoldsAsync(async () => await UndeliveredAsync(bot) == 0);
    }

    [Fact]
    public async Task A_card_update_redraws_every_posted_copy_on_its_channel()
    {
        var teams = new RecordingChannel("msteams");
        await using var bot = await StartAsync(Register(teams));
        var (offer, counterparty) = await ProposeChristmasAsync(bot);
        await RoundsUntilAsync(bot, () => teams.Delivered.Count == 1);
        var directory = bot.Services.GetRequiredService<ChannelDirectory>();
        await directory.RecordPostedCardAsync(new PostedCard($"trade:{offer}", "msteams", "a:1", "m1", null), CancellationToken.None);
        await directory.RecordPostedCardAsync(new PostedCard($"trade:{offer}", "msteams", "19:team", "m2", null), CancellationToken.None);
        await directory.RecordPostedCardAsync(new PostedCard($"trade:{offer}", "slack", "D1", "171.1", null), CancellationToken.None);

        await bot.Services.GetRequiredService<TradeService>().DeclineAsync(offer, counterparty, CancellationToken.None);
        await RoundsUntilAsync(bot, () => teams.Updated.Count == 2);

        Assert.Equal(["m1", "m2"], teams.Updated.Select(u => u.Posted.MessageId).Order());
        Assert.All(teams.Updated, u => Assert.Equal($"trade:{offer}", u.Card.Key));
    }

    [Fact]
    public async Task After_a_restart_nothing_delivered_is_sent_again()
    {
        var (before, after) = (new RecordingChannel("msteams"), new RecordingChannel("msteams"));
        var bot = await StartAsync(Register(before));
        var (first, _) = await ProposeChristmasAsync(bot);
        await RoundsUntilAsync(bot, () => before.Delivered.Count == 1);

        await using var restarted = await bot.RestartAsync(Register(after), Settings);
        var (second, _) = await ProposeChristmasAsync(restarted, new LocalDate(2026, 11, 26));
        await RoundsUntilAsync(restarted, () => !after.Delivered.IsEmpty);

        Assert.Equal($"trade:{first}", Assert.Single(before.Delivered).Card?.Key);
        Assert.Equal($"trade:{second}", Assert.Single(after.Delivered).Card?.Key);
    }

    [Fact]
    public async Task Of_two_instances_on_one_database_only_the_lease_holder_delivers_and_the_other_takes_over_when_it_is_gone()
    {
        var (first, second) = (new RecordingChannel("msteams"), new RecordingChannel("msteams"));
        var holder = await StartAsync(Register(first));

        // Each instance has its own fake clock, and the other's never moves: had it taken the lease first, it would think
        // it held it for ever. Start it only once the holder holds the lease, as a real second instance would find it.
        await Eventually.HoldsAsync(async () => await LeaseHolderAsync(holder) != "");
        await using var other = await BotServer.StartAsync(Now, holder.Folder, Register(second), Settings);

        // Offered through the other instance; the holder delivers it (no PostgreSQL here to tell it: its backstop finds it).
        var (offer, _) = await ProposeChristmasAsync(other);
        await RoundsUntilAsync(holder, () => first.Delivered.Count == 1);

        // The holder goes away without a word; once its lease runs out on the other's clock, the other delivers.
        await holder.StopAsync();
        var (next, _) = await ProposeChristmasAsync(other, new LocalDate(2026, 11, 26));
        await RoundsUntilAsync(other, () => second.Delivered.Count == 1);

        Assert.Equal($"trade:{offer}", Assert.Single(first.Delivered).Card?.Key);
        Assert.Equal($"trade:{next}", Assert.Single(second.Delivered).Card?.Key);
    }

    [Fact]
    public async Task A_page_committed_behind_routine_notices_is_delivered_before_them()
    {
        var teams = new RecordingChannel("msteams") { Gate = new TaskCompletionSource() };
        await using var bot = await StartAsync(Register(teams));
        await ProposeChristmasAsync(bot);
        await Eventually.HoldsAsync(() => teams.Attempts == 1);

        // While the first delivery is under way, three routine notices and then a page are committed.
        static NoticeRow Routine(int n) => new() { CreatedAt = 1, Audience = "miles", Kind = NoticeKinds.Text, Data = $$"""{"text":"routine {{n}}"}""" };
        var page = new NoticeRow
        {
            CreatedAt = 1,
            Audience = "miles",
            Kind = NoticeKinds.IncidentBreachTold,
            Priority = NoticeKinds.Priority(NoticeKinds.IncidentBreachTold),
            Data = """{"incident":1,"pipeline":"profit","breach":"ack","limitMinutes":15}""",
        };
        NoticeRow[] routine = [Routine(1), Routine(2), Routine(3)];
        await using (var db = await bot.Services.GetRequiredService<IDbContextFactory<PipelineBotDbContext>>().CreateDbContextAsync())
        {
            db.Notices.AddRange([.. routine, page]);
            await db.SaveChangesAsync();
        }

        teams.Gate.SetResult();
        await RoundsUntilAsync(bot, () => teams.Delivered.Count == 5);

        Assert.Equal([page.Id, .. routine.Select(r => r.Id)], teams.Delivered.Skip(1).Select(n => n.Id));
    }

    private static Task<BotServer> StartAsync(Action<IServiceCollection> services) => BotServer.StartAsync(Now, null, services, Settings);

    private static Action<IServiceCollection> Register(params RecordingChannel[] channels) => services =>
    {
        services.AddSingleton<IConversation, CardsOnlyConversation>();
        foreach (var channel in channels)
        {
            services.AddSingleton<IChannel>(channel);
        }
    };

    private static async Task<(long Offer, string Counterparty)> ProposeChristmasAsync(BotServer bot, LocalDate? date = null)
    {
        var day = date ?? Christmas;
        var holidays = await bot.Services.GetRequiredService<ScheduleService>().HolidaysAsync(day.Year, CancellationToken.None);
        var holder = holidays.Single(h => h.Date == day).MemberId!;
        var counterparty = holder == "miles" ? "jackson" : "miles";
        var result = await bot.Services.GetRequiredService<TradeService>().ProposeAsync(holder, counterparty, day, null, CancellationToken.None);
        return (result.Offer!.Id, counterparty);
    }

    /// <summary>Moves the fake clock a second at a time, letting the dispatcher's loop run, until the condition holds.</summary>
    private static async Task RoundsUntilAsync(BotServer bot, Func<bool> condition)
    {
        // Real time only guards against a hang: on a loaded machine the loops wake late after each step of the fake clock,
        // and finding a notice committed by another instance takes the 30 s backstop, thirty steps, which took over 30 s
        // of real time once while the whole suite ran on two cores.
        var deadline = Environment.TickCount64 + 90_000;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "the dispatcher did not get there within 90 s");
            bot.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }
    }

    private static async Task<string> LeaseHolderAsync(BotServer bot)
    {
        await using var db = await bot.Services.GetRequiredService<IDbContextFactory<PipelineBotDbContext>>().CreateDbContextAsync();
        return await db.Leases.Where(l => l.Name == Lease.Notices).Select(l => l.Holder).SingleAsync();
    }

    private static async Task<int> UndeliveredAsync(BotServer bot)
    {
        await using var db = await bot.Services.GetRequiredService<IDbContextFactory<PipelineBotDbContext>>().CreateDbContextAsync();
        return await db.Notices.CountAsync(n => n.DeliveredAt == null);
    }

    /// <summary>A channel that takes every member's notice in (and keeps it: nothing is posted), failing while told to.</summary>
    private sealed class RecordingChannel(string name) : IChannel
    {
        public string Name => name;

        public bool CanSend => true;

        public int FailuresLeft { get; set; }

        /// <summary>Holds each delivery until completed, when set.</summary>
        public TaskCompletionSource? Gate { get; init; }

        public int Attempts { get; private set; }

        public ConcurrentQueue<Notice> Delivered { get; } = new();

        public ConcurrentQueue<(PostedCard Posted, CardContent Card)> Updated { get; } = new();

        public void Map(WebApplication app)
        {
        }

        public Task<IReadOnlyList<ChannelConversation>> DefaultAlertConversationsAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ChannelConversation>>([]);

        public async Task<Reach> ReachAsync(Member member, ChannelConversation? origin, Notice notice, CancellationToken cancellationToken)
        {
            Attempts++;
            if (Gate is not null)
            {
                await Gate.Task;
            }

            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new HttpRequestException("connector unavailable");
            }

            Delivered.Enqueue(notice);
            return Reach.Held;
        }

        public Task<PostedMessage?> PostAsync(ChannelConversation place, Say say, CardReader reader, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Every notice here is kept, so nothing is posted.");

        public Task UpdateCardAsync(PostedCard posted, CardContent card, CardReader reader, CancellationToken cancellationToken)
        {
            Updated.Enqueue((posted, card));
            return Task.CompletedTask;
        }
    }

    /// <summary>Only the card lookup of the core matters to the dispatcher; the core's own tests cover the rest.</summary>
    private sealed class CardsOnlyConversation : IConversation
    {
        public IReadOnlyCollection<string> Verbs => [];

        public Task<CardContent?> CardAsync(string key, CancellationToken cancellationToken) =>
            Task.FromResult<CardContent?>(new CardContent("trade-offer", new JsonObject { ["key"] = key }, key));

        public Task<IReadOnlyList<Say>> HandleAsync(Turn turn, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ButtonResult> HandleButtonAsync(ButtonTurn turn, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
