using System.Text.RegularExpressions;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Holidays;

namespace PipelineBot.Conversation.Grammar;

/// <summary>
/// The names people use for the catalog's pipelines, people and holidays, and the way back from a member id to the name
/// people read. First and last names count only for the people on the rotation: a placeholder such as "Data
/// Engineering Manager" must not answer to the word "data".
/// </summary>
internal sealed class CatalogNames
{
    private readonly Catalog _catalog;
    private readonly Regex _memberIds;

    public CatalogNames(Catalog catalog, HolidayCalendar holidays)
    {
        _catalog = catalog;
        Pipelines = new NameIndex<Pipeline>(_catalog.Pipelines.SelectMany(p =>
            new[] { p.Name, p.Id }.Concat(p.Aliases).Select(name => (name, p))));
        People = new NameIndex<Member>(_catalog.Members.SelectMany(m => new[] { m.Id, m.Name }.Select(name => (name, m)))
            .Concat(_catalog.Members.Where(m => m.Has(Roles.Member)).SelectMany(m => m.Name.Split(' ').Select(name => (name, m)))));
        Holidays = new NameIndex<HolidayRule>(holidays.Rules.SelectMany(r =>
            new[] { r.Name }.Concat(r.Aliases).Select(name => (name, r))));

        // Longest first, so that an id that is the prefix of another never takes part of it.
        var ids = _catalog.Members.Select(m => Regex.Escape(m.Id)).OrderByDescending(id => id.Length);
        _memberIds = new Regex($@"(?<![\w-])(?:{string.Join('|', ids)})(?![\w-])", RegexOptions.CultureInvariant);
    }

    public NameIndex<Pipeline> Pipelines { get; }

    public NameIndex<Member> People { get; }

    public NameIndex<HolidayRule> Holidays { get; }

    public string Name(string memberId) => _catalog.FindMember(memberId)?.Name ?? memberId;

    /// <summary>Text from the rules, which name people by member id, with each id replaced by the person's name.</summary>
    public string WithNames(string text) => _memberIds.Replace(text, m => Name(m.Value));
}
