using PipelineBot.Domain.Catalog;

namespace PipelineBot.Infrastructure.Configuration;

internal sealed partial class SettingsReader
{
    private readonly Dictionary<string, IReadOnlySet<string>> _rolesByMember = new(StringComparer.Ordinal);

    private Catalog? ReadCatalog(string? rotationZone)
    {
        var before = _problems.Count;
        var members = ReadMembers(rotationZone);
        var contacts = ReadExternalContacts();
        var setupDags = ReadSetupDags();
        var teams = ReadDownstreamTeams();
        var pipelines = ReadPipelines(teams, contacts, setupDags);
        return _problems.Count == before ? new Catalog(members, pipelines, teams, contacts, setupDags) : null;
    }

    private List<Member> ReadMembers(string? rotationZone)
    {
        const string list = $"{Root}:Members";
        if (options.Members.Count == 0)
        {
            Problem(list, "no members: the section is missing or empty");
        }

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var emails = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var members = new List<Member>();
        foreach (var (member, key) in Items(options.Members, list))
        {
            var id = UniqueId(member.Id, $"{key}:Id", ids);
            var name = Required(member.Name, $"{key}:Name");
            var email = Email(member.Email, $"{key}:Email");
            if (email is not null && !emails.TryAdd(email, $"{key}:Email"))
            {
                Problem($"{key}:Email", $"duplicate email '{email}' (also {emails[email]}): the email is what joins one person across Teams, Slack and the web");
            }

            var roles = ReadRoles(member.Roles, $"{key}:Roles");
            var zone = member.TimeZone is null ? rotationZone : Zone(member.TimeZone, $"{key}:TimeZone")?.Id;
            if (id is not null)
            {
                _rolesByMember.TryAdd(id, roles);
                members.Add(new Member(id, name ?? "", email ?? "", roles, zone ?? "", Optional(member.Title)));
            }
        }

        return members;
    }

