using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Sla;

namespace PipelineBot.Infrastructure.Configuration;

/// <summary>
/// Checks the catalog (<see cref="CatalogOptions"/>) and builds it: every reference between its parts (owners, leads,
/// downstream teams, upstream pipelines, contacts, DAGs) must name something configured.
/// </summary>
internal sealed class CatalogReader(ConfigurationReader reader, CatalogOptions options)
{
    private const string Root = CatalogOptions.Section;

    private readonly MemberRoles _members = new(options.Members);

    /// <summary>The catalog, or null with its problems noted; a member without a time zone of their own takes <paramref name="rotationZone"/>.</summary>
    public Catalog? Read(string? rotationZone)
    {
        var before = reader.Problems.Count;
        var members = ReadMembers(rotationZone);
        var contacts = ReadExternalContacts();
        var setupDags = ReadSetupDags();
        var teams = ReadDownstreamTeams();
        var pipelines = ReadPipelines(teams, contacts, setupDags);
        return reader.Problems.Count == before ? new Catalog(members, pipelines, teams, contacts, setupDags) : null;
    }

    private List<Member> ReadMembers(string? rotationZone)
    {
        const string list = $"{Root}:Members";
        if (options.Members.Count == 0)
        {
            reader.Problem(list, "no members: the section is missing or empty");
        }

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var emails = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var members = new List<Member>();
        foreach (var (member, key) in reader.Items(options.Members, list))
        {
            var id = reader.UniqueId(member.Id, $"{key}:Id", ids);
            var name = reader.Required(member.Name, $"{key}:Name");
            var email = reader.Email(member.Email, $"{key}:Email");
            if (email is not null && !emails.TryAdd(email, $"{key}:Email"))
            {
                reader.Problem($"{key}:Email", $"duplicate email '{email}' (also {emails[email]}): the email is what joins one person across Teams, Slack and the web");
            }

            var roles = ReadRoles(member.Roles, $"{key}:Roles");
            var zone = member.TimeZone is null ? rotationZone : reader.Zone(member.TimeZone, $"{key}:TimeZone")?.Id;
            if (id is not null)
            {
                members.Add(new Member(id, name ?? "", email ?? "", roles, zone ?? "", ConfigurationReader.Optional(member.Title)));
            }
        }

        return members;
    }

    private HashSet<string> ReadRoles(List<string> configured, string key)
    {
        var roles = new HashSet<string>(StringComparer.Ordinal);
        if (configured.Count == 0)
        {
            reader.Problem(key, $"no roles (known roles: {string.Join(", ", Roles.All)})");
        }

        foreach (var (role, roleKey) in reader.Items(configured, key))
        {
            if (reader.Required(role, roleKey) is { } name && reader.Known(name, roleKey, "role", Roles.All))
            {
                roles.Add(name);
            }
        }

        return roles;
    }

    private List<ExternalContact> ReadExternalContacts()
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var contacts = new List<ExternalContact>();
        foreach (var (contact, key) in reader.Items(options.ExternalContacts, $"{Root}:ExternalContacts"))
        {
            var id = reader.UniqueId(contact.Id, $"{key}:Id", ids);
            var name = reader.Required(contact.Name, $"{key}:Name");
            var organization = reader.Required(contact.Organization, $"{key}:Organization");
            var when = reader.Required(contact.When, $"{key}:When");
            var email = contact.Email is null ? null : reader.Email(contact.Email, $"{key}:Email");
            if (id is not null)
            {
                contacts.Add(new ExternalContact(id, name ?? "", organization ?? "", when ?? "", email));
            }
        }

