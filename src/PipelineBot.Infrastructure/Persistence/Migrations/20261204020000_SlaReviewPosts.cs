using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PipelineBot.Infrastructure.Persistence.Migrations;

// Written by hand, as the others: the months whose SLA review the bot posted by itself, each claimed once.
[DbContext(typeof(PipelineBotDbContext))]
[Migration("20261204020000_SlaReviewPosts")]
public sealed class SlaReviewPosts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "SlaReviewPosts",
            columns: table => new
            {
                Month = table.Column<string>(maxLength: 7, nullable: false),
                PostedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_SlaReviewPosts", x => x.Month));

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropTable(name: "SlaReviewPosts");
}