    private HashSet<string> ReadRoles(List<string> configured, string key)
    {
        var roles = new HashSet<string>(StringComparer.Ordinal);
        if (configured.Count == 0)
        {
            Problem(key, $"no roles (known roles: {string.Join(", ", Roles.All)})");
        }

        foreach (var (role, roleKey) in Items(configured, key))
        {
            if (Required(role, roleKey) is { } name && Known(name, roleKey, "role", Roles.All))
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
        foreach (var (contact, key) in Items(options.ExternalContacts, $"{Root}:ExternalContacts"))
        {
            var id = UniqueId(contact.Id, $"{key}:Id", ids);
            var name = Required(contact.Name, $"{key}:Name");
            var organization = Required(contact.Organization, $"{key}:Organization");
            var when = Required(contact.When, $"{key}:When");
            var email = contact.Email is null ? null : Email(contact.Email, $"{key}:Email");
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
        foreach (var (dag, key) in Items(options.SetupDags, $"{Root}:SetupDags"))
        {
            var id = UniqueId(dag.DagId, $"{key}:DagId", ids);
            var purpose = Required(dag.Purpose, $"{key}:Purpose");
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
        foreach (var (team, key) in Items(options.DownstreamTeams, $"{Root}:DownstreamTeams"))
        {
            var id = UniqueId(team.Id, $"{key}:Id", ids);
            var name = Required(team.Name, $"{key}:Name");
            var leads = new List<string>();
            foreach (var (lead, leadKey) in Items(team.Leads, $"{key}:Leads"))
            {
                if (Required(lead, leadKey) is { } leadId && MemberWithRole(leadId, leadKey, Roles.Lead))
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

    /// <summary>Notes an unknown member, or one without <paramref name="role"/>; true if the member is known and has it.</summary>
    private bool MemberWithRole(string id, string key, string role)
    {
        if (!Known(id, key, "member", _rolesByMember.Keys))
        {
            return false;
        }

        if (!_rolesByMember[id].Contains(role))
        {
            Problem(key, $"'{id}' lacks the '{role}' role");
            return false;
        }

        return true;
    }

    private List<Pipeline> ReadPipelines(List<DownstreamTeam> teams, List<ExternalContact> contacts, List<SetupDag> setupDags)
    {
        const string list = $"{Root}:Pipelines";
        if (options.Pipelines.Count == 0)
        {
            Problem(list, "no pipelines: the section is missing or empty");
        }

        var items = Items(options.Pipelines, list).ToList();

        // Ids and DAG ids first, so that an upstream link or a precondition may name a pipeline further down the list.
        var ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var dagIds = setupDags.ToDictionary(d => d.DagId, d => $"setup DAG '{d.DagId}'", StringComparer.Ordinal);
        foreach (var (pipeline, key) in items)
        {
            var id = UniqueId(pipeline.Id, $"{key}:Id", ids);
            if (pipeline.Orchestrator is { DagId: { } dagIdValue } && Optional(dagIdValue) is { } dagId && !dagIds.TryAdd(dagId, $"pipeline '{id}'"))
            {
                Problem($"{key}:Orchestrator:DagId", $"DAG '{dagId}' also belongs to {dagIds[dagId]}");
            }
        }

        var teamIds = teams.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var contactIds = contacts.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var terms = new Dictionary<string, (string Pipeline, string Key)>(StringComparer.OrdinalIgnoreCase);
        var pipelines = new List<Pipeline>();
        foreach (var (pipeline, key) in items)
        {
            var id = Optional(pipeline.Id);
            var name = Required(pipeline.Name, $"{key}:Name");
            var aliases = ReadAliases(id, name, pipeline.Aliases, key, terms);
            var primary = Owner(pipeline.PrimaryOwner, $"{key}:PrimaryOwner");
            var secondary = Owner(pipeline.SecondaryOwner, $"{key}:SecondaryOwner");
            if (primary is not null && primary == secondary)
            {
                Problem($"{key}:SecondaryOwner", $"'{secondary}' is also the primary owner; the secondary owner is who a breach escalates to");
            }

            var team = Optional(pipeline.DownstreamTeam);
            if (team is not null)
            {
                Known(team, $"{key}:DownstreamTeam", "downstream team", teamIds);
            }

            var upstream = References(pipeline.Upstream, $"{key}:Upstream", "pipeline", ids.Keys);
            var orchestration = ReadOrchestration(pipeline.Orchestrator, $"{key}:Orchestrator");
            var procedures = Items(pipeline.StandardProcedures, $"{key}:StandardProcedures")
                .Select(p => new Procedure(Required(p.Item.Text, $"{p.Key}:Text") ?? "", p.Item.Items))
                .ToList();
            var externalContacts = References(pipeline.ExternalContacts, $"{key}:ExternalContacts", "external contact", contactIds);
            var preconditions = References(pipeline.Preconditions, $"{key}:Preconditions", "DAG", dagIds.Keys);
            if (id is not null)
            {
                pipelines.Add(new Pipeline(
                    id,
                    name ?? "",
                    aliases,
                    Optional(pipeline.Description) ?? "",
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
                    Optional(pipeline.Flow)));
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

        foreach (var (alias, aliasKey) in Items(configured, $"{key}:Aliases"))
        {
            if (Required(alias, aliasKey) is { } text)
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
                Problem(termKey, $"'{term}' already names pipeline '{terms[term].Pipeline}' ({terms[term].Key})");
            }
        }

        return aliases;
    }

    private string? Owner(string? value, string key) =>
        Required(value, key) is { } id && Known(id, key, "member", _rolesByMember.Keys) ? id : null;

    private List<string> References(List<string> configured, string key, string what, IReadOnlyCollection<string> known)
    {
        var references = new List<string>();
        foreach (var (value, valueKey) in Items(configured, key))
        {
            if (Required(value, valueKey) is { } id && Known(id, valueKey, what, known))
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

        var dagId = Required(orchestrator.DagId, $"{key}:DagId");
        var parameters = References(orchestrator.RerunParameters, $"{key}:RerunParameters", "rerun parameter", RerunParameters.All);
        return dagId is null ? null : new Orchestration(dagId, parameters);
    }

    /// <summary>Upstream links must form a DAG: an incident is linked to its upstream's, and a cycle would link it to itself.</summary>
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
                    Problem($"{key}:Upstream", $"upstream cycle {string.Join(" → ", loop)}: each takes its data from the next");
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
