using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PipelineBot.Infrastructure.Configuration;

/// <summary>
/// Options bound from one section and checked at start, for every feature alike: a key the options do not bind is a
/// problem, and so is everything the feature's check notes, each as "key: what is wrong".
/// </summary>
public static class CheckedOptions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/> and validates them at start
    /// (<c>ValidateOnStart</c>) with <paramref name="check"/>, which notes each problem on the reader it is given.
    /// </summary>
    /// <param name="boundElsewhere">Children of the section that other options bind and check.</param>
    public static OptionsBuilder<TOptions> AddCheckedOptions<TOptions>(
        this IServiceCollection services,
        IConfiguration configuration,
        string section,
        Action<ConfigurationReader, TOptions> check,
        IReadOnlyCollection<string>? boundElsewhere = null)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<IValidateOptions<TOptions>>(new Check<TOptions>(configuration, section, check, boundElsewhere));
        return services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
    }

    /// <summary>
    /// Validates now every option registered with <c>ValidateOnStart</c>, as the host does when it starts, and throws one
    /// <see cref="CatalogException"/> listing the problems of every feature. Called as soon as the services are built:
    /// preparing the storage uses the configured objects before the host starts, and the first of them to fail would
    /// name only its own feature's problems.
    /// </summary>
    public static void ValidateOptions(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException e)
        {
            throw new CatalogException([.. e.Failures]);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            throw new CatalogException([.. e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(i => i.Failures)]);
        }
    }

    private sealed class Check<TOptions>(IConfiguration configuration, string section, Action<ConfigurationReader, TOptions> check, IReadOnlyCollection<string>? boundElsewhere)
        : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var reader = new ConfigurationReader(configuration);
            reader.UnknownKeys(section, typeof(TOptions), boundElsewhere);
            check(reader, options);
            return reader.Problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(reader.Problems);
        }
    }
}
