using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace PipelineBot.Infrastructure.Persistence.Migrations;

// Written by hand: the package feed has no EF Core design-time tooling. Columns name no store type, so each provider
// maps the CLR type itself and the same migration runs on SQLite and PostgreSQL; MigrationsMatchModelTests keeps
// this file and the entity configurations in step.
[DbContext(typeof(PipelineBotDbContext))]
[Migration("20261121000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "HolidayAssignments",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Holiday = table.Column<string>(maxLength: 100, nullable: false),
                Year = table.Column<int>(nullable: false),
                Date = table.Column<DateOnly>(nullable: false),
                MemberId = table.Column<string>(maxLength: 100, nullable: false),
                Source = table.Column<string>(maxLength: 20, nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_HolidayAssignments", x => x.Id));
        migrationBuilder.CreateIndex("IX_HolidayAssignments_Holiday_Year", "HolidayAssignments", ["Holiday", "Year"], unique: true);
        migrationBuilder.CreateIndex("IX_HolidayAssignments_Date", "HolidayAssignments", "Date", unique: true);
        migrationBuilder.CreateIndex("IX_HolidayAssignments_MemberId", "HolidayAssignments", "MemberId");

        migrationBuilder.CreateTable(
            name: "TradeOffers",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Kind = table.Column<string>(maxLength: 20, nullable: false),
                ProposerId = table.Column<string>(maxLength: 100, nullable: false),
                CounterpartyId = table.Column<string>(maxLength: 100, nullable: false),
                OfferedHoliday = table.Column<string>(maxLength: 100, nullable: false),
                OfferedYear = table.Column<int>(nullable: false),
                OfferedDate = table.Column<DateOnly>(nullable: false),
                RequestedHoliday = table.Column<string>(maxLength: 100, nullable: true),
                RequestedYear = table.Column<int>(nullable: true),
                RequestedDate = table.Column<DateOnly>(nullable: true),
                CreatedAt = table.Column<long>(nullable: false),
                ExpiresAt = table.Column<long>(nullable: false),
                State = table.Column<string>(maxLength: 20, nullable: false),
                ClosedAt = table.Column<long>(nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_TradeOffers", x => x.Id));
        migrationBuilder.CreateIndex("IX_TradeOffers_State_ExpiresAt", "TradeOffers", ["State", "ExpiresAt"]);

        migrationBuilder.CreateTable(
            name: "Overrides",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Start = table.Column<long>(nullable: false),
                End = table.Column<long>(nullable: false),
                MemberId = table.Column<string>(maxLength: 100, nullable: false),
                Reason = table.Column<string>(maxLength: 500, nullable: false),
                SetBy = table.Column<string>(maxLength: 100, nullable: false),
                SetAt = table.Column<long>(nullable: false),
                CancelledAt = table.Column<long>(nullable: true),
                CancelledBy = table.Column<string>(maxLength: 100, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Overrides", x => x.Id));
        migrationBuilder.CreateIndex("IX_Overrides_Start_End", "Overrides", ["Start", "End"]);

        migrationBuilder.CreateTable(
            name: "AuditEntries",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                At = table.Column<long>(nullable: false),
                Actor = table.Column<string>(maxLength: 100, nullable: false),
                Action = table.Column<string>(maxLength: 50, nullable: false),
                Subject = table.Column<string>(maxLength: 200, nullable: false),
                Detail = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_AuditEntries", x => x.Id));
        migrationBuilder.CreateIndex("IX_AuditEntries_At", "AuditEntries", "At");

        migrationBuilder.CreateTable(
            name: "Notices",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                CreatedAt = table.Column<long>(nullable: false),
                Audience = table.Column<string>(maxLength: 100, nullable: false),
                Text = table.Column<string>(nullable: false),
                DeliveredAt = table.Column<long>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Notices", x => x.Id));
        migrationBuilder.CreateIndex("IX_Notices_DeliveredAt", "Notices", "DeliveredAt");

        migrationBuilder.CreateTable(
            name: "AppliedRosterChanges",
            columns: table => new
            {
                Key = table.Column<string>(maxLength: 300, nullable: false),
                AppliedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_AppliedRosterChanges", x => x.Key));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "AppliedRosterChanges", "Notices", "AuditEntries", "Overrides", "TradeOffers", "HolidayAssignments" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
