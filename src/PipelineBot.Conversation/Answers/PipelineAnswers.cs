using System.Text;
using NodaTime;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Sla;

namespace PipelineBot.Conversation.Answers;

/// <summary>
/// What is known about a pipeline: its status (the runs it reported, the data deadline, data quality against the SLA,
/// its open incident, live DAG runs when Airflow is configured, and the catalog facts), its runbook, and a search over
/// every runbook.
/// </summary>
internal sealed class PipelineAnswers(
    Catalog catalog, SlaPolicy sla, CatalogNames names, OnCallAnswers onCall, RunbookSearch search, PipelineStatus status, TimeProvider time)
{
    /// <summary>How many runs "history" shows.</summary>
    private const int HistoryShown = 10;

    public async Task<Say> StatusAsync(Turn turn, Pipeline? pipeline, IReadOnlyList<string> unread, CancellationToken cancellationToken)
    {
        if (pipeline is null)
        {
            return Missing(unread, "status");
        }

        var zone = turn.Speaker.TimeZone;
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var text = new StringBuilder($"**{pipeline.Name}**{Dag(pipeline)}");
        await status.AppendAsync(text, pipeline, zone, now, cancellationToken);
        text.Append($"\nOwners: {Owners(pipeline)}");
        text.Append($"\nOn call: {await onCall.AtAsync(now, zone, now, cancellationToken)}");
        text.Append($"\nUpstream: {List(await status.UpstreamAsync(pipeline, cancellationToken))}");
        text.Append($"\nFeeds: {List(Feeds(pipeline))}");
        if (DownstreamTeam(pipeline) is { } team)
        {
            text.Append($"\nDownstream team: {team}");
        }

        text.Append($"\nData deadline: {sla.DataDeadline:HH':'mm} {sla.DataDeadlineZone.Id} on business days");
        if (pipeline.Checks.Any)
        {
            text.Append($"\nCount checks on each run: {CountChecks.Describe(pipeline.Checks, sla)}");
        }

        AppendLines(text, "Known issues", pipeline.KnownIssues);
        text.Append($"\nSay \"history {pipeline.Id}\" for its last {HistoryShown} runs, \"runbook {pipeline.Id}\" for its procedures.");
        return new Say(text.ToString());
    }

    /// <summary>"history growth": the pipeline's last runs, from Airflow and the run events.</summary>
    public async Task<Say> HistoryAsync(Turn turn, Pipeline? pipeline, IReadOnlyList<string> unread, CancellationToken cancellationToken) =>
        pipeline is null ? Missing(unread, "history") : new Say(await status.HistoryAsync(pipeline, HistoryShown, turn.Speaker.TimeZone, cancellationToken));

    /// <summary>Who owns a pipeline, who gets its data, and who is on call for it now.</summary>
    public async Task<Say> OwnersAsync(Turn turn, Pipeline pipeline, CancellationToken cancellationToken)
    {
        var zone = turn.Speaker.TimeZone;
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var text = new StringBuilder($"**{pipeline.Name}**: {Owners(pipeline)}.");
        if (DownstreamTeam(pipeline) is { } team)
        {
            text.Append($"\nIts data goes to the {team}.");
        }

        text.Append($"\nThe rotation covers every pipeline: {await onCall.AtAsync(now, zone, now, cancellationToken)}");
        return new Say(text.ToString());
    }

    /// <summary>A pipeline's runbook; with none named, which pipelines have one.</summary>
    public Say Runbook(Pipeline? pipeline)
    {
        if (pipeline is null)
        {
            return new Say($"Which pipeline's runbook? For example: runbook {catalog.Pipelines[0].Id}.\n{PipelineList()}");
        }

        var text = new StringBuilder($"**Runbook: {pipeline.Name}**{Dag(pipeline)}");
        text.Append("\nStandard procedures:");
        foreach (var procedure in pipeline.StandardProcedures)
        {
            text.Append($"\n- {ProcedureText(procedure.Text, procedure.Items)}");
        }

        if (pipeline.StandardProcedures.Count == 0)
        {
            text.Append(" none recorded.");
        }

        AppendLines(text, "Known issues", pipeline.KnownIssues);
        if (pipeline.Orchestrator is { RerunParameters.Count: > 0 } orchestrator)
        {
            text.Append($"\nRerun parameters: {string.Join(", ", orchestrator.RerunParameters)}");
        }

        foreach (var dag in pipeline.Preconditions)
        {
            text.Append($"\nBefore each load run: {dag} must have run for the load date.");
        }

        foreach (var contact in pipeline.ExternalContacts.Select(id => catalog.ExternalContacts.FirstOrDefault(c => c.Id == id)).OfType<ExternalContact>())
        {
            text.Append($"\nContact {contact.Name} ({contact.Organization}) when: {contact.When}.");
        }

        text.Append($"\nOwners: {Owners(pipeline)}");
        return new Say(text.ToString());
    }

    /// <summary>A search of every runbook for the words of a question.</summary>
    public Say Search(IReadOnlyList<string> words) => Search(string.Join(' ', words));

    public Say Search(string question)
    {
        var found = search.Find(question);
        if (found.Count == 0)
        {
            return new Say($"I found nothing about '{question}' in the runbooks. Say \"runbook {catalog.Pipelines[0].Id}\" to read one whole, or \"pipelines\" for their names.");
        }

        var text = new StringBuilder($"From the runbooks, for '{question}':");
        foreach (var entry in found)
        {
            var where = entry.Pipelines.Count == 0 ? "" : $" ({string.Join(", ", entry.Pipelines.Select(p => p.Name))})";
            text.Append($"\n- {entry.Kind}{where}: {ProcedureText(entry.Text, entry.Items)}");
            if (entry.Kind == RunbookEntry.KnownIssue)
            {
                // An issue alone does not say what to do; its runbooks' procedures do.
                var procedures = entry.Pipelines.SelectMany(p => p.StandardProcedures).Select(p => ProcedureText(p.Text, p.Items)).Distinct().ToList();
                text.Append(entry.Text.EndsWith('.') ? "" : ".").Append(procedures.Count == 0 ? " No procedure recorded." : $" What to do: {string.Join(" / ", procedures)}");
            }
        }

        return new Say(text.ToString());
    }

    /// <summary>The strongest runbook match for a message no command understood, if it matches well enough to be a guess worth making.</summary>
    public Say? Guess(string text) => search.Find(text, 3, minTerms: 3).Count > 0 ? Search(text) : null;

    public Say Pipelines() => new(PipelineList());

    private string PipelineList() =>
        "Pipelines I know:" + string.Concat(catalog.Pipelines.Select(p => $"\n- {p.Name} ({p.Id})"));

    private Say Missing(IReadOnlyList<string> unread, string command) => unread.Count > 0
        ? new Say(Replies.UnknownPipeline(string.Join(' ', unread), names))
        : new Say($"Which pipeline? For example: {command} {catalog.Pipelines[0].Id}.\n{PipelineList()}");

    private string Owners(Pipeline pipeline) => $"{names.Name(pipeline.PrimaryOwner)} (primary), {names.Name(pipeline.SecondaryOwner)} (secondary)";

    private IEnumerable<string> Feeds(Pipeline pipeline) =>
        catalog.Pipelines.Where(p => p.Upstream.Contains(pipeline.Id, StringComparer.OrdinalIgnoreCase)).Select(p => p.Name);

    private string? DownstreamTeam(Pipeline pipeline) =>
        pipeline.DownstreamTeam is { } team ? catalog.DownstreamTeams.FirstOrDefault(t => t.Id == team)?.Name ?? team : null;

    private static string ProcedureText(string text, IReadOnlyList<string> items) =>
        items.Count == 0 ? text : $"{text} In order ({items.Count}): {string.Join(", ", items)}";

    private static string Dag(Pipeline pipeline) => pipeline.Orchestrator is { } o ? $" (Airflow DAG {o.DagId})" : "";

    private static string List(IEnumerable<string> items) => items.ToList() is { Count: > 0 } list ? string.Join(", ", list) : "none";

    private static void AppendLines(StringBuilder text, string title, IReadOnlyList<string> lines)
    {
        text.Append($"\n{title}:");
        if (lines.Count == 0)
        {
            text.Append(" none recorded.");
        }

        foreach (var line in lines)
        {
            text.Append($"\n- {line}");
        }
    }
}
