using System.Globalization;
using System.Net.Mail;

using Microsoft.Extensions.Configuration;

using NodaTime;
using NodaTime.Text;

using PipelineBot.Domain.Rotation;
using PipelineBot.Domain.Text;

namespace PipelineBot.Infrastructure.Configuration;

/// <summary>
/// One pass over the bound options: each part is parsed and checked, every problem is noted with its key, and the domain
/// objects are built only if there were none. Parts return null when they cannot be built; that only happens alongside a
/// noted problem, which is why <see cref="Read"/> may trust them once the list is empty.
/// </summary>
internal sealed partial class SettingsReader(IConfiguration configuration, PipelineBotOptions options)
{
    private const string Root = PipelineBotOptions.SectionName;

    private static readonly LocalTimePattern TimeOfDay = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    private readonly List<string> _problems = [];
    private readonly Dictionary<string, string[]> _childKeys = new(StringComparer.OrdinalIgnoreCase);

    public BotSettings Read()
    {
        UnknownKeys();
        var zone = Zone(options.Rotation.TimeZone, $"{Root}:Rotation:TimeZone");
        var catalog = ReadCatalog(zone?.Id);
        var roster = ReadRotation();
        var (holidays, holidaySettings) = ReadHolidays();
        var trades = ReadTrades();
        var sla = ReadSla();
        var businessHours = ReadBusinessHours();
        var storage = ReadStorage();

        if (_problems.Count > 0)
        {
            throw new CatalogException(_problems);
        }

        return new BotSettings(
            catalog!,
            new ShiftCalendar(zone!),
            roster!,
            holidays!,
            holidaySettings!,
            trades!,
            sla!,
            businessHours!,
            storage!);
    }

    private void Problem(string key, string problem) => _problems.Add($"{key}: {problem}");

    /// <summary>
    /// The items of a bound list with their configuration keys. The key is the child's own key, not the list index, because
    /// an override such as PipelineBot__Members__9__Id can leave gaps; the binder takes children in the same order.
    /// </summary>
    private IEnumerable<(T Item, string Key)> Items<T>(IReadOnlyList<T> items, string listKey)
    {
        if (!_childKeys.TryGetValue(listKey, out var keys))
        {
            keys = [.. configuration.GetSection(listKey).GetChildren().Select(c => c.Key)];
            _childKeys[listKey] = keys;
        }

        for (var i = 0; i < items.Count; i++)
        {
            yield return (items[i], $"{listKey}:{(i < keys.Length ? keys[i] : i.ToString(CultureInfo.InvariantCulture))}");
        }
    }

    private string? Required(string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Problem(key, "missing or empty");
            return null;
        }

        return value.Trim();
    }

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A required id that must not repeat among <paramref name="seen"/>, which maps each id to the key that first gave it.</summary>
    private string? UniqueId(string? value, string key, Dictionary<string, string> seen)
    {
        var id = Required(value, key);
        if (id is not null && !seen.TryAdd(id, key))
        {
            Problem(key, $"duplicate id '{id}' (also {seen[id]})");
        }

        return id;
    }

    /// <summary>Notes an unknown reference with the nearest known values; true if <paramref name="value"/> is known.</summary>
    private bool Known(string value, string key, string what, IReadOnlyCollection<string> known)
    {
        if (known.Contains(value))
        {
            return true;
        }

        Problem(key, $"unknown {what} '{value}'{DidYouMean(value, known)}");
        return false;
    }

    private static string DidYouMean(string value, IEnumerable<string> candidates)
    {
        var nearest = Similarity.Nearest(value, candidates);
        if (nearest.Count == 0)
        {
            return "";
        }

        var quoted = nearest.Select(n => $"'{n}'").ToArray();
        var list = quoted.Length == 1 ? quoted[0] : $"{string.Join(", ", quoted[..^1])} or {quoted[^1]}";
        return $" (did you mean {list}?)";
    }

    private string? Email(string? value, string key)
    {
        var email = Required(value, key);
        if (email is null)
        {
            return null;
        }

        // A display name or a dotless host parses as an address but would never match what Teams or Slack report.
        if (!MailAddress.TryCreate(email, out var address) || address.Address != email || !address.Host.Contains('.', StringComparison.Ordinal))
        {
            Problem(key, $"'{email}' is not an email address");
            return null;
        }

        return email;
    }

    private DateTimeZone? Zone(string? value, string key)
    {
        var id = Required(value, key);
        if (id is null)
        {
            return null;
        }

        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);
        if (zone is null)
        {
            Problem(key, $"'{id}' is not an IANA time zone id{DidYouMean(id, DateTimeZoneProviders.Tzdb.Ids)}");
        }

        return zone;
    }

    private LocalDate? Date(string? value, string key)
    {
        var text = Required(value, key);
        if (text is null)
        {
            return null;
        }

        var result = LocalDatePattern.Iso.Parse(text);
        if (!result.Success)
        {
            Problem(key, $"'{text}' is not a date (yyyy-MM-dd)");
            return null;
        }

        return result.Value;
    }

    private LocalTime? Time(string? value, string key)
    {
        var text = Required(value, key);
        if (text is null)
        {
            return null;
        }

        var result = TimeOfDay.Parse(text);
        if (!result.Success)
        {
            Problem(key, $"'{text}' is not a time of day (HH:mm)");
            return null;
        }

        return result.Value;
    }

    /// <summary>A positive duration written as a TimeSpan ("00:15:00", "2.00:00:00").</summary>
    private Duration? PositiveDuration(string? value, string key)
    {
        var text = Required(value, key);
        if (text is null)
        {
            return null;
        }

        // TimeSpan reads a bare "15" as 15 days; insisting on a colon keeps "15 minutes" from becoming two weeks.
        if (!text.Contains(':', StringComparison.Ordinal) || !TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span))
        {
            Problem(key, $"'{text}' is not a duration (d.hh:mm:ss, e.g. 00:15:00)");
            return null;
        }

        if (span <= TimeSpan.Zero)
        {
            Problem(key, $"{text} is not positive");
            return null;
        }

        return Duration.FromTimeSpan(span);
    }

    private int? Int(string? value, string key, int min, int max, string what)
    {
        var text = Required(value, key);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            Problem(key, $"'{text}' is not a whole number");
            return null;
        }

        if (number < min || number > max)
        {
            Problem(key, $"{number} is not {what}");
            return null;
        }

        return number;
    }

    private decimal? Percent(string? value, string key, bool zeroAllowed)
    {
        var text = Required(value, key);
        if (text is null)
        {
            return null;
        }

        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            Problem(key, $"'{text}' is not a number");
            return null;
        }

        if (number > 100 || number < 0 || (number == 0 && !zeroAllowed))
        {
            Problem(key, $"{text} is not a percentage ({(zeroAllowed ? "0" : "above 0")} to 100)");
            return null;
        }

        return number;
    }

    /// <summary>An enum value by name, ignoring case; numbers are refused, since "1" says nothing to the next reader.</summary>
    private TEnum? Named<TEnum>(string? value, string key)
        where TEnum : struct, Enum
    {
        var text = Required(value, key);
        if (text is null)
        {
            return null;
        }

        var names = Enum.GetNames<TEnum>();
        var name = names.FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        if (name is null)
        {
            Problem(key, $"'{text}' is not one of {string.Join(", ", names)}");
            return null;
        }

        return Enum.Parse<TEnum>(name);
    }
}
