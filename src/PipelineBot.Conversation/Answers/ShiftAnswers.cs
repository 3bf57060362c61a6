using System.Text;
using NodaTime;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Rotation;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Rotation;
using PipelineBot.Infrastructure.Trades;

namespace PipelineBot.Conversation.Answers;

/// <summary>Someone's shifts and holiday shifts (the speaker's own unless a person is named), a year's holidays, and who holds one.</summary>
internal sealed class ShiftAnswers(ScheduleService schedule, TradeService trades, RosterTimeline roster, HolidaySettings holidaySettings, CatalogNames names, TimeProvider time)
{
    /// <summary>How far ahead "my shifts" looks: two turns of a four-person rotation.</summary>
    private const int ShiftWeeks = 8;

    /// <summary>Whose shifts: the person named, else the speaker; null for a speaker the catalog does not know.</summary>
    private static Member? Whose(Turn turn, Member? person) => person ?? turn.Speaker.Member;

    public async Task<Say> ShiftsAsync(Turn turn, Slots slots, CancellationToken cancellationToken)
    {
        if (Whose(turn, slots.Person) is not { } member)
        {
            return new Say(Replies.Stranger);
        }

        if (slots.Unreadable is { } unreadable)
        {
            return new Say(Replies.CannotReadDate(unreadable, slots.UnreadableWhy));
        }

        var self = member.Id == turn.Speaker.Member?.Id;
        var zone = turn.Speaker.TimeZone;
        var now = Now();
        return slots.When is { } when
            ? new Say(await DuringAsync(member, self, when, zone, now, cancellationToken))
            : new Say(await ComingAsync(member, self, zone, now, cancellationToken));
    }

