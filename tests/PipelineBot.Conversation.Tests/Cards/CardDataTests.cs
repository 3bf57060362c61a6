using System.Text.Json.Nodes;
using NodaTime;
using PipelineBot.Conversation.Cards;
using PipelineBot.Testing;
using static PipelineBot.Conversation.Tests.Cards.TestCards;

namespace PipelineBot.Conversation.Tests.Cards;

/// <summary>Instants and links in card data, written by the renderer for the card's reader and platform.</summary>
public sealed class CardDataTests
{
    private const string LogUrl = "http://airflow.local/log?dag_id=profit_daily&task_id=load_sales";

    private static readonly Instant Due = Instant.FromUtc(2026, 11, 23, 10, 15);
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    private static readonly CardReader InBerlin = CardReader.Person(Berlin);
    private static readonly CardReader Channel = CardReader.Everyone(DateTimeZone.Utc);

    private static readonly CardRenderer Renderer = With("t", Card("""
        { "type": "TextBlock", "text": "Due ${due}" },
        { "type": "FactSet", "facts": [ { "title": "Due", "value": "${due}" }, { "title": "Log", "value": "${log}" } ] }
        """, """{ "type": "Action.Execute", "title": "Ack by ${due}", "verb": "ack" }"""));

    private static CardContent Content(JsonNode due) => new("t", new JsonObject { ["due"] = due, ["log"] = CardData.Link(LogUrl) });

    [Fact]
    public void A_time_read_by_one_person_is_in_their_zone_named_wherever_it_is()
    {
        var card = Renderer.Render(Content(CardData.Time(Due)), ButtonStyle.Execute, InBerlin);

        Assert.Equal("Due Mon 2026-11-23 11:15 Europe/Berlin", card["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("Mon 2026-11-23 11:15 Europe/Berlin", card["body"]![1]!["facts"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("Ack by Mon 2026-11-23 11:15 Europe/Berlin", card["actions"]![0]!["title"]!.GetValue<string>());
        Assert.Empty(AdaptiveCardSchema.Errors(card));
    }

    [Fact]
    public void A_time_read_by_everyone_is_each_readers_own_in_a_TextBlock_and_the_team_zone_named_where_Adaptive_Cards_cannot()
    {
        var card = Renderer.Render(Content(CardData.Time(Due)), ButtonStyle.Execute, Channel);

        Assert.Equal("Due {{DATE(2026-11-23T10:15:00Z, SHORT)}} {{TIME(2026-11-23T10:15:00Z)}} (your time)", card["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("Mon 2026-11-23 10:15 UTC", card["body"]![1]!["facts"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("Ack by Mon 2026-11-23 10:15 UTC", card["actions"]![0]!["title"]!.GetValue<string>());
        Assert.Empty(AdaptiveCardSchema.Errors(card));
    }

    [Fact]
    public void Slack_writes_a_time_read_by_everyone_as_its_own_date_with_the_team_zone_for_clients_that_cannot()
    {
        Assert.Equal(
            "Due <!date^1795428900^{date_short_pretty} {time} (your time)|Mon 2026-11-23 10:15 UTC>",
            Renderer.RenderBlocks(Content(CardData.Time(Due)), Channel)[0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal(
            "Due Mon 2026-11-23 11:15 Europe/Berlin",
            Renderer.RenderBlocks(Content(CardData.Time(Due)), InBerlin)[0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal("Due Mon 2026-11-23 10:15 UTC", Renderer.Summary(Content(CardData.Time(Due)), Channel));
    }

    [Fact]
    public void Text_made_of_words_and_times_keeps_the_words_as_written_and_writes_the_times_for_the_reader()
    {
        var card = Renderer.Render(Content(CardData.Text($"load_sales <late> by {Due}")), ButtonStyle.Execute, InBerlin);

        Assert.Equal("Due load\\_sales \\<late> by Mon 2026-11-23 11:15 Europe/Berlin", card["body"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Data_written_like_a_time_function_stays_the_words_it_is()
    {
        const string Lookalike = "{{DATE(2026-11-23T10:15:00Z, SHORT)}} {{TIME(2026-11-23T10:15:00Z)}} (your time)";

        var card = Renderer.Render(Content(Lookalike), ButtonStyle.Execute, Channel);
        var blocks = Renderer.RenderBlocks(Content(Lookalike), Channel);

        Assert.StartsWith("Due \\{{DATE(", card["body"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal($"Due {Lookalike}", blocks[0]!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void A_link_opens_its_address_exactly_as_given_and_shows_it()
    {
        var card = Renderer.Render(Content(CardData.Time(Due)), ButtonStyle.Execute, InBerlin);
        var fields = Renderer.RenderBlocks(Content(CardData.Time(Due)), InBerlin)[1]!["fields"]!.AsArray();

        Assert.Equal(
            "[http://airflow.local/log?dag\\_id=profit\\_daily&task\\_id=load\\_sales](http://airflow.local/log?dag_id=profit_daily&task_id=load_sales)",
            card["body"]![1]!["facts"]![1]!["value"]!.GetValue<string>());
        Assert.Equal(
            "*Log*\n<http://airflow.local/log?dag_id=profit_daily&amp;task_id=load_sales|http://airflow.local/log?dag_id=profit_daily&amp;task_id=load_sales>",
            fields[1]!["text"]!.GetValue<string>());
    }
}
