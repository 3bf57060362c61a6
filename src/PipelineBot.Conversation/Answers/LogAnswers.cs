using System.Text;
using Microsoft.Extensions.Options;
using PipelineBot.Domain.Incidents;
using PipelineBot.Domain.Text;
using PipelineBot.Infrastructure.Airflow;
using PipelineBot.Infrastructure.Incidents;

namespace PipelineBot.Conversation.Answers;

/// <summary>
/// "logs INC-12" (seed 000: "reviewing logs, error messages, and job history"): the tail of the failed task's log from
/// Airflow, secrets masked, with the link to the whole log.
/// </summary>
internal sealed class LogAnswers(IncidentService incidents, AirflowClient airflow, IOptions<AirflowOptions> options)
{
    /// <summary>How many of the log's last lines are shown: enough for a stack trace, few enough for a chat message.</summary>
    public const int Tail = 40;

    public async Task<Say> TailAsync(long id, CancellationToken cancellationToken)
    {
        if (await incidents.FindAsync(id, cancellationToken) is not { Incident: var incident })
        {
            return new Say($"There is no incident {IncidentNames.Id(id)}. Say \"incidents\" for the open ones.");
        }

        var link = incident.LogUrl is { } url ? $"\nThe whole log: {url}" : "";
        if (incident.DagId is not { } dagId || incident.TaskId is not { } taskId)
        {
            return new Say($"{incident.Name}'s alert named no Airflow task, so I have no task log to show.{link}");
        }

        if (!options.Value.IsConfigured)
        {
            return new Say($"Airflow is not configured, so I cannot read its task logs: set PipelineBot:Airflow:BaseUrl, Username, Password and ApiVersion (the README's Configuration says how).{link}");
        }

        TaskLog? log;
        try
        {
            log = await airflow.TaskLogAsync(dagId, incident.RunId, taskId, cancellationToken);
        }
        catch (Exception e) when (e is AirflowException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new Say($"I could not read the log of {incident.Name} from Airflow: {e.Message}{link}");
        }

        if (log is null)
        {
            return new Say($"Airflow knows no task {taskId} in run {incident.RunId} of {dagId}.{link}");
        }

        var lines = log.Lines.Where(l => l.Length > 0).ToList();
        if (lines.Count == 0)
        {
            return new Say($"Try {log.TryNumber} of {taskId} in {incident.Name} has no log in Airflow yet.{link}");
        }

        var shown = lines.Skip(Math.Max(0, lines.Count - Tail)).ToList();
        var text = new StringBuilder($"**Log of {incident.Name}**: task {taskId}, try {log.TryNumber}, ");
        text.Append(shown.Count < lines.Count ? $"the last {shown.Count} of {lines.Count} lines" : $"all {lines.Count} lines").Append(", secrets masked:\n```\n");
        foreach (var line in shown)
        {
            // A line that closed the code block would spill the rest of the log into the chat as Markdown.
            text.Append(SecretMask.Apply(line).Replace("```", "'''", StringComparison.Ordinal)).Append('\n');
        }

        return new Say(text.Append("```").Append(link).ToString());
    }
}
