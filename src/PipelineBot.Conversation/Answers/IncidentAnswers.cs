using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;
using PipelineBot.Conversation.Cards;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Incidents;

namespace PipelineBot.Conversation.Answers;

/// <summary>
/// Incidents by button and by message (PRODUCT §3, §4): "ack INC-12", "resolve INC-12 disk freed", "rerun INC-12 for
/// 2026-11-20 batch 7", "rerun profit for 2026-11-20", "incidents". The rules live in <see cref="IncidentService"/>
/// and <see cref="RerunService"/>; this class reads the request and draws the answer.
/// </summary>
internal sealed partial class IncidentAnswers(
    IncidentService incidents, RerunService reruns, IncidentCard cards, PipelineAnswers pipelines, BotSettings settings, CatalogNames names)
{
    public const string AckVerb = "incident.ack";
    public const string RerunVerb = "incident.rerun";
    public const string ResolveVerb = "incident.resolve";
    public const string RunbookVerb = "incident.runbook";

    public static readonly IReadOnlyList<string> Verbs = [AckVerb, RerunVerb, ResolveVerb, RunbookVerb];

    private static readonly string[] AckWords = ["ack", "acknowledge", "acknowledged", "acked"];
    private static readonly string[] ResolveWords = ["resolve", "resolved", "close"];
    private static readonly string[] RerunWords = ["rerun", "retry", "rerunning"];

    public static bool Wants(Utterance u) =>
        u.Count > 0 && (AckWords.Contains(u[0]) || ResolveWords.Contains(u[0]) || RerunWords.Contains(u[0]))
        || (u.HasAny("incident", "incidents") && !u.HasAny("runbook", "what", "how"));

    public async Task<Say> AnswerAsync(Turn turn, Utterance u, CancellationToken cancellationToken)
    {
        var verb = u.Count == 0 ? null
            : AckWords.Contains(u[0]) ? AckVerb
            : ResolveWords.Contains(u[0]) ? ResolveVerb
            : RerunWords.Contains(u[0]) ? RerunVerb
            : null;
        var id = IncidentIdIn(u);
        if (verb is null)
        {
            return id is { } shown ? await ShowAsync(shown, cancellationToken) : await ListAsync(cancellationToken);
        }

        if (turn.Speaker.Member is not { } member)
        {
            return new Say(Replies.Stranger);
        }

        if (verb == RerunVerb)
        {
            return await RerunByTextAsync(turn, u, member, id, cancellationToken);
        }

        if (id is not { } target)
        {
            return new Say($"Which incident? Say it with its id, for example \"{u[0]} INC-12\".\n{await OpenListAsync(cancellationToken)}");
        }

        var result = verb == AckVerb
            ? await incidents.AcknowledgeAsync(target, member.Id, cancellationToken)
            : await incidents.ResolveAsync(target, member.Id, ResolutionIn(turn.Text), cancellationToken);
        return new Say(result.Message);
    }

    public async Task<ButtonResult> HandleButtonAsync(ButtonTurn turn, CancellationToken cancellationToken)
    {
        if (IdOf(turn.Data["incident"]) is not { } id)
        {
            return new ButtonResult([new Say("That button names no incident; nothing changed.")]);
        }

        if (turn.Verb == RunbookVerb)
        {
            var found = await incidents.FindAsync(id, cancellationToken);
            return new ButtonResult([found is null ? new Say($"There is no incident {IncidentNames.Id(id)}.") : pipelines.Runbook(new Utterance($"runbook {found.Incident.PipelineId}"))]);
        }

        if (turn.Speaker.Member is not { } member)
        {
            return new ButtonResult([new Say(Replies.Stranger)]);
        }

        string message;
        switch (turn.Verb)
        {
            case AckVerb:
                message = (await incidents.AcknowledgeAsync(id, member.Id, cancellationToken)).Message;
                break;
            case ResolveVerb:
                message = (await incidents.ResolveAsync(id, member.Id, $"resolved from the card by {member.Name}", cancellationToken)).Message;
                break;
            default:
                var adaptive = turn.Data["adaptive"] is JsonValue flag && flag.ToString() is "true" or "True";
                message = await RerunAsync(member, id, new RerunRequest(AdaptiveExecution: adaptive), cancellationToken);
                break;
        }

        return new ButtonResult([new Say(message)], await CardAsync(id, cancellationToken));
    }

    public async Task<CardContent?> CardAsync(long id, CancellationToken cancellationToken) =>
        await incidents.FindAsync(id, cancellationToken) is { } details ? cards.Draw(details) : null;

    private async Task<Say> RerunByTextAsync(Turn turn, Utterance u, Member member, long? id, CancellationToken cancellationToken)
    {
        if (ParametersIn(turn.Text) is not { } request)
        {
            return new Say("I couldn't read the load date: give it as 2026-11-20. For example: rerun profit for 2026-11-20 batch 42 environment prod.");
        }

        if (id is { } target)
        {
            return new Say(await RerunAsync(member, target, request, cancellationToken));
        }

        u.UseAll("rerun", "retry", "pipeline", "batch", "environment", "env", "adaptive", "execution", "spark");
        if (names.Pipelines.FindIn(u, Keywords.All)?.Target is not { } pipeline)
        {
            return new Say($"Rerun what? Name an incident or a pipeline, for example \"rerun INC-12\" or \"rerun profit for 2026-11-20\".\n{await OpenListAsync(cancellationToken)}");
        }

        var open = await incidents.OpenIncidentOfAsync(pipeline.Id, cancellationToken);
        return new Say(open is not null
            ? await RerunAsync(member, open.Id, request, cancellationToken)
            : (await reruns.RequestAsync(member, pipeline, null, request, cancellationToken)).Message);
    }

    private async Task<string> RerunAsync(Member member, long id, RerunRequest request, CancellationToken cancellationToken)
    {
        var found = await incidents.FindAsync(id, cancellationToken);
        if (found is null || settings.Catalog.FindPipeline(found.Incident.PipelineId) is not { } pipeline)
        {
            return $"There is no incident {IncidentNames.Id(id)}; nothing changed.";
        }

        return (await reruns.RequestAsync(member, pipeline, id, request, cancellationToken)).Message;
    }

    private async Task<Say> ShowAsync(long id, CancellationToken cancellationToken) =>
        await incidents.FindAsync(id, cancellationToken) is { } details
            ? new Say($"{details.Incident.Name}:", cards.Draw(details))
            : new Say($"There is no incident {IncidentNames.Id(id)}.");

    private async Task<Say> ListAsync(CancellationToken cancellationToken) => new(await OpenListAsync(cancellationToken));

    private async Task<string> OpenListAsync(CancellationToken cancellationToken)
    {
        var open = await incidents.ListAsync(openOnly: true, 20, cancellationToken);
        if (open.Count == 0)
        {
            return "No incidents are open.";
        }

        var text = new StringBuilder("Open incidents:");
        foreach (var details in open)
        {
            var i = details.Incident;
            var state = i.LinkedTo is { } parent ? $"linked to {IncidentNames.Id(parent)}" : i.AcknowledgedBy is { } by ? $"acknowledged by {names.Name(by)}" : "not acknowledged";
            text.Append(CultureInfo.InvariantCulture, $"\n- {i.Name} {settings.Catalog.FindPipeline(i.PipelineId)?.Name ?? i.PipelineId}: {IncidentService.KindText(i.Kind)}, run {i.RunId} ({state})");
        }

        return text.ToString();
    }

    /// <summary>"INC-12" reads as the words "inc 12"; a number alone names an incident too, a date does not.</summary>
    private static long? IncidentIdIn(Utterance u)
    {
        for (var i = 0; i < u.Count; i++)
        {
            if (u[i].All(char.IsDigit) && (i > 0 && u[i - 1] is "inc" or "incident" || u[i].Length < 8)
                && IncidentNames.TryParseId(u[i], out var id))
            {
                u.Use(i);
                if (i > 0 && u[i - 1] is "inc" or "incident")
                {
                    u.Use(i - 1);
                }

                return id;
            }
        }

        return null;
    }

    /// <summary>The rerun parameters of a message; null when it names a load date that does not read.</summary>
    private static RerunRequest? ParametersIn(string text)
    {
        LocalDate? date = null;
        if (LoadDate().Match(text) is { Success: true } dateMatch)
        {
            var parsed = LocalDatePattern.Iso.Parse(dateMatch.Groups[1].Value);
            if (!parsed.Success)
            {
                return null;
            }

            date = parsed.Value;
        }
        else if (DateLike().IsMatch(text))
        {
            return null;
        }

        var batch = Batch().Match(text) is { Success: true } b ? b.Groups[1].Value : null;
        var environment = Environment().Match(text) is { Success: true } e ? e.Groups[1].Value : null;
        var adaptive = text.Contains("adaptive", StringComparison.OrdinalIgnoreCase);
        return new RerunRequest(date, batch, environment, adaptive);
    }

    /// <summary>What follows "resolve INC-12", as the resolution note.</summary>
    private static string ResolutionIn(string text) =>
        ResolutionNote().Match(text) is { Success: true } m && m.Groups[1].Value.Trim() is { Length: > 0 } note ? note : "resolved by message";

    private static long? IdOf(JsonNode? node) => CardActions.ValueText(node) is { } text && IncidentNames.TryParseId(text, out var id) ? id : null;

    [GeneratedRegex(@"\b(\d{4}-\d{2}-\d{2})\b")]
    private static partial Regex LoadDate();

    [GeneratedRegex(@"\b\d{1,4}[/.-]\d{1,2}([/.-]\d{1,4})?\b")]
    private static partial Regex DateLike();

    [GeneratedRegex(@"\bbatch(?:[ _-]?id)?\s*[:=]?\s*([A-Za-z0-9_.-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Batch();

    [GeneratedRegex(@"\b(?:env|environment)\s*[:=]?\s*([A-Za-z0-9_.-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Environment();

    [GeneratedRegex(@"^\s*\S+\s+(?:inc(?:ident)?[\s-]*)?#?\d+\s*[:,-]?\s*(.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ResolutionNote();
}
