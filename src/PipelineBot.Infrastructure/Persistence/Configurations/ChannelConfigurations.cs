using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PipelineBot.Infrastructure.Persistence.Configurations;

internal sealed class ChannelAccountConfiguration : IEntityTypeConfiguration<ChannelAccountRow>
{
    public void Configure(EntityTypeBuilder<ChannelAccountRow> builder)
    {
        builder.ToTable("ChannelAccounts");
        builder.HasKey(a => new { a.Channel, a.AccountId });
        builder.Property(a => a.Channel).HasMaxLength(20);
        builder.Property(a => a.AccountId).HasMaxLength(300);
        builder.Property(a => a.MemberId).HasMaxLength(100);
        builder.Property(a => a.Email).HasMaxLength(300);
        builder.Property(a => a.Name).HasMaxLength(300);
        builder.Property(a => a.TimeZone).HasMaxLength(100);
        builder.Property(a => a.Locale).HasMaxLength(100);
        builder.HasIndex(a => new { a.Channel, a.MemberId });
    }
}

internal sealed class ChannelConversationConfiguration : IEntityTypeConfiguration<ChannelConversationRow>
{
    public void Configure(EntityTypeBuilder<ChannelConversationRow> builder)
    {
        builder.ToTable("ChannelConversations");
        builder.HasKey(c => new { c.Channel, c.ConversationId });
        builder.Property(c => c.Channel).HasMaxLength(20);
        builder.Property(c => c.ConversationId).HasMaxLength(400);
        builder.Property(c => c.Kind).HasMaxLength(20);
        builder.Property(c => c.ServiceUrl).HasMaxLength(500);
        builder.Property(c => c.TenantId).HasMaxLength(100);
        builder.Property(c => c.MemberId).HasMaxLength(100);
        builder.Property(c => c.Name).HasMaxLength(300);
        builder.HasIndex(c => new { c.Channel, c.MemberId });
    }
}

internal sealed class PostedCardConfiguration : IEntityTypeConfiguration<PostedCardRow>
{
    public void Configure(EntityTypeBuilder<PostedCardRow> builder)
    {
        builder.ToTable("PostedCards");
        builder.Property(p => p.CardKey).HasMaxLength(100);
        builder.Property(p => p.Channel).HasMaxLength(20);
        builder.Property(p => p.ConversationId).HasMaxLength(400);
        builder.Property(p => p.MessageId).HasMaxLength(400);
        builder.Property(p => p.ServiceUrl).HasMaxLength(500);
        builder.HasIndex(p => p.CardKey);
    }
}

internal sealed class InboundKeyConfiguration : IEntityTypeConfiguration<InboundKeyRow>
{
    public void Configure(EntityTypeBuilder<InboundKeyRow> builder)
    {
        builder.ToTable("InboundKeys");
        builder.HasKey(k => k.Key);
        builder.Property(k => k.Key).HasMaxLength(300);
        builder.HasIndex(k => k.At);
    }
}

internal sealed class HandoffConfiguration : IEntityTypeConfiguration<HandoffRow>
{
    public void Configure(EntityTypeBuilder<HandoffRow> builder)
    {
        builder.ToTable("Handoffs");
        builder.HasKey(h => h.Key);
        builder.Property(h => h.Key).HasMaxLength(60);
    }
}

internal sealed class CalendarLinkConfiguration : IEntityTypeConfiguration<CalendarLinkRow>
{
    public void Configure(EntityTypeBuilder<CalendarLinkRow> builder)
    {
        builder.ToTable("CalendarLinks");
        builder.HasKey(l => l.MemberId);
        builder.Property(l => l.MemberId).HasMaxLength(100);
        builder.Property(l => l.Token).HasMaxLength(64);
        builder.HasIndex(l => l.Token).IsUnique();
    }
}

internal sealed class SignInLinkConfiguration : IEntityTypeConfiguration<SignInLinkRow>
{
    public void Configure(EntityTypeBuilder<SignInLinkRow> builder)
    {
        builder.ToTable("SignInLinks");
        builder.HasKey(l => l.TokenHash);
        builder.Property(l => l.TokenHash).HasMaxLength(64);
        builder.Property(l => l.MemberId).HasMaxLength(100);
    }
}

internal sealed class WebSessionConfiguration : IEntityTypeConfiguration<WebSessionRow>
{
    public void Configure(EntityTypeBuilder<WebSessionRow> builder)
    {
        builder.ToTable("WebSessions");
        builder.HasKey(s => s.IdHash);
        builder.Property(s => s.IdHash).HasMaxLength(64);
        builder.Property(s => s.MemberId).HasMaxLength(100);
        builder.Property(s => s.FormToken).HasMaxLength(64);
    }
}
