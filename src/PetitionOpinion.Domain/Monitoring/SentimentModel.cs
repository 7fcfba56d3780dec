using System.Buffers.Binary;
using Ardalis.GuardClauses;

namespace PetitionOpinion.Monitoring;

/// <summary>
/// A sentiment scorer that a company trains on its own labelled texts (graded complaints, reviews): logistic regression
/// over hashed character unigrams, bigrams and trigrams (each distinct one counted once per text), with the n-grams after a
/// negator (不, 没有, 别…) marked as negated and those after a degree word (非常, 太, 很, 特别…) intensified, plus one feature
/// carrying <see cref="LexiconSentimentScorer"/>'s reading of the text. Train it with <see cref="Train"/>, keep it with
/// <see cref="Save"/> and read it back with <see cref="Load"/> (which also reads the files of version 0.3.0).
/// </summary>
/// <remarks>
/// <para>
/// The library ships no trained model: the only labelled Chinese data it was developed on carries no licence that allows
/// shipping a model derived from it. Without a model of its own a company uses <see cref="LexiconSentimentScorer"/>.
/// </para>
/// <para>
/// <see cref="Score"/> is <c>2p − 1</c> of the model's probability <c>p</c> that the text is positive. It is thread-safe
/// (the model is immutable) and allocates nothing for texts up to 512 characters; only the first 4,096 are read.
/// </para>
/// </remarks>
public sealed class SentimentModel : ISentimentScorer
{
    // Version 1 (0.3.0): every occurrence of an n-gram counted, no lexicon feature. Version 2 adds both settings. Version 3
    // has the same layout; its lexicon feature reads version 2 of the lexicon (about 370 more words), that of a version 2
    // file the first. Files of versions 1 and 2 still load and score exactly as they did.
    private const int FormatVersion = 3;
    private static readonly byte[] Magic = "POSENTI\0"u8.ToArray();

    private readonly float[] _weights;
    private readonly float _bias;
    private readonly SentimentFeatures _features;

    private SentimentModel(SentimentFeatures features, float[] weights, float bias)
    {
        _features = features;
        _weights = weights;
        _bias = bias;
    }

    /// <summary>Gets the number of bits of the hashed feature space the model was trained with.</summary>
    public int HashBits => _features.HashBits;

    /// <summary>Gets the longest character n-gram the model reads.</summary>
    public int MaxNgram => _features.MaxNgram;

