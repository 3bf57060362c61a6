using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PipelineBot.Infrastructure.Persistence.Migrations;

// Written by hand, as the others: how long a rerun keeps trying an Airflow that does not answer.
[DbContext(typeof(PipelineBotDbContext))]
[Migration("20261204000000_RerunPatience")]
public sealed class RerunPatience : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<long>(name: "GiveUpAt", table: "Reruns", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "GiveUpAt", table: "Reruns");
}
