namespace PipelineBot.Conversation.Cards;

/// <summary>How a card's buttons reach the bot, which depends on the client that shows the card.</summary>
public enum ButtonStyle
{
    /// <summary>Teams: <c>Action.Execute</c> (an <c>adaptiveCard/action</c> invoke), with an <c>Action.Submit</c> fallback for older clients.</summary>
    Execute,

    /// <summary>The local web chat: <c>Action.Submit</c>, whose data carries the verb.</summary>
    Submit,
}