    /// <summary>
    /// Trains a model: logistic regression by stochastic gradient descent with AdaGrad steps and L2 regularisation, the
    /// examples shuffled each pass by <see cref="SentimentTrainingOptions.Seed"/>. The same examples in the same order
    /// with the same options give the same model.
    /// </summary>
    /// <param name="examples">The labelled texts: <c>Positive</c> true for praise, false for complaints. Both kinds must be present.</param>
    /// <param name="options">The settings (checked with <see cref="SentimentTrainingOptions.Validate"/>); null for the defaults.</param>
    /// <returns>The trained model.</returns>
    /// <exception cref="ArgumentException">The options are invalid, a text is null, or the examples lack a positive or a negative one.</exception>
    public static SentimentModel Train(IEnumerable<(string Text, bool Positive)> examples, SentimentTrainingOptions? options = null)
    {
        Guard.Against.Null(examples);
        options ??= new SentimentTrainingOptions();
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems.Select(p => $"{p.Path} {p.Message}")), nameof(options));
        }

        var features = new SentimentFeatures(options.HashBits, options.MaxNgram, options.MarkNegation, options.NegationScope, (float)options.DegreeWeight, options.DistinctFeatures, (float)options.LexiconWeight);

        // Every example's features once, as (index, value) runs normalised to unit length.
        var indices = new List<int>();
        var values = new List<float>();
        var starts = new List<int> { 0 };
        var labels = new List<bool>();
        foreach (var (text, positive) in examples)
        {
            if (text is null)
            {
                throw new ArgumentException("An example's text is null.", nameof(examples));
            }

            var sink = new ListSink(indices, values);
            var from = indices.Count;
            var sumOfSquares = features.Extract(text, ref sink);
            var scale = sumOfSquares > 0 ? 1f / MathF.Sqrt(sumOfSquares) : 0f;
            for (var k = from; k < values.Count; k++)
            {
                values[k] *= scale;
            }

            starts.Add(indices.Count);
            labels.Add(positive);
        }

        if (!labels.Contains(true) || !labels.Contains(false))
        {
            throw new ArgumentException("Training needs positive and negative examples.", nameof(examples));
        }

        var weights = new float[features.Dimension];
        var squaredGradients = new float[features.Dimension];
        var bias = 0f;
        var biasSquaredGradient = 0f;
        var rate = (float)options.LearningRate;
        var l2 = (float)options.L2;
        var order = Enumerable.Range(0, labels.Count).ToArray();
        var random = new Random(options.Seed);
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var e in order)
            {
                var margin = bias;
                for (var k = starts[e]; k < starts[e + 1]; k++)
                {
                    margin += weights[indices[k]] * values[k];
                }

                var gradient = Sigmoid(margin) - (labels[e] ? 1f : 0f);
                for (var k = starts[e]; k < starts[e + 1]; k++)
                {
                    var i = indices[k];
                    var g = (gradient * values[k]) + (l2 * weights[i]);
                    squaredGradients[i] += g * g;
                    weights[i] -= rate * g / (MathF.Sqrt(squaredGradients[i]) + 1e-8f);
                }

                biasSquaredGradient += gradient * gradient;
                bias -= rate * gradient / (MathF.Sqrt(biasSquaredGradient) + 1e-8f);
            }
        }

        return new SentimentModel(features, weights, bias);
    }

    /// <summary>The probability, from 0 to 1, that <paramref name="text"/> is positive.</summary>
    /// <param name="text">The text.</param>
    /// <returns>0.5 for an empty text or one without any feature the model weighs.</returns>
    public double Probability(ReadOnlySpan<char> text)
    {
        var sink = new DotSink(_weights);
        var sumOfSquares = _features.Extract(text, ref sink);
        return sumOfSquares > 0 ? Sigmoid(_bias + (sink.Sum / MathF.Sqrt(sumOfSquares))) : Sigmoid(_bias);
    }

    /// <inheritdoc/>
    public double Score(ReadOnlySpan<char> text) => (2 * Probability(text)) - 1;

    /// <summary>
    /// Writes the model: a header (the format's name and version, the feature settings) and the weights, with a checksum,
    /// little-endian whatever the machine. <see cref="Load"/> reads it back. A model trained by this version is written in
    /// format version 3; one read from a file of version 1 or 2 is written in format version 2, which it scores as.
    /// </summary>
    /// <param name="stream">The stream to write to; left open.</param>
    public void Save(Stream stream)
    {
        Guard.Against.Null(stream);
        var payload = new byte[PayloadHeader + (4 * _weights.Length)];
        var span = payload.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(span, _features.HashBits);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], _features.MaxNgram);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], _features.MarkNegation ? 1 : 0);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], _features.NegationScope);
        BinaryPrimitives.WriteSingleLittleEndian(span[16..], _features.DegreeWeight);
        BinaryPrimitives.WriteSingleLittleEndian(span[20..], _bias);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], _features.Distinct ? 1 : 0);
        BinaryPrimitives.WriteSingleLittleEndian(span[28..], _features.LexiconWeight);
        for (var i = 0; i < _weights.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[(PayloadHeader + (4 * i))..], _weights[i]);
        }

        Span<byte> header = stackalloc byte[Magic.Length + 4 + 4 + 8];
        Magic.CopyTo(header);
        // A model read from a file of format 1 or 2 keeps the first lexicon, so it is written as format 2.
        BinaryPrimitives.WriteInt32LittleEndian(header[Magic.Length..], _features.LexiconVersion == 1 ? 2 : FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header[(Magic.Length + 4)..], payload.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(header[(Magic.Length + 8)..], Checksum(payload));
        stream.Write(header);
        stream.Write(payload);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <param name="stream">The stream to read from, positioned at the model; left open.</param>
    /// <returns>The model, scoring exactly as the one saved.</returns>
    /// <exception cref="InvalidDataException">The stream is not a sentiment model file, is of a format version this library does not read (the message names it), is cut short, or is corrupt (its checksum or settings do not hold).</exception>
    public static SentimentModel Load(Stream stream)
    {
        Guard.Against.Null(stream);
        var header = new byte[Magic.Length + 4 + 4 + 8];
        var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        var named = header.AsSpan(0, Math.Min(read, Magic.Length)).SequenceEqual(Magic.AsSpan(0, Math.Min(read, Magic.Length)));
        if (named && read < header.Length)
        {
            throw new InvalidDataException("The sentiment model file is cut short: it ends within its header.");
        }

        if (!named || read == 0)
        {
            throw new InvalidDataException("This is not a PetitionOpinion sentiment model file (its first bytes are not the format's name).");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(Magic.Length));
        if (version is < 1 or > FormatVersion)
        {
            throw new InvalidDataException($"The sentiment model file is of format version {version}; this library reads versions 1 to {FormatVersion}.");
        }

        var payloadHeader = version == 1 ? PayloadHeaderVersion1 : PayloadHeader;
        var length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(Magic.Length + 4));
        if (length < payloadHeader + (4 << 16) || length > payloadHeader + (4 << 24) || (length - payloadHeader) % 4 != 0)
        {
            throw new InvalidDataException($"The sentiment model file is corrupt: its length field ({length}) is impossible.");
        }

        var payload = new byte[length];
        ReadExactly(stream, payload, "weights");
        if (Checksum(payload) != BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(Magic.Length + 8)))
        {
            throw new InvalidDataException("The sentiment model file is corrupt: its checksum does not match its content.");
        }

        var span = payload.AsSpan();
        var features = new SentimentFeatures(
            BinaryPrimitives.ReadInt32LittleEndian(span),
            BinaryPrimitives.ReadInt32LittleEndian(span[4..]),
            BinaryPrimitives.ReadInt32LittleEndian(span[8..]) != 0,
            BinaryPrimitives.ReadInt32LittleEndian(span[12..]),
            BinaryPrimitives.ReadSingleLittleEndian(span[16..]),
            version > 1 && BinaryPrimitives.ReadInt32LittleEndian(span[24..]) != 0,
            version > 1 ? BinaryPrimitives.ReadSingleLittleEndian(span[28..]) : 0f,
            version > 2 ? 2 : 1);
        if (features.HashBits is < 16 or > 24 || 4 << features.HashBits != length - payloadHeader || features.MaxNgram is < 1 or > 4
            || features.NegationScope is < 1 or > 10 || !(features.DegreeWeight is >= 1 and <= 4) || !(features.LexiconWeight is >= 0 and <= 10))
        {
            throw new InvalidDataException("The sentiment model file is corrupt: its feature settings are out of range.");
        }

        var weights = new float[1 << features.HashBits];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(payloadHeader + (4 * i))..]);
        }

        return new SentimentModel(features, weights, BinaryPrimitives.ReadSingleLittleEndian(span[20..]));
    }

    private const int PayloadHeader = 32;
    private const int PayloadHeaderVersion1 = 24;

    private static void ReadExactly(Stream stream, byte[] buffer, string part)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"The sentiment model file is cut short: it ends within its {part}.", e);
        }
    }

    // FNV-1a over the payload, 64 bits: catches a damaged or truncated-and-padded file, not a forged one.
    private static ulong Checksum(ReadOnlySpan<byte> bytes)
    {
        var h = 0xCBF29CE484222325UL;
        foreach (var b in bytes)
        {
            h = (h ^ b) * 0x100000001B3UL;
        }

        return h;
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    private struct DotSink(float[] weights) : IFeatureSink
    {
        private readonly float[] _weights = weights;

        public float Sum { get; private set; }

        public void Add(int index, float value) => Sum += _weights[index] * value;
    }

    private readonly struct ListSink(List<int> indices, List<float> values) : IFeatureSink
    {
        public void Add(int index, float value)
        {
            indices.Add(index);
            values.Add(value);
        }
    }
}
