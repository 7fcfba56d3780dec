using System.Text;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Storage;
using static PetitionOpinion.Tests.Storage.EventSampleCatalog;

namespace PetitionOpinion.Tests.Storage;

/// <summary>
/// The report event's petitioner with typed contacts: written as phones, e-mails and other contact; the single contact
/// text of the events stored before still reads, into the typed shape; the earlier petitions the repository found round-trip.
/// </summary>
public sealed class PetitionerDetailsStorageTests
{
    private static readonly string[] LegacyFolder = [.. Folder, "Legacy"];
    private readonly IncidentEventSerializer _serializer = new();

    [Fact]
    public void Deserialize_VersionTwoPayloadWithOneContactText_ReadsIntoTheTypedShape()
    {
        var legacy = File.ReadAllBytes(Path.Combine([RepositoryFiles.Root, .. LegacyFolder, "IncidentReported.v2.contact-text.json"]));

        var loaded = Assert.IsType<IncidentReported>(_serializer.Deserialize(Wrap(nameof(IncidentReported), 2, legacy)));

        Assert.Equal(Expected[nameof(IncidentReported)], loaded);
        Assert.Equal(["+86 138 0000 0000"], loaded.Petitioner!.Phones);
        Assert.Empty(loaded.Petitioner.Emails);
        Assert.Null(loaded.Petitioner.OtherContact);
        Assert.Null(loaded.EarlierPetitions);
    }

    [Fact]
    public void Deserialize_OneContactTextWithSeveralDetails_SplitsThem()
    {
        var payload = Payload("""{"name":"Wang Fang","contact":"+86 138 0000 0000 / wang@example.com，139-1111-2222; WeChat wf2026"}""");

        var petitioner = ((IncidentReported)_serializer.Deserialize(Wrap(nameof(IncidentReported), 2, payload))).Petitioner!;

        Assert.Equal(["+86 138 0000 0000", "139-1111-2222"], petitioner.Phones);
        Assert.Equal(["wang@example.com"], petitioner.Emails);
        Assert.Equal("WeChat wf2026", petitioner.OtherContact);
    }

    [Fact]
    public void Serialize_TypedContactsAndEarlierPetitions_RoundTrip()
    {
        var reported = (IncidentReported)Expected[nameof(IncidentReported)] with
        {
            Petitioner = new PetitionerDetails("王芳", ["+86 138 0000 0000", "010-1234-5678"], ["wang@example.com", "wf@example.org"], "weibo @wangfang"),
            EarlierPetitions = [new IncidentId(Guid.Parse("0195a1b2-c3d4-7e5f-8a9b-000000000001")), new IncidentId(Guid.Parse("0195a1b2-c3d4-7e5f-8a9b-000000000002"))],
        };

        var stored = _serializer.Serialize(reported, 1, []);
        var json = Encoding.UTF8.GetString(stored.Payload.Span);
        var loaded = _serializer.Deserialize(stored);

        Assert.Equal(reported, loaded);
        Assert.Contains("\"phones\":[\"+86 138 0000 0000\",\"010-1234-5678\"]", json, StringComparison.Ordinal);
        Assert.Contains("\"earlierPetitions\":[\"0195a1b2-c3d4-7e5f-8a9b-000000000001\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"contact\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"Wang Fang","contact":"138","phones":[],"emails":[],"otherContact":null}""", "mixes the shape")]
    [InlineData("""{"name":"Wang Fang","phones":[],"emails":[]}""", "'petitioner.otherContact'")]
    [InlineData("""{"name":"Wang Fang","phones":["13800000000",null],"emails":[],"otherContact":null}""", "An item of 'petitioner.phones'")]
    [InlineData("""{"name":"Wang Fang","phones":"13800000000","emails":[],"otherContact":null}""", "'petitioner.phones' must be an array")]
    [InlineData("""{"name":"Wang Fang","phones":[],"emails":[],"otherContact":null,"13800000000":1}""", "A field of 'petitioner' is not one of")]
    [InlineData("""{"name":"Wang Fang","phones":[],"phones":[],"emails":[],"otherContact":null}""", "appears twice")]
    [InlineData("""{"contact":"13800000000"}""", "'petitioner.name' is missing")]
    public void Deserialize_MalformedPetitioner_IsRefusedInTheLibrarysWordsWithoutQuotingIt(string petitioner, string said)
    {
        var error = Assert.Throws<InvalidDataException>(() => _serializer.Deserialize(Wrap(nameof(IncidentReported), 2, Payload(petitioner))));

        Assert.Contains(said, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("13800000000", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Wang Fang", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Payload(string petitioner)
        => Encoding.UTF8.GetBytes($$"""{"kind":"Petition","channel":"Hotline","category":"DataPrivacy","description":"A complaint.","petitioner":{{petitioner}},"complainedAbout":null}""");
}
