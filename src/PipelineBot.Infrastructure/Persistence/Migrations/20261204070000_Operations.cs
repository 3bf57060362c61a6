using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace PipelineBot.Infrastructure.Persistence.Migrations;

// Written by hand, as the others: backfills and environment rebuilds, with their steps as JSON.
[DbContext(typeof(PipelineBotDbContext))]
[Migration("20261204070000_Operations")]
public sealed class Operations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Operations",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Kind = table.Column<string>(maxLength: 20, nullable: false),
                PipelineId = table.Column<string>(maxLength: 100, nullable: true),
                RequestedBy = table.Column<string>(maxLength: 100, nullable: false),
                RequestedAt = table.Column<long>(nullable: false),
                State = table.Column<string>(maxLength: 20, nullable: false),
                Steps = table.Column<string>(nullable: false),
                DecidedBy = table.Column<string>(maxLength: 100, nullable: true),
                NextStepAt = table.Column<long>(nullable: true),
                GiveUpAt = table.Column<long>(nullable: true),
                FinishedAt = table.Column<long>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Operations", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_Operations_NextStepAt", table: "Operations", column: "NextStepAt");
        migrationBuilder.CreateIndex(name: "IX_Operations_Kind_State", table: "Operations", columns: ["Kind", "State"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropTable(name: "Operations");
}
