using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PipelineBot.Infrastructure.Persistence.Migrations;

// Written by hand, as the others: what an alert storm makes large (the incidents linked to one, and that one's timeline)
// is found by index instead of read through.
[DbContext(typeof(PipelineBotDbContext))]
[Migration("20261203120000_StormIndexes")]
public sealed class StormIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex("IX_Incidents_LinkedTo_PipelineId_State", "Incidents", ["LinkedTo", "PipelineId", "State"]);
        migrationBuilder.DropIndex("IX_AuditEntries_Subject", "AuditEntries");
        migrationBuilder.CreateIndex("IX_AuditEntries_Subject_Action", "AuditEntries", ["Subject", "Action"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_AuditEntries_Subject_Action", "AuditEntries");
        migrationBuilder.CreateIndex("IX_AuditEntries_Subject", "AuditEntries", "Subject");
        migrationBuilder.DropIndex("IX_Incidents_LinkedTo_PipelineId_State", "Incidents");
    }
}