        return contacts;
    }

    private List<SetupDag> ReadSetupDags()
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var dags = new List<SetupDag>();
        foreach (var (dag, key) in reader.Items(options.SetupDags, $"{Root}:SetupDags"))
        {
            var id = reader.UniqueId(dag.DagId, $"{key}:DagId", ids);
            var purpose = reader.Required(dag.Purpose, $"{key}:Purpose");
            if (id is not null)
            {
                dags.Add(new SetupDag(id, purpose ?? ""));
            }
        }

        return dags;
    }

    private List<DownstreamTeam> ReadDownstreamTeams()
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var teams = new List<DownstreamTeam>();
        foreach (var (team, key) in reader.Items(options.DownstreamTeams, $"{Root}:DownstreamTeams"))
        {
            var id = reader.UniqueId(team.Id, $"{key}:Id", ids);
            var name = reader.Required(team.Name, $"{key}:Name");
            var leads = new List<string>();
            foreach (var (lead, leadKey) in reader.Items(team.Leads, $"{key}:Leads"))
            {
                if (reader.Required(lead, leadKey) is { } leadId && _members.Check(reader, leadId, leadKey, Roles.Lead))
                {
                    leads.Add(leadId);
                }
            }

            if (id is not null)
            {
                teams.Add(new DownstreamTeam(id, name ?? "", leads));
            }
        }

        return teams;
    }

    private List<Pipeline> ReadPipelines(List<DownstreamTeam> teams, List<ExternalContact> contacts, List<SetupDag> setupDags)
    {
        const string list = $"{Root}:Pipelines";
        if (options.Pipelines.Count == 0)
        {
            reader.Problem(list, "no pipelines: the section is missing or empty");
        }

        var items = reader.Items(options.Pipelines, list).ToList();

        // Ids and DAG ids first, so that an upstream link or a precondition may name a pipeline further down the list.
        var ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var dagIds = setupDags.ToDictionary(d => d.DagId, d => $"setup DAG '{d.DagId}'", StringComparer.Ordinal);
        foreach (var (pipeline, key) in items)
        {
            var id = reader.UniqueId(pipeline.Id, $"{key}:Id", ids);
            if (pipeline.Orchestrator is { DagId: { } dagIdValue } && ConfigurationReader.Optional(dagIdValue) is { } dagId && !dagIds.TryAdd(dagId, $"pipeline '{id}'"))
            {
                reader.Problem($"{key}:Orchestrator:DagId", $"DAG '{dagId}' also belongs to {dagIds[dagId]}");
            }
        }

        var teamIds = teams.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var contactIds = contacts.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var terms = new Dictionary<string, (string Pipeline, string Key)>(StringComparer.OrdinalIgnoreCase);
        var pipelines = new List<Pipeline>();
        foreach (var (pipeline, key) in items)
        {
            var id = ConfigurationReader.Optional(pipeline.Id);
            var name = reader.Required(pipeline.Name, $"{key}:Name");
            var aliases = ReadAliases(id, name, pipeline.Aliases, key, terms);
            var primary = Owner(pipeline.PrimaryOwner, $"{key}:PrimaryOwner");
            var secondary = Owner(pipeline.SecondaryOwner, $"{key}:SecondaryOwner");
            if (primary is not null && primary == secondary)
            {
                reader.Problem($"{key}:SecondaryOwner", $"'{secondary}' is also the primary owner; the secondary owner is who a breach escalates to");
            }

            var team = ConfigurationReader.Optional(pipeline.DownstreamTeam);
            if (team is not null)
            {
                reader.Known(team, $"{key}:DownstreamTeam", "downstream team", teamIds);
            }

            var upstream = References(pipeline.Upstream, $"{key}:Upstream", "pipeline", ids.Keys);
            var orchestration = ReadOrchestration(pipeline.Orchestrator, $"{key}:Orchestrator");
            var procedures = reader.Items(pipeline.StandardProcedures, $"{key}:StandardProcedures")
                .Select(p => new Procedure(reader.Required(p.Item.Text, $"{p.Key}:Text") ?? "", p.Item.Items))
                .ToList();
            var externalContacts = References(pipeline.ExternalContacts, $"{key}:ExternalContacts", "external contact", contactIds);
            var preconditions = References(pipeline.Preconditions, $"{key}:Preconditions", "DAG", dagIds.Keys);
            var scheduleText = ConfigurationReader.Optional(pipeline.Schedule);
            var schedule = scheduleText is null ? RunSchedule.Daily : RunSchedule.Parse(scheduleText);
            if (schedule is null)
            {
                reader.Problem($"{key}:Schedule", $"'{scheduleText}' is not daily, business days or weekly on a day (e.g. weekly on Monday)");
            }

            var checks = ReadChecks(pipeline.CountChecks, $"{key}:CountChecks");
            if (id is not null)
            {
                pipelines.Add(new Pipeline(
                    id,
                    name ?? "",
                    aliases,
                    ConfigurationReader.Optional(pipeline.Description) ?? "",
                    primary ?? "",
                    secondary ?? "",
                    team,
                    upstream,
                    orchestration,
                    pipeline.CriticalFields,
                    pipeline.KnownIssues,
                    procedures,
                    externalContacts,
                    preconditions,
                    ConfigurationReader.Optional(pipeline.Flow))
                {
                    Schedule = schedule ?? RunSchedule.Daily,
                    Checks = checks ?? PipelineChecks.None,
                });
            }
        }

        ReportUpstreamCycles(pipelines, ids);
        return pipelines;
    }

    /// <summary>
    /// The pipeline's aliases. People find a pipeline by its id, name or any alias, so no such term may name two pipelines;
    /// <paramref name="terms"/> maps each term seen so far to its pipeline.
    /// </summary>
    private List<string> ReadAliases(string? id, string? name, List<string> configured, string key, Dictionary<string, (string Pipeline, string Key)> terms)
    {
        var aliases = new List<string>();
        var named = new List<(string Term, string Key)>();
        if (name is not null)
        {
            named.Add((name, $"{key}:Name"));
        }

        foreach (var (alias, aliasKey) in reader.Items(configured, $"{key}:Aliases"))
        {
            if (reader.Required(alias, aliasKey) is { } text)
            {
                aliases.Add(text);
                named.Add((text, aliasKey));
            }
        }

        if (id is null)
        {
            return aliases;
        }

        foreach (var (term, termKey) in named.Prepend((id, $"{key}:Id")))
        {
            if (!terms.TryAdd(term, (id, termKey)) && !string.Equals(terms[term].Pipeline, id, StringComparison.OrdinalIgnoreCase))
            {
                reader.Problem(termKey, $"'{term}' already names pipeline '{terms[term].Pipeline}' ({terms[term].Key})");
            }
        }

        return aliases;
    }

    private string? Owner(string? value, string key) =>
        reader.Required(value, key) is { } id && _members.Known(reader, id, key) ? id : null;

    private List<string> References(List<string> configured, string key, string what, IReadOnlyCollection<string> known)
    {
        var references = new List<string>();
        foreach (var (value, valueKey) in reader.Items(configured, key))
        {
            if (reader.Required(value, valueKey) is { } id && reader.Known(id, valueKey, what, known))
            {
                references.Add(id);
            }
        }

        return references;
    }

    private Orchestration? ReadOrchestration(OrchestratorOptions? orchestrator, string key)
    {
        if (orchestrator is null)
        {
            return null;
        }

        var dagId = reader.Required(orchestrator.DagId, $"{key}:DagId");
        var parameters = References(orchestrator.RerunParameters, $"{key}:RerunParameters", "rerun parameter", RerunParameters.All);
        return dagId is null ? null : new Orchestration(dagId, parameters);
    }

    /// <summary>Upstream links must form a DAG: an incident is linked to its upstream's, and a cycle would link it to itself.</summary>
    private PipelineChecks? ReadChecks(CountChecksOptions? checks, string key)
    {
        if (checks is null)
        {
            return PipelineChecks.None;
        }

        var aboveZero = reader.Flag(checks.RecordsAboveZero, $"{key}:RecordsAboveZero", otherwise: false);
        var dropped = reader.Flag(checks.DroppedWithinSla, $"{key}:DroppedWithinSla", otherwise: false);
        var tolerance = checks.RecordsWithinPercentOfMedian is null ? null : reader.Percent(checks.RecordsWithinPercentOfMedian, $"{key}:RecordsWithinPercentOfMedian", zeroAllowed: true);
        return aboveZero is null || dropped is null || (checks.RecordsWithinPercentOfMedian is not null && tolerance is null)
            ? null
            : new PipelineChecks(aboveZero.Value, dropped.Value, tolerance);
    }

    private void ReportUpstreamCycles(List<Pipeline> pipelines, Dictionary<string, string> idKeys)
    {
        var byId = pipelines.DistinctBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(p => p.Id, StringComparer.OrdinalIgnoreCase);
        var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var path = new List<string>();
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        void Visit(string id)
        {
            var onPath = path.FindIndex(p => string.Equals(p, id, StringComparison.OrdinalIgnoreCase));
            if (onPath >= 0)
            {
                var cycle = path[onPath..];

                // Each cycle is reported once, at its first pipeline in configuration order.
                var first = pipelines.First(p => cycle.Contains(p.Id, StringComparer.OrdinalIgnoreCase)).Id;
                if (reported.Add(string.Join("|", cycle.Order(StringComparer.OrdinalIgnoreCase))))
                {
                    var start = cycle.FindIndex(c => string.Equals(c, first, StringComparison.OrdinalIgnoreCase));
                    var loop = cycle[start..].Concat(cycle[..start]).Append(cycle[start]).Select(c => $"'{c}'");
                    var key = idKeys[first][..^":Id".Length];
                    reader.Problem($"{key}:Upstream", $"upstream cycle {string.Join(" → ", loop)}: each takes its data from the next");
                }

                return;
            }

            if (!done.Add(id))
            {
                return;
            }

            path.Add(id);
            foreach (var upstream in byId[id].Upstream)
            {
                Visit(upstream);
            }

            path.RemoveAt(path.Count - 1);
        }

        foreach (var pipeline in pipelines)
        {
            Visit(pipeline.Id);
        }
    }
}

