using System.Text;
using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Infrastructure.Rotation;

namespace PipelineBot.Host.Features.Calendar;

/// <summary>
/// <c>GET /calendar/{token}/mine.ics</c> and <c>/team.ics</c>: a member's shifts and the team's, from the first day of
/// last month to a year ahead, at the secret address the member got by asking "my calendar link". The token is the
/// only key, as calendar apps subscribe without signing in; an unknown or reset one is a 404.
/// </summary>
internal static class CalendarEndpoints
{
    public static IEndpointRouteBuilder MapCalendar(this IEndpointRouteBuilder app)
    {
        app.MapGet("/calendar/{token}/{feed}.ics", GetFeed);
        return app;
    }

    private static async Task<IResult> GetFeed(
        string token, string feed, CalendarLinks links, ScheduleService schedule, Catalog catalog, TimeProvider time, CancellationToken cancellationToken)
    {
        var team = feed == "team";
        if ((!team && feed != "mine") || token.Length > 64 || await links.MemberOfAsync(token, cancellationToken) is not { } memberId)
        {
            return TypedResults.NotFound();
        }

        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var today = now.InZone(schedule.Zone).Date;
        var from = today.PlusMonths(-1).With(DateAdjusters.StartOfMonth);
        var shifts = await schedule.ShiftsAsync(from, today.PlusYears(1), cancellationToken);
        var text = ShiftFeed.Write(shifts, schedule.Zone, catalog, team ? null : memberId, now);
        return TypedResults.Text(text, "text/calendar; charset=utf-8", Encoding.UTF8);
    }
}
