using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Incidents;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Notifications;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Storage;

/// <summary>
/// Issue 17 §2: a stored event with the petitioner's details planted in its fields, corrupted any way, is a returned
/// error naming the incident and version — never a crash — and nothing the library says about it (error, exception,
/// verification report, log line) carries the stored values.
/// </summary>
public sealed class CorruptEventProperties
{
    private const string Name = "Lin Xiaohong 林小红";
    private const string Phone = "13812345678";
    private const string Email = "lin.xh@example.com";
    private static readonly string[] Secrets = ["Xiaohong", "林小红", "1381234", "lin.xh", "LinXiaohong"];
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>The ways a stored event is corrupted.</summary>
    public enum Corruption
    {
        /// <summary>The payload cut short.</summary>
        Truncate,

        /// <summary>A field replaced by a value of the wrong type.</summary>
        WrongType,

        /// <summary>An enum field set to the petitioner's details.</summary>
        UnknownEnum,

        /// <summary>Bytes that are not UTF-8 in the middle of a text.</summary>
        BadUtf8,

        /// <summary>The event type set to the petitioner's details.</summary>
        EventType,

        /// <summary>An unknown field named after the petitioner.</summary>
        UnknownField,

        /// <summary>An identifier field set to the petitioner's details.</summary>
        BadIdentifier,

        /// <summary>The schema version set out of range.</summary>
        SchemaVersion,
    }

    [Property(MaxTest = 300)]
    public async Task LoadVerifyAndExecute_CorruptEventWithPlantedDetails_ReturnErrorsThatQuoteNothing(Corruption corruption, NonNegativeInt position)
    {
        var (repository, store, log, id) = await StoryAsync();
        var stored = await store.LoadAsync(id, None);
        var victim = stored[0]; // the report: it carries the petitioner's details
        var corrupted = Corrupt(victim, corruption, position.Get);
        store.ReplaceStoredEventForTesting(id, victim.Version, corrupted);

        var outputs = new List<string>();
        var loaded = await repository.GetAsync(id, None);
        Assert.True(loaded.IsT1, $"{corruption}: the corrupt incident loaded.");
        Assert.Contains(loaded.AsT1.Code, new[] { StorageErrors.Unreadable, StorageErrors.Tampered });
        outputs.Add(loaded.AsT1.ToString());
        Assert.Contains($"incident {id}", loaded.AsT1.Message, StringComparison.Ordinal);

        var executed = await repository.ExecuteAsync(id, new StartResponse(People.CustomerServiceManager), None);
        outputs.Add(executed.Match(i => "executed", e => e.ToString()));

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => repository.FindAsync(id, None).AsTask());
        outputs.Add(Everything(thrown));

        // Verification reads no payload: it answers, and names the broken link (a changed payload breaks the chain).
        var report = await repository.VerifyAsync(id, None);
        Assert.False(report.IsIntact);
        Assert.Equal(1, report.FirstBrokenVersion);
        outputs.Add($"{report}");
        var whole = await repository.VerifyStoreAsync();
        outputs.AddRange(whole.Findings.Select(f => f.ToString()));

        outputs.AddRange(log.Entries.Select(e => e.Everything));
        foreach (var output in outputs)
        {
            foreach (var secret in Secrets)
            {
                Assert.DoesNotContain(secret, output, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task GetAsync_UnknownEnumHoldingTheDetails_NamesIncidentVersionAndFieldOnly()
    {
        var (repository, store, _, id) = await StoryAsync();
        var victim = (await store.LoadAsync(id, None))[0];
        store.ReplaceStoredEventForTesting(id, 1, Corrupt(victim, Corruption.UnknownEnum, 0));

        var error = (await repository.GetAsync(id, None)).AsT1;

        Assert.Equal(StorageErrors.Unreadable, error.Code);
        Assert.Equal($"Event 1 of incident {id} (IncidentReported v2) cannot be read: 'channel' is not a IntakeChannel (Hotline, OnlineService, SocialMedia, FeedbackSystem, OpinionMonitoring, Letter, Visit, Email, Media, Regulator, Internal).", error.Message);
    }

    private static async Task<(IncidentRepository Repository, InMemoryIncidentStore Store, CapturingLogger<IncidentRepository> Log, IncidentId Id)> StoryAsync()
    {
        var scenario = new Scenario();
        var store = new InMemoryIncidentStore();
        var log = new CapturingLogger<IncidentRepository>();
        var repository = new IncidentRepository(store, scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions(), logger: log);
        var report = new ReportIncident(
            People.CustomerServiceRep,
            IncidentKind.Petition,
            IntakeChannel.Hotline,
            RiskCategory.DataPrivacy,
            $"{Name} ({Phone}, {Email}) says her data leaked.",
            new PetitionerDetails(Name, $"+86 {Phone} / {Email}"));
        var id = (await repository.ReportAsync(report, null, None)).AsT0.Id;
        return (repository, store, log, id);
    }

    private static StoredEvent Corrupt(StoredEvent e, Corruption corruption, int position)
    {
        var json = Encoding.UTF8.GetString(e.Payload.Span);
        return corruption switch
        {
            Corruption.Truncate => e with { Payload = e.Payload[..(position % Math.Max(1, e.Payload.Length - 1))].ToArray() },
            Corruption.WrongType => e with { Payload = Encoding.UTF8.GetBytes(json.Replace("\"description\":\"", "\"description\":[\"", StringComparison.Ordinal)) },
            Corruption.UnknownEnum => e with { Payload = Encoding.UTF8.GetBytes(json.Replace("\"Hotline\"", $"\"{Name} {Phone}\"", StringComparison.Ordinal)) },
            Corruption.BadUtf8 => e with { Payload = BadUtf8(e.Payload.ToArray(), json) },
            Corruption.EventType => e with { EventType = $"{Name} {Phone}" },
            Corruption.UnknownField => e with { Payload = Encoding.UTF8.GetBytes("{\"" + Name + Phone + "\":1," + json[1..]) },
            Corruption.BadIdentifier => e with { Payload = Encoding.UTF8.GetBytes(json.Replace("\"category\":\"DataPrivacy\"", $"\"category\":\"{Name} {Phone}\"", StringComparison.Ordinal)) },
            _ => e with { SchemaVersion = 1000 + position },
        };
    }

    private static byte[] BadUtf8(byte[] payload, string json)
    {
        // Inside the description (after the planted details): a lone continuation byte and an overlong form.
        var at = Encoding.UTF8.GetByteCount(json[..(json.IndexOf(Email, StringComparison.Ordinal) + Email.Length)]);
        return [.. payload[..at], 0x80, 0xC0, 0xAF, .. payload[at..]];
    }

    private static string Everything(Exception e) => e.InnerException is null ? e.ToString() : $"{e} || {Everything(e.InnerException)}";
}
