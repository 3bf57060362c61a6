using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Rotation;
using PipelineBot.Domain.Sla;

namespace PipelineBot.Infrastructure.Configuration;

public static class BotOptionsServiceCollectionExtensions
{
    /// <summary>
    /// The bot's own configuration, feature by feature: each section bound to its options and checked at start (see
    /// <see cref="CheckedOptions"/>), and the objects the services take built from the checked options, as singletons:
    /// <see cref="Catalog"/>, <see cref="ShiftCalendar"/>, <see cref="RosterTimeline"/>, <see cref="HolidayCalendar"/>,
    /// <see cref="HolidaySettings"/>, <see cref="TradeSettings"/>, <see cref="SlaPolicy"/>, <see cref="BusinessHours"/>,
    /// <see cref="StorageSettings"/> and <see cref="WebLinks"/>.
    /// </summary>
    public static IServiceCollection AddBotOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // The rotation names members. Its check reads them from the bound catalog rather than from IOptions<CatalogOptions>,
        // whose validation fails on the catalog's own problems and would hide the rotation's.
        MemberRoles Members() => new(configuration.GetSection(CatalogOptions.Section).Get<CatalogOptions>()?.Members ?? []);

        services.AddCheckedOptions<CatalogOptions>(configuration, CatalogOptions.Section, (reader, catalog) => new CatalogReader(reader, catalog).Read(null), CatalogOptions.SectionsOfTheirOwn);
        services.AddCheckedOptions<RotationOptions>(configuration, RotationOptions.Section, (reader, rotation) =>
        {
            var read = new RotationReader(reader, rotation, Members());
            read.ReadShifts();
            read.ReadRoster();
        });
        services.AddCheckedOptions<HolidaysOptions>(configuration, HolidaysOptions.Section, (reader, holidays) =>
        {
            var read = new HolidaysReader(reader, holidays);
            read.ReadSettings(read.ReadCalendar());
        });
        services.AddCheckedOptions<TradesOptions>(configuration, TradesOptions.Section, (reader, trades) => OperationsReader.ReadTrades(reader, trades));
        services.AddCheckedOptions<SlaOptions>(configuration, SlaOptions.Section, (reader, sla) => OperationsReader.ReadSla(reader, sla));
        services.AddCheckedOptions<BusinessHoursOptions>(configuration, BusinessHoursOptions.Section, (reader, hours) => OperationsReader.ReadBusinessHours(reader, hours));
        services.AddCheckedOptions<StorageOptions>(configuration, StorageOptions.Section, (reader, storage) => OperationsReader.ReadStorage(reader, storage));
        services.AddCheckedOptions<WebOptions>(configuration, WebOptions.Section, (reader, web) => OperationsReader.ReadWeb(reader, web));

        services.AddSingleton(sp => Build(configuration, reader => new RotationReader(reader, Options<RotationOptions>(sp), Members()).ReadShifts()));
        services.AddSingleton(sp => Build(configuration, reader => new RotationReader(reader, Options<RotationOptions>(sp), Members()).ReadRoster()));
        services.AddSingleton(sp => Build(configuration, reader => new CatalogReader(reader, Options<CatalogOptions>(sp)).Read(sp.GetRequiredService<ShiftCalendar>().Zone.Id)));
        services.AddSingleton(sp => Build(configuration, reader => new HolidaysReader(reader, Options<HolidaysOptions>(sp)).ReadCalendar()));
        services.AddSingleton(sp => Build(configuration, reader => new HolidaysReader(reader, Options<HolidaysOptions>(sp)).ReadSettings(sp.GetRequiredService<HolidayCalendar>())));
        services.AddSingleton(sp => Build(configuration, reader => OperationsReader.ReadTrades(reader, Options<TradesOptions>(sp))));
        services.AddSingleton(sp => Build(configuration, reader => OperationsReader.ReadSla(reader, Options<SlaOptions>(sp))));
        services.AddSingleton(sp => Build(configuration, reader => OperationsReader.ReadBusinessHours(reader, Options<BusinessHoursOptions>(sp)) is { } hours
            ? hours with { Closures = [.. sp.GetRequiredService<HolidayCalendar>().Rules.Where(r => !r.BusinessDay)] }
            : null));
        services.AddSingleton(sp => Build(configuration, reader => OperationsReader.ReadStorage(reader, Options<StorageOptions>(sp))));
        services.AddSingleton(sp => Build(configuration, reader => OperationsReader.ReadWeb(reader, Options<WebOptions>(sp))));

        return services;
    }

    private static T Options<T>(IServiceProvider services)
        where T : class => services.GetRequiredService<IOptions<T>>().Value;

    /// <summary>
    /// Reads an object from options that passed their check (asking for them runs it), so the read notes nothing; if it
    /// did, the check and the read would disagree, and the problems still name their keys.
    /// </summary>
    private static T Build<T>(IConfiguration configuration, Func<ConfigurationReader, T?> read)
        where T : class
    {
        var reader = new ConfigurationReader(configuration);
        var built = read(reader);
        return reader.Problems.Count == 0 && built is not null ? built : throw new CatalogException(reader.Problems);
    }
}
