using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PipelineBot.Infrastructure.Persistence.Configurations;

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<NoticeRow>
{
    public void Configure(EntityTypeBuilder<NoticeRow> builder)
    {
        builder.ToTable("Notices");
        builder.Property(n => n.Audience).HasMaxLength(100);
        builder.HasIndex(n => n.DeliveredAt);
    }
}
