using System.Text;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;
using PipelineBot.Domain.Rotation;
using PipelineBot.Infrastructure.Channels;
using PipelineBot.Infrastructure.Incidents;
using static PipelineBot.Host.Features.Web.Html;

namespace PipelineBot.Host.Features.Web;

/// <summary>Incidents, open and recent, filtered by pipeline and state (<c>/app/incidents</c>), and one incident with its timeline and its cards in chat.</summary>
internal static class IncidentPages
{
    /// <summary>How many of the latest incidents the list reads before filtering.</summary>
    private const int Recent = 200;

    private static readonly string[] States = ["open", "acknowledged", "resolved"];

    public static async Task<IResult> ListAsync(
        HttpContext context, string? pipeline, string? state, IncidentService incidents, Catalog catalog, ShiftCalendar shifts, CancellationToken cancellationToken)
    {
        var user = WebEndpoints.User(context);
        var chosenPipeline = pipeline is { Length: > 0 } ? catalog.FindPipeline(pipeline) : null;
        var chosenState = States.Contains(state) ? state : null;
        var shown = (await incidents.ListAsync(openOnly: false, Recent, cancellationToken))
            .Select(d => d.Incident)
            .Where(i => chosenPipeline is null || i.PipelineId == chosenPipeline.Id)
            .Where(i => chosenState is null || IncidentNames.Of(i.State) == chosenState)
            .OrderBy(i => i.State == IncidentState.Resolved)
            .ThenByDescending(i => i.OpenedAt)
            .ToList();

        var body = new StringBuilder("<section><form method=\"get\" action=\"/app/incidents\"><label>Pipeline <select name=\"pipeline\"><option value=\"\">all</option>");
        foreach (var p in catalog.Pipelines)
        {
            body.Append($"<option value=\"{E(p.Id)}\"{(p == chosenPipeline ? " selected" : "")}>{E(p.Name)}</option>");
        }

        body.Append("</select></label><label>State <select name=\"state\"><option value=\"\">all</option>");
        foreach (var s in States)
        {
            body.Append($"<option{(s == chosenState ? " selected" : "")}>{s}</option>");
        }

        body.Append("</select></label><button type=\"submit\">Show</button></form></section>");
        if (shown.Count == 0)
        {
            body.Append("<section><p class=\"muted\">No incidents match.</p></section>");
        }
        else
        {
            body.Append("<section class=\"scroll\"><table id=\"incidents\"><thead><tr><th>Incident</th><th>Pipeline</th><th>What</th><th>State</th><th>Opened</th><th>Summary</th></tr></thead><tbody>");
            foreach (var i in shown)
            {
                body.Append($"""
                    <tr data-incident="{E(i.Name)}"><td><a href="/app/incidents/{i.Id}">{E(i.Name)}</a></td><td>{E(catalog.FindPipeline(i.PipelineId)?.Name ?? i.PipelineId)}</td>
                    <td>{E(IncidentNames.Of(i.Kind))}</td><td class="{(i.State == IncidentState.Resolved ? "ok" : "bad")}">{E(IncidentNames.Of(i.State))}</td>
                    <td>{E(shifts.Format(i.OpenedAt))}</td><td>{E(i.Summary)}</td></tr>
                    """);
            }

            body.Append("</tbody></table></section>");
        }

        return Page("Incidents", "/app/incidents", user, body.ToString());
    }

