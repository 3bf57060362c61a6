using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PipelineBot.Infrastructure.Persistence.Configurations;

internal sealed class TradeOfferConfiguration : IEntityTypeConfiguration<TradeOfferRow>
{
    public void Configure(EntityTypeBuilder<TradeOfferRow> builder)
    {
        builder.ToTable("TradeOffers");
        builder.Property(t => t.Kind).HasMaxLength(20);
        builder.Property(t => t.State).HasMaxLength(20);
        builder.Property(t => t.ProposerId).HasMaxLength(100);
        builder.Property(t => t.CounterpartyId).HasMaxLength(100);
        builder.Property(t => t.OfferedHoliday).HasMaxLength(100);
        builder.Property(t => t.RequestedHoliday).HasMaxLength(100);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasIndex(t => new { t.State, t.ExpiresAt });
    }
}
