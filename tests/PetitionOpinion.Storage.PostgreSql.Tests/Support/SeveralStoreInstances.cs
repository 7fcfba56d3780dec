namespace PetitionOpinion.Storage.PostgreSql.Tests.Support;

/// <summary>
/// A test class's world: a schema of its own and several store instances on it, as several application instances would
/// have (created before each test; disposed, and the schema dropped, after it).
/// </summary>
/// <param name="migrateFirst">Whether the schema is created before each test (otherwise the first store to be used creates it).</param>
public abstract class SeveralStoreInstances(bool migrateFirst = false) : IAsyncLifetime
{
    /// <summary>How many store instances each test gets.</summary>
    protected const int Instances = 4;

    /// <summary>The start of the tests' times (claims and leases are compared on the callers' times).</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly List<PostgreSqlIncidentStore> _stores = [];
    private TestSchema? _schema;

    /// <summary>Gets the token passed when a test does not test cancellation.</summary>
    protected static CancellationToken None => CancellationToken.None;

    /// <summary>Gets the store instances, all on <see cref="Schema"/>.</summary>
    protected IReadOnlyList<PostgreSqlIncidentStore> Stores => _stores;

    /// <summary>Gets the first store instance.</summary>
    protected PostgreSqlIncidentStore Store => _stores[0];

    /// <summary>Gets the test's schema.</summary>
    protected TestSchema Schema => _schema ?? throw new InvalidOperationException("The schema is created in InitializeAsync.");

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        _schema = await TestSchema.CreateAsync();
        for (var i = 0; i < Instances; i++)
        {
            _stores.Add(_schema.OpenStore());
        }

        if (migrateFirst)
        {
            await _stores[0].InitializeAsync(None);
        }
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        if (_schema is { } schema)
        {
            await schema.DisposeAsync();
        }
    }
}
