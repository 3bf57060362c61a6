using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PipelineBot.Infrastructure.Persistence.Migrations;

// Written by hand, as the others: an incident handed to an expert names them, the area and since when.
[DbContext(typeof(PipelineBotDbContext))]
[Migration("20261204060000_ExpertHandover")]
public sealed class ExpertHandover : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "Expert", table: "Incidents", maxLength: 100, nullable: true);
        migrationBuilder.AddColumn<string>(name: "ExpertArea", table: "Incidents", maxLength: 20, nullable: true);
        migrationBuilder.AddColumn<long>(name: "ExpertSince", table: "Incidents", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "Expert", table: "Incidents");
        migrationBuilder.DropColumn(name: "ExpertArea", table: "Incidents");
        migrationBuilder.DropColumn(name: "ExpertSince", table: "Incidents");
    }
}
