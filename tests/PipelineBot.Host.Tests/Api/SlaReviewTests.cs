using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Notices;
using PipelineBot.Domain.Catalog;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Incidents;
using PipelineBot.Infrastructure.Persistence;
using PipelineBot.Infrastructure.Sla;

namespace PipelineBot.Host.Tests.Api;

/// <summary>
/// The monthly SLA review over HTTP (<c>GET /api/sla</c>, JSON and CSV) from runs stored through intake, and its post on
/// the first business day of a month: once on fake time, across a restart and with a second instance on the same database.
/// </summary>
public sealed class SlaReviewTests
{
    private static readonly DateTimeOffset December2 = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_review_of_a_month_is_the_same_figures_as_json_and_as_csv()
    {
        await using var bot = await BotServer.StartAsync(December2);
        var pipelines = bot.Services.GetRequiredService<Catalog>().Pipelines.Count;
        await ReportNovemberAsync(bot, "growth", failedOn: 10);

        var review = await bot.Client.GetFromJsonAsync<JsonElement>("/api/sla?month=2026-11");

        Assert.Equal(("2026-11", "2026-11-30", true, false), (review.GetProperty("month").GetString(), review.GetProperty("through").GetString(),
            review.GetProperty("complete").GetBoolean(), review.GetProperty("met").GetBoolean()));
        var growth = review.GetProperty("pipelines").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "growth").GetProperty("figures");
        var availability = growth.GetProperty("availability");
        Assert.Equal((30, 29, 96.666m, 99.5m, false), (availability.GetProperty("scheduled").GetInt32(), availability.GetProperty("succeeded").GetInt32(),
            availability.GetProperty("percent").GetDecimal(), availability.GetProperty("target").GetDecimal(), availability.GetProperty("met").GetBoolean()));

        // November 2026 has 21 weekdays, less Thanksgiving, a closed holiday in appsettings.json: 20 business days.
        var timeliness = growth.GetProperty("timeliness");
        Assert.Equal((20, 19, 1, 0), (timeliness.GetProperty("businessDays").GetInt32(), timeliness.GetProperty("onTime").GetInt32(),
            timeliness.GetProperty("overOneHour").GetInt32(), timeliness.GetProperty("overOneHourTold").GetInt32()));
        Assert.Equal(30 * pipelines, review.GetProperty("team").GetProperty("availability").GetProperty("scheduled").GetInt32());
        var breaches = review.GetProperty("breaches").EnumerateArray().Where(b => b.GetProperty("pipeline").GetString() == "growth").ToList();
        Assert.Equal(
            ["availability 2026-11-10 failed INC-1", "timeliness 2026-11-10 data 23 h late; stakeholders not told -"],
            breaches.Select(b => $"{b.GetProperty("area")} {b.GetProperty("day")} {b.GetProperty("what")} {(b.TryGetProperty("incident", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : "-")}"));

