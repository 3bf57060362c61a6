using System.Text.Json.Nodes;
using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;
using PipelineBot.Domain.Rotation;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Incidents;

namespace PipelineBot.Conversation.Notices;

/// <summary>
/// Words a stored notice (<see cref="NoticeContent"/>) for delivery: its kind says which sentence, its data fills it, and
/// its mentions are the members named in it as <c>@{id}</c>. Text from outside (an alert's summary) is made inert, so it
/// can never mention anyone or the channel.
/// </summary>
public sealed class NoticeWording(Catalog catalog, ShiftCalendar calendar)
{
    public Say Word(NoticeContent notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var mentions = notice.Mentions.Select(catalog.FindMember).OfType<Member>().ToList();
        return new Say(Text(notice.Kind, notice.Data, Prefix(notice.Mentions)), null, mentions);
    }

    /// <param name="mentioned">The mentions that open a notice addressed to people ("@{miles} Reminder: …"), with a space after.</param>
    private string Text(string kind, JsonObject d, string mentioned) => kind switch
    {
        NoticeKinds.IncidentOpened => Opened(d),
        NoticeKinds.IncidentReminder =>
            $"{mentioned}Reminder: {Incident(d)} ({Pipeline(d)}) is not acknowledged. It escalates at {At(d, "escalatesAt")}.",
        NoticeKinds.IncidentEscalated => $"{mentioned}{Incident(d)} ({Pipeline(d)}) breached its SLA: {Breach(d)}. Escalated to you.",
        NoticeKinds.IncidentBreachTold => $"{Incident(d)}: {Pipeline(d)} breached its SLA ({Breach(d)}). Your team's data may be affected; the incident card has the latest.",
        NoticeKinds.IncidentHandedOver =>
            $"{mentioned}{Incident(d)} ({Pipeline(d)}) is with you now: {Name(Str(d, "by"))} handed it to the {Expert(d)} as {Area(d)}.{NoteOf(d)} The resolve clock keeps running.",
        NoticeKinds.IncidentHandover => Handover(d),
        NoticeKinds.OperationFinished => Str(d, "kind") == "rebuild"
            ? $"Environment rebuild #{Long(d, "operation")} {Str(d, "state")}: {Str(d, "note")}."
            : $"Backfill #{Long(d, "operation")} of {Pipeline(d)} {Str(d, "state")}: {Str(d, "note")}.",
        NoticeKinds.DataLate => $"{Incident(d)}: {Pipeline(d)} data is more than {SlaText.Hours(Minutes(d))} late. Downstream stakeholders have been told: {Names(Strings(d, "leads"), "none recorded")}.",
        NoticeKinds.DataLateTold => $"{Pipeline(d)} data is more than {SlaText.Hours(Minutes(d))} late ({Incident(d)}). The on-call team is on it; I'll update the incident card.",
        NoticeKinds.ExternalContact => $"{mentioned}{Incident(d)}: {Pipeline(d)} data is {SlaText.Days(Minutes(d))} late. Per the runbook, contact {Contacts(d)}.",
        NoticeKinds.Handoff => Handoff(d, mentioned),
        NoticeKinds.HandoffReminder => $"You are on call from {At(d, "at")}, taking over from {Name(Str(d, "from"))}.",
        NoticeKinds.HandoffUnconfirmed => $"{Name(Str(d, "to"))} took over on-call from {Name(Str(d, "from"))} at {At(d, "at")} without confirming they have it.",
        NoticeKinds.RerunUnanswered =>
            $"{(d["incident"] is null ? "R" : $"{Incident(d)}: r")}erun #{Long(d, "rerun")} of {Pipeline(d)}: {Str(d, "note")}; retrying until {At(d, "giveUpAt")}.",
        NoticeKinds.RerunFinished => $"{(d["incident"] is null ? "R" : $"{Incident(d)}: r")}erun #{Long(d, "rerun")} of {Pipeline(d)} {Str(d, "state")}: {Str(d, "note")}.",
        NoticeKinds.TradeOffered => $"{Name(Str(d, "proposer"))} offers you a trade (#{Long(d, "offer")}): {Str(d, "what")}. Answer before {At(d, "expiresAt")}.",
        NoticeKinds.TradeExpired => $"Your trade offer #{Long(d, "offer")} to {Name(Str(d, "counterparty"))} expired unanswered: {Str(d, "what")}.",
        NoticeKinds.TradeAccepted => $"{Name(Str(d, "counterparty"))} accepted your trade #{Long(d, "offer")}: {Str(d, "what")}.",
        NoticeKinds.TradeGone => $"Trade offer #{Long(d, "offer")} is gone: a shift in it was traded in #{Long(d, "tradedIn")} first ({Str(d, "what")}).",
        NoticeKinds.TradeClosed => $"{Name(Str(d, "by"))} {(d["declined"]?.GetValue<bool>() == true ? "declined" : "withdrew")} trade offer #{Long(d, "offer")}: {Str(d, "what")}.",
        NoticeKinds.OverrideSet => $"{Name(Str(d, "manager"))} set an override: {Str(d, "what")}.",
        NoticeKinds.OverrideCancelled => $"Override #{Long(d, "override")} that had you covering from {At(d, "start")} was cancelled.",
        NoticeKinds.TurnoverInherited =>
            $"{Name(Str(d, "heir"))} takes over {Name(Str(d, "leaver"))}'s rotation slot and holiday shifts from {Str(d, "from")}: {Str(d, "what")}.",
        NoticeKinds.TurnoverReplanned => $"{Name(Str(d, "leaver"))} leaves the rotation on {Str(d, "from")}. Their holiday shifts were re-planned: {Str(d, "what")}.",
        NoticeKinds.HolidayUnplanned => Str(d, "reason"),
        NoticeKinds.SlaReview => $"The SLA review of {Str(d, "month")} is in, for the operations meeting. Ask \"sla {Str(d, "month")}\" for it again, or \"sla <pipeline> {Str(d, "month")}\" for one pipeline.",

        // Stored as words before notices were data, and delivered as they were.
        _ => Str(d, "text"),
    };

