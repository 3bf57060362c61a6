using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PipelineBot.Conversation.Cards;

/// <summary>
/// Reads a button click back into its verb and data, from an <c>Action.Submit</c> value (the web chat, Teams' fallback)
/// or a Slack button's <c>action_id</c> and <c>value</c>. Anything that is not one of our buttons gives null: clicks
/// arrive from outside, so these never throw.
/// </summary>
public static partial class CardActions
{
    /// <summary>The name Submit data carries the verb under.</summary>
    public const string VerbKey = "verb";

    public static bool IsVerb(string? text) => text is not null && Verb().IsMatch(text);

    /// <summary>The verb and data of an <c>Action.Submit</c> value: <c>{ "verb": "...", ...data }</c> (with any card inputs merged in).</summary>
    public static (string Verb, JsonObject Data)? FromSubmit(JsonObject? value)
    {
        if (value?[VerbKey] is not JsonValue verb || verb.GetValueKind() != JsonValueKind.String || !IsVerb(verb.GetValue<string>()))
        {
            return null;
        }

        var data = new JsonObject();
        foreach (var (name, field) in value)
        {
            if (name != VerbKey)
            {
                data[name] = field?.DeepClone();
            }
        }

        return (verb.GetValue<string>(), data);
    }

    /// <summary>The verb and data of a Slack button: <c>action_id</c> is <c>verb#n</c>, <c>value</c> the data as JSON.</summary>
    public static (string Verb, JsonObject Data)? FromSlack(string? actionId, string? value)
    {
        var hash = actionId?.LastIndexOf('#') ?? -1;
        if (hash < 0 || !IsVerb(actionId![..hash]) || !int.TryParse(actionId.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            return null;
        }

        if (string.IsNullOrEmpty(value))
        {
            return (actionId[..hash], []);
        }

        try
        {
            return JsonNode.Parse(value) is JsonObject data ? (actionId[..hash], data) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The Slack <c>action_id</c> of the <paramref name="n"/>th button of a message (from 1).</summary>
    internal static string SlackActionId(string verb, int n) => $"{verb}#{n}";

    /// <summary>A value of a button's data as text, whether the channel handed it back as a JSON string or a number.</summary>
    public static string? ValueText(JsonNode? node) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => null,
    };

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")]
    private static partial Regex Verb();
}
