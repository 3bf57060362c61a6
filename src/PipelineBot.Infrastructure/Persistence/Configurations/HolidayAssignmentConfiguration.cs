using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PipelineBot.Infrastructure.Persistence.Configurations;

internal sealed class HolidayAssignmentConfiguration : IEntityTypeConfiguration<HolidayAssignmentRow>
{
    public void Configure(EntityTypeBuilder<HolidayAssignmentRow> builder)
    {
        builder.ToTable("HolidayAssignments");
        builder.Property(a => a.Holiday).HasMaxLength(100);
        builder.Property(a => a.MemberId).HasMaxLength(100);
        builder.Property(a => a.Source).HasMaxLength(20);
        builder.Property(a => a.Version).IsConcurrencyToken();

        // One holder per holiday and year, and one holiday per date: two instances publishing at once cannot both win.
        builder.HasIndex(a => new { a.Holiday, a.Year }).IsUnique();
        builder.HasIndex(a => a.Date).IsUnique();
        builder.HasIndex(a => a.MemberId);
    }
}
