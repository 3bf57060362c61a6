using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using PipelineBot.Conversation.Notices;
using PipelineBot.Infrastructure.Audit;
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

            bot.Time.SetUtcNow(Change.ToDateTimeOffset() - TimeSpan.FromSeconds(1));
            await PassAsync(bot);
            Assert.Single(await HandoffNoticesAsync(bot));

            bot.Time.SetUtcNow(Change.ToDateTimeOffset());
            await PassAsync(bot);
            await PassAsync(bot);
            var post = Assert.Single(await HandoffNoticesAsync(bot), n => n.Kind == NoticeKinds.Handoff);
            Assert.Equal(Journal.Team, post.Audience);
            Assert.StartsWith("@{miles} Jasmine Glancy hands over to Miles Lopez. Open incidents: none. Next data deadline: 2026-03-09 ", Worded(bot, post), StringComparison.Ordinal);
            Assert.EndsWith(". Pending trades: none.", Worded(bot, post), StringComparison.Ordinal);

            // A restart within the hour after the change posts nothing again.
            bot = await bot.RestartAsync(Chicago);
            bot.Time.SetUtcNow(Change.ToDateTimeOffset() + TimeSpan.FromMinutes(20));
            await PassAsync(bot);
            Assert.Equal(2, (await HandoffNoticesAsync(bot)).Count);

            // Nor does a pass long after it; the next change, a week on, is told in its turn.
            bot.Time.SetUtcNow(Change.ToDateTimeOffset() + TimeSpan.FromDays(7));
            await PassAsync(bot);
            var notices = await HandoffNoticesAsync(bot);
            Assert.Equal(2, notices.Count(n => n.Kind == NoticeKinds.Handoff));
            Assert.StartsWith("@{jackson} Miles Lopez hands over to Jackson Long.", Worded(bot, notices[^1]), StringComparison.Ordinal);
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

    private static Task PassAsync(BotServer bot) =>
        bot.Services.GetServices<IHostedService>().OfType<HandoffService>().Single().PassAsync(CancellationToken.None);

    private static async Task<List<NoticeRow>> HandoffNoticesAsync(BotServer bot)
    {
        await using var db = await bot.Services.GetRequiredService<IDbContextFactory<PipelineBotDbContext>>().CreateDbContextAsync();
        return await db.Notices.Where(n => n.Kind == NoticeKinds.Handoff || n.Kind == NoticeKinds.HandoffReminder).OrderBy(n => n.Id).ToListAsync();
    }

    private static string Worded(BotServer bot, NoticeRow row) =>
        bot.Services.GetRequiredService<NoticeWording>().Word(NoticeContent.From(row)).Text;
}
