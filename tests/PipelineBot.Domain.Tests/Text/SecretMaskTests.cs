using PipelineBot.Domain.Text;

namespace PipelineBot.Domain.Tests.Text;

public sealed class SecretMaskTests
{
    [Theory]
    [InlineData("connecting with password=hunter2 to db", "connecting with password=*** to db")]
    [InlineData("{\"api_key\": \"abc123def\", \"user\": \"bot\"}", "{\"api_key\": \"***\", \"user\": \"bot\"}")]
    [InlineData("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib3QifQ.c2lnbmF0dXJl", "Authorization: Bearer ***")]
    [InlineData("header Authorization: Basic dXNlcjpodW50ZXIy", "header Authorization: Basic ***")]
    [InlineData("postgresql://etl:s3cr3t@db.example.com:5432/warehouse", "postgresql://etl:***@db.example.com:5432/warehouse")]
    [InlineData("Server=db;User Id=etl;Password=s3cr3t;Database=dw", "Server=db;User Id=etl;Password=***;Database=dw")]
    [InlineData("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG and AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY=*** and ***")]
    [InlineData("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib3QifQ.c2lnbmF0dXJl expired", "token *** expired")]
    [InlineData("Task load_sales failed: no header row in sales_2026-11-20.csv", "Task load_sales failed: no header row in sales_2026-11-20.csv")]
    public void Secrets_are_masked_and_the_rest_of_the_line_kept(string line, string masked) => Assert.Equal(masked, SecretMask.Apply(line));
}
