using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PipelineBot.Infrastructure.Persistence.Migrations;

// Written by hand, as the others: one-time sign-in links to the web pages, and the sessions they open.
[DbContext(typeof(PipelineBotDbContext))]
[Migration("20261204040000_WebSignIn")]
public sealed class WebSignIn : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "SignInLinks",
            columns: table => new
            {
                TokenHash = table.Column<string>(maxLength: 64, nullable: false),
                MemberId = table.Column<string>(maxLength: 100, nullable: false),
                ExpiresAt = table.Column<long>(nullable: false),
                UsedAt = table.Column<long>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_SignInLinks", x => x.TokenHash));
        migrationBuilder.CreateTable(
            name: "WebSessions",
            columns: table => new
            {
                IdHash = table.Column<string>(maxLength: 64, nullable: false),
                MemberId = table.Column<string>(maxLength: 100, nullable: false),
                FormToken = table.Column<string>(maxLength: 64, nullable: false),
                ExpiresAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_WebSessions", x => x.IdHash));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "WebSessions");
        migrationBuilder.DropTable(name: "SignInLinks");
    }
}
