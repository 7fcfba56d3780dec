namespace PetitionOpinion.Storage.Conformance;

/// <summary>How the kit disposes a store it is done with.</summary>
internal static class StoreDisposal
{
    /// <summary>Disposes <paramref name="store"/> when it is <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>.</summary>
    public static async ValueTask DisposeAsync(IIncidentStore store)
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
