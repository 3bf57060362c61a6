using Microsoft.EntityFrameworkCore;

namespace PipelineBot.Infrastructure.Persistence;

public sealed class PipelineBotDbContext(DbContextOptions<PipelineBotDbContext> options) : DbContext(options)
{
    public DbSet<HolidayAssignmentRow> HolidayAssignments => Set<HolidayAssignmentRow>();
    public DbSet<TradeOfferRow> TradeOffers => Set<TradeOfferRow>();
    public DbSet<OverrideRow> Overrides => Set<OverrideRow>();
    public DbSet<AuditEntryRow> AuditEntries => Set<AuditEntryRow>();
    public DbSet<NoticeRow> Notices => Set<NoticeRow>();
    public DbSet<NoticeDeliveryRow> NoticeDeliveries => Set<NoticeDeliveryRow>();
    public DbSet<ChannelAccountRow> ChannelAccounts => Set<ChannelAccountRow>();
    public DbSet<ChannelConversationRow> ChannelConversations => Set<ChannelConversationRow>();
    public DbSet<PostedCardRow> PostedCards => Set<PostedCardRow>();
    public DbSet<AppliedRosterChangeRow> AppliedRosterChanges => Set<AppliedRosterChangeRow>();
    public DbSet<IncidentRow> Incidents => Set<IncidentRow>();
    public DbSet<IncidentClockRow> IncidentClocks => Set<IncidentClockRow>();
    public DbSet<RunRow> Runs => Set<RunRow>();
    public DbSet<RerunRow> Reruns => Set<RerunRow>();
    public DbSet<OperationRow> Operations => Set<OperationRow>();
    public DbSet<DeadlineCheckRow> DeadlineChecks => Set<DeadlineCheckRow>();
    public DbSet<LeaseRow> Leases => Set<LeaseRow>();
    public DbSet<InboundKeyRow> InboundKeys => Set<InboundKeyRow>();
    public DbSet<HandoffRow> Handoffs => Set<HandoffRow>();
    public DbSet<SlaReviewPostRow> SlaReviewPosts => Set<SlaReviewPostRow>();
    public DbSet<CalendarLinkRow> CalendarLinks => Set<CalendarLinkRow>();
    public DbSet<SignInLinkRow> SignInLinks => Set<SignInLinkRow>();
    public DbSet<WebSessionRow> WebSessions => Set<WebSessionRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PipelineBotDbContext).Assembly);
}
