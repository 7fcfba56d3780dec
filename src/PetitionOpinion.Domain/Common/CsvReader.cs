using System.Text;
using Ardalis.GuardClauses;

namespace PetitionOpinion;

/// <summary>A record of a CSV text: its fields, the line it starts on, and what was wrong with it, if anything.</summary>
/// <param name="Line">The line of the text the record starts on, from 1.</param>
/// <param name="Fields">The fields, unquoted (as far as they could be read when <paramref name="Problem"/> is set).</param>
/// <param name="Problem">Why the record could not be read as RFC 4180 says, or <see langword="null"/> when it could.</param>
public sealed record CsvRecord(long Line, IReadOnlyList<string> Fields, string? Problem);

/// <summary>
/// Reads CSV as RFC 4180 writes it, record by record: fields separated by commas, records by CRLF (a lone LF or CR is
/// accepted too); a field in double quotes may hold commas, line breaks (kept as they are) and doubled quotes (<c>""</c>
/// is one <c>"</c>). Blank lines are skipped. A malformed record — a quote inside an unquoted field, text after a
/// closing quote, a quoted field not closed at the end, a record longer than the limit — is returned with its
/// <see cref="CsvRecord.Problem"/> and reading goes on at the next line (after an unclosed quote there is none).
/// </summary>
/// <remarks>
/// Reads from a <see cref="TextReader"/> in blocks, synchronously (<see cref="Read"/>) or not (<see cref="ReadAsync"/>),
/// without reading ahead of the record it returns by more than a block. Not thread-safe; does not dispose the reader.
/// </remarks>
public sealed class CsvReader
{
    /// <summary>The default longest record: 1,000,000 characters.</summary>
    public const int DefaultMaxRecordLength = 1_000_000;

    private readonly TextReader _reader;
    private readonly int _maxRecordLength;
    private readonly char[] _buffer = new char[4096];
    private readonly List<string> _fields = [];
    private readonly StringBuilder _field = new();
    private int _position;
    private int _length;
    private bool _ended;
    private State _state = State.FieldStart;
    private long _line = 1;
    private long _recordLine = 1;
    private int _recordLength;
    private char _previous;
    private string? _problem;

    /// <summary>Initializes a new instance of the <see cref="CsvReader"/> class.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="maxRecordLength">The longest record, in characters, whose fields are kept; a longer one is returned empty with its problem.</param>
    public CsvReader(TextReader reader, int maxRecordLength = DefaultMaxRecordLength)
    {
        _reader = Guard.Against.Null(reader);
        _maxRecordLength = Guard.Against.NegativeOrZero(maxRecordLength);
    }

    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        AfterQuote,
        Skipping,
    }

    /// <summary>Reads every record of a text.</summary>
    /// <param name="reader">The text.</param>
    /// <returns>The records, read as they are enumerated.</returns>
    public static IEnumerable<CsvRecord> ReadAll(TextReader reader)
    {
        var csv = new CsvReader(reader);
        return ReadAll(csv);

        static IEnumerable<CsvRecord> ReadAll(CsvReader csv)
        {
            while (csv.Read() is { } record)
            {
                yield return record;
            }
        }
    }

    /// <summary>Reads the next record.</summary>
    /// <returns>The record, or <see langword="null"/> at the end of the text.</returns>
    public CsvRecord? Read()
    {
        while (true)
        {
            if (Step(out var record))
            {
                return record;
            }

            _position = 0;
            _length = _reader.Read(_buffer, 0, _buffer.Length);
            _ended = _length == 0;
        }
    }

    /// <summary>Reads the next record.</summary>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The record, or <see langword="null"/> at the end of the text.</returns>
    public async ValueTask<CsvRecord?> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (Step(out var record))
            {
                return record;
            }

            _position = 0;
            _length = await _reader.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
            _ended = _length == 0;
        }
    }

    /// <summary>Parses what the buffer holds, up to the end of a record.</summary>
    /// <param name="record">The record read, or <see langword="null"/> at the end of the text.</param>
    /// <returns><see langword="true"/> when done (a record, or the end); <see langword="false"/> when more text is needed.</returns>
    private bool Step(out CsvRecord? record)
    {
        while (_position < _length)
        {
            var c = _buffer[_position++];
            var previous = _previous;
            _previous = c;
            if (c == '\n' && previous == '\r')
            {
                // The LF of a CRLF: the CR already ended the record or the line.
                if (_state == State.Quoted)
                {
                    Append(c);
                }

                continue;
            }

            var lineBreak = c is '\r' or '\n';
            if (_state == State.Quoted)
            {
                if (c == '"')
                {
                    _state = State.AfterQuote;
                }
                else
                {
                    Append(c);
                }

                _line += lineBreak ? 1 : 0;
                continue;
            }

            if (lineBreak)
            {
                _line++;
                if (_state == State.FieldStart && _fields.Count == 0 && _problem is null)
                {
                    // A blank line ends no record.
                    _recordLine = _line;
                    continue;
                }

                record = Complete();
                return true;
            }

            switch (_state)
            {
                case State.Skipping:
                    break;
                case State.AfterQuote when c == '"':
                    // A doubled quote inside a quoted field.
                    Append('"');
                    _state = State.Quoted;
                    break;
                case State.FieldStart when c == '"':
                    _state = State.Quoted;
                    break;
                case State.AfterQuote when c != ',':
                    Fail($"'{c}' follows a closing quote; a quoted field ends at a comma or a line break");
                    break;
                case State.Unquoted when c == '"':
                    Fail("a quote inside an unquoted field; quote the whole field and double the quote (\"\")");
                    break;
                default:
                    if (c == ',')
                    {
                        _fields.Add(_field.ToString());
                        _field.Clear();
                        _state = State.FieldStart;
                    }
                    else
                    {
                        Append(c);
                        _state = State.Unquoted;
                    }

                    break;
            }
        }

        if (!_ended)
        {
            record = null;
            return false;
        }

        if (_state == State.Quoted)
        {
            _problem ??= "a quoted field is not closed";
        }

        record = _state == State.FieldStart && _fields.Count == 0 && _problem is null ? null : Complete();
        return true;
    }

    private void Append(char c)
    {
        if (_recordLength >= _maxRecordLength)
        {
            _recordLength = _maxRecordLength + 1;
            if (_problem is null)
            {
                _problem = $"the record is longer than {_maxRecordLength} characters";
                _fields.Clear();
                _field.Clear();
            }

            return;
        }

        _recordLength++;
        _field.Append(c);
    }

    private void Fail(string problem)
    {
        _problem ??= problem;
        _state = State.Skipping;
    }

    private CsvRecord Complete()
    {
        _fields.Add(_field.ToString());
        var record = new CsvRecord(_recordLine, _recordLength > _maxRecordLength ? [] : [.. _fields], _problem);
        _fields.Clear();
        _field.Clear();
        _problem = null;
        _recordLength = 0;
        _state = State.FieldStart;
        _recordLine = _line;
        return record;
    }
}