/// <summary>
/// The configured members' ids with their known roles, for the checks that name members (downstream leads, the roster).
/// Read from the bound members without a word: what is wrong with a member is the catalog's check to report.
/// </summary>
internal sealed class MemberRoles
{
    private readonly Dictionary<string, HashSet<string>> _roles = new(StringComparer.Ordinal);

    public MemberRoles(IEnumerable<MemberOptions> members)
    {
        foreach (var member in members)
        {
            if (ConfigurationReader.Optional(member.Id) is { } id)
            {
                _roles.TryAdd(id, [.. member.Roles.Select(ConfigurationReader.Optional).OfType<string>().Where(Roles.All.Contains)]);
            }
        }
    }

    /// <summary>Notes an unknown member with the nearest ids; true if the member is known.</summary>
    public bool Known(ConfigurationReader reader, string id, string key) => reader.Known(id, key, "member", _roles.Keys);

    /// <summary>Notes an unknown member, or one without <paramref name="role"/>; true if the member is known and has it.</summary>
    public bool Check(ConfigurationReader reader, string id, string key, string role)
    {
        if (!Known(reader, id, key))
        {
            return false;
        }

        if (!_roles[id].Contains(role))
        {
            reader.Problem(key, $"'{id}' lacks the '{role}' role");
            return false;
        }

        return true;
    }
}
