using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PipelineBot.Infrastructure.Persistence.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntryRow>
{
    public void Configure(EntityTypeBuilder<AuditEntryRow> builder)
    {
        builder.ToTable("AuditEntries");
        builder.Property(a => a.Actor).HasMaxLength(100);
        builder.Property(a => a.Action).HasMaxLength(50);
        builder.Property(a => a.Subject).HasMaxLength(200);
        builder.HasIndex(a => a.At);

        // An incident's timeline is its audit entries; a card reads only some actions of it.
        builder.HasIndex(a => new { a.Subject, a.Action });
    }
}
