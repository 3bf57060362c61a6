using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Testing;

namespace PipelineBot.Conversation.Tests.Grammar;

/// <summary>The understanding as the host builds it from the shipped appsettings.json, with no database behind it.</summary>
internal static class ShippedUnderstanding
{
    public static readonly Conversation.Grammar.Understanding Instance = Bot.Shipped.GetRequiredService<Conversation.Grammar.Understanding>();

    public static Reading Read(string text, string? locale = null) => Instance.Read(text, Phrasing.Reference, DateTimeZone.Utc, locale);
}
