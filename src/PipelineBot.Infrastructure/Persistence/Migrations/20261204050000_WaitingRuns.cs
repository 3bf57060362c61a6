using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PipelineBot.Infrastructure.Persistence.Migrations;

// Written by hand, as the others: a run waiting for its source file names the file.
[DbContext(typeof(PipelineBotDbContext))]
[Migration("20261204050000_WaitingRuns")]
public sealed class WaitingRuns : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "WaitingFor", table: "Runs", maxLength: 500, nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "WaitingFor", table: "Runs");
}
