using PipelineBot.Domain.Catalog;

namespace PipelineBot.Domain.Incidents;

/// <summary>Who works an incident of a pipeline: the person on call, the pipeline's owners and the operators.</summary>
public static class Responders
{
    public static bool Includes(Member member, Pipeline pipeline, string? onCallId)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(pipeline);
        return member.Id == onCallId || member.Id == pipeline.PrimaryOwner || member.Id == pipeline.SecondaryOwner || member.Has(Roles.Operator);
    }
}
