using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace PipelineBot.Infrastructure.Persistence.Migrations;

// Written by hand, as the earlier migrations: incidents with their clocks, reported runs, reruns through Airflow, the
// data deadlines already checked, and an index that reads an incident's timeline out of the audit entries.
[DbContext(typeof(PipelineBotDbContext))]
[Migration("20261121180000_Incidents")]
public sealed class Incidents : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex("IX_AuditEntries_Subject", "AuditEntries", "Subject");

        migrationBuilder.CreateTable(
            name: "Incidents",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                PipelineId = table.Column<string>(maxLength: 100, nullable: false),
                RunId = table.Column<string>(maxLength: 250, nullable: false),
                Kind = table.Column<string>(maxLength: 20, nullable: false),
                Summary = table.Column<string>(maxLength: 2000, nullable: false),
                Detail = table.Column<string>(nullable: true),
                LogicalDate = table.Column<string>(maxLength: 50, nullable: true),
                DagId = table.Column<string>(maxLength: 250, nullable: true),
                TaskId = table.Column<string>(maxLength: 250, nullable: true),
                LogUrl = table.Column<string>(maxLength: 2000, nullable: true),
                OccurredAt = table.Column<long>(nullable: false),
                OpenedAt = table.Column<long>(nullable: false),
                AckClockStart = table.Column<long>(nullable: false),
                AckDueAt = table.Column<long>(nullable: false),
                ResolveDueAt = table.Column<long>(nullable: false),
                State = table.Column<string>(maxLength: 20, nullable: false),
                PagedMemberId = table.Column<string>(maxLength: 100, nullable: true),
                AcknowledgedBy = table.Column<string>(maxLength: 100, nullable: true),
                AcknowledgedAt = table.Column<long>(nullable: true),
                ResolvedBy = table.Column<string>(maxLength: 100, nullable: true),
                ResolvedAt = table.Column<long>(nullable: true),
                Resolution = table.Column<string>(nullable: true),
                AckBreachedAt = table.Column<long>(nullable: true),
                ResolveBreachedAt = table.Column<long>(nullable: true),
                MissedDeadline = table.Column<long>(nullable: true),
                LinkedTo = table.Column<long>(nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Incidents", x => x.Id));
        migrationBuilder.CreateIndex("IX_Incidents_PipelineId_RunId", "Incidents", ["PipelineId", "RunId"], unique: true);
        migrationBuilder.CreateIndex("IX_Incidents_State", "Incidents", "State");

        migrationBuilder.CreateTable(
            name: "IncidentClocks",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                IncidentId = table.Column<long>(nullable: false),
                Kind = table.Column<string>(maxLength: 30, nullable: false),
                DueAt = table.Column<long>(nullable: false),
                ClosedAt = table.Column<long>(nullable: true),
                Outcome = table.Column<string>(maxLength: 20, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_IncidentClocks", x => x.Id));
        migrationBuilder.CreateIndex("IX_IncidentClocks_ClosedAt_DueAt", "IncidentClocks", ["ClosedAt", "DueAt"]);
        migrationBuilder.CreateIndex("IX_IncidentClocks_IncidentId", "IncidentClocks", "IncidentId");

        migrationBuilder.CreateTable(
            name: "Runs",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                PipelineId = table.Column<string>(maxLength: 100, nullable: false),
                RunId = table.Column<string>(maxLength: 250, nullable: false),
                State = table.Column<string>(maxLength: 20, nullable: false),
                LogicalDate = table.Column<string>(maxLength: 50, nullable: true),
                StartedAt = table.Column<long>(nullable: true),
                FinishedAt = table.Column<long>(nullable: true),
                UpdatedAt = table.Column<long>(nullable: false),
                Records = table.Column<long>(nullable: true),
                Dropped = table.Column<long>(nullable: true),
                NullCritical = table.Column<string>(nullable: true),
                Error = table.Column<string>(maxLength: 2000, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Runs", x => x.Id));
        migrationBuilder.CreateIndex("IX_Runs_PipelineId_RunId", "Runs", ["PipelineId", "RunId"], unique: true);
        migrationBuilder.CreateIndex("IX_Runs_PipelineId_UpdatedAt", "Runs", ["PipelineId", "UpdatedAt"]);

        migrationBuilder.CreateTable(
            name: "Reruns",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                IncidentId = table.Column<long>(nullable: true),
                PipelineId = table.Column<string>(maxLength: 100, nullable: false),
                DagId = table.Column<string>(maxLength: 250, nullable: false),
                RequestedBy = table.Column<string>(maxLength: 100, nullable: false),
                RequestedAt = table.Column<long>(nullable: false),
                Mode = table.Column<string>(maxLength: 20, nullable: false),
                SourceRunId = table.Column<string>(maxLength: 250, nullable: true),
                LoadDate = table.Column<string>(maxLength: 20, nullable: true),
                Conf = table.Column<string>(nullable: false),
                PendingPreconditions = table.Column<string>(maxLength: 500, nullable: true),
                State = table.Column<string>(maxLength: 20, nullable: false),
                FollowDagId = table.Column<string>(maxLength: 250, nullable: true),
                FollowRunId = table.Column<string>(maxLength: 250, nullable: true),
                Note = table.Column<string>(nullable: true),
                NextStepAt = table.Column<long>(nullable: false),
                FinishedAt = table.Column<long>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Reruns", x => x.Id));
        migrationBuilder.CreateIndex("IX_Reruns_FinishedAt_NextStepAt", "Reruns", ["FinishedAt", "NextStepAt"]);
        migrationBuilder.CreateIndex("IX_Reruns_IncidentId", "Reruns", "IncidentId");

        migrationBuilder.CreateTable(
            name: "DeadlineChecks",
            columns: table => new
            {
                Deadline = table.Column<long>(nullable: false),
                CheckedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_DeadlineChecks", x => x.Deadline));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "DeadlineChecks", "Reruns", "Runs", "IncidentClocks", "Incidents" })
        {
            migrationBuilder.DropTable(table);
        }

        migrationBuilder.DropIndex("IX_AuditEntries_Subject", "AuditEntries");
    }
}
