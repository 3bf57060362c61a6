using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Testing;

namespace PipelineBot.Infrastructure.Tests.Configuration;

/// <summary>The shipped appsettings.json, read from the repository root, with the changes a test makes on top.</summary>
internal static class SampleConfiguration
{
    public static string AppSettingsPath => RepositoryFiles.AppSettings;

    public static IConfigurationRoot Shipped() => new ConfigurationBuilder().AddJsonFile(AppSettingsPath).Build();

    /// <summary>The shipped file with overrides laid on top, as environment variables would be.</summary>
    public static IConfigurationRoot With(params (string Key, string? Value)[] overrides) =>
        new ConfigurationBuilder()
            .AddJsonFile(AppSettingsPath)
            .AddInMemoryCollection(overrides.Select(o => KeyValuePair.Create(o.Key, o.Value)))
            .Build();

    /// <summary>The shipped file without every key under <paramref name="prefix"/> (which no override can do), plus overrides.</summary>
    public static IConfigurationRoot Without(string prefix, params (string Key, string? Value)[] overrides) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(Shipped().AsEnumerable().Where(kv => !IsUnder(kv.Key, prefix)))
            .AddInMemoryCollection(overrides.Select(o => KeyValuePair.Create(o.Key, o.Value)))
            .Build();

    /// <summary>The configured objects as the host registers them, with every feature's options checked as at start.</summary>
    public static ServiceProvider Services(IConfiguration configuration)
    {
        var services = new ServiceCollection().AddBotOptions(configuration).BuildServiceProvider();
        try
        {
            services.ValidateOptions();
            return services;
        }
        catch
        {
            services.Dispose();
            throw;
        }
    }

    /// <summary>One configured object, built as the host builds it.</summary>
    public static T Load<T>(IConfiguration configuration)
        where T : notnull
    {
        using var services = Services(configuration);
        return services.GetRequiredService<T>();
    }

    public static CatalogException Problems(IConfiguration configuration) =>
        Assert.Throws<CatalogException>(() => Services(configuration).Dispose());

    /// <summary>Loading fails, and the problem is listed both on its own and in the message.</summary>
    public static void AssertProblem(string expected, IConfiguration configuration)
    {
        var exception = Problems(configuration);
        Assert.Contains(expected, exception.Problems);
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    public static void AssertProblemStartsWith(string expected, IConfiguration configuration) =>
        Assert.Contains(Problems(configuration).Problems, p => p.StartsWith(expected, StringComparison.Ordinal));

    private static bool IsUnder(string key, string prefix) =>
        key.Equals(prefix, StringComparison.OrdinalIgnoreCase) || key.StartsWith(prefix + ":", StringComparison.OrdinalIgnoreCase);
}
