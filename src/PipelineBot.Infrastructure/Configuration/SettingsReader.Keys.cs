using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace PipelineBot.Infrastructure.Configuration;

internal sealed partial class SettingsReader
{
    /// <summary>Sections under PipelineBot that other parts of the bot read with options of their own.</summary>
    private static readonly string[] SectionsReadElsewhere = ["Api", "Teams", "Slack", "WebChat", "Delivery", "Alerts", "Airflow"];

    /// <summary>
    /// Notes every key the options do not know. The binder skips such keys without a word, so a misspelt override
    /// (PipelineBot__Rotation__TimeZon) would otherwise leave the default in force and nobody the wiser.
    /// </summary>
    private void UnknownKeys()
    {
        var root = configuration.GetSection(Root);
        var known = Properties(typeof(PipelineBotOptions));
        foreach (var child in root.GetChildren().Where(c => !SectionsReadElsewhere.Contains(c.Key, StringComparer.OrdinalIgnoreCase)))
        {
            UnknownKeys(child, known, $"{Root}:{child.Key}");
        }
    }

    private void UnknownKeys(IConfigurationSection section, Dictionary<string, PropertyInfo> known, string key)
    {
        if (!known.TryGetValue(section.Key, out var property))
        {
            Problem(key, $"unknown setting{DidYouMean(section.Key, known.Keys.Concat(SectionsReadElsewhere))}");
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

    private static bool IsScalar(Type type) => type == typeof(string) || type.IsValueType;

    private static Dictionary<string, PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
}