    public static async Task<IResult> ShowAsync(
        HttpContext context, long id, IncidentService incidents, ChannelDirectory directory, Catalog catalog, ShiftCalendar shifts, CancellationToken cancellationToken)
    {
        var user = WebEndpoints.User(context);
        if (await incidents.FindAsync(id, cancellationToken) is not { } details)
        {
            return Page("No such incident", "/app/incidents", user, $"<section class=\"problem\"><p>There is no {E(IncidentNames.Id(id))}. <a href=\"/app/incidents\">All incidents</a></p></section>", 404);
        }

        var i = details.Incident;
        var pipeline = catalog.FindPipeline(i.PipelineId);
        string Who(string? memberId) => memberId is null ? "nobody" : catalog.FindMember(memberId)?.Name ?? memberId;
        string Actor(string actor) => actor == IncidentService.Bot ? "PipelineBot" : Who(actor);
        var body = new StringBuilder($"""
            <section id="facts"><table>
            <tr><th>Pipeline</th><td>{E(pipeline?.Name ?? i.PipelineId)}</td></tr>
            <tr><th>What</th><td>{E(IncidentNames.Of(i.Kind))}: {E(i.Summary)}</td></tr>
            <tr><th>Run</th><td>{E(i.RunId)}{(i.LogicalDate is null ? "" : $" ({E(i.LogicalDate)})")}</td></tr>
            <tr><th>State</th><td id="state">{E(IncidentNames.Of(i.State))}</td></tr>
            <tr><th>Paged</th><td>{E(Who(i.PagedMemberId))}</td></tr>{(i is { Expert: { } expert, ExpertArea: { } area, ExpertSince: { } since }
                ? $"<tr><th>With expert</th><td id=\"expert\">{E(Who(expert) == Experts.TitleOf(area) ? "" : $"{Who(expert)}, ")}{E(Experts.TitleOf(area))} ({E(Experts.NameOf(area))}) since {E(shifts.Format(since))}</td></tr>"
                : "")}
            <tr><th>Opened</th><td>{E(shifts.Format(i.OpenedAt))}</td></tr>
            <tr><th>Acknowledge by</th><td>{E(shifts.Format(i.AckDueAt))}{(i.AcknowledgedAt is { } a ? $"; acknowledged by {E(Who(i.AcknowledgedBy))} at {E(shifts.Format(a))}" : "")}</td></tr>
            <tr><th>Resolve by</th><td>{E(shifts.Format(i.ResolveDueAt))}{(i.ResolvedAt is { } r ? $"; resolved by {E(Who(i.ResolvedBy))} at {E(shifts.Format(r))}: {E(i.Resolution)}" : "")}</td></tr>
            </table>
            """);
        if (i.LogUrl is { } log && Uri.TryCreate(log, UriKind.Absolute, out var logUri) && logUri.Scheme is "http" or "https")
        {
            body.Append($"<p><a href=\"{E(logUri.AbsoluteUri)}\" rel=\"noopener\">The failed task's log</a></p>");
        }

        body.Append("</section><section id=\"timeline\"><h2>Timeline</h2><ol class=\"timeline\">");
        foreach (var entry in details.Timeline)
        {
            body.Append($"<li><span class=\"muted\">{E(shifts.Format(entry.At))}</span> · {E(Actor(entry.Actor))}: {E(entry.Detail)}</li>");
        }

        body.Append("</ol></section><section id=\"chat\"><h2>In chat</h2>");
        var cards = await directory.PostedCardsAsync(i.CardKey, cancellationToken);
        if (cards.Count == 0)
        {
            body.Append("<p class=\"muted\">The card has not been posted to a chat yet.</p>");
        }
        else
        {
            body.Append("<ul>");
            foreach (var card in cards)
            {
                body.Append($"<li>{ChatLink(card)}</li>");
            }

            body.Append("</ul>");
        }

        body.Append("</section>");
        return Page($"{i.Name}: {pipeline?.Name ?? i.PipelineId}", "/app/incidents", user, body.ToString());
    }

    /// <summary>A link that opens the posted card in its chat app: a Slack message permalink, a Teams message deep link, the local web chat.</summary>
    private static string ChatLink(PostedCard card) => card.Channel switch
    {
        "slack" => $"<a href=\"https://slack.com/archives/{Uri.EscapeDataString(card.ConversationId)}/p{E(card.MessageId.Replace(".", "", StringComparison.Ordinal))}\">Slack message</a>",
        "msteams" => $"<a href=\"https://teams.microsoft.com/l/message/{Uri.EscapeDataString(card.ConversationId)}/{Uri.EscapeDataString(card.MessageId)}\">Teams message</a>",
        "webchat" => "<a href=\"/\">the web chat</a>",
        _ => E($"{card.Channel} message {card.MessageId}"),
    };
}
