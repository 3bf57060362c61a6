using System.Text;
using NodaTime;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Rotation;
using PipelineBot.Infrastructure.Rotation;

namespace PipelineBot.Conversation.Answers;

/// <summary>
/// "Who's on call": now, at a time, on a day or holiday, over days, for a pipeline. Answers come from the schedule's
/// cached snapshot, never a database query per message: this is the question asked most.
/// </summary>
internal sealed class OnCallAnswers(ScheduleService schedule, CatalogNames names, TimeProvider time)
{
    public async Task<Say> AnswerAsync(Turn turn, Slots slots, CancellationToken cancellationToken)
    {
        if (slots.Unreadable is { } unreadable)
        {
            return new Say(Replies.CannotReadDate(unreadable, slots.UnreadableWhy));
        }

        var zone = turn.Speaker.TimeZone;
        var now = Now();
        var answer = slots.When switch
        {
            Day day => await OnDayAsync(day, zone, now, cancellationToken),
            Days days => await OverDaysAsync(days, zone, cancellationToken),
            At at => await AtAsync(at.Start(now, zone), zone, now, cancellationToken),
            _ => await AtAsync(now, zone, now, cancellationToken),
        };
        var text = new StringBuilder();

        // A word that is no pipeline is said so, not forced into one; the rotation covers every pipeline anyway. Other
        // words not understood are said too when no time was read, since the answer is then for now.
        if (slots.UnreadName.Count > 0)
        {
            text.Append(Replies.UnknownPipeline(string.Join(' ', slots.UnreadName), names)).Append('\n');
        }
        else if (slots.Unread.Count > 0 && slots.When is Now)
        {
            text.Append($"I didn't understand '{string.Join(' ', slots.Unread)}', so this is for now: ");
        }

        text.Append(answer);
        if (slots.Pipeline is { } pipeline)
        {
            text.Append('\n').Append(ForPipeline(pipeline));
        }

        return new Say(text.ToString());
    }

    /// <summary>Who holds the duty at an instant and until when, with who comes next; also used by the pipeline status.</summary>
    public async Task<string> AtAsync(Instant at, DateTimeZone zone, Instant now, CancellationToken cancellationToken)
    {
        var onCall = await schedule.OnCallAtAsync(at, cancellationToken);
        var who = $"**{names.Name(onCall.MemberId)}**";
        var note = DutyText.Note(onCall.Shift.Kind, onCall.Shift.Holiday);
        var until = TimeText.Format(onCall.Until, zone);
        var after = onCall.Next is { } next ? $" Next: {names.Name(next.MemberId)}." : "";
        return at == now
            ? $"{who} is on call now{note}, until {until}.{after}"
            : $"At {TimeText.Format(at, zone)}, {who} {(at < now ? "was" : "is")} on call{note}, until {until}.{after}";
    }

    private async Task<string> OnDayAsync(Day day, DateTimeZone zone, Instant now, CancellationToken cancellationToken)
    {
        var duties = Duty.Merge(await schedule.ShiftsAsync(day.Date, day.Date, cancellationToken));
        var title = day.Name is { } name ? $"{name} ({TimeText.Format(day.Date)})" : TimeText.Format(day.Date);
        if (duties.Count == 1)
        {
            var duty = duties[0];
            return $"On {title}, **{names.Name(duty.MemberId)}** {(duty.Span.End <= now ? "was" : "is")} on call{DutyText.Note(duty)}, "
                + $"from {TimeText.Format(duty.Span.Start, zone)} until {TimeText.Format(duty.Span.End, zone)}.";
        }

        return List($"On call on {title} (times in {zone.Id}):", duties, zone);
    }

    private async Task<string> OverDaysAsync(Days days, DateTimeZone zone, CancellationToken cancellationToken)
    {
        var duties = Duty.Merge(await schedule.ShiftsAsync(days.From, days.To, cancellationToken));
        var span = $"{TimeText.Format(days.From)} to {TimeText.Format(days.To)}";
        return List($"On call {(days.Name is { } name ? $"{name}, {span}" : $"from {span}")} (times in {zone.Id}):", duties, zone);
    }

    private string List(string heading, IEnumerable<Duty> duties, DateTimeZone zone)
    {
        var text = new StringBuilder(heading);
        foreach (var duty in duties)
        {
            text.Append($"\n- {TimeText.Local(duty.Span.Start, zone)} to {TimeText.Local(duty.Span.End, zone)}: {names.Name(duty.MemberId)}{DutyText.Note(duty)}");
        }

        return text.ToString();
    }

    private string ForPipeline(Pipeline pipeline) =>
        $"The rotation covers every pipeline. {pipeline.Name}'s owners: {names.Name(pipeline.PrimaryOwner)} (primary), {names.Name(pipeline.SecondaryOwner)} (secondary).";

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());
}
