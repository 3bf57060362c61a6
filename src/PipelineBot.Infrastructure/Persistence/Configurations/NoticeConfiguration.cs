using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PipelineBot.Infrastructure.Persistence.Configurations;

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<NoticeRow>
{
    public void Configure(EntityTypeBuilder<NoticeRow> builder)
    {
        builder.ToTable("Notices");
        builder.Property(n => n.Audience).HasMaxLength(100);
        builder.Property(n => n.Kind).HasMaxLength(50);
        builder.Property(n => n.CardKey).HasMaxLength(100);
        builder.Property(n => n.Origin).HasMaxLength(400);
        builder.HasIndex(n => new { n.DeliveredAt, n.Priority, n.Id });
    }
}

internal sealed class NoticeDeliveryConfiguration : IEntityTypeConfiguration<NoticeDeliveryRow>
{
    public void Configure(EntityTypeBuilder<NoticeDeliveryRow> builder)
    {
        builder.ToTable("NoticeDeliveries");
        builder.HasKey(d => new { d.NoticeId, d.Channel });
        builder.Property(d => d.Channel).HasMaxLength(20);
    }
}

internal sealed class LeaseConfiguration : IEntityTypeConfiguration<LeaseRow>
{
    public void Configure(EntityTypeBuilder<LeaseRow> builder)
    {
        builder.ToTable("Leases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(50);
        builder.Property(l => l.Holder).HasMaxLength(100);
    }
}
