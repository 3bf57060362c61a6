using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PipelineBot.Infrastructure.Persistence.Migrations;

// Written by hand, as the others: the locale a channel reports for an account (Slack's users.info gives it only when
// asked), kept so a restart need not ask again.
[DbContext(typeof(PipelineBotDbContext))]
[Migration("20261202120000_AccountLocale")]
public sealed class AccountLocale : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "Locale", table: "ChannelAccounts", maxLength: 100, nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "Locale", table: "ChannelAccounts");
}
