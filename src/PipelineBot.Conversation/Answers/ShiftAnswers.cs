using System.Globalization;
using System.Text;
using NodaTime;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Rotation;

namespace PipelineBot.Conversation.Answers;

/// <summary>The speaker's own shifts and holiday shifts, and the holidays of a year with who holds each.</summary>
internal sealed class ShiftAnswers(ScheduleService schedule, BotSettings settings, CatalogNames names, TimeProvider time)
{
    /// <summary>How far ahead "my shifts" looks: two turns of a four-person rotation.</summary>
    private const int ShiftWeeks = 8;

    public static bool WantsMyShifts(Utterance u) =>
        (u.Has("my") && u.HasAny("shifts", "shift", "rotation", "schedule")) || u.IndexOf("am", "i", "on", "call") >= 0;

    public static bool WantsMyHolidays(Utterance u) => u.Has("my") && u.HasAny("holidays", "holiday");

    public static bool WantsHolidays(Utterance u) => u.HasAny("holidays", "holiday") && !u.HasAny("trade", "swap", "give", "hand");

    public async Task<Say> MyShiftsAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Speaker.Member is not { } me)
        {
            return new Say(Replies.Stranger);
        }

        var zone = turn.Speaker.TimeZone;
        var today = Now().InZone(schedule.Zone).Date;
        var shifts = await schedule.ShiftsAsync(today, today.PlusWeeks(ShiftWeeks), cancellationToken);
        var mine = Duty.Merge(shifts.Where(s => s.MemberId == me.Id && s.Span.End > Now())).ToList();
        var text = new StringBuilder();
        text.Append(mine.Count == 0
            ? $"You have no shifts in the next {ShiftWeeks} weeks."
            : $"Your shifts in the next {ShiftWeeks} weeks (times in {zone.Id}):");
        foreach (var duty in mine)
        {
            text.Append($"\n- {TimeText.Local(duty.Span.Start, zone)} to {TimeText.Local(duty.Span.End, zone)}{duty.Note}");
        }

        var later = (await HolidaysOfAsync(me.Id, cancellationToken)).Where(h => h.Date > today.PlusWeeks(ShiftWeeks)).ToList();
        if (later.Count > 0)
        {
            text.Append("\nLater holiday shifts:");
            foreach (var holiday in later)
            {
                text.Append($"\n- {holiday.Name} {holiday.Year}: {TimeText.Format(holiday.Date)}{Preview(holiday)}");
            }
        }

        return new Say(text.ToString());
    }

    public async Task<Say> MyHolidaysAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Speaker.Member is not { } me)
        {
            return new Say(Replies.Stranger);
        }

        var mine = await HolidaysOfAsync(me.Id, cancellationToken);
        if (mine.Count == 0)
        {
            return new Say($"You hold no holiday shifts in the next {settings.HolidaySettings.PublishYearsAhead + 1} years.");
        }

        var text = new StringBuilder("Your holiday shifts:");
        foreach (var holiday in mine)
        {
            text.Append($"\n- {holiday.Name} {holiday.Year}: {TimeText.Format(holiday.Date)}{Preview(holiday)}");
        }

        text.Append("\nTrade one with \"trade my <holiday> shift with <name>\".");
        return new Say(text.ToString());
    }

    public async Task<Say> HolidaysAsync(Utterance u, CancellationToken cancellationToken)
    {
        u.UseAll("holidays", "holiday", "plan", "list", "year", "shifts");
        var thisYear = Now().InZone(schedule.Zone).Year;
        var yearWord = u.Words.FirstOrDefault(w => w.Length == 4 && w.All(char.IsDigit));
        var year = yearWord is null ? thisYear : int.Parse(yearWord, CultureInfo.InvariantCulture);
        if (yearWord is not null)
        {
            u.UseAll(yearWord);
        }

        if (u.Leftover() is { Count: > 0 } left)
        {
            return new Say($"I couldn't read '{string.Join(' ', left)}' as a year. Try: holidays {thisYear + 1}.");
        }

        if (year < settings.RosterTimeline.Start.Year || year > thisYear + 50)
        {
            return new Say($"I plan holidays from {settings.RosterTimeline.Start.Year} (the rotation's start) up to {thisYear + 50}; {year} is outside that.");
        }

        var holidays = await schedule.HolidaysAsync(year, cancellationToken);
        var text = new StringBuilder($"Holidays {year}:");
        foreach (var holiday in holidays)
        {
            text.Append($"\n- {holiday.Name}: {TimeText.Format(holiday.Date)}, {(holiday.MemberId is { } id ? names.Name(id) : "nobody yet")}{Preview(holiday)}");
        }

        if (holidays.Any(h => !h.Published))
        {
            text.Append("\n(preview: the plan is published a year at a time; a preview is what publishing will store unless the roster changes)");
        }

        return new Say(text.ToString());
    }

    /// <summary>The speaker's holidays from today over the published years and the year after.</summary>
    private async Task<List<HolidayView>> HolidaysOfAsync(string memberId, CancellationToken cancellationToken)
    {
        var today = Now().InZone(schedule.Zone).Date;
        var mine = new List<HolidayView>();
        for (var year = today.Year; year <= today.Year + settings.HolidaySettings.PublishYearsAhead; year++)
        {
            mine.AddRange((await schedule.HolidaysAsync(year, cancellationToken)).Where(h => h.MemberId == memberId && h.Date >= today));
        }

        return mine;
    }

    private static string Preview(HolidayView holiday) => holiday.Published ? "" : " (preview)";

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());
}