    /// <summary>Whether someone is on call at the time asked about, and which part of it they hold; else who does, and their next shift.</summary>
    private async Task<string> DuringAsync(Member member, bool self, Moment when, DateTimeZone zone, Instant now, CancellationToken cancellationToken)
    {
        var (duties, label) = when switch
        {
            Day day => (Duty.Merge(await schedule.ShiftsAsync(day.Date, day.Date, cancellationToken)), $"on {day.Name ?? TimeText.Format(day.Date)}"),
            Days days => (Duty.Merge(await schedule.ShiftsAsync(days.From, days.To, cancellationToken)), Span(days)),
            _ => await AtAsync(when.Start(now, zone), zone, now, cancellationToken),
        };
        var who = self ? "you" : member.Name;
        var mine = duties.Where(d => d.MemberId == member.Id).ToList();
        if (mine.Count > 0)
        {
            var text = new StringBuilder($"Yes: {(self ? "you're" : $"{member.Name} is")} on call {label} (times in {zone.Id}):");
            foreach (var duty in mine)
            {
                text.Append($"\n- {TimeText.Local(duty.Span.Start, zone)} to {TimeText.Local(duty.Span.End, zone)}{DutyText.Note(duty)}");
            }

            return text.ToString();
        }

        var others = string.Join(", ", duties.Select(d => names.Name(d.MemberId)).Distinct());
        var next = await NextDutyAsync(member.Id, now, cancellationToken);
        var after = next is null ? "" : $" {(self ? "Your" : $"{member.Name}'s")} next shift starts {TimeText.Format(next.Span.Start, zone)}{DutyText.Note(next)}.";
        return $"No: {who} {(self ? "aren't" : "isn't")} on call {label}; {others} {(duties.Count == 1 ? "is" : "are")}.{after}";
    }

    private async Task<(List<Duty> Duties, string Label)> AtAsync(Instant at, DateTimeZone zone, Instant now, CancellationToken cancellationToken)
    {
        // The whole stretch they hold, not the day's shift: "on call now" means until the next person takes over.
        var onCall = await schedule.OnCallAtAsync(at, cancellationToken);
        return ([new Duty(onCall.MemberId, new Interval(onCall.From, onCall.Until), onCall.Shift.Kind, onCall.Shift.Holiday)], at == now ? "now" : $"at {TimeText.Format(at, zone)}");
    }

    private static string Span(Days days)
    {
        var span = $"{TimeText.Format(days.From)} to {TimeText.Format(days.To)}";
        return days.Name is { } name ? $"{name} ({span})" : $"from {span}";
    }

    private async Task<string> ComingAsync(Member member, bool self, DateTimeZone zone, Instant now, CancellationToken cancellationToken)
    {
        var today = now.InZone(schedule.Zone).Date;
        var shifts = await schedule.ShiftsAsync(today, today.PlusWeeks(ShiftWeeks), cancellationToken);
        var coming = Duty.Merge(shifts.Where(s => s.MemberId == member.Id && s.Span.End > now)).ToList();
        var whose = self ? "Your" : $"{member.Name}'s";
        var text = new StringBuilder(coming.Count == 0
            ? $"{(self ? "You have" : $"{member.Name} has")} no shifts in the next {ShiftWeeks} weeks."
            : $"{whose} shifts in the next {ShiftWeeks} weeks (times in {zone.Id}):");
        foreach (var duty in coming)
        {
            text.Append($"\n- {TimeText.Local(duty.Span.Start, zone)} to {TimeText.Local(duty.Span.End, zone)}{DutyText.Note(duty)}");
        }

        var later = (await HeldAsync(member.Id, cancellationToken)).Where(h => h.Date > today.PlusWeeks(ShiftWeeks)).ToList();
        if (later.Count > 0)
        {
            text.Append("\nLater holiday shifts:");
            foreach (var holiday in later)
            {
                text.Append($"\n- {holiday.Name} {holiday.Year}: {TimeText.Format(holiday.Date)}{Preview(holiday)}");
            }
        }

        return text.ToString();
    }

    public async Task<Say> HolidaysOfAsync(Turn turn, Member? person, CancellationToken cancellationToken)
    {
        if (Whose(turn, person) is not { } member)
        {
            return new Say(Replies.Stranger);
        }

        var self = member.Id == turn.Speaker.Member?.Id;
        var held = await HeldAsync(member.Id, cancellationToken);
        if (held.Count == 0)
        {
            return new Say($"{(self ? "You hold" : $"{member.Name} holds")} no holiday shifts in the next {holidaySettings.PublishYearsAhead + 1} years.");
        }

        var text = new StringBuilder($"{(self ? "Your" : $"{member.Name}'s")} holiday shifts:");
        foreach (var holiday in held)
        {
            text.Append($"\n- {holiday.Name} {holiday.Year}: {TimeText.Format(holiday.Date)}{Preview(holiday)}");
        }

        if (self)
        {
            text.Append('\n').Append(await TradeHintAsync(member, held, cancellationToken));
        }

        return new Say(text.ToString());
    }

    public async Task<Say> HolidaysAsync(int year, CancellationToken cancellationToken)
    {
        var thisYear = Now().InZone(schedule.Zone).Year;
        if (year < roster.Start.Year || year > thisYear + 50)
        {
            return new Say($"I plan holidays from {roster.Start.Year} (the rotation's start) up to {thisYear + 50}; {year} is outside that.");
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

    /// <summary>Who holds one holiday shift.</summary>
    public async Task<Say> HolderAsync(HolidaySlot holiday, CancellationToken cancellationToken)
    {
        var held = (await schedule.HolidaysAsync(holiday.Year, cancellationToken)).FirstOrDefault(h => h.Name == holiday.Name);
        if (held is null)
        {
            return new Say($"There is no {holiday.Name} in {holiday.Year}.");
        }

        var title = $"{held.Name} {held.Year} ({TimeText.Format(held.Date)})";
        return new Say(held.MemberId is { } id
            ? $"**{names.Name(id)}** holds the {title} holiday shift{Preview(held)}."
            : $"Nobody holds the {title} holiday shift: too few people could take it under the 4-year rule, so the weekly rotation covers it.");
    }

    /// <summary>A trade of one of these shifts that the rules allow now, as something to say; or why there is none.</summary>
    private async Task<string> TradeHintAsync(Member member, IEnumerable<HolidayView> held, CancellationToken cancellationToken)
    {
        foreach (var holiday in held.Where(h => h.Published))
        {
            var receivers = await trades.ReceiversAsync(member.Id, holiday.Date, cancellationToken);
            if (receivers.Count > 0)
            {
                var receiver = names.Name(receivers[0]);
                return $"To trade one, say for example \"give my {holiday.Name} {holiday.Year} shift to {receiver.Split(' ')[0]}\": {receiver} could take it.";
            }
        }

        return $"None of the published ones could go to anyone now: with {roster.EveryMember.Count} people and the {holidaySettings.RuleYears}-year rule, each holiday passes through everyone in turn.";
    }

    private async Task<Duty?> NextDutyAsync(string memberId, Instant now, CancellationToken cancellationToken)
    {
        var today = now.InZone(schedule.Zone).Date;
        var shifts = await schedule.ShiftsAsync(today, today.PlusWeeks(ShiftWeeks), cancellationToken);
        return Duty.Merge(shifts.Where(s => s.Span.Start > now)).FirstOrDefault(d => d.MemberId == memberId);
    }

    /// <summary>Someone's holidays from today over the published years and the year after.</summary>
    private async Task<List<HolidayView>> HeldAsync(string memberId, CancellationToken cancellationToken)
    {
        var today = Now().InZone(schedule.Zone).Date;
        var mine = new List<HolidayView>();
        for (var year = today.Year; year <= today.Year + holidaySettings.PublishYearsAhead; year++)
        {
            mine.AddRange((await schedule.HolidaysAsync(year, cancellationToken)).Where(h => h.MemberId == memberId && h.Date >= today));
        }

        return mine;
    }

    private static string Preview(HolidayView holiday) => holiday.Published ? "" : " (preview)";

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());
}
