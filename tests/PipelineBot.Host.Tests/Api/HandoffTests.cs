using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Notices;
using PipelineBot.Domain.Catalog;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Channels;
using PipelineBot.Infrastructure.Persistence;
using PipelineBot.Infrastructure.Rotation;

namespace PipelineBot.Host.Tests.Api;

/// <summary>
/// Shift handoffs on fake time, on the night Chicago's clocks went forward (Sunday 2026-03-08): Jasmine's week ends and
/// Miles's begins at local midnight, 05:00 UTC in daylight time (the Monday before was 06:00 UTC). Miles is reminded at
/// 23:00 local, the team is told at midnight, each once, across restarts.
/// </summary>
public sealed class HandoffTests
{
    private static readonly string[] Chicago = ["PipelineBot:Rotation:TimeZone=America/Chicago", "PipelineBot:Rotation:Start=2026-01-05"];
    private static readonly Instant Change = Instant.FromUtc(2026, 3, 9, 5, 0);

    [Fact]
    public async Task Across_a_daylight_saving_change_the_incoming_person_is_reminded_an_hour_before_and_the_team_told_once_at_midnight()
    {
        var bot = await BotServer.StartAsync(new DateTimeOffset(2026, 3, 9, 2, 30, 0, TimeSpan.Zero), null, Chicago);
        try
        {
            await PassAsync(bot);
            Assert.Empty(await HandoffNoticesAsync(bot));

            bot.Time.SetUtcNow(new DateTimeOffset(2026, 3, 9, 3, 59, 0, TimeSpan.Zero));
            await PassAsync(bot);
            Assert.Empty(await HandoffNoticesAsync(bot));

            bot.Time.SetUtcNow(new DateTimeOffset(2026, 3, 9, 4, 0, 0, TimeSpan.Zero));
            await PassAsync(bot);
            var reminder = Assert.Single(await HandoffNoticesAsync(bot));
            Assert.Equal(("miles", NoticeKinds.HandoffReminder), (reminder.Audience, reminder.Kind));
            Assert.Equal("You are on call from 2026-03-09 00:00 America/Chicago, taking over from Jasmine Glancy.", Worded(bot, reminder));

            // The reminder carries the "I've got it" card; only Miles's press counts, and once.
            var core = bot.Services.GetRequiredService<IConversation>();
            var card = (await core.CardAsync(reminder.CardKey!, CancellationToken.None))!;
            Assert.Equal(("handoff", true), (card.Template, card.Data["open"]!.GetValue<bool>()));
            Assert.StartsWith("This handoff is for someone else", (await PressAsync(bot, card, "jackson")).Replies[0].Text, StringComparison.Ordinal);
            var pressed = await PressAsync(bot, card, "miles");
            Assert.StartsWith("Thanks: you have it.", pressed.Replies[0].Text, StringComparison.Ordinal);
            Assert.False(pressed.UpdatedCard!.Data["open"]!.GetValue<bool>());
            Assert.StartsWith("You had already said so", (await PressAsync(bot, card, "miles")).Replies[0].Text, StringComparison.Ordinal);

            bot.Time.SetUtcNow(Change.ToDateTimeOffset() - TimeSpan.FromSeconds(1));
            await PassAsync(bot);
            Assert.Single(await HandoffNoticesAsync(bot));

            bot.Time.SetUtcNow(Change.ToDateTimeOffset());
            await PassAsync(bot);
            await PassAsync(bot);
            var post = Assert.Single(await HandoffNoticesAsync(bot), n => n.Kind == NoticeKinds.Handoff);
            Assert.DoesNotContain(await HandoffNoticesAsync(bot), n => n.Kind == NoticeKinds.HandoffUnconfirmed);
            Assert.Equal(Journal.Team, post.Audience);
            Assert.StartsWith("@{miles} Jasmine Glancy hands over to Miles Lopez. Open incidents: none. Next data deadline: 2026-03-09 ", Worded(bot, post), StringComparison.Ordinal);
            Assert.EndsWith(". Pending trades: none.", Worded(bot, post), StringComparison.Ordinal);

            // A restart within the hour after the change posts nothing again.
            bot = await bot.RestartAsync(Chicago);
            bot.Time.SetUtcNow(Change.ToDateTimeOffset() + TimeSpan.FromMinutes(20));
            await PassAsync(bot);
            Assert.Equal(2, (await HandoffNoticesAsync(bot)).Count);

            // Nor does a pass long after it; the next change, a week on, is told in its turn, and as Jackson never
            // pressed "I've got it", each manager is told.
            bot.Time.SetUtcNow(Change.ToDateTimeOffset() + TimeSpan.FromDays(7));
            await PassAsync(bot);
            await PassAsync(bot);
            var notices = await HandoffNoticesAsync(bot);
            Assert.Equal(2, notices.Count(n => n.Kind == NoticeKinds.Handoff));
            Assert.StartsWith("@{jackson} Miles Lopez hands over to Jackson Long.", Worded(bot, notices.Last(n => n.Kind == NoticeKinds.Handoff)), StringComparison.Ordinal);
            var managers = bot.Services.GetRequiredService<Catalog>().WithRole(Roles.Manager).Select(m => m.Id).Order(StringComparer.Ordinal).ToList();
            var told = notices.Where(n => n.Kind == NoticeKinds.HandoffUnconfirmed).ToList();
            Assert.NotEmpty(managers);
            Assert.Equal(managers, told.Select(n => n.Audience).Order(StringComparer.Ordinal));
            Assert.Equal("Jackson Long took over on-call from Miles Lopez at 2026-03-16 00:00 America/Chicago without confirming they have it.", Worded(bot, told[0]));
        }
        finally
        {
            await bot.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_bot_started_days_into_a_stretch_announces_nothing()
    {
        await using var bot = await BotServer.StartAsync(new DateTimeOffset(2026, 3, 11, 15, 0, 0, TimeSpan.Zero), null, Chicago);

        await PassAsync(bot);

        Assert.Empty(await HandoffNoticesAsync(bot));
    }

    private static Task<ButtonResult> PressAsync(BotServer bot, CardContent card, string memberId)
    {
        var member = bot.Services.GetRequiredService<Catalog>().Member(memberId);
        var speaker = new Speaker(member, member.Name, DateTimeZoneProviders.Tzdb["America/Chicago"]);
        var place = new ChannelConversation("webchat", $"dm-{memberId}", ChannelConversation.Personal, MemberId: memberId);
        return bot.Services.GetRequiredService<IConversation>().HandleButtonAsync(new ButtonTurn(speaker, place, "handoff.confirm", new JsonObject { ["at"] = card.Data["at"]!.DeepClone() }), CancellationToken.None);
    }

    private static Task PassAsync(BotServer bot) =>
        bot.Services.GetServices<IHostedService>().OfType<HandoffService>().Single().PassAsync(CancellationToken.None);

    private static async Task<List<NoticeRow>> HandoffNoticesAsync(BotServer bot)
    {
        await using var db = await bot.Services.GetRequiredService<IDbContextFactory<PipelineBotDbContext>>().CreateDbContextAsync();
        return await db.Notices.Where(n => n.Kind == NoticeKinds.Handoff || n.Kind == NoticeKinds.HandoffReminder || n.Kind == NoticeKinds.HandoffUnconfirmed).OrderBy(n => n.Id).ToListAsync();
    }

    private static string Worded(BotServer bot, NoticeRow row) =>
        bot.Services.GetRequiredService<NoticeWording>().Word(NoticeContent.From(row)).Text;
}
