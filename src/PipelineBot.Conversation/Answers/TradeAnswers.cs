using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NodaTime;
using PipelineBot.Conversation.Cards;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Trades;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Rotation;
using PipelineBot.Infrastructure.Trades;

namespace PipelineBot.Conversation.Answers;

/// <summary>
/// Holiday shift trades by message and by button: "trade my Christmas shift with Miles", "swap my New Year's Day 2027
/// for Jackson's Thanksgiving", "accept trade 12", and the offer card. The rules live in <see cref="TradeService"/>;
/// this class reads the request, names people by their names and draws the card.
/// </summary>
internal sealed class TradeAnswers(TradeService trades, ScheduleService schedule, BotSettings settings, CatalogNames names, DatePhrases dates, TimeProvider time)
{
    public const string AcceptVerb = "trade.accept";
    public const string DeclineVerb = "trade.decline";
    public const string WithdrawVerb = "trade.withdraw";
    public const string Template = "trade-offer";

    private static readonly string[] ActionWords = ["accept", "decline", "reject", "withdraw", "cancel"];
    private static readonly string[] TradeWords =
        ["trade", "swap", "give", "hand", "over", "handover", "offer", "shift", "shifts", "holiday", "my", "mine", "his", "her", "their", "theirs"];

    public static bool WantsAction(Utterance u) => u.Count > 0 && ActionWords.Contains(u[0]);

    public static bool WantsProposal(Utterance u) =>
        u.HasAny("trade", "swap", "handover") || u.IndexOf("hand", "over") >= 0 || u.StartsWith("give");

    public async Task<Say> ProposeAsync(Turn turn, Utterance u, CancellationToken cancellationToken)
    {
        if (turn.Speaker.Member is not { } me)
        {
            return new Say(Replies.Stranger);
        }

        var swap = u.Has("swap");
        u.UseAll(TradeWords);
        var zone = turn.Speaker.TimeZone;
        var days = dates.Days(u, Now(), zone);
        if (days.OfType<Unreadable>().FirstOrDefault() is { } unreadable)
        {
            return new Say(Replies.CannotReadDate(unreadable.Text));
        }

        var person = names.People.FindIn(u, Keywords.All)?.Target;
        var leftover = u.Leftover();
        if (person is null)
        {
            return new Say(leftover.Count > 0
                ? Replies.UnknownPerson(string.Join(' ', leftover), names)
                : "Trade with whom? For example: trade my Christmas shift with Miles.");
        }

        if (leftover.Any(DatePhrases.LooksLikeDate))
        {
            return new Say(Replies.CannotReadDate(string.Join(' ', leftover)));
        }

        var shifts = days.OfType<OnDay>().ToList();
        if (shifts.Count == 0)
        {
            return new Say($"Which holiday shift? \"{TradePolicy.Text}\" For example: trade my Christmas shift with {FirstName(person)}, or swap my New Year's Day for {FirstName(person)}'s Thanksgiving.");
        }

        if (swap && shifts.Count == 1)
        {
            return new Say($"Swap it for which of {person.Name}'s holiday shifts? For example: swap my New Year's Day for {FirstName(person)}'s Thanksgiving. To give a shift away, say \"give my Christmas shift to {FirstName(person)}\".");
        }

        var offered = await HeldDateAsync(shifts[0], me.Id, cancellationToken);
        LocalDate? requested = shifts.Count > 1 ? await HeldDateAsync(shifts[1], person.Id, cancellationToken) : null;
        var result = await trades.ProposeAsync(me.Id, person.Id, offered, requested, cancellationToken, origin: turn.Place.Origin);
        if (!result.Succeeded || result.Offer is not { } offer)
        {
            return new Say($"I can't offer that trade: {names.WithNames(result.Message)}");
        }

        return new Say(
            $"{names.WithNames(result.Message)} {person.Name} can accept or decline it until {TimeText.Format(offer.ExpiresAt, zone)}. To take it back, say \"withdraw trade {offer.Id}\".",
            Card(offer));
    }

    public async Task<Say> ActOnTextAsync(Turn turn, Utterance u, CancellationToken cancellationToken)
    {
        if (turn.Speaker.Member is not { } me)
        {
            return new Say(Replies.Stranger);
        }

        var verb = u[0] switch
        {
            "accept" => AcceptVerb,
            "decline" or "reject" => DeclineVerb,
            _ => WithdrawVerb,
        };
        var number = u.Words.FirstOrDefault(w => w.All(char.IsDigit));
        if (number is null || !long.TryParse(number, CultureInfo.InvariantCulture, out var id))
        {
            return new Say(await OpenOffersOfAsync(me.Id, cancellationToken));
        }

        var (say, _) = await ActAsync(verb, id, me, cancellationToken);
        return say;
    }

