using System.Globalization;
using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Samples.CrmEmbedding;

/// <summary>
/// Reads the complaint export with the library's RFC 4180 reader (<see cref="CsvReader"/>: quoted fields may hold
/// commas, line breaks and doubled quotes; blank lines are skipped). A malformed record is a <see cref="FormatException"/>
/// naming its line: the export is all or nothing.
/// </summary>
internal static class Csv
{
    public static IEnumerable<CsvRecord> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return CsvReader.ReadAll(reader).Select(r => r.Problem is null ? r : throw new FormatException($"line {r.Line}: {r.Problem}."));
    }
}

/// <summary>A complaint record of the CRM, with the facts the assessment needs.</summary>
internal sealed record Complaint(string Id, DateTimeOffset ReceivedAt, string Description, RiskFacts Facts);

/// <summary>A data row of the complaints file: the complaint, or why it was rejected.</summary>
internal sealed record ComplaintRow(long Line, string Id, Complaint? Complaint, string? Error);

/// <summary>
/// Reads the CRM's complaint export: a header row naming <see cref="Columns"/> (any order, more columns allowed), then one
/// complaint per row. Counts are whole numbers, <c>negative_share</c> a number from 0 to 1 (invariant culture), flags
/// <c>true</c>/<c>false</c> (also <c>yes</c>/<c>no</c>, <c>1</c>/<c>0</c>), <c>received_at</c> ISO 8601; an empty cell is
/// the fact's default (1 complainant, otherwise 0 or false). A row with bad data is returned with its error and reading
/// goes on; the library's own checks (<see cref="RiskFacts"/>, <see cref="RiskCategory"/>) give the message.
/// </summary>
internal static class ComplaintCsv
{
    public static IReadOnlyList<string> Columns { get; } =
    [
        "id", "received_at", "category", "channel", "kind", "complainants", "reach", "negative_share", "mainstream_media",
        "national_trending", "regulator", "litigation", "personal_data_records", "injuries", "deaths", "minors_or_vulnerable",
        "prior_petitions_90d", "description",
    ];

    public static IEnumerable<ComplaintRow> Read(TextReader reader)
    {
        using var records = Csv.Read(reader).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new FormatException("The file is empty; it needs a header row naming the columns.");
        }

        var header = records.Current;
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Fields.Count; i++)
        {
            if (!index.TryAdd(header.Fields[i].Trim(), i))
            {
                throw new FormatException($"line {header.Line}: the column '{header.Fields[i]}' is named twice.");
            }
        }

        var missing = Columns.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException($"line {header.Line}: the header lacks the column(s) {string.Join(", ", missing)}.");
        }

        while (records.MoveNext())
        {
            yield return Parse(records.Current, header.Fields.Count, index);
        }
    }

    private static ComplaintRow Parse(CsvRecord record, int width, Dictionary<string, int> index)
    {
        var fields = record.Fields;
        var id = index["id"] < fields.Count ? fields[index["id"]].Trim() : string.Empty;
        if (fields.Count != width)
        {
            return new(record.Line, id, null, $"the row has {fields.Count} field(s) but the header has {width}.");
        }

        string Cell(string column) => fields[index[column]].Trim();
        try
        {
            if (id.Length == 0)
            {
                throw new FormatException("id: the complaint has no id.");
            }

            var facts = new RiskFacts
            {
                Category = new RiskCategory(Cell("category")),
                Channel = Name<IntakeChannel>(Cell("channel"), "channel"),
                Kind = Name<IncidentKind>(Cell("kind"), "kind"),
                Complainants = Count(Cell("complainants"), "complainants", 1),
                Reach = Count(Cell("reach"), "reach"),
                NegativeShare = Number(Cell("negative_share"), "negative_share"),
                MainstreamMediaCoverage = YesNo(Cell("mainstream_media"), "mainstream_media"),
                NationalTrending = YesNo(Cell("national_trending"), "national_trending"),
                RegulatorInvolved = YesNo(Cell("regulator"), "regulator"),
                Litigation = YesNo(Cell("litigation"), "litigation"),
                PersonalDataRecordsAffected = Count(Cell("personal_data_records"), "personal_data_records"),
                Injuries = Count(Cell("injuries"), "injuries"),
                Deaths = Count(Cell("deaths"), "deaths"),
                MinorsOrVulnerable = YesNo(Cell("minors_or_vulnerable"), "minors_or_vulnerable"),
                PriorPetitionsWithin90Days = Count(Cell("prior_petitions_90d"), "prior_petitions_90d"),
            };
            return new(record.Line, id, new Complaint(id, Instant(Cell("received_at")), Cell("description"), facts), null);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return new(record.Line, id, null, Message(e));
        }
    }

    private static long Count(string text, string column, long empty = 0)
        => text.Length == 0 ? empty
        : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : throw new FormatException($"{column}: '{text}' is not a whole number.");

    private static double Number(string text, string column)
        => text.Length == 0 ? 0
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
        : throw new FormatException($"{column}: '{text}' is not a number (write it like 0.65).");

    private static bool YesNo(string text, string column) => text.ToLowerInvariant() switch
    {
        "" or "false" or "no" or "0" => false,
        "true" or "yes" or "1" => true,
        _ => throw new FormatException($"{column}: '{text}' is not true or false."),
    };

    private static T Name<T>(string text, string column)
        where T : struct, Enum
        => Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<T>(name)
            : throw new FormatException($"{column}: '{text}' is not one of {string.Join(", ", Enum.GetNames<T>())}.");

    private static DateTimeOffset Instant(string text)
        => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new FormatException($"received_at: '{text}' is not a date and time (ISO 8601, e.g. 2026-03-02T09:15:00+08:00).");

    // The library's own message, without the "(Parameter ...)" and "Actual value ..." lines .NET appends.
    private static string Message(Exception e)
    {
        var message = e.Message;
        if (e is ArgumentException { ParamName: { } parameter })
        {
            message = message.Replace($" (Parameter '{parameter}')", string.Empty, StringComparison.Ordinal);
        }

        return message.Split('\n')[0].TrimEnd();
    }
}
