namespace PipelineBot.Host.Features.Incidents;

/// <summary>Section <c>PipelineBot:Alerts</c>: how orchestrators prove their alerts and run events are theirs.</summary>
public sealed class AlertsOptions
{
    public const string SectionName = "PipelineBot:Alerts";

    /// <summary>The shared secret of <c>X-PipelineBot-Signature</c>. Unset, intake refuses everything (503), since nothing unsigned may change anything.</summary>
    public string? WebhookSecret { get; set; }
}
