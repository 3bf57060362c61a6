using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Tests.Persistence;

public class NoticeMigrationTests
{
    private const string Words = "Jackson accepted your trade #4: Miles hands Christmas Day 2026 over.";

    [Fact]
    public async Task ANoticeStoredAsWords_BeforeNoticesWereData_IsStillThereUndelivered_WithItsWords()
    {
        using var file = new SqliteFile();
        var factory = file.Factory();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.GetService<IMigrator>().MigrateAsync("20261202120000_AccountLocale");
            await db.Database.ExecuteSqlRawAsync("INSERT INTO Notices (CreatedAt, Audience, Text, CardKey) VALUES (1, 'miles', {0}, NULL)", Words);
        }

        await factory.MigrateAsync();

        await using var after = await factory.CreateDbContextAsync();
        var notice = await after.Notices.SingleAsync();
        var content = NoticeContent.From(notice);
        Assert.Null(notice.DeliveredAt);
        Assert.Equal(NoticeKinds.Text, content.Kind);
        Assert.Equal(Words, content.Data["text"]!.GetValue<string>());
    }
}