    /// <summary>What broke first, then who is paged and why: a line of names before the news reads as noise.</summary>
    private string Opened(JsonObject d)
    {
        var kind = IncidentNames.KindOf(Str(d, "kind")) ?? IncidentKind.Failure;
        var paged = string.Join(", ", (d["paged"] as JsonArray ?? []).OfType<JsonObject>().Select(p =>
        {
            var (onCall, owner) = (p["onCall"]?.GetValue<bool>() == true, p["primaryOwner"]?.GetValue<bool>() == true);
            return $"{Mention(Str(p, "member"))} ({(onCall && owner ? "on call and primary owner" : onCall ? "on call" : "primary owner")})";
        }));
        var when = d["ackClockStart"] is null ? "" : $" Outside business hours: the ack clock starts {At(d, "ackClockStart")}.";
        return $"{Incident(d)} · {Pipeline(d)} run {Str(d, "run")}: {IncidentService.KindText(kind)}. {Inert(Str(d, "summary"))}{when}\nPaged: {paged}.";
    }

    /// <summary>What the expert needs to take an incident over: what broke, the note, and what was tried, oldest first.</summary>
    private string Handover(JsonObject d)
    {
        var text = new System.Text.StringBuilder(
            $"Handover from {Name(Str(d, "by"))}: {Incident(d)} ({Pipeline(d)}) needs the {Expert(d)}, as {Area(d)} outside runbook scope.\n**What broke:** {Inert(Str(d, "summary"))}");
        if (d["note"] is not null)
        {
            text.Append($"\n**Note:** {Inert(Str(d, "note"))}");
        }

        var tried = (d["tried"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        text.Append(tried.Count == 0 ? "\n**Tried so far:** nothing is recorded." : "\n**Tried so far:**");
        foreach (var entry in tried)
        {
            text.Append($"\n- {At(entry, "at")}: {Inert(Str(entry, "text"))}");
        }

        return text.Append("\nThe incident's card is below; its resolve clock keeps running.").ToString();
    }

    private static string Area(JsonObject d) => Experts.ErrorOf(Experts.AreaOf(Str(d, "area")) ?? ExpertArea.Implementation);

    private static string Expert(JsonObject d) => Experts.TitleOf(Experts.AreaOf(Str(d, "area")) ?? ExpertArea.Implementation);

    private static string NoteOf(JsonObject d) => d["note"] is null ? "" : $" Note: {Inert(Str(d, "note"))}";

    /// <summary>Text from outside (alerts, runs) with every <c>@</c> made inert, so it can never mention anyone or the channel.</summary>
    private static string Inert(string text) => text.Replace("@", "@\u2060", StringComparison.Ordinal);

    private static string Mention(string memberId) => $"@{{{memberId}}}";

    private static string Prefix(IReadOnlyList<string> mentions) => mentions.Count == 0 ? "" : $"{string.Join(' ', mentions.Select(Mention))} ";

    private static string Breach(JsonObject d) => SlaText.Breach(Str(d, "breach") == "ack" ? Domain.Incidents.Breach.Ack : Domain.Incidents.Breach.Resolve, Minutes(d, "limitMinutes"));

    private string Contacts(JsonObject d) => string.Join(", ", Strings(d, "contacts")
        .Select(id => catalog.ExternalContacts.FirstOrDefault(c => c.Id == id))
        .OfType<ExternalContact>()
        .Select(c => c.Email is null ? $"{c.Name} ({c.Organization})" : $"{c.Name} ({c.Organization}, {c.Email})"));

    private static string Incident(JsonObject d) => IncidentNames.Id(Long(d, "incident"));

    private string Handoff(JsonObject d, string mentioned)
    {
        var open = d["openIncidents"] is JsonArray ids && ids.Count > 0 ? string.Join(", ", ids.Select(i => IncidentNames.Id(i!.GetValue<long>()))) : "none";
        var trades = Long(d, "pendingTrades") is var n and > 0 ? $"{n}" : "none";
        return $"{mentioned}{Name(Str(d, "from"))} hands over to {Name(Str(d, "to"))}. Open incidents: {open}. Next data deadline: {At(d, "nextDeadline")}. Pending trades: {trades}.";
    }

    private string Pipeline(JsonObject d) => catalog.FindPipeline(Str(d, "pipeline"))?.Name ?? Str(d, "pipeline");

    private string Name(string memberId) => memberId == IncidentService.Bot ? "PipelineBot" : catalog.FindMember(memberId)?.Name ?? memberId;

    private string Names(IEnumerable<string> ids, string none) => ids.Any() ? string.Join(", ", ids.Select(Name)) : none;

    private string At(JsonObject d, string name) => calendar.Format(Instant.FromUnixTimeTicks(Long(d, name)));

    private static Duration Minutes(JsonObject d, string name = "delayMinutes") => Duration.FromMinutes(d[name]?.GetValue<double>() ?? 0);

    private static long Long(JsonObject d, string name) => d[name]?.GetValue<long>() ?? 0;

    private static string Str(JsonObject d, string name) => d[name]?.GetValue<string>() ?? "";

    private static IEnumerable<string> Strings(JsonObject d, string name) => (d[name] as JsonArray ?? []).Select(n => n?.GetValue<string>()).OfType<string>();
}
