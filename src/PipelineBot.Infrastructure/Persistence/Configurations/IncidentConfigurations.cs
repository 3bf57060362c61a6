using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PipelineBot.Infrastructure.Persistence.Configurations;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<IncidentRow>
{
    public void Configure(EntityTypeBuilder<IncidentRow> builder)
    {
        builder.ToTable("Incidents");
        builder.Property(i => i.PipelineId).HasMaxLength(100);
        builder.Property(i => i.RunId).HasMaxLength(250);
        builder.Property(i => i.Kind).HasMaxLength(20);
        builder.Property(i => i.Summary).HasMaxLength(2000);
        builder.Property(i => i.LogicalDate).HasMaxLength(50);
        builder.Property(i => i.DagId).HasMaxLength(250);
        builder.Property(i => i.TaskId).HasMaxLength(250);
        builder.Property(i => i.LogUrl).HasMaxLength(2000);
        builder.Property(i => i.State).HasMaxLength(20);
        builder.Property(i => i.PagedMemberId).HasMaxLength(100);
        builder.Property(i => i.AcknowledgedBy).HasMaxLength(100);
        builder.Property(i => i.ResolvedBy).HasMaxLength(100);
        builder.Property(i => i.Expert).HasMaxLength(100);
        builder.Property(i => i.ExpertArea).HasMaxLength(20);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasIndex(i => new { i.PipelineId, i.RunId }).IsUnique();
        builder.HasIndex(i => i.State);

        // In a storm thousands of open incidents are linked to one: this finds those linked to one (its card counts
        // them) and the few unlinked, open ones a new incident may link to, without reading the others.
        builder.HasIndex(i => new { i.LinkedTo, i.PipelineId, i.State });
    }
}

internal sealed class IncidentClockConfiguration : IEntityTypeConfiguration<IncidentClockRow>
{
    public void Configure(EntityTypeBuilder<IncidentClockRow> builder)
    {
        builder.ToTable("IncidentClocks");
        builder.Property(c => c.Kind).HasMaxLength(30);
        builder.Property(c => c.Outcome).HasMaxLength(20);
        builder.HasIndex(c => new { c.ClosedAt, c.DueAt });
        builder.HasIndex(c => c.IncidentId);
    }
}

internal sealed class RunConfiguration : IEntityTypeConfiguration<RunRow>
{
    public void Configure(EntityTypeBuilder<RunRow> builder)
    {
        builder.ToTable("Runs");
        builder.Property(r => r.PipelineId).HasMaxLength(100);
        builder.Property(r => r.RunId).HasMaxLength(250);
        builder.Property(r => r.State).HasMaxLength(20);
        builder.Property(r => r.LogicalDate).HasMaxLength(50);
        builder.Property(r => r.WaitingFor).HasMaxLength(500);
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.HasIndex(r => new { r.PipelineId, r.RunId }).IsUnique();
        builder.HasIndex(r => new { r.PipelineId, r.UpdatedAt });
    }
}

internal sealed class RerunConfiguration : IEntityTypeConfiguration<RerunRow>
{
    public void Configure(EntityTypeBuilder<RerunRow> builder)
    {
        builder.ToTable("Reruns");
        builder.Property(r => r.PipelineId).HasMaxLength(100);
        builder.Property(r => r.DagId).HasMaxLength(250);
        builder.Property(r => r.RequestedBy).HasMaxLength(100);
        builder.Property(r => r.Mode).HasMaxLength(20);
        builder.Property(r => r.SourceRunId).HasMaxLength(250);
        builder.Property(r => r.LoadDate).HasMaxLength(20);
        builder.Property(r => r.PendingPreconditions).HasMaxLength(500);
        builder.Property(r => r.State).HasMaxLength(20);
        builder.Property(r => r.FollowDagId).HasMaxLength(250);
        builder.Property(r => r.FollowRunId).HasMaxLength(250);
        builder.HasIndex(r => new { r.FinishedAt, r.NextStepAt });
        builder.HasIndex(r => r.IncidentId);
    }
}

internal sealed class OperationConfiguration : IEntityTypeConfiguration<OperationRow>
{
    public void Configure(EntityTypeBuilder<OperationRow> builder)
    {
        builder.ToTable("Operations");
        builder.Property(o => o.Kind).HasMaxLength(20);
        builder.Property(o => o.PipelineId).HasMaxLength(100);
        builder.Property(o => o.RequestedBy).HasMaxLength(100);
        builder.Property(o => o.State).HasMaxLength(20);
        builder.Property(o => o.DecidedBy).HasMaxLength(100);
        builder.HasIndex(o => o.NextStepAt);
        builder.HasIndex(o => new { o.Kind, o.State });
    }
}

internal sealed class DeadlineCheckConfiguration : IEntityTypeConfiguration<DeadlineCheckRow>
{
    public void Configure(EntityTypeBuilder<DeadlineCheckRow> builder)
    {
        builder.ToTable("DeadlineChecks");
        builder.HasKey(d => d.Deadline);
        builder.Property(d => d.Deadline).ValueGeneratedNever();
    }
}

internal sealed class SlaReviewPostConfiguration : IEntityTypeConfiguration<SlaReviewPostRow>
{
    public void Configure(EntityTypeBuilder<SlaReviewPostRow> builder)
    {
        builder.ToTable("SlaReviewPosts");
        builder.HasKey(p => p.Month);
        builder.Property(p => p.Month).HasMaxLength(7);
    }
}
