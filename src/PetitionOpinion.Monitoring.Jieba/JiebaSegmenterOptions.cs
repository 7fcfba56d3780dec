namespace PetitionOpinion.Monitoring.Jieba;

/// <summary>
/// How the jieba.NET segmenter is set up (configuration section of your choice, e.g. <c>PetitionOpinion:Jieba</c>): where
/// jieba.NET's own dictionary files are, and the company's own words (product and brand names) it must keep whole.
/// </summary>
public sealed class JiebaSegmenterOptions
{
    /// <summary>
    /// Gets or sets the folder of jieba.NET's dictionary and model files (<c>dict.txt</c>, <c>prob_trans.json</c>,
    /// <c>prob_emit.json</c>…), absolute or relative to the application's folder. Default: <c>Resources</c>, where this
    /// package copies them at build time.
    /// </summary>
    public string ResourceDirectory { get; set; } = "Resources";

    /// <summary>Gets the company's own words — product names, brand names and their nicknames — added to the dictionary at start-up so that they are cut whole, e.g. <c>星辰X7</c>. Default: none.</summary>
    public IList<string> Words { get; } = [];

    /// <summary>
    /// Gets or sets a user dictionary file in jieba's format (UTF-8, one word a line, optionally followed by a frequency
    /// and a part-of-speech tag, separated by spaces), absolute or relative to the application's folder; added after
    /// <see cref="Words"/>. Default: none.
    /// </summary>
    public string? UserDictionaryFile { get; set; }

    /// <summary>Gets or sets whether words not in the dictionary are found by jieba's hidden Markov model (new words, names); without it they are cut into single characters. Default: <see langword="true"/>.</summary>
    public bool FindNewWords { get; set; } = true;

    /// <summary>Lists every problem with its path.</summary>
    /// <param name="path">The configuration path of these options.</param>
    /// <returns>The problems, each code <c>monitoring.invalid</c> with the path <c>{path}:{Property}</c>; empty when valid.</returns>
    public IReadOnlyList<DomainError> Validate(string path = "Jieba")
    {
        ArgumentNullException.ThrowIfNull(path);
        var problems = new List<DomainError>();
        string At(string property) => path.Length == 0 ? property : $"{path}:{property}";
        if (string.IsNullOrWhiteSpace(ResourceDirectory))
        {
            problems.Add(new DomainError("monitoring.invalid", "must be a folder.") { Path = At(nameof(ResourceDirectory)) });
        }
        else if (!File.Exists(Path.Combine(Resolve(ResourceDirectory), "dict.txt")))
        {
            problems.Add(new DomainError("monitoring.invalid", $"must be a folder with jieba.NET's dict.txt (none in '{Resolve(ResourceDirectory)}').") { Path = At(nameof(ResourceDirectory)) });
        }

        if (Words is null)
        {
            problems.Add(new DomainError("monitoring.invalid", "must not be null.") { Path = At(nameof(Words)) });
        }
        else
        {
            for (var i = 0; i < Words.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(Words[i]) || Words[i].Length > 100 || Words[i].Any(char.IsWhiteSpace))
                {
                    problems.Add(new DomainError("monitoring.invalid", "must be a word of 1 to 100 characters without white space.") { Path = At($"{nameof(Words)}:{i}") });
                }
            }
        }

        if (UserDictionaryFile is not null && !File.Exists(Resolve(UserDictionaryFile)))
        {
            problems.Add(new DomainError("monitoring.invalid", $"must be an existing file (none at '{Resolve(UserDictionaryFile)}').") { Path = At(nameof(UserDictionaryFile)) });
        }

        return problems;
    }

    internal static string Resolve(string path) => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, path));
}
