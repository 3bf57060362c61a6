using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ical.Net.CalendarComponents;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using PipelineBot.Domain.Catalog;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Tests.Api;

/// <summary>
/// The iCalendar feeds, parsed back with Ical.Net and checked against <c>GET /api/schedule</c> over a year in
/// America/Chicago with both daylight-saving changes of 2027 (March 14 and November 7); the link from chat, and its reset.
/// </summary>
public sealed class CalendarFeedTests
{
    private static readonly string[] Chicago = ["PipelineBot:Rotation:TimeZone=America/Chicago", "PipelineBot:Rotation:Start=2026-01-05"];

    [Fact]
    public async Task The_team_and_member_feeds_hold_every_stretch_of_the_schedule_at_its_instants_across_both_dst_changes()
    {
        await using var bot = await BotServer.StartAsync(new DateTimeOffset(2026, 12, 2, 15, 0, 0, TimeSpan.Zero), null, Chicago);
        var (mine, team) = Links(await bot.AskAsync("miles", "my calendar link"));

        var teamEvents = await EventsAsync(bot, team);
        var expected = await StretchesAsync(bot, "2026-11-01", "2027-12-02");

        Assert.Equal(expected.Select(s => (s.Start, s.End, $"{(s.Holiday is null ? "On call" : $"On call ({s.Holiday})")}: {s.Name}")),
            teamEvents.Select(e => (Instant.FromDateTimeUtc(e.DtStart!.AsUtc), Instant.FromDateTimeUtc(e.DtEnd!.AsUtc), e.Summary ?? "")));
        Assert.Contains(expected, s => s.End - s.Start == Duration.FromHours(7 * 24 - 1)); // the week of March 14, 2027
        Assert.Contains(expected, s => s.End - s.Start == Duration.FromHours(7 * 24 + 1)); // the week of November 7, 2027
        Assert.All(teamEvents, e => Assert.Equal("America/Chicago", e.DtStart!.TzId));

        var milesEvents = await EventsAsync(bot, mine);
        var miles = expected.Where(s => s.Member == "miles").ToList();
        Assert.NotEmpty(miles);
        Assert.Equal(miles.Select(s => (s.Start, s.End)), milesEvents.Select(e => (Instant.FromDateTimeUtc(e.DtStart!.AsUtc), Instant.FromDateTimeUtc(e.DtEnd!.AsUtc))));
    }

    [Fact]
    public async Task A_new_link_makes_the_old_one_404_and_a_link_is_only_given_in_a_direct_message()
    {
        await using var bot = await BotServer.StartAsync(new DateTimeOffset(2026, 12, 2, 15, 0, 0, TimeSpan.Zero), null, Chicago);
        var (oldMine, oldTeam) = Links(await bot.AskAsync("jackson", "my calendar link"));
        Assert.Equal((oldMine, oldTeam), Links(await bot.AskAsync("jackson", "send me my ical link again")));

        var answer = await bot.AskAsync("jackson", "new calendar link");
        var (newMine, newTeam) = Links(answer);

        Assert.StartsWith("Done: your old calendar links no longer work.", answer, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await bot.Client.GetAsync(new Uri(oldMine).PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bot.Client.GetAsync(new Uri(oldTeam).PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bot.Client.GetAsync(new Uri(newMine).PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bot.Client.GetAsync(new Uri(newMine.Replace("mine.ics", "other.ics", StringComparison.Ordinal)).PathAndQuery)).StatusCode);
        Assert.StartsWith("A calendar link is a secret", await bot.AskAsync("jackson", "my calendar link", new ChannelConversation("webchat", "team-room", "channel")), StringComparison.Ordinal);
    }

    private static (string Mine, string Team) Links(string answer)
    {
        var links = answer.Split(' ', '\n').Where(w => w.StartsWith("http", StringComparison.Ordinal)).ToList();
        return (links.Single(l => l.EndsWith("/mine.ics", StringComparison.Ordinal)), links.Single(l => l.EndsWith("/team.ics", StringComparison.Ordinal)));
    }

    private static async Task<List<CalendarEvent>> EventsAsync(BotServer bot, string link)
    {
        var response = await bot.Client.GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var calendar = Ical.Net.Calendar.Load(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("America/Chicago", Assert.Single(calendar.TimeZones).TzId);
        return [.. calendar.Events.OrderBy(e => e.DtStart!.AsUtc)];
    }

    private sealed record Stretch(Instant Start, Instant End, string Member, string Name, string Kind, string? Holiday);

    /// <summary>The schedule's daily shifts, each person's unbroken run of one kind joined into one stretch.</summary>
    private static async Task<List<Stretch>> StretchesAsync(BotServer bot, string from, string to)
    {
        var catalog = bot.Services.GetRequiredService<Catalog>();
        var shifts = await bot.Client.GetFromJsonAsync<JsonElement>($"/api/schedule?from={from}&to={to}");
        var stretches = new List<Stretch>();
        foreach (var shift in shifts.EnumerateArray())
        {
            var start = OffsetDateTimePattern.Rfc3339.Parse(shift.GetProperty("start").GetString()!).Value.ToInstant();
            var end = OffsetDateTimePattern.Rfc3339.Parse(shift.GetProperty("end").GetString()!).Value.ToInstant();
            var member = shift.GetProperty("member").GetString()!;
            var kind = shift.GetProperty("kind").GetString()!;
            var holiday = shift.TryGetProperty("holiday", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
            if (stretches.Count > 0 && stretches[^1] is var last && last.Member == member && last.Kind == kind && last.Holiday == holiday && last.End == start)
            {
                stretches[^1] = last with { End = end };
            }
            else
            {
                stretches.Add(new Stretch(start, end, member, catalog.Member(member).Name, kind, holiday));
            }
        }

        return stretches;
    }
}
