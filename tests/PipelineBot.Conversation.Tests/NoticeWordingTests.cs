using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using PipelineBot.Conversation.Notices;
using PipelineBot.Domain.Incidents;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Incidents;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Conversation.Tests;

/// <summary>Stored notices (kind, data, mentions) worded for delivery, with the shipped catalog and SLA.</summary>
public sealed class NoticeWordingTests
{
    private static readonly DateTimeOffset MondayMorning = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static async Task<Say> PageAsync(Bot bot, string summary)
    {
        var id = (await bot.Incidents.ReportAlertAsync(new AlertReport("profit", "run-1", IncidentKind.Failure, summary), CancellationToken.None)).IncidentId!.Value;
        var stored = Assert.Single(await bot.ReadAsync(db => db.Notices.Where(n => n.CardKey == $"incident:{id}")));
        return Wording(bot).Word(NoticeContent.From(stored));
    }

    private static NoticeWording Wording(Bot bot) => bot.Services.GetRequiredService<NoticeWording>();

    [Fact]
    public async Task ThePage_SaysWhatBrokeFirst_ThenWhoIsPagedAndWhy_MentioningThem()
    {
        await using var bot = await Bot.StartAsync(MondayMorning);
        var onCall = (await bot.Schedule.OnCallAtAsync(Instant.FromDateTimeOffset(MondayMorning), CancellationToken.None)).MemberId;

        var page = await PageAsync(bot, "Task load_sales failed");

        Assert.Equal($"INC-1 · Profit run run-1: failed. Task load_sales failed\nPaged: @{{{onCall}}} (on call), @{{miles}} (primary owner).", page.Text);
        Assert.Equal([onCall, "miles"], page.Mentions!.Select(m => m.Id));
    }

    [Fact]
    public async Task AlertText_CanNeverMentionAnyone()
    {
        await using var bot = await Bot.StartAsync(MondayMorning);

        var page = await PageAsync(bot, "@channel @here @{jasmine} <!channel>");

        Assert.DoesNotContain("@channel", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("@here", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("@{jasmine}", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(page.Mentions!, m => m.Id == "jasmine");
    }

    [Fact]
    public async Task APageOutsideBusinessHours_SaysWhenTheAckClockStarts()
    {
        await using var bot = await Bot.StartAsync(new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero));

        var page = await PageAsync(bot, "Task load_sales failed");

        Assert.Contains("Outside business hours: the ack clock starts 2026-11-23 09:00 UTC.", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEscalation_MentionsThePeoplePaged_AndSaysWhichSlaBroke()
    {
        await using var bot = await Bot.StartAsync(MondayMorning);
        var data = new JsonObject { ["incident"] = 7L, ["pipeline"] = "profit", ["breach"] = "ack", ["limitMinutes"] = 15.0 };

        var team = Wording(bot).Word(NoticeContent.Of(NoticeKinds.IncidentEscalated, data, "jasmine", "de-manager"));
        var lead = Wording(bot).Word(NoticeContent.Of(NoticeKinds.IncidentBreachTold, data));

        Assert.Equal("@{jasmine} @{de-manager} INC-7 (Profit) breached its SLA: not acknowledged within 15 min of business hours. Escalated to you.", team.Text);
        Assert.Equal(["jasmine", "de-manager"], team.Mentions!.Select(m => m.Id));
        Assert.StartsWith("INC-7: Profit breached its SLA (not acknowledged within 15 min of business hours).", lead.Text, StringComparison.Ordinal);
        Assert.Empty(lead.Mentions!);
    }

    [Fact]
    public async Task LateSourceData_PromptsContactingTheExternalContact()
    {
        await using var bot = await Bot.StartAsync(MondayMorning);
        var data = new JsonObject { ["incident"] = 3L, ["pipeline"] = "aggregate-profit", ["delayMinutes"] = Duration.FromDays(2).TotalMinutes, ["contacts"] = new JsonArray("ray-charley") };

        var prompt = Wording(bot).Word(NoticeContent.Of(NoticeKinds.ExternalContact, data, "miles"));

        Assert.StartsWith("@{miles} INC-3: ", prompt.Text, StringComparison.Ordinal);
        Assert.Contains("data is 2 days late. Per the runbook, contact Ray Charley (Sales", prompt.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANoticeStoredAsWordsBeforeNoticesWereData_IsDeliveredAsItWas()
    {
        await using var bot = await Bot.StartAsync(MondayMorning);
        var old = new NoticeRow { Audience = Journal.Team, Kind = NoticeKinds.Text, Text = "Holiday plan for 2028 published." };

        Assert.Equal("Holiday plan for 2028 published.", Wording(bot).Word(NoticeContent.From(old)).Text);
    }
}
