using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PipelineBot.Infrastructure.Persistence.Migrations;

// Written by hand, as the others: each step of a shift handoff (reminded, posted), claimed once by its key.
[DbContext(typeof(PipelineBotDbContext))]
[Migration("20261204010000_Handoffs")]
public sealed class Handoffs : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "Handoffs",
            columns: table => new
            {
                Key = table.Column<string>(maxLength: 60, nullable: false),
                At = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Handoffs", x => x.Key));

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropTable(name: "Handoffs");
}
