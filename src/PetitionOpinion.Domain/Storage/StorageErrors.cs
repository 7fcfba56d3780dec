namespace PetitionOpinion.Storage;

/// <summary>The codes of the errors the repository returns.</summary>
public static class StorageErrors
{
    /// <summary>The incident does not exist in the store.</summary>
    public const string NotFound = "storage.not_found";

    /// <summary>The incident kept changing underneath: the action was retried as configured and still conflicted.</summary>
    public const string Conflict = "storage.conflict";

    /// <summary>
    /// The incident's stored history is not as the library wrote it: it ends before or after the head the store's ledger
    /// recorded, its last event is not the recorded one, the ledger names it nowhere, or its summary names another
    /// version than its events. Nothing was changed; verify the store (<see cref="IncidentRepository.VerifyStoreAsync"/>).
    /// </summary>
    public const string Tampered = "storage.tampered";

    /// <summary>An event of the incident cannot be read back (malformed payload, unknown type or schema version): the message names the incident, the version and what failed, never the stored content.</summary>
    public const string Unreadable = "storage.unreadable";

    /// <summary>A checkpoint was asked of a store whose verification found errors (<see cref="IncidentRepository.ExportCheckpointAsync"/>).</summary>
    public const string StoreNotIntact = "audit.store_not_intact";
}
