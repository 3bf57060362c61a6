using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PipelineBot.Infrastructure.Persistence.Migrations;

// Written by hand, as the others: each member's secret calendar-feed token.
[DbContext(typeof(PipelineBotDbContext))]
[Migration("20261204030000_CalendarLinks")]
public sealed class CalendarLinks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "CalendarLinks",
            columns: table => new
            {
                MemberId = table.Column<string>(maxLength: 100, nullable: false),
                Token = table.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_CalendarLinks", x => x.MemberId));
        migrationBuilder.CreateIndex(name: "IX_CalendarLinks_Token", table: "CalendarLinks", column: "Token", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropTable(name: "CalendarLinks");
}
