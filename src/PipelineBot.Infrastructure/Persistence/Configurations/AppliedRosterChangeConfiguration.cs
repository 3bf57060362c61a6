using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PipelineBot.Infrastructure.Persistence.Configurations;

internal sealed class AppliedRosterChangeConfiguration : IEntityTypeConfiguration<AppliedRosterChangeRow>
{
    public void Configure(EntityTypeBuilder<AppliedRosterChangeRow> builder)
    {
        builder.ToTable("AppliedRosterChanges");
        builder.HasKey(c => c.Key);
        builder.Property(c => c.Key).HasMaxLength(300);
    }
}
