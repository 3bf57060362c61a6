using System.ComponentModel;
using System.Globalization;
using System.Net.Mail;
using System.Reflection;

using Microsoft.Extensions.Configuration;

using NodaTime;
using NodaTime.Text;

using PipelineBot.Domain.Text;

namespace PipelineBot.Infrastructure.Configuration;

/// <summary>
/// Reads bound option values for one check of a feature's options: each value is parsed, and every problem is noted as
/// "key: what is wrong", with the nearest known names where a name is unknown. A read returns null when it cannot give a
/// value, and only alongside a noted problem, so a reader with no <see cref="Problems"/> has given every value.
/// </summary>
public sealed class ConfigurationReader(IConfiguration configuration)
{
    private static readonly LocalTimePattern TimeOfDay = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    /// <summary>Days of the week by their English names and three-letter abbreviations, in any case.</summary>
    internal static readonly Dictionary<string, IsoDayOfWeek> DayNames = BuildDayNames();

    private readonly List<string> _problems = [];
    private readonly Dictionary<string, string[]> _childKeys = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Each problem as "key: what is wrong", in the order they were found.</summary>
    public IReadOnlyList<string> Problems => _problems;

    public void Problem(string key, string problem) => _problems.Add($"{key}: {problem}");

    /// <summary>Notes a problem that already names its key.</summary>
    public void Problem(string problem) => _problems.Add(problem);

    /// <summary>Whether the configuration has anything under <paramref name="key"/>; a section's options bind to their defaults when it has not.</summary>
    public bool Exists(string key) => configuration.GetSection(key).Exists();

    /// <summary>
    /// The items of a bound list with their configuration keys. The key is the child's own key, not the list index, because
    /// an override such as PipelineBot__Members__9__Id can leave gaps; the binder takes children in the same order.
    /// </summary>
    public IEnumerable<(T Item, string Key)> Items<T>(IReadOnlyList<T> items, string listKey)
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

    public string? Required(string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Problem(key, "missing or empty");
            return null;
        }

        return value.Trim();
    }

    public static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A required id that must not repeat among <paramref name="seen"/>, which maps each id to the key that first gave it.</summary>
    public string? UniqueId(string? value, string key, Dictionary<string, string> seen)
    {
        var id = Required(value, key);
        if (id is not null && !seen.TryAdd(id, key))
        {
            Problem(key, $"duplicate id '{id}' (also {seen[id]})");
        }

        return id;
    }

    /// <summary>Notes an unknown reference with the nearest known values; true if <paramref name="value"/> is known.</summary>
    public bool Known(string value, string key, string what, IReadOnlyCollection<string> known)
    {
        if (known.Contains(value))
        {
            return true;
        }

        Problem(key, $"unknown {what} '{value}'{DidYouMean(value, known)}");
        return false;
    }

    public static string DidYouMean(string value, IEnumerable<string> candidates)
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

    public string? Email(string? value, string key)
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

    public DateTimeZone? Zone(string? value, string key)
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

    public LocalDate? Date(string? value, string key)
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

    public LocalTime? Time(string? value, string key)
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
    public Duration? PositiveDuration(string? value, string key)
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

    /// <summary>A <c>true</c> or <c>false</c>; <paramref name="otherwise"/> when the value is absent.</summary>
    public bool? Flag(string? value, string key, bool otherwise)
    {
        if (Optional(value) is not { } text)
        {
            return otherwise;
        }

        if (bool.TryParse(text, out var flag))
        {
            return flag;
        }

        Problem(key, $"'{text}' is not true or false");
        return null;
    }

    public int? WholeNumber(string? value, string key, int min, int max, string what)
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

    public decimal? Percent(string? value, string key, bool zeroAllowed)
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
    public TEnum? Named<TEnum>(string? value, string key)
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

    /// <summary>
    /// Notes every key under <paramref name="sectionKey"/> that <paramref name="optionsType"/> does not bind, except the
    /// children named in <paramref name="boundElsewhere"/>. The binder skips such keys without a word, so a misspelt
    /// override (PipelineBot__Rotation__TimeZon) would otherwise leave the default in force and nobody the wiser.
    /// </summary>
    public void UnknownKeys(string sectionKey, Type optionsType, IReadOnlyCollection<string>? boundElsewhere = null)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        var elsewhere = boundElsewhere ?? [];
        var known = Properties(optionsType);
        foreach (var child in configuration.GetSection(sectionKey).GetChildren().Where(c => !elsewhere.Contains(c.Key, StringComparer.OrdinalIgnoreCase)))
        {
            if (known.ContainsKey(child.Key))
            {
                UnknownKeys(child, known, $"{sectionKey}:{child.Key}");
            }
            else
            {
                Problem($"{sectionKey}:{child.Key}", $"unknown setting{DidYouMean(child.Key, known.Keys.Concat(elsewhere))}");
            }
        }
    }

    private void UnknownKeys(IConfigurationSection section, Dictionary<string, PropertyInfo> known, string key)
    {
        if (!known.TryGetValue(section.Key, out var property))
        {
            Problem(key, $"unknown setting{DidYouMean(section.Key, known.Keys)}");
            return;
        }

        var type = property.PropertyType;
        if (IsScalar(type))
        {
            return;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            var item = type.GetGenericArguments()[0];
            if (IsScalar(item))
            {
                return;
            }

            var itemProperties = Properties(item);
            foreach (var element in section.GetChildren())
            {
                foreach (var child in element.GetChildren())
                {
                    UnknownKeys(child, itemProperties, $"{key}:{element.Key}:{child.Key}");
                }
            }

            return;
        }

        var properties = Properties(type);
        foreach (var child in section.GetChildren())
        {
            UnknownKeys(child, properties, $"{key}:{child.Key}");
        }
    }

    /// <summary>What the binder sets from one string: strings, numbers, enums, and the likes of <see cref="Uri"/> and <see cref="TimeSpan"/>.</summary>
    private static bool IsScalar(Type type) => TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));

    /// <summary>The properties the binder sets, by name in any case, as configuration keys are.</summary>
    private static Dictionary<string, PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, IsoDayOfWeek> BuildDayNames()
    {
        var names = new Dictionary<string, IsoDayOfWeek>(StringComparer.OrdinalIgnoreCase);
        for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Sunday; day++)
        {
            var name = day.ToString();
            names[name] = day;
            names[name[..3]] = day;
        }

        return names;
    }
}
