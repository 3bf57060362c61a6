using System.Text;
using NodaTime;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Rotation;
using PipelineBot.Infrastructure.Rotation;

namespace PipelineBot.Conversation.Answers;

/// <summary>
/// "Who's on call": now, at a time, on a day or holiday, for a pipeline, or for a week. Answers come from the
/// schedule's cached snapshot, never a database query per message: this is the question asked most.
/// </summary>
internal sealed class OnCallAnswers(ScheduleService schedule, CatalogNames names, DatePhrases dates, TimeProvider time)
{
    private const int LookAheadDays = 8;

    private static readonly string[] Padding = ["currently", "moment", "duty", "person", "engineer", "primary", "who", "whos"];

    public static bool Wants(Utterance utterance) => utterance.IndexOf("on", "call") >= 0;

    public async Task<Say> AnswerAsync(Turn turn, Utterance utterance, CancellationToken cancellationToken)
    {
        utterance.UsePhrase("on", "call");
        utterance.UseAll(Padding);
        var zone = turn.Speaker.TimeZone;
        var now = Now();
        var when = dates.Read(utterance, now, zone);
        utterance.UseAll("pipeline", "pipelines");
        var pipeline = names.Pipelines.FindIn(utterance, Keywords.All)?.Target;
        if (when is Unreadable unreadable)
        {
            return new Say(Replies.CannotReadDate(unreadable.Text));
        }

        if (utterance.Leftover() is { Count: > 0 } leftover)
        {
            var text = string.Join(' ', leftover);
            return new Say(leftover.Any(DatePhrases.LooksLikeDate) ? Replies.CannotReadDate(text) : Replies.UnknownPipeline(text, names));
        }

        var answer = when switch
        {
            OnDay day => await OnDayAsync(day, zone, now, cancellationToken),
            InWeek week => await InWeekAsync(week, zone, cancellationToken),
            AtInstant { IsNow: false } at => await AtAsync(at.Instant, zone, now, cancellationToken),
            _ => await AtAsync(now, zone, now, cancellationToken),
        };
        return new Say(pipeline is null ? answer : $"{answer}\n{ForPipeline(pipeline)}");
    }

    /// <summary>Who holds the duty at an instant and until when, with who comes next; also used by the pipeline status.</summary>
    public async Task<string> AtAsync(Instant at, DateTimeZone zone, Instant now, CancellationToken cancellationToken)
    {
        var from = at.InZone(schedule.Zone).Date;
        var shifts = new List<Shift>(await schedule.ShiftsAsync(from, from.PlusDays(LookAheadDays - 1), cancellationToken));
        var index = shifts.FindIndex(s => s.Span.Contains(at));
        var holder = shifts[index];
        var last = index;
        while (true)
        {
            while (last + 1 < shifts.Count && shifts[last + 1].MemberId == holder.MemberId)
            {
                last++;
            }

            // A duty that runs past what was read: read further (a rotation is a week; holidays can lengthen it).
            if (last + 1 < shifts.Count || shifts.Count > LookAheadDays * 6)
            {
                break;
            }

            var next = shifts[^1].Date.PlusDays(1);
            shifts.AddRange(await schedule.ShiftsAsync(next, next.PlusDays(LookAheadDays - 1), cancellationToken));
        }

        var until = TimeText.Format(shifts[last].Span.End, zone);
        var after = last + 1 < shifts.Count ? $" Next: {names.Name(shifts[last + 1].MemberId)}." : "";
        var duty = new Duty(holder.MemberId, holder.Span, holder.Kind, holder.Holiday);
        return at == now
            ? $"**{names.Name(holder.MemberId)}** is on call now{duty.Note}, until {until}.{after}"
            : $"At {TimeText.Format(at, zone)}, **{names.Name(holder.MemberId)}** {(at < now ? "was" : "is")} on call{duty.Note}, until {until}.{after}";
    }

    private async Task<string> OnDayAsync(OnDay day, DateTimeZone zone, Instant now, CancellationToken cancellationToken)
    {
        var duties = Duty.Merge(await schedule.ShiftsAsync(day.Date, day.Date, cancellationToken));
        var title = day.Holiday is { } holiday ? $"{holiday.Name} {holiday.Year} ({TimeText.Format(day.Date)})" : TimeText.Format(day.Date);
        if (duties.Count == 1)
        {
            var duty = duties[0];
            return $"On {title}, **{names.Name(duty.MemberId)}** {(duty.Span.End <= now ? "was" : "is")} on call{duty.Note}, "
                + $"from {TimeText.Format(duty.Span.Start, zone)} until {TimeText.Format(duty.Span.End, zone)}.";
        }

        var text = new StringBuilder($"On call on {title} (times in {zone.Id}):");
        foreach (var duty in duties)
        {
            text.Append($"\n- {TimeText.Local(duty.Span.Start, zone)} to {TimeText.Local(duty.Span.End, zone)}: {names.Name(duty.MemberId)}{duty.Note}");
        }

        return text.ToString();
    }

    private async Task<string> InWeekAsync(InWeek week, DateTimeZone zone, CancellationToken cancellationToken)
    {
        var sunday = week.Monday.PlusDays(6);
        var duties = Duty.Merge(await schedule.ShiftsAsync(week.Monday, sunday, cancellationToken));
        var text = new StringBuilder(
            $"On call {(week.IsNext ? "next" : "this")} week, {TimeText.Format(week.Monday)} to {TimeText.Format(sunday)} (times in {zone.Id}):");
        foreach (var duty in duties)
        {
            text.Append($"\n- {TimeText.Local(duty.Span.Start, zone)} to {TimeText.Local(duty.Span.End, zone)}: {names.Name(duty.MemberId)}{duty.Note}");
        }

        return text.ToString();
    }

    private string ForPipeline(Pipeline pipeline) =>
        $"The rotation covers every pipeline. {pipeline.Name}'s owners: {names.Name(pipeline.PrimaryOwner)} (primary), {names.Name(pipeline.SecondaryOwner)} (secondary).";

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());
}
