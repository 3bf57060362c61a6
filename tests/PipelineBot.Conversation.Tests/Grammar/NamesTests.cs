using FsCheck;
using FsCheck.Fluent;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Text;
using PipelineBot.Infrastructure.Configuration;

namespace PipelineBot.Conversation.Tests.Grammar;

public sealed class NamesTests
{
    private static readonly BotSettings Settings = Bot.ShippedSettings;

    private static readonly CatalogNames Names = new(Settings);

    [Theory]
    [InlineData("who’s ON-CALL?!", "whos on call")]
    [InlineData("New Year's Day", "new years day")]
    [InlineData("oncall 2026-12-25 at 15:00.", "on call 2026-12-25 at 15:00")]
    [InlineData("Jackson‘s  Thanksgiving", "jacksons thanksgiving")]
    public void Words_are_lower_case_without_apostrophes_or_punctuation(string text, string expected) =>
        Assert.Equal(expected, Words.Normalize(text));

    [Fact]
    public void Normalising_twice_changes_nothing() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll<string>(text => text is null || Words.Normalize(Words.Normalize(text)) == Words.Normalize(text)));

    [Theory]
    [InlineData("growth", "growth")]
    [InlineData("daily growth", "daily-growth")]
    [InlineData("agg profit", "aggregate-profit")]
    [InlineData("aggregate profit for investors", "aggregate-profit")]
    [InlineData("Unit-Level Profit", "unit-level-profit")]
    [InlineData("grwoth", "growth")]
    [InlineData("c360", "customer-360")]
    public void Pipelines_answer_to_their_name_id_and_aliases(string text, string id) =>
        Assert.Equal(id, Names.Pipelines.FindIn(new Utterance(text), Keywords.All)?.Target.Id);

    [Theory]
    [InlineData("with Miles", "miles")]
    [InlineData("with miles lopez", "miles")]
    [InlineData("for Jackson's Thanksgiving", "jackson")]
    [InlineData("to hudson", "hudson")]
    [InlineData("with jasmin", "jasmine")]
    [InlineData("with de-manager", "de-manager")]
    public void People_answer_to_their_id_name_and_first_name(string text, string id) =>
        Assert.Equal(id, Names.People.FindIn(new Utterance(text), Keywords.All)?.Target.Id);

    [Fact]
    public void A_placeholders_title_words_do_not_name_them() =>
        Assert.Null(Names.People.FindIn(new Utterance("the sales data is late"), Keywords.All));

    [Fact]
    public void Refusals_from_the_rules_name_people_by_name_not_member_id() =>
        Assert.Equal(
            "Christmas Day 2026 is not Miles Lopez's to trade; Jackson Long holds it; tech-based stays.",
            Names.WithNames("Christmas Day 2026 is not miles's to trade; jackson holds it; tech-based stays."));

    [Fact]
    public void A_name_within_one_edit_of_a_persons_name_resolves_to_them()
    {
        // Every name of five letters or more: shorter ones are too close to ordinary words to guess at. A typo that
        // makes a word of a name into a filler word ("tech ba" to "tech be") is no longer a name, so it is left out.
        var names = Names.People.Phrases.Where(p => p.Length >= 5).ToArray();
        var typos = Gen.Elements(names).SelectMany(name => Gen.Choose(0, name.Length - 1).SelectMany(at => Gen.Elements("abcdefghijklmnopqrstuvwxyz".ToCharArray()).SelectMany(letter =>
            Gen.Elements(
                (name, name.Remove(at, 1)),
                (name, name.Insert(at, letter.ToString())),
                (name, name.Remove(at, 1).Insert(at, letter.ToString()))))));
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(500),
            Prop.ForAll(typos.Where(t => t.Item2.Trim() == t.Item2 && !t.Item2.Split(' ').Any(w => w.Length == 0 || Words.Filler.Contains(w))).ToArbitrary(), pair =>
            {
                var (name, typo) = pair;
                var found = Names.People.FindIn(new Utterance($"trade with {typo}"), Keywords.All)?.Target;
                var meant = Names.People.Target(name);

                // A typo can land as near another person's name; then that person is an equally fair reading.
                return found == meant || (found is Member other && Names.People.Phrases.Any(p => Names.People.Target(p) == other && Similarity.Distance(p, typo) <= 1));
            }));
    }
}
