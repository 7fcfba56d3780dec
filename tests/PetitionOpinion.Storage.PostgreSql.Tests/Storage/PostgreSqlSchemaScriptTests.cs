using System.Reflection;
using PetitionOpinion.Storage.PostgreSql.Tests.Support;

namespace PetitionOpinion.Storage.PostgreSql.Tests.Storage;

/// <summary>The DBA script: the shipped schema.sql is what the code generates (no server needed; that it builds what the migrations build is in <see cref="PostgreSqlSchemaTests"/>).</summary>
[RunsWithoutPostgreSql]
public sealed class PostgreSqlSchemaScriptTests
{
    /// <summary>Set to 1 to rewrite schema.sql from the code (after a migration was added) instead of comparing.</summary>
    private const string Regenerate = "PETITIONOPINION_WRITE_SCHEMA_SQL";

    [Fact]
    public void SchemaSql_Shipped_IsTheScriptForTheDefaultSchema()
    {
        var path = Path.Combine(RepositoryRoot(), "src", "PetitionOpinion.Storage.PostgreSql", "schema.sql");
        var expected = PostgreSqlIncidentStore.SchemaScript(PostgreSqlStoreOptions.DefaultSchema);
        if (Environment.GetEnvironmentVariable(Regenerate) == "1")
        {
            File.WriteAllText(path, expected);
        }

        var shipped = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.True(
            expected == shipped,
            $"{path} is not what PostgreSqlIncidentStore.SchemaScript(\"{PostgreSqlStoreOptions.DefaultSchema}\") generates: the code is the source. "
            + $"Regenerate it with {Regenerate}=1 dotnet test tests/PetitionOpinion.Storage.PostgreSql.Tests --filter SchemaSql_Shipped, and review the diff.");
    }

    [Fact]
    public void SchemaScript_WrittenToAFileAsTheReadmeShows_IsTheShippedSchemaSql()
    {
        var shipped = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "PetitionOpinion.Storage.PostgreSql", "schema.sql")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var folder = Directory.CreateTempSubdirectory("petition-opinion-schema-").FullName;
        try
        {
            var path = Path.Combine(folder, "schema.sql");

            // <postgresql-readme-schema-script>
            // The package's schema.sql, without opening the package: the same script, from the code that runs it.
            File.WriteAllText(path, PostgreSqlIncidentStore.SchemaScript(PostgreSqlStoreOptions.DefaultSchema));
            // </postgresql-readme-schema-script>

            Assert.Equal(shipped, File.ReadAllText(path));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void SchemaScript_AnotherSchema_DiffersOnlyInTheSchemaAndItsLockKey()
    {
        var standard = PostgreSqlIncidentStore.SchemaScript(PostgreSqlStoreOptions.DefaultSchema);
        var tenant = PostgreSqlIncidentStore.SchemaScript("tenant_42");

        Assert.Equal(
            standard.Replace("\"petition_opinion\"", "\"tenant_42\"", StringComparison.Ordinal)
                .Replace(PostgreSqlSchema.LockKey("petition_opinion").ToString(System.Globalization.CultureInfo.InvariantCulture), PostgreSqlSchema.LockKey("tenant_42").ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
            tenant);
        Assert.NotEqual(PostgreSqlSchema.LockKey("petition_opinion"), PostgreSqlSchema.LockKey("tenant_42"));
        Assert.StartsWith("-- PetitionOpinion.Storage.PostgreSql: the database schema, version 6,", standard, StringComparison.Ordinal);
        Assert.Contains("\nBEGIN;\n", standard, StringComparison.Ordinal);
        Assert.EndsWith("\nCOMMIT;\n", standard, StringComparison.Ordinal);
        Assert.DoesNotContain("{schema}", standard, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Petition")]
    [InlineData("pg_catalog")]
    [InlineData("1st")]
    [InlineData("a-b")]
    [InlineData("x\"; DROP SCHEMA public; --")]
    public void SchemaScript_InvalidSchemaName_ThrowsArgumentException(string schema)
        => Assert.Throws<ArgumentException>(() => PostgreSqlIncidentStore.SchemaScript(schema));

    private static string RepositoryRoot()
        => typeof(PostgreSqlSchemaScriptTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
}
