using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using PipelineBot.Testing;

namespace PipelineBot.Conversation.Tests.Grammar;

/// <summary>Whatever people type, the understanding answers with a reading: it never throws.</summary>
public sealed class RobustnessProperties
{
    /// <summary>Words and pieces the readers act on, so random messages reach the date, number and name paths.</summary>
    private static readonly string[] Pieces =
    [
        "who", "on", "call", "in", "next", "last", "this", "the", "at", "of", "for", "inc", "incident", "#12", "batch", "env", "trade",
        "offer", "accept", "my", "jacksons", "miles", "growth", "grwoth", "christmas", "eve", "2027", "9999", "0000", "25/12", "31/02",
        "13/13", "05/06/27", "1.2.", "2026-02-30", "3pm", "25:00", "noon", "tomorrow", "day", "after", "days", "weeks", "hours", "ago",
        "999", "0", "99999999999", "dec", "31st", "weekend", "month", "ack", "resolve", ":", "-", "é", "🙂", "", " ",
    ];

    [Fact]
    public void Any_text_is_read_without_an_exception() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll<string>(text =>
            ShippedUnderstanding.Instance.Read(text ?? "", Phrasing.Reference, DateTimeZone.Utc, null) is not null));

    [Fact]
    public void Any_sequence_of_the_grammars_own_words_is_read_without_an_exception_at_any_time() =>
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(2000),
            Prop.ForAll(
                Gen.Elements(Pieces).ArrayOf().Select(words => string.Join(' ', words)).ToArbitrary(),
                Gen.Choose(-2000, 2000).Select(days => Phrasing.Reference + Duration.FromDays(days)).ToArbitrary(),
                Gen.Elements<string?>(null, "en-US", "en-GB", "zz", "").ToArbitrary(),
                (text, now, locale) => ShippedUnderstanding.Instance.Read(text, now, DateTimeZone.Utc, locale) is not null));
}
