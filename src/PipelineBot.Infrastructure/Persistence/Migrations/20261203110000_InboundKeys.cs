using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PipelineBot.Infrastructure.Persistence.Migrations;

// Written by hand, as the others: the keys of what the channels took in, shared by every instance.
[DbContext(typeof(PipelineBotDbContext))]
[Migration("20261203110000_InboundKeys")]
public sealed class InboundKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "InboundKeys",
            columns: table => new
            {
                Key = table.Column<string>(maxLength: 300, nullable: false),
                At = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_InboundKeys", x => x.Key));
        migrationBuilder.CreateIndex("IX_InboundKeys_At", "InboundKeys", "At");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("InboundKeys");
}
