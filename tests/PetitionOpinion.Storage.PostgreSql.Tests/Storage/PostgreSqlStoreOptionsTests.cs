using FsCheck;
using FsCheck.Xunit;
using Npgsql;
using PetitionOpinion.Storage.PostgreSql.Tests.Support;

namespace PetitionOpinion.Storage.PostgreSql.Tests.Storage;

/// <summary>The options' checks, made before anything is opened: no server needed.</summary>
[RunsWithoutPostgreSql]
public sealed class PostgreSqlStoreOptionsTests
{
    private const string Valid = "Host=db.internal;Database=app;Username=app;Password=s3cr3t";

    [Fact]
    public void Defaults_NewOptions_AreTheDocumentedOnes()
    {
        var options = new PostgreSqlStoreOptions();

        Assert.Equal(string.Empty, options.ConnectionString);
        Assert.Equal("petition_opinion", options.Schema);
        Assert.True(options.AutoMigrate);
        Assert.Equal(TimeSpan.FromSeconds(30), options.CommandTimeout);
        Assert.True(options.PrepareStatements);
        Assert.NotNull(options.Problem(connectionStringRequired: true));
        Assert.Null(options.Problem(connectionStringRequired: false));
    }

    [Theory]
    [InlineData("petition_opinion")]
    [InlineData("_private")]
    [InlineData("tenant_42")]
    [InlineData("a")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij123")]
    public void Problem_ValidSchemaName_IsNone(string schema)
        => Assert.Null(new PostgreSqlStoreOptions { ConnectionString = Valid, Schema = schema }.Problem(connectionStringRequired: true));

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("Petition")]
    [InlineData("petition-opinion")]
    [InlineData("9lives")]
    [InlineData("pg_temp")]
    [InlineData("schema\"; DROP TABLE x; --")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij1234")]
    [InlineData("投诉")]
    public void Problem_InvalidSchemaName_NamesTheRule(string schema)
    {
        var problem = new PostgreSqlStoreOptions { ConnectionString = Valid, Schema = schema }.Problem(connectionStringRequired: true);

        Assert.StartsWith("Schema must be 1 to 63 lower-case ASCII letters", problem, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new PostgreSqlIncidentStore(new PostgreSqlStoreOptions { ConnectionString = Valid, Schema = schema }));
    }

    [Fact]
    public void Problem_NullSchema_NamesTheRule()
        => Assert.Contains("(was null)", new PostgreSqlStoreOptions { ConnectionString = Valid, Schema = null! }.Problem(connectionStringRequired: false), StringComparison.Ordinal);

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(2_147_483_647, true)]
    [InlineData(2_147_483_648, false)]
    public void Problem_CommandTimeout_FromZeroToIntMaxSeconds(long seconds, bool valid)
    {
        var options = new PostgreSqlStoreOptions { ConnectionString = Valid, CommandTimeout = TimeSpan.FromSeconds(seconds) };

        Assert.Equal(valid, options.Problem(connectionStringRequired: true) is null);
    }

    [Theory]
    [InlineData(0.2, 1)]
    [InlineData(1.0, 1)]
    [InlineData(29.001, 30)]
    [InlineData(0, 0)]
    public void CommandTimeoutSeconds_FractionalSeconds_RoundUp(double seconds, int expected)
        => Assert.Equal(expected, new PostgreSqlStoreOptions { CommandTimeout = TimeSpan.FromSeconds(seconds) }.CommandTimeoutSeconds);

    [Theory]
    [InlineData("", "A connection string is required")]
    [InlineData("   ", "A connection string is required")]
    [InlineData("Database=app;Username=app", "names no Host")]
    [InlineData("Host=db;Port=not-a-number", "the value of 'Port' is malformed")]
    [InlineData("Host=db;Frobnicate=yes", "has an unknown keyword")]
    [InlineData("Host=db;Password=abc;def;Database=x", "has no 'keyword=value' shape")]
    public void Problem_UnusableConnectionString_SaysWhyWithoutQuotingIt(string connectionString, string expected)
    {
        var problem = new PostgreSqlStoreOptions { ConnectionString = connectionString }.Problem(connectionStringRequired: true);

        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("def", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("Frobnicate", problem, StringComparison.Ordinal);
    }

    [Property(MaxTest = 500)]
    public bool Problem_AnyPasswordInAMalformedString_IsNeverQuoted(NonEmptyString first, string? second, string? third, bool cutAtSemicolon)
    {
        // A password cut at an unquoted ';' leaves pieces that look like keywords and values. Every piece carries a
        // marker, so that any piece reaching the message shows.
        static string Clean(string? text) => (text ?? string.Empty).Replace("\"", string.Empty, StringComparison.Ordinal).Replace("'", string.Empty, StringComparison.Ordinal);
        var password = "Q7x" + Clean(first.Get) + (cutAtSemicolon ? ";Q7y" + Clean(second) + "=Q7z" + Clean(third) : "=Q7z" + Clean(third));
        var problem = new PostgreSqlStoreOptions { ConnectionString = $"Host=db;Password={password};Database=app;Port=x" }.Problem(connectionStringRequired: true);
        return problem is not null && !problem.Contains("Q7", StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DataSourceGiven_IgnoresTheConnectionString()
    {
        using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Database=nowhere");
        using var store = new PostgreSqlIncidentStore(dataSource, new PostgreSqlStoreOptions { Schema = "tenant_7" }, TimeProvider.System);

        Assert.Equal("tenant_7", store.Schema);
    }

    [Fact]
    public void Constructor_NullArguments_Throw()
    {
        using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1");
        Assert.Throws<ArgumentNullException>(() => new PostgreSqlIncidentStore(null!));
        Assert.Throws<ArgumentNullException>(() => new PostgreSqlIncidentStore(new PostgreSqlStoreOptions { ConnectionString = Valid }, null!));
        Assert.Throws<ArgumentNullException>(() => new PostgreSqlIncidentStore(null!, new PostgreSqlStoreOptions(), TimeProvider.System));
        Assert.Throws<ArgumentNullException>(() => new PostgreSqlIncidentStore(dataSource, null!, TimeProvider.System));
    }

    [Fact]
    public void Constructor_BadConnectionString_ThrowsWithoutThePassword()
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgreSqlIncidentStore(new PostgreSqlStoreOptions { ConnectionString = "Host=db;Password=hunter2;x;Port=z" }));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.Equal("options", error.ParamName);
    }
}
