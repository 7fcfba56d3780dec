using PetitionOpinion.Incidents;

namespace PetitionOpinion.Storage.Conformance;

/// <summary>
/// A change made to a store behind its back, as someone holding the database file or a database account would make it
/// (append-only triggers dropped or disabled for the moment): what <see cref="IncidentStoreConformanceTests.TryTamperAsync(IIncidentStore, StoreTampering)"/> applies.
/// </summary>
public abstract record StoreTampering;

/// <summary>Overwrites stored events in place: every field of the rows with these events' incident and version (payload, hash, key id...).</summary>
/// <param name="Events">The events as they are to be stored instead.</param>
public sealed record ReplaceEvents(IReadOnlyList<StoredEvent> Events) : StoreTampering;

/// <summary>Deletes an incident's events from a version on (truncation).</summary>
/// <param name="Incident">The incident.</param>
/// <param name="FromVersion">The first version deleted.</param>
public sealed record DeleteEvents(IncidentId Incident, int FromVersion) : StoreTampering;

/// <summary>Changes an incident's summary row: its level (what queries and statistics filter by).</summary>
/// <param name="Incident">The incident.</param>
/// <param name="Level">The level written instead.</param>
public sealed record SetSummaryLevel(IncidentId Incident, SeverityLevel? Level) : StoreTampering;

/// <summary>Deletes an incident: its events and its summary (the ledger is left as it is).</summary>
/// <param name="Incident">The incident.</param>
public sealed record DeleteIncident(IncidentId Incident) : StoreTampering;

/// <summary>Inserts an incident the store never appended: its events and summary rows, no ledger entry.</summary>
/// <param name="Events">The events.</param>
/// <param name="Summary">The summary.</param>
public sealed record InsertIncident(IReadOnlyList<StoredEvent> Events, IncidentSummary Summary) : StoreTampering;

/// <summary>Overwrites ledger entries in place (their key id, hash and heads; sequence 1 and later).</summary>
/// <param name="Entries">The entries as they are to be stored instead.</param>
public sealed record ReplaceLedger(IReadOnlyList<LedgerEntry> Entries) : StoreTampering;

/// <summary>Deletes the ledger's entries (and their heads) from a sequence on.</summary>
/// <param name="FromSequence">The first sequence deleted (at least 1).</param>
public sealed record DeleteLedger(long FromSequence) : StoreTampering;
