using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Domain.Text;
using PipelineBot.Testing;

namespace PipelineBot.Conversation.Tests.Grammar;

public sealed class NamesTests
{
    private static readonly CatalogNames Names = Bot.Shipped.GetRequiredService<CatalogNames>();

    private static Analysis Analyse(string text) => ShippedUnderstanding.Instance.Analyse(text, Phrasing.Reference, DateTimeZone.Utc, null);

    [Theory]
    [InlineData("who’s ON-CALL?!", "whos on call")]
    [InlineData("New Year's Day", "new years day")]
    [InlineData("oncall 2026-12-25 at 15:00.", "on call 2026-12-25 at 15:00")]
    [InlineData("Jackson‘s  Thanksgiving", "jacksons thanksgiving")]
    [InlineData("on call 25/12, details of #12", "on call 25/12 details of #12")]
    public void Words_are_lower_case_without_apostrophes_or_punctuation(string text, string expected) =>
        Assert.Equal(expected, Words.Normalize(text));

    [Fact]
    public void Normalising_twice_changes_nothing() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll<string>(text => text is null || Words.Normalize(Words.Normalize(text)) == Words.Normalize(text)));

    [Fact]
    public void Each_word_knows_where_it_stands_in_the_text()
    {
        const string text = "resolve INC-12: reloaded the file";
        Assert.All(Words.Read(text), t => Assert.Equal(t.Text, text[t.Start..t.End].ToLowerInvariant()));
    }

    [Theory]
    [InlineData("growth", "growth")]
    [InlineData("daily growth", "daily-growth")]
    [InlineData("agg profit", "aggregate-profit")]
    [InlineData("aggregate profit for investors", "aggregate-profit")]
    [InlineData("Unit-Level Profit", "unit-level-profit")]
    [InlineData("grwoth", "growth")]
    [InlineData("c360", "customer-360")]
    [InlineData("the landing zone", "ldz")]
    public void Pipelines_answer_to_their_name_id_and_aliases(string text, string id) =>
        Assert.Equal(id, Analyse(text).First<PipelineEntity>()?.Pipeline.Id);

    [Theory]
    [InlineData("with Miles", "miles", false)]
    [InlineData("with miles lopez", "miles", false)]
    [InlineData("for Jackson's Thanksgiving", "jackson", true)]
    [InlineData("to hudson", "hudson", false)]
    [InlineData("with jasmin", "jasmine", false)]
    [InlineData("with de-manager", "de-manager", false)]
    public void People_answer_to_their_id_name_and_first_name(string text, string id, bool possessive)
    {
        var person = Analyse(text).First<PersonEntity>();
        Assert.Equal(id, Assert.Single(person!.Candidates).Id);
        Assert.Equal(possessive, person.Possessive);
    }

    [Theory]
    [InlineData("the sales data is late")]
    [InlineData("who is on call this weekend")]
    [InlineData("who's on call on new year's eve")]
    [InlineData("who's on call next")]
    [InlineData("what's the weather")]
    public void A_word_that_names_nothing_is_not_forced_into_a_name(string text)
    {
        var analysis = Analyse(text);
        Assert.Null(analysis.First<PersonEntity>());
        Assert.Null(analysis.First<PipelineEntity>());
    }

    [Theory]
    [InlineData("INC-12", 12L)]
    [InlineData("inc 12", 12L)]
    [InlineData("inc12", 12L)]
    [InlineData("incident 12", 12L)]
    [InlineData("details of #12", 12L)]
    public void Incidents_answer_to_their_id_in_every_form(string text, long id) => Assert.Equal(id, Analyse(text).First<IncidentEntity>()?.Id);

    [Theory]
    [InlineData("rerun profit for 2026-11-20 batch 42 environment prod", "batch", "42")]
    [InlineData("rerun profit for 2026-11-20 batch 42 environment prod", "environment", "prod")]
    [InlineData("rerun growth env staging", "environment", "staging")]
    [InlineData("accept trade 3", "offer", "3")]
    [InlineData("accept trade #3", "offer", "3")]
    [InlineData("rerun aggregate growth with spark 3", "adaptive", "true")]
    public void A_number_or_word_after_its_keyword_is_bound_to_it(string text, string key, string value)
    {
        var analysis = Analyse(text);
        Assert.Equal(value, SlotReading.Parameter(analysis, key));
        Assert.Null(analysis.First<IncidentEntity>());
    }

    [Fact]
    public void Refusals_from_the_rules_name_people_by_name_not_member_id() =>
        Assert.Equal(
            "Christmas Day 2026 is not Miles Lopez's to trade; Jackson Long holds it; tech-based stays.",
            Names.WithNames("Christmas Day 2026 is not miles's to trade; jackson holds it; tech-based stays."));

    [Fact]
    public void A_name_within_one_edit_of_a_persons_name_resolves_to_them()
    {
        // Every name of five letters or more: shorter ones are too close to ordinary words to guess at. A typo that
        // makes a word of a name into a word the grammar knows ("tech ba" to "tech be") is no longer a name, so it is left out.
        var names = Names.People.Phrases.Where(p => p.Length >= 5).ToArray();
        var typos = Gen.Elements(names).SelectMany(name => Gen.Choose(0, name.Length - 1).SelectMany(at => Gen.Elements("abcdefghijklmnopqrstuvwxyz".ToCharArray()).SelectMany(letter =>
            Gen.Elements(
                (name, name.Remove(at, 1)),
                (name, name.Insert(at, letter.ToString())),
                (name, name.Remove(at, 1).Insert(at, letter.ToString()))))));
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(500),
            Prop.ForAll(typos.Where(t => t.Item2.Trim() == t.Item2 && !t.Item2.Split(' ').Any(w => w.Length == 0 || Words.Filler.Contains(w) || Analyse(w).Entities.Count > 0 && Names.People.Targets(w).Count == 0)).ToArbitrary(), pair =>
            {
                var (name, typo) = pair;
                var found = Analyse($"trade with {typo}").First<PersonEntity>()?.Candidates;
                var meant = Names.People.Targets(name);

                // A typo can land as near another person's name; then that person is an equally fair reading.
                return found is not null && (found.Intersect(meant).Any() || Names.People.Phrases.Any(p => Names.People.Targets(p).Intersect(found).Any() && Similarity.Distance(p, typo) <= 1));
            }));
    }
}
