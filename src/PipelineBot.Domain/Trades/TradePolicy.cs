namespace PipelineBot.Domain.Trades;

/// <summary>The team's trading policy, word for word from the on-call schedule (seed 003); refusals quote it.</summary>
public static class TradePolicy
{
    public const string Text = "Employees are able to trade holiday on-call shifts, but not assigned on-call shifts.";
}
