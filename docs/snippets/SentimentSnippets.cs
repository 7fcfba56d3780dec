using PetitionOpinion.Monitoring;

namespace PetitionOpinion.Docs.Snippets;

/// <summary>docs/monitoring.md's sentiment example.</summary>
internal static class SentimentSnippets
{
    public static double TrainSaveLoad(IEnumerable<(string Text, bool Positive)> gradedComplaints)
    {
        // <sentiment-train>
        // The company's own labelled texts: praise (true) and complaints (false), e.g. from its CRM's graded cases.
        var model = SentimentModel.Train(gradedComplaints, new SentimentTrainingOptions { Seed = 1 });
        using (var file = File.Create("sentiment.model"))
        {
            model.Save(file);
        }

        // At start-up: the trained model if there is one, the built-in lexicon otherwise.
        ISentimentScorer scorer = LexiconSentimentScorer.Instance;
        if (File.Exists("sentiment.model"))
        {
            using var stream = File.OpenRead("sentiment.model");
            scorer = SentimentModel.Load(stream); // InvalidDataException when the file is foreign, newer or corrupt
        }

        var score = scorer.Score("等了半个月还没发货，客服一直推诿"); // −1..1, below 0: negative
        // </sentiment-train>
        return score;
    }
}
