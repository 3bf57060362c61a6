using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace PipelineBot.Infrastructure.Persistence.Migrations;

// Written by hand, as the initial migration: what the channels remember (accounts, conversations, posted cards) and
// per-channel delivery of notices.
[DbContext(typeof(PipelineBotDbContext))]
[Migration("20261121120000_Channels")]
public sealed class Channels : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "CardKey", table: "Notices", maxLength: 100, nullable: true);
        migrationBuilder.AddColumn<string>(name: "Origin", table: "Notices", maxLength: 400, nullable: true);

        migrationBuilder.CreateTable(
            name: "NoticeDeliveries",
            columns: table => new
            {
                NoticeId = table.Column<long>(nullable: false),
                Channel = table.Column<string>(maxLength: 20, nullable: false),
                Attempts = table.Column<int>(nullable: false),
                NextAttemptAt = table.Column<long>(nullable: false),
                DeliveredAt = table.Column<long>(nullable: true),
                Error = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_NoticeDeliveries", x => new { x.NoticeId, x.Channel }));

        migrationBuilder.CreateTable(
            name: "ChannelAccounts",
            columns: table => new
            {
                Channel = table.Column<string>(maxLength: 20, nullable: false),
                AccountId = table.Column<string>(maxLength: 300, nullable: false),
                MemberId = table.Column<string>(maxLength: 100, nullable: true),
                Email = table.Column<string>(maxLength: 300, nullable: true),
                Name = table.Column<string>(maxLength: 300, nullable: false),
                TimeZone = table.Column<string>(maxLength: 100, nullable: true),
                SeenAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_ChannelAccounts", x => new { x.Channel, x.AccountId }));
        migrationBuilder.CreateIndex("IX_ChannelAccounts_Channel_MemberId", "ChannelAccounts", ["Channel", "MemberId"]);

        migrationBuilder.CreateTable(
            name: "ChannelConversations",
            columns: table => new
            {
                Channel = table.Column<string>(maxLength: 20, nullable: false),
                ConversationId = table.Column<string>(maxLength: 400, nullable: false),
                Kind = table.Column<string>(maxLength: 20, nullable: false),
                ServiceUrl = table.Column<string>(maxLength: 500, nullable: true),
                TenantId = table.Column<string>(maxLength: 100, nullable: true),
                MemberId = table.Column<string>(maxLength: 100, nullable: true),
                IsAlertChannel = table.Column<bool>(nullable: false),
                Name = table.Column<string>(maxLength: 300, nullable: true),
                UpdatedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_ChannelConversations", x => new { x.Channel, x.ConversationId }));
        migrationBuilder.CreateIndex("IX_ChannelConversations_Channel_MemberId", "ChannelConversations", ["Channel", "MemberId"]);

        migrationBuilder.CreateTable(
            name: "PostedCards",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                CardKey = table.Column<string>(maxLength: 100, nullable: false),
                Channel = table.Column<string>(maxLength: 20, nullable: false),
                ConversationId = table.Column<string>(maxLength: 400, nullable: false),
                MessageId = table.Column<string>(maxLength: 400, nullable: false),
                ServiceUrl = table.Column<string>(maxLength: 500, nullable: true),
                PostedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_PostedCards", x => x.Id));
        migrationBuilder.CreateIndex("IX_PostedCards_CardKey", "PostedCards", "CardKey");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "PostedCards", "ChannelConversations", "ChannelAccounts", "NoticeDeliveries" })
        {
            migrationBuilder.DropTable(table);
        }

        migrationBuilder.DropColumn(name: "Origin", table: "Notices");
        migrationBuilder.DropColumn(name: "CardKey", table: "Notices");
    }
}
