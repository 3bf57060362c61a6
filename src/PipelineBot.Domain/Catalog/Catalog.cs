namespace PipelineBot.Domain.Catalog;

/// <summary>
/// The people and pipelines, loaded once at start. Invariant: every id is unique and every reference
/// (owner, upstream, lead, contact) names an entry of this catalog; the configuration loader checks that before building one.
/// </summary>
public sealed class Catalog
{
    private readonly Dictionary<string, Member> _membersById;
    private readonly Dictionary<string, Member> _membersByEmail;
    private readonly Dictionary<string, Pipeline> _pipelinesById;
    private readonly Dictionary<string, IReadOnlyList<string>> _lineages;

    public Catalog(
        IReadOnlyList<Member> members,
        IReadOnlyList<Pipeline> pipelines,
        IReadOnlyList<DownstreamTeam> downstreamTeams,
        IReadOnlyList<ExternalContact> externalContacts,
        IReadOnlyList<SetupDag> setupDags)
    {
        Members = members;
        Pipelines = pipelines;
        DownstreamTeams = downstreamTeams;
        ExternalContacts = externalContacts;
        SetupDags = setupDags;
        _membersById = members.ToDictionary(m => m.Id, StringComparer.Ordinal);
        _membersByEmail = members.ToDictionary(m => m.Email, StringComparer.OrdinalIgnoreCase);
        _pipelinesById = pipelines.ToDictionary(p => p.Id, StringComparer.OrdinalIgnoreCase);

        // Indexed once: every alert of a storm asks for its pipeline's lineage.
        _lineages = pipelines.ToDictionary(p => p.Id, p => (IReadOnlyList<string>)WalkUpstream(p), StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<Member> Members { get; }
    public IReadOnlyList<Pipeline> Pipelines { get; }
    public IReadOnlyList<DownstreamTeam> DownstreamTeams { get; }
    public IReadOnlyList<ExternalContact> ExternalContacts { get; }
    public IReadOnlyList<SetupDag> SetupDags { get; }

    public Member? FindMember(string id) => _membersById.GetValueOrDefault(id);

    public Member Member(string id) =>
        _membersById.TryGetValue(id, out var member) ? member : throw new KeyNotFoundException($"No member '{id}'.");

    public Member? FindMemberByEmail(string email) => _membersByEmail.GetValueOrDefault(email);

    public Pipeline? FindPipeline(string id) => _pipelinesById.GetValueOrDefault(id);

    public IEnumerable<Member> WithRole(string role) => Members.Where(m => m.Has(role));

    /// <summary>The pipeline and every pipeline upstream of it (<see cref="Pipeline.Upstream"/>), nearest first, breadth first.</summary>
    public IReadOnlyList<string> Lineage(Pipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return _lineages.TryGetValue(pipeline.Id, out var lineage) ? lineage : WalkUpstream(pipeline);
    }

    /// <summary>Walks the upstream references; a cycle in the catalog is walked once.</summary>
    private List<string> WalkUpstream(Pipeline pipeline)
    {
        var lineage = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<string>([pipeline.Id]);
        while (queue.TryDequeue(out var id))
        {
            if (!seen.Add(id))
            {
                continue;
            }

            lineage.Add(id);
            foreach (var upstream in FindPipeline(id)?.Upstream ?? [])
            {
                queue.Enqueue(upstream);
            }
        }

        return lineage;
    }
}
