using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Rotation;
using PipelineBot.Infrastructure.Rotation;
using PipelineBot.Infrastructure.Trades;
using static PipelineBot.Host.Features.Web.Html;

namespace PipelineBot.Host.Features.Web;

/// <summary>
/// The on-call calendar (<c>/app?month=2026-12</c>): who is on call now and next, a month grid of shifts with holidays
/// and their holders and overrides marked, the overrides and pending trades; for managers, forms to set and cancel overrides.
/// </summary>
internal static class CalendarPage
{
    private static readonly YearMonthPattern MonthPattern = YearMonthPattern.CreateWithInvariantCulture("uuuu'-'MM");
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;

    public static async Task<IResult> ShowAsync(
        HttpContext context, string? month, string? done, ScheduleService schedule, OverrideService overrides, TradeService trades, Catalog catalog, ShiftCalendar shifts,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var user = WebEndpoints.User(context);
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var zone = schedule.Zone;
        var today = shifts.DateOf(now);
        var shown = month is not null && MonthPattern.Parse(month) is { Success: true } parsed && parsed.Value.Year is > 2 and < 9998 ? parsed.Value : today.ToYearMonth();
        var first = shown.OnDayOfMonth(1);
        var last = first.PlusMonths(1).PlusDays(-1);
        var gridStart = first.PlusDays(-((int)first.DayOfWeek - 1));
        var gridEnd = last.PlusDays(7 - (int)last.DayOfWeek);
        var days = (await schedule.ShiftsAsync(gridStart, gridEnd, cancellationToken)).GroupBy(s => s.Date).ToDictionary(g => g.Key, g => g.ToList());
        var onCall = await schedule.OnCallAtAsync(now, cancellationToken);
        var active = await overrides.ActiveAsync(cancellationToken);
        var offers = await trades.OpenOffersAsync(cancellationToken);

        var body = new StringBuilder();
        if (done is { Length: > 0 })
        {
            body.Append($"<section class=\"notice\" role=\"status\">{E(done)}</section>");
        }

        body.Append($"""
            <section id="now"><p><strong>{E(Name(catalog, onCall.MemberId))}</strong> is on call now, until {E(shifts.Format(onCall.Until))}.
            """);
        if (onCall.Next is { } next)
        {
            body.Append($" Next: <strong>{E(Name(catalog, next.MemberId))}</strong>, from {E(shifts.Format(next.Span.Start))}.");
        }

        body.Append($"""</p><p class="muted">Times are in {E(zone.Id)}, the team's zone; each shift runs 24 hours from local midnight.</p></section>""");
        body.Append($"""
            <div class="nav"><a href="/app?month={shown.PlusMonths(-1).ToString("uuuu'-'MM", CultureInfo.InvariantCulture)}">← {E(MonthName(shown.PlusMonths(-1)))}</a>
            <h2 id="month">{E(MonthName(shown))}</h2>
            <a href="/app?month={shown.PlusMonths(1).ToString("uuuu'-'MM", CultureInfo.InvariantCulture)}">{E(MonthName(shown.PlusMonths(1)))} →</a></div>
            <div class="month" role="grid" aria-label="{E(MonthName(shown))}">
            """);
        foreach (var dow in new[] { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" })
        {
            body.Append($"<div class=\"dow\">{dow}</div>");
        }

        for (var day = gridStart; day <= gridEnd; day = day.PlusDays(1))
        {
            var classes = "day" + (day.Month != shown.Month ? " other" : "") + (day == today ? " today" : "");
            body.Append($"""<div class="{classes}" data-date="{DatePattern.Format(day)}" role="gridcell"><div class="n">{day.Day}</div>""");
            foreach (var shift in days.GetValueOrDefault(day) ?? [])
            {
                body.Append($"""<div class="member" data-member="{E(shift.MemberId)}">{E(Name(catalog, shift.MemberId))}</div>""");
                if (shift.Kind == ShiftKind.Holiday)
                {
                    body.Append($"""<span class="tag holiday">{E(shift.Holiday)}</span>""");
                }
                else if (shift.Kind == ShiftKind.Override)
                {
                    body.Append("""<span class="tag override">override</span>""");
                }
            }

            body.Append("</div>");
        }

        body.Append("</div>");
        AppendOverrides(body, user, active, catalog, shifts);
        if (user.IsManager)
        {
            AppendOverrideForm(body, user, catalog, today);
        }

        body.Append("<section id=\"trades\"><h2>Pending trades</h2>");
        if (offers.Count == 0)
        {
            body.Append("<p class=\"muted\">None.</p>");
        }
        else
        {
            body.Append("<ul>");
            foreach (var offer in offers)
            {
                var wanted = offer.Requested is { } r ? $" for {r.Name} {r.Year}" : "";
                body.Append($"<li>#{offer.Id}: {E(Name(catalog, offer.ProposerId))} offers {E(Name(catalog, offer.CounterpartyId))} {E(offer.Offered.Name)} {offer.Offered.Year}{E(wanted)}; answer by {E(shifts.Format(offer.ExpiresAt))}</li>");
            }

            body.Append("</ul>");
        }

        body.Append("</section>");
        return Page("On-call calendar", "/app", user, body.ToString());
    }

    /// <summary>A manager's override from a form: someone covers whole days, from the start of one to the end of another.</summary>
    public static async Task<IResult> SetOverrideAsync(HttpContext context, OverrideService overrides, ShiftCalendar shifts, CancellationToken cancellationToken)
    {
        var user = WebEndpoints.User(context);
        var form = await context.Request.ReadFormAsync(cancellationToken);
        if (!user.IsManager)
        {
            return Refused(user);
        }

        var from = DatePattern.Parse(form["from"].ToString());
        var to = DatePattern.Parse(form["to"].ToString());
        if (!from.Success || !to.Success || !ShiftCalendar.Dates.Contains(from.Value) || !ShiftCalendar.Dates.Contains(to.Value) || to.Value < from.Value)
        {
            return Page("Override not set", "/app", user, "<section class=\"problem\"><p>Give a first and a last day (the last not before the first); nothing changed.</p><p><a href=\"/app\">Back to the calendar</a></p></section>", 400);
        }

        var span = new Interval(shifts.SpanOf(from.Value).Start, shifts.SpanOf(to.Value).End);
        var result = await overrides.SetAsync(user.Member.Id, form["member"].ToString(), span, form["reason"].ToString().Trim(), cancellationToken);
        return result.Succeeded
            ? Results.Redirect($"/app?month={from.Value.ToYearMonth().ToString("uuuu'-'MM", CultureInfo.InvariantCulture)}&done={Uri.EscapeDataString(result.Message)}")
            : Page("Override not set", "/app", user, $"<section class=\"problem\"><p>{E(result.Message)} Nothing changed.</p><p><a href=\"/app\">Back to the calendar</a></p></section>", 400);
    }

    public static async Task<IResult> CancelOverrideAsync(HttpContext context, long id, OverrideService overrides, CancellationToken cancellationToken)
    {
        var user = WebEndpoints.User(context);
        if (!user.IsManager)
        {
            return Refused(user);
        }

        var result = await overrides.CancelAsync(user.Member.Id, id, cancellationToken);
        return result.Succeeded
            ? Results.Redirect($"/app?done={Uri.EscapeDataString(result.Message)}")
            : Page("Override not cancelled", "/app", user, $"<section class=\"problem\"><p>{E(result.Message)}</p><p><a href=\"/app\">Back to the calendar</a></p></section>", 400);
    }

    private static IResult Refused(WebUser user) => Page("Managers only", "/app", user,
        "<section class=\"problem\"><p>Only a manager can set or cancel an override; nothing changed.</p><p><a href=\"/app\">Back to the calendar</a></p></section>", 403);

    private static void AppendOverrides(StringBuilder body, WebUser user, IReadOnlyList<Override> active, Catalog catalog, ShiftCalendar shifts)
    {
        body.Append("<section id=\"overrides\"><h2>Overrides</h2>");
        if (active.Count == 0)
        {
            body.Append("<p class=\"muted\">None in force or to come.</p></section>");
            return;
        }

        body.Append("<div class=\"scroll\"><table><thead><tr><th>#</th><th>Who covers</th><th>From</th><th>Until</th><th>Why</th><th>Set by</th><th></th></tr></thead><tbody>");
        foreach (var o in active)
        {
            var cancel = user.IsManager
                ? $"""<form class="inline" method="post" action="/app/overrides/{o.Id}/cancel"><input type="hidden" name="token" value="{E(user.FormToken)}"><button type="submit">Cancel</button></form>"""
                : "";
            body.Append($"<tr data-override=\"{o.Id}\"><td>{o.Id}</td><td>{E(Name(catalog, o.MemberId))}</td><td>{E(shifts.Format(o.Span.Start))}</td><td>{E(shifts.Format(o.Span.End))}</td><td>{E(o.Reason)}</td><td>{E(Name(catalog, o.SetBy))}</td><td>{cancel}</td></tr>");
        }

        body.Append("</tbody></table></div></section>");
    }

    private static void AppendOverrideForm(StringBuilder body, WebUser user, Catalog catalog, LocalDate today)
    {
        body.Append($"""
            <section id="set-override"><h2>Set an override</h2>
            <form method="post" action="/app/overrides"><input type="hidden" name="token" value="{E(user.FormToken)}">
            <label>Who covers <select name="member">
            """);
        foreach (var member in catalog.Members)
        {
            body.Append($"<option value=\"{E(member.Id)}\">{E(member.Name)}</option>");
        }

        body.Append($"""
            </select></label>
            <label>From <input type="date" name="from" value="{DatePattern.Format(today)}" required></label>
            <label>To <input type="date" name="to" value="{DatePattern.Format(today)}" required></label>
            <label>Why <input name="reason" maxlength="200"></label>
            <button type="submit">Set override</button></form></section>
            """);
    }

    private static string MonthName(YearMonth month) => month.ToString("MMMM uuuu", CultureInfo.InvariantCulture);
}