        var response = await bot.Client.GetAsync(new Uri("/api/sla?month=2026-11&pipeline=growth&format=csv", UriKind.Relative));
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var rows = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split(',')).ToList();
        Assert.Equal(3, rows.Count);
        var header = rows[0].ToList();
        string Cell(int row, string column) => rows[row][header.IndexOf(column)];
        Assert.Equal(("team", "", "30", "29", "96.666"), (Cell(1, "scope"), Cell(1, "pipeline"), Cell(1, "scheduled_runs"), Cell(1, "succeeded_runs"), Cell(1, "availability_percent")));
        Assert.Equal(("pipeline", "growth", "20", "19", "1"), (Cell(2, "scope"), Cell(2, "pipeline"), Cell(2, "business_days"), Cell(2, "on_time_days"), Cell(2, "delays_over_1h")));
    }

    [Theory]
    [InlineData("month=2026-13", "'month' is '2026-13', which is not a month such as 2026-11 (years 0002 to 9998).")]
    [InlineData("month=9999-12", "'month' is '9999-12', which is not a month such as 2026-11 (years 0002 to 9998).")]
    [InlineData("pipeline=banana", "'pipeline' is 'banana', which names no pipeline of the catalog")]
    [InlineData("format=xml", "'format' is 'xml'; it is json (the default) or csv.")]
    public async Task A_bad_query_is_a_400_that_says_what_is_wrong(string query, string error)
    {
        await using var bot = await BotServer.StartAsync(December2);

        var response = await bot.Client.GetAsync(new Uri($"/api/sla?{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(error, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Last_months_review_is_posted_once_when_the_first_business_day_opens_across_restarts_and_instances()
    {
        // Friday 2027-01-01 is New Year's Day, a closed holiday: the first business day is Monday the 4th, opening at 09:00 UTC.
        var bot = await BotServer.StartAsync(new DateTimeOffset(2027, 1, 1, 9, 0, 0, TimeSpan.Zero));
        BotServer? second = null;
        try
        {
            Assert.False(await PostAsync(bot));
            bot.Time.SetUtcNow(new DateTimeOffset(2027, 1, 4, 8, 59, 0, TimeSpan.Zero));
            Assert.False(await PostAsync(bot));

            bot.Time.SetUtcNow(new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero));
            // Each instance's own loop may get there first too: whoever does, the review is posted once.
            second = await BotServer.StartAsync(bot.Time.GetUtcNow(), bot.Folder);
            await Task.WhenAll(PostAsync(bot), PostAsync(second), PostAsync(bot));
            Assert.Single(await ReviewNoticesAsync(bot));

            bot = await bot.RestartAsync();
            bot.Time.SetUtcNow(new DateTimeOffset(2027, 1, 4, 9, 30, 0, TimeSpan.Zero));
            Assert.False(await PostAsync(bot));

            var notice = Assert.Single(await ReviewNoticesAsync(bot));
            Assert.Equal((Journal.Team, "sla:202612"), (notice.Audience, notice.CardKey));
            Assert.StartsWith("The SLA review of 2026-12 is in, for the operations meeting.",
                bot.Services.GetRequiredService<NoticeWording>().Word(NoticeContent.From(notice)).Text, StringComparison.Ordinal);
            var card = (await bot.Services.GetRequiredService<IConversation>().CardAsync(notice.CardKey!, CancellationToken.None))!;
            Assert.Equal(("sla", "SLA review: December 2026"), (card.Template, card.Data["title"]!.GetValue<string>()));

            // February's goes out on its own first business day.
            bot.Time.SetUtcNow(new DateTimeOffset(2027, 2, 1, 9, 0, 0, TimeSpan.Zero));
            await PostAsync(bot);
            Assert.Equal(["2026-12", "2027-01"], (await ReviewNoticesAsync(bot)).Select(n => NoticeContent.From(n).Data["month"]!.GetValue<string>()));
        }
        finally
        {
            if (second is not null)
            {
                await second.DisposeAsync();
            }

            await bot.DisposeAsync();
        }
    }

    /// <summary>A run of <paramref name="pipeline"/> for every day of November 2026, finished at 07:00 UTC; failed on one day.</summary>
    private static async Task ReportNovemberAsync(BotServer bot, string pipeline, int failedOn)
    {
        var incidents = bot.Services.GetRequiredService<IncidentService>();
        for (var day = 1; day <= 30; day++)
        {
            var date = new LocalDate(2026, 11, day);
            await incidents.RecordRunAsync(new RunReport(pipeline, $"scheduled__{date:yyyy-MM-dd}", day == failedOn ? RunState.Failed : RunState.Succeeded,
                $"{date:yyyy-MM-dd}", Instant.FromUtc(2026, 11, day, 7, 0), Records: 1000, Dropped: 0), CancellationToken.None);
        }
    }

    private static Task<bool> PostAsync(BotServer bot) => bot.Services.GetRequiredService<SlaReviewService>().PostDueAsync(CancellationToken.None);

    private static async Task<List<NoticeRow>> ReviewNoticesAsync(BotServer bot)
    {
        await using var db = await bot.Services.GetRequiredService<IDbContextFactory<PipelineBotDbContext>>().CreateDbContextAsync();
        return await db.Notices.Where(n => n.Kind == NoticeKinds.SlaReview).OrderBy(n => n.Id).ToListAsync();
    }
}
