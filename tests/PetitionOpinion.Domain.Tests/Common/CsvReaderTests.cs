using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PetitionOpinion.Tests.Common;

/// <summary><see cref="CsvReader"/>: RFC 4180 read back exactly; malformed records reported by line, and reading goes on.</summary>
public sealed class CsvReaderTests
{
    private static readonly Gen<string> Fields = Gen.Elements('a', 'b', ',', '"', '\r', '\n', ' ', '中').ArrayOf().Select(chars => new string(chars));

    [Property(MaxTest = 500)]
    public Property ReadAll_AnyTableWrittenAsRfc4180Says_ReadsBackTheSameFieldsAndLines()
    {
        var bools = ArbMap.Default.GeneratorFor<bool>();
        var inputs =
            from table in Fields.NonEmptyListOf().NonEmptyListOf()
            from lineBreak in Gen.Elements("\r\n", "\n", "\r")
            from quoteAll in bools
            from trailingBreak in bools
            select (Table: table, LineBreak: lineBreak, QuoteAll: quoteAll, TrailingBreak: trailingBreak);
        return Prop.ForAll(inputs.ToArbitrary(), input =>
        {
            var (table, lineBreak, quoteAll, trailingBreak) = input;
            var (text, lines) = Write(table, lineBreak, quoteAll, trailingBreak);

            var sync = CsvReader.ReadAll(new StringReader(text)).ToList();
            var async = ReadAllAsync(text).GetAwaiter().GetResult();

            return sync.Select(r => r.Problem).All(p => p is null)
                && sync.Select(r => r.Fields).SequenceEqual(table.Select(r => (IReadOnlyList<string>)[.. r]), new FieldsComparer())
                && sync.Select(r => r.Line).SequenceEqual(lines)
                && async.Select(r => (r.Line, string.Join('\u0001', r.Fields), r.Problem)).SequenceEqual(sync.Select(r => (r.Line, string.Join('\u0001', r.Fields), r.Problem)));
        });
    }

    [Fact]
    public void Read_QuotedFields_KeepCommasDoubledQuotesAndLineBreaks()
    {
        var records = CsvReader.ReadAll(new StringReader("a,\"b,c\",\"d\"\"e\"\r\n\r\n\"f\r\ng\",,h\n\"\"\n")).ToList();

        Assert.Equal(
            ["1: a|b,c|d\"e", "3: f\r\ng||h", "5: "],
            records.Select(r => $"{r.Line}: {string.Join('|', r.Fields)}"));
        Assert.All(records, r => Assert.Null(r.Problem));
    }

    [Theory]
    [InlineData("a,\"b\"c,d\nx,y\n", 1, "'c' follows a closing quote")]
    [InlineData("a\nb\"c,d\nx,y\n", 2, "a quote inside an unquoted field")]
    public void Read_MalformedRecord_IsReportedWithItsLineAndTheNextLineIsRead(string text, long line, string problem)
    {
        var records = CsvReader.ReadAll(new StringReader(text)).ToList();

        var bad = Assert.Single(records, r => r.Problem is not null);
        Assert.Equal(line, bad.Line);
        Assert.StartsWith(problem, bad.Problem, StringComparison.Ordinal);
        Assert.Equal(["x", "y"], records[^1].Fields);
        Assert.Null(records[^1].Problem);
    }

    [Fact]
    public void Read_UnclosedQuote_IsReportedFromTheLineItStartsOn()
    {
        var records = CsvReader.ReadAll(new StringReader("a\n\"b\nc,d\n")).ToList();

        Assert.Equal(2, records.Count);
        Assert.Equal((2L, "a quoted field is not closed"), (records[1].Line, records[1].Problem));
    }

    [Fact]
    public void Read_RecordLongerThanTheLimit_IsReportedEmptyAndTheNextIsRead()
    {
        var csv = new CsvReader(new StringReader("abcdef,\"ghi\njkl\"\nx,y"), maxRecordLength: 5);

        var first = csv.Read()!;
        var second = csv.Read()!;

        Assert.Equal((1L, "the record is longer than 5 characters"), (first.Line, first.Problem));
        Assert.Empty(first.Fields);
        Assert.Equal((3L, "x|y"), (second.Line, string.Join('|', second.Fields)));
        Assert.Null(csv.Read());
        Assert.Null(csv.Read());
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\r\n\r")]
    public void Read_NothingButLineBreaks_HasNoRecord(string text)
        => Assert.Empty(CsvReader.ReadAll(new StringReader(text)));

    [Fact]
    public async Task ReadAsync_LongText_ReadsAcrossBlocks()
    {
        var field = new string('x', 10_000);
        var csv = new CsvReader(new StringReader($"\"{field}\r\n{field}\",1\r\n2,3"));

        var first = await csv.ReadAsync();
        var second = await csv.ReadAsync();

        Assert.Equal([field + "\r\n" + field, "1"], first!.Fields);
        Assert.Equal((3L, "2|3"), (second!.Line, string.Join('|', second.Fields)));
        Assert.Null(await csv.ReadAsync());
    }

    private static async Task<List<CsvRecord>> ReadAllAsync(string text)
    {
        var csv = new CsvReader(new StringReader(text));
        var records = new List<CsvRecord>();
        while (await csv.ReadAsync() is { } record)
        {
            records.Add(record);
        }

        return records;
    }

    // RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled; a record of one empty field
    // is quoted too (an empty line is no record).
    private static (string Text, List<long> Lines) Write(IReadOnlyList<IReadOnlyList<string>> table, string lineBreak, bool quoteAll, bool trailingBreak)
    {
        var text = new StringBuilder();
        var lines = new List<long>();
        long line = 1;
        for (var r = 0; r < table.Count; r++)
        {
            lines.Add(line);
            var record = table[r];
            for (var f = 0; f < record.Count; f++)
            {
                var field = record[f];
                var quote = quoteAll || field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (record.Count == 1 && field.Length == 0);
                text.Append(f == 0 ? string.Empty : ",").Append(quote ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field);
                line += LineBreaks(field);
            }

            if (r < table.Count - 1 || trailingBreak)
            {
                text.Append(lineBreak);
                line++;
            }
        }

        return (text.ToString(), lines);
    }

    private static int LineBreaks(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            count += text[i] == '\r' || (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) ? 1 : 0;
        }

        return count;
    }

    private sealed class FieldsComparer : IEqualityComparer<IReadOnlyList<string>>
    {
        public bool Equals(IReadOnlyList<string>? x, IReadOnlyList<string>? y) => x!.SequenceEqual(y!, StringComparer.Ordinal);

        public int GetHashCode(IReadOnlyList<string> obj) => obj.Count;
    }
}