    /// <summary>
    /// Accept, decline or withdraw an offer. The card comes back in its new state when the offer changed or was already
    /// closed; a refused click by someone the offer is not for leaves the card alone.
    /// </summary>
    public async Task<(Say Reply, CardContent? Card)> ActAsync(string verb, long offerId, Member member, CancellationToken cancellationToken)
    {
        var result = verb switch
        {
            AcceptVerb => await trades.AcceptAsync(offerId, member.Id, cancellationToken),
            DeclineVerb => await trades.DeclineAsync(offerId, member.Id, cancellationToken),
            _ => await trades.WithdrawAsync(offerId, member.Id, cancellationToken),
        };
        var message = names.WithNames(result.Message);
        if (!result.Succeeded && result.Rule is TradeResult.NotYours or TradeDecision.NotYoursToAccept or TradeResult.UnknownOffer)
        {
            return (new Say($"Nothing changed: {message}"), null);
        }

        var card = await CardAsync(offerId, cancellationToken);
        return (new Say(result.Succeeded ? message : $"Nothing changed: {message}"), card);
    }

    public async Task<CardContent?> CardAsync(long offerId, CancellationToken cancellationToken) =>
        await trades.FindAsync(offerId, cancellationToken) is { } offer ? Card(offer) : null;

    private CardContent Card(TradeOffer offer)
    {
        var state = offer.State == TradeState.Open && Now() >= offer.ExpiresAt ? TradeState.Expired : offer.State;
        var proposer = names.Name(offer.ProposerId);
        var counterparty = names.Name(offer.CounterpartyId);

        // An instant, not words: the renderer writes it in the zone of whoever reads the card.
        var expires = CardData.Time(offer.ExpiresAt);
        var data = new JsonObject
        {
            ["id"] = offer.Id,
            ["title"] = offer.Kind == TradeKind.Swap ? $"Holiday swap offer #{offer.Id}" : $"Holiday hand-over offer #{offer.Id}",
            ["summary"] = offer.Requested is { } wanted
                ? $"{proposer} offers {counterparty} {Describe(offer.Offered)} in exchange for {Describe(wanted)}."
                : $"{proposer} offers {counterparty} {Describe(offer.Offered)}.",
            ["proposer"] = proposer,
            ["counterparty"] = counterparty,
            ["gives"] = Describe(offer.Offered),
            ["takes"] = offer.Requested is { } requested ? Describe(requested) : "nothing: a hand-over",
            ["expires"] = expires,
            ["state"] = state.ToString().ToLowerInvariant(),
            ["stateText"] = state switch
            {
                TradeState.Open => CardData.Text($"Open until {expires}. {counterparty} can accept or decline; {proposer} can withdraw it."),
                TradeState.Accepted => $"Accepted by {counterparty}: the shifts have moved.",
                TradeState.Declined => $"Declined by {counterparty}.",
                TradeState.Withdrawn => $"Withdrawn by {proposer}.",
                TradeState.Expired => CardData.Text($"Expired unanswered at {expires}."),
                _ => "Gone: a shift in it was traded first in another offer.",
            },
            ["open"] = state == TradeState.Open,
        };
        return new CardContent(Template, data, TradeService.CardKey(offer.Id));
    }

    /// <summary>
    /// The date of the holiday a giver means. "My Christmas shift" without a year is the next Christmas they hold, not
    /// merely the next Christmas; if they hold none soon, the next one, and the rules say whose it is.
    /// </summary>
    private async Task<LocalDate> HeldDateAsync(OnDay day, string giverId, CancellationToken cancellationToken)
    {
        if (day is not { Holiday: { } holiday, YearGiven: false })
        {
            return day.Date;
        }

        var lastYear = holiday.Year + settings.HolidaySettings.RuleYears + settings.HolidaySettings.PublishYearsAhead;
        for (var year = holiday.Year; year <= lastYear; year++)
        {
            var held = (await schedule.HolidaysAsync(year, cancellationToken)).FirstOrDefault(h => h.Name == holiday.Name && h.Date >= holiday.Date);
            if (held?.MemberId == giverId)
            {
                return held.Date;
            }
        }

        return day.Date;
    }

    private async Task<string> OpenOffersOfAsync(string memberId, CancellationToken cancellationToken)
    {
        var open = (await trades.OpenOffersAsync(cancellationToken)).Where(o => o.ProposerId == memberId || o.CounterpartyId == memberId).ToList();
        if (open.Count == 0)
        {
            return "Which trade? Say it with the offer's number, such as \"accept trade 12\". You have no open trade offers.";
        }

        var text = new StringBuilder("Which trade? Say it with the offer's number, such as \"accept trade 12\". Your open offers:");
        foreach (var offer in open)
        {
            text.Append($"\n- #{offer.Id}: {Card(offer).Data["summary"]}");
        }

        return text.ToString();
    }

    private static string Describe(HolidayInstance holiday) => $"{holiday.Name} {holiday.Year} ({TimeText.Format(holiday.Date)})";

    private static string FirstName(Member member) => member.Name.Split(' ')[0];

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());
}
