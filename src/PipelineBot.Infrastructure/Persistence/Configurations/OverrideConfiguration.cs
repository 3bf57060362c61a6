using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PipelineBot.Infrastructure.Persistence.Configurations;

internal sealed class OverrideConfiguration : IEntityTypeConfiguration<OverrideRow>
{
    public void Configure(EntityTypeBuilder<OverrideRow> builder)
    {
        builder.ToTable("Overrides");
        builder.Property(o => o.MemberId).HasMaxLength(100);
        builder.Property(o => o.SetBy).HasMaxLength(100);
        builder.Property(o => o.CancelledBy).HasMaxLength(100);
        builder.Property(o => o.Reason).HasMaxLength(500);
        builder.HasIndex(o => new { o.Start, o.End });
    }
}
