using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PipelineBot.Infrastructure.Persistence.Migrations;

// Written by hand, as the others: a notice is stored as data (its kind, the ids it names, the members it mentions) and
// worded when delivered. Notices stored before this are kind 'text' and keep their words in Text, so one accepted but
// not yet delivered is still delivered as it was.
[DbContext(typeof(PipelineBotDbContext))]
[Migration("20261202150000_StructuredNotices")]
public sealed class StructuredNotices : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "Kind", table: "Notices", maxLength: 50, nullable: false, defaultValue: "text");
        migrationBuilder.AddColumn<string>(name: "Data", table: "Notices", nullable: true);
        migrationBuilder.AddColumn<string>(name: "Mentions", table: "Notices", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "Mentions", table: "Notices");
        migrationBuilder.DropColumn(name: "Data", table: "Notices");
        migrationBuilder.DropColumn(name: "Kind", table: "Notices");
    }
}
