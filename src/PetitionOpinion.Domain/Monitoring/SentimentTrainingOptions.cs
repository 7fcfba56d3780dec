namespace PetitionOpinion.Monitoring;

/// <summary>
/// How <see cref="SentimentModel.Train"/> trains a model. The defaults were chosen by training on five product categories
/// of labelled reviews and testing on the sixth, for each of the six: settings that hold on kinds of text the model never
/// saw, not the best on any one kind.
/// </summary>
public sealed class SentimentTrainingOptions
{
    /// <summary>Gets or sets the number of bits of the hashed feature space, from 16 to 24: the model has 2^bits weights (4 bytes each). Default: 22 (16 MiB).</summary>
    public int HashBits { get; set; } = 22;

    /// <summary>Gets or sets the longest character n-gram, from 1 to 4. Default: 3 (unigrams, bigrams and trigrams).</summary>
    public int MaxNgram { get; set; } = 3;

    /// <summary>Gets or sets whether the n-grams that follow a negator (不, 没, 别, 无, 未, 非…) in the same clause also count as negated features of their own, so that 不满意 learns apart from 满意. Default: true.</summary>
    public bool MarkNegation { get; set; } = true;

    /// <summary>Gets or sets how many characters after a negator its scope covers, from 1 to 10 (a clause break ends it sooner). Default: 4.</summary>
    public int NegationScope { get; set; } = 4;

    /// <summary>Gets or sets the weight of the n-grams that start right after a degree word (非常, 太, 很, 特别, 有点…), from 1 (no intensifying) to 4. Default: 1.5.</summary>
    public double DegreeWeight { get; set; } = 1.5;

    /// <summary>Gets or sets whether each distinct feature of a text counts once (its presence) rather than once per occurrence, so that a long text repeating a word does not outweigh the rest of what it says. Default: true.</summary>
    public bool DistinctFeatures { get; set; } = true;

    /// <summary>Gets or sets the weight, from 0 (none) to 10, of one more feature: the sum of <see cref="LexiconSentimentScorer"/>'s word weights over the text (with its negators and degree words), which carries what the lexicon knows to kinds of product the training texts never mentioned. Default: 2.</summary>
    public double LexiconWeight { get; set; } = 2;

    /// <summary>Gets or sets the passes over the examples, from 1 to 100. Default: 5.</summary>
    public int Epochs { get; set; } = 5;

    /// <summary>Gets or sets the AdaGrad learning rate, above 0. Default: 0.2.</summary>
    public double LearningRate { get; set; } = 0.2;

    /// <summary>Gets or sets the L2 regularisation strength per update, from 0 to 1. Default: 1e-5.</summary>
    public double L2 { get; set; } = 1e-5;

    /// <summary>Gets or sets the seed of the order the examples are shuffled into each pass: the same examples, options and seed give the same model. Default: 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Checks the settings.</summary>
    /// <returns>The problems found, each <c>monitoring.invalid</c> with the setting's name as its path; empty when the options are valid.</returns>
    public IReadOnlyList<DomainError> Validate()
    {
        var problems = new List<DomainError>();
        if (HashBits is < 16 or > 24)
        {
            problems.Add(new DomainError("monitoring.invalid", $"must be from 16 to 24 (was {HashBits}).") { Path = nameof(HashBits) });
        }

        if (MaxNgram is < 1 or > 4)
        {
            problems.Add(new DomainError("monitoring.invalid", $"must be from 1 to 4 (was {MaxNgram}).") { Path = nameof(MaxNgram) });
        }

        if (NegationScope is < 1 or > 10)
        {
            problems.Add(new DomainError("monitoring.invalid", $"must be from 1 to 10 (was {NegationScope}).") { Path = nameof(NegationScope) });
        }

        if (!(DegreeWeight is >= 1 and <= 4))
        {
            problems.Add(new DomainError("monitoring.invalid", $"must be from 1 to 4 (was {DegreeWeight}).") { Path = nameof(DegreeWeight) });
        }

        if (!(LexiconWeight is >= 0 and <= 10))
        {
            problems.Add(new DomainError("monitoring.invalid", $"must be from 0 to 10 (was {LexiconWeight}).") { Path = nameof(LexiconWeight) });
        }

        if (Epochs is < 1 or > 100)
        {
            problems.Add(new DomainError("monitoring.invalid", $"must be from 1 to 100 (was {Epochs}).") { Path = nameof(Epochs) });
        }

        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            problems.Add(new DomainError("monitoring.invalid", $"must be a positive number (was {LearningRate}).") { Path = nameof(LearningRate) });
        }

        if (!(L2 is >= 0 and <= 1))
        {
            problems.Add(new DomainError("monitoring.invalid", $"must be from 0 to 1 (was {L2}).") { Path = nameof(L2) });
        }

        return problems;
    }
}
