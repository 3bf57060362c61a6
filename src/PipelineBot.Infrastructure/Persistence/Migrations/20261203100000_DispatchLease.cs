using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PipelineBot.Infrastructure.Persistence.Migrations;

// Written by hand, as the others. Notices get a priority (pages and escalations are delivered before routine news), and
// the table of leases lets one instance of several hold a job (delivering notices) while it renews it.
[DbContext(typeof(PipelineBotDbContext))]
[Migration("20261203100000_DispatchLease")]
public sealed class DispatchLease : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "Priority", table: "Notices", nullable: false, defaultValue: 1);
        migrationBuilder.DropIndex(name: "IX_Notices_DeliveredAt", table: "Notices");
        migrationBuilder.CreateIndex("IX_Notices_DeliveredAt_Priority_Id", "Notices", ["DeliveredAt", "Priority", "Id"]);

        migrationBuilder.CreateTable(
            name: "Leases",
            columns: table => new
            {
                Name = table.Column<string>(maxLength: 50, nullable: false),
                Holder = table.Column<string>(maxLength: 100, nullable: false),
                Until = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Leases", x => x.Name));
        // Quoted names read the same on SQLite and PostgreSQL; the row exists from the start, so taking it is one guarded update.
        migrationBuilder.Sql($"INSERT INTO \"Leases\" (\"Name\", \"Holder\", \"Until\") VALUES ('{Lease.Notices}', '', 0)");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("Leases");
        migrationBuilder.DropIndex(name: "IX_Notices_DeliveredAt_Priority_Id", table: "Notices");
        migrationBuilder.CreateIndex("IX_Notices_DeliveredAt", "Notices", "DeliveredAt");
        migrationBuilder.DropColumn(name: "Priority", table: "Notices");
    }
}
