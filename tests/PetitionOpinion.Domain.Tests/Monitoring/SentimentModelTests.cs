using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Monitoring;

namespace PetitionOpinion.Tests.OpinionMonitoring;

public sealed class SentimentModelTests
{
    // A small made-up training set: praise and complaints about deliveries and service.
    private static readonly (string Text, bool Positive)[] Examples =
    [
        ("快递很快，包装很好，非常满意", true), ("客服态度好，问题解决了，满意", true), ("质量不错，物流快，推荐", true),
        ("东西很好用，喜欢，会回购", true), ("服务周到，很满意，谢谢", true), ("价格实惠，质量好，满意", true),
        ("快递太慢了，包装破了，很差", false), ("客服态度差，问题没解决，失望", false), ("质量太差，退货了，后悔", false),
        ("东西不好用，坏了，垃圾", false), ("服务很差，等了很久，生气", false), ("价格贵，质量差，不推荐", false),
        ("不满意，不喜欢，不推荐", false), ("没解决，不会回购", false),
    ];

    private static readonly Lazy<SentimentModel> Small = new(() => SentimentModel.Train(Examples, new SentimentTrainingOptions { HashBits = 16, Epochs = 20 }));

    private static readonly char[] Alphabet = "好差不没很太满意失望快慢的了，。！ ab1２".ToCharArray();

    [Fact]
    public void Train_SameExamplesOptionsAndSeed_SameScores()
    {
        var options = new SentimentTrainingOptions { HashBits = 16, Epochs = 7, Seed = 42 };
        var a = SentimentModel.Train(Examples, options);
        var b = SentimentModel.Train(Examples, options);
        using var sa = new MemoryStream();
        using var sb = new MemoryStream();
        a.Save(sa);
        b.Save(sb);
        Assert.Equal(sa.ToArray(), sb.ToArray());
    }

    [Fact]
    public void Train_SmallSet_ScoresPraiseAboveZeroAndComplaintsBelow()
    {
        Assert.True(Small.Value.Score("物流很快，非常满意") > 0);
        Assert.True(Small.Value.Score("质量很差，失望") < 0);
        Assert.Equal(0, Small.Value.Score(""), 1);
        Assert.InRange(Small.Value.Score("满意满意满意满意满意满意满意"), -1, 1);
    }

    [Fact]
    public void Train_OnlyOneKindOrInvalidOptions_Throws()
    {
        Assert.Throws<ArgumentException>(() => SentimentModel.Train([("好", true)]));
        Assert.Throws<ArgumentException>(() => SentimentModel.Train(Examples, new SentimentTrainingOptions { HashBits = 30 }));
        Assert.Contains(new SentimentTrainingOptions { Epochs = 0, L2 = -1 }.Validate(), p => p is { Code: "monitoring.invalid", Path: "L2" });
    }

    [Property(MaxTest = 200)]
    public Property SaveLoad_RandomTexts_IdenticalScores()
    {
        using var stream = new MemoryStream();
        Small.Value.Save(stream);
        stream.Position = 0;
        var loaded = SentimentModel.Load(stream);
        var texts = Gen.ArrayOf(Gen.Elements(Alphabet)).Select(c => new string(c)).ToArbitrary();
        return Prop.ForAll(texts, t => Small.Value.Score(t) == loaded.Score(t));
    }

    [Fact]
    public void Load_CorruptForeignNewerOrShortFile_ThrowsInvalidDataExceptionSayingWhy()
    {
        using var stream = new MemoryStream();
        Small.Value.Save(stream);
        var good = stream.ToArray();

        var flipped = (byte[])good.Clone();
        flipped[^100] ^= 0x40;
        Assert.Contains("checksum", Load(flipped).Message, StringComparison.Ordinal);

        Assert.Contains("not a PetitionOpinion sentiment model", Load("{\"weights\": []}"u8.ToArray()).Message, StringComparison.Ordinal);
        Assert.Contains("cut short", Load(good[..1000]).Message, StringComparison.Ordinal);
        Assert.Contains("cut short", Load(good[..5]).Message, StringComparison.Ordinal);

        var newer = (byte[])good.Clone();
        newer[8] = 4;
        Assert.Contains("format version 4", Load(newer).Message, StringComparison.Ordinal);

        static InvalidDataException Load(byte[] bytes) => Assert.Throws<InvalidDataException>(() => SentimentModel.Load(new MemoryStream(bytes)));
    }

    [Fact]
    public void Load_Version1FileOf030_LoadsAndScoresAsVersion030Did()
    {
        // A file of 0.3.0's format (version 1), written byte by byte: 2^16 weights all 0.1, bias 0.2, trigrams, negation
        // marks, degree weight 1.5. Version 1 counted every occurrence and had no lexicon feature, so "好好" has three
        // features of value 1 (好, 好 and 好好): the margin is 0.2 + 0.1 · 3 / √3.
        var payload = new byte[24 + (4 << 16)];
        BinaryPrimitives.WriteInt32LittleEndian(payload, 16);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(4), 3);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(8), 1);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(12), 4);
        BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(16), 1.5f);
        BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(20), 0.2f);
        for (var i = 24; i < payload.Length; i += 4)
        {
            BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(i), 0.1f);
        }

        var model = SentimentModel.Load(new MemoryStream(ModelFile(1, payload)));

        Assert.Equal((16, 3), (model.HashBits, model.MaxNgram));
        var expected = 1 / (1 + Math.Exp(-(0.2f + (0.1f * 3 / MathF.Sqrt(3)))));
        Assert.Equal(expected, model.Probability("好好"), 6);

        // Saved again, it is a version 2 file that scores the same.
        using var again = new MemoryStream();
        model.Save(again);
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(again.ToArray().AsSpan(8)));
        again.Position = 0;
        Assert.Equal(model.Probability("好好"), SentimentModel.Load(again).Probability("好好"));
    }

    [Fact]
    public void Load_Version2File_ItsLexiconFeatureReadsTheFirstLexicon()
    {
        // 2^16 weights, all 0 but the lexicon feature's (the last, 1); bias 0; distinct features, lexicon weight 2. 爱不释手
        // is in the second lexicon only: a version 2 file, trained on the first, does not see it; version 3 does.
        var payload = new byte[32 + (4 << 16)];
        BinaryPrimitives.WriteInt32LittleEndian(payload, 16);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(4), 3);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(8), 1);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(12), 4);
        BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(16), 1.5f);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(24), 1);
        BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(28), 2f);
        BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(payload.Length - 4), 1f);

        var version2 = SentimentModel.Load(new MemoryStream(ModelFile(2, payload)));
        var version3 = SentimentModel.Load(new MemoryStream(ModelFile(3, payload)));

        Assert.Equal(0.5, version2.Probability("爱不释手"));
        Assert.True(version3.Probability("爱不释手") > 0.5);
        Assert.True(version2.Probability("满意") > 0.5);
        Assert.Equal(version2.Probability("满意"), version3.Probability("满意"));

        // Saved again, the version 2 model is a version 2 file that scores the same; a trained one is version 3.
        using var again = new MemoryStream();
        version2.Save(again);
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(again.ToArray().AsSpan(8)));
        again.Position = 0;
        Assert.Equal(0.5, SentimentModel.Load(again).Probability("爱不释手"));
        using var trained = new MemoryStream();
        Small.Value.Save(trained);
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(trained.ToArray().AsSpan(8)));
    }

    // A model file around a payload: the format's name, the version, the payload's length and its checksum.
    private static byte[] ModelFile(int version, byte[] payload)
    {
        var checksum = 0xCBF29CE484222325UL;
        foreach (var b in payload)
        {
            checksum = (checksum ^ b) * 0x100000001B3UL;
        }

        var file = new byte[16 + 8 + payload.Length];
        "POSENTI\0"u8.CopyTo(file);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(8), version);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(12), payload.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(16), checksum);
        payload.CopyTo(file, 24);
        return file;
    }

    [Fact]
    public void Score_SecondLexicon_KnowsServiceQualityAndValuePhrasesTheFirstDidNot()
    {
        string[] praise = ["爱不释手", "物超所值", "包装严实", "通俗易懂", "引人入胜"];
        string[] blame = ["枯燥乏味", "货不对板", "爱理不理", "缺斤少两", "拖拖拉拉"];
        foreach (var text in praise)
        {
            Assert.Equal(0f, LexiconSentimentScorer.Sum(text, 1));
            Assert.True(LexiconSentimentScorer.Instance.Score(text) > 0, text);
        }

        foreach (var text in blame)
        {
            Assert.True(LexiconSentimentScorer.Sum(text, 1) >= 0, text);
            Assert.True(LexiconSentimentScorer.Instance.Score(text) < 0, text);
        }

        // Negators still flip the new words; 差评 weighs more than 差.
        Assert.True(LexiconSentimentScorer.Instance.Score("并不枯燥") > 0);
        Assert.True(LexiconSentimentScorer.Instance.Score("差评") < LexiconSentimentScorer.Instance.Score("差"));
        Assert.Equal(LexiconSentimentScorer.Sum("很满意，物流快", 2), LexiconSentimentScorer.Sum("很满意，物流快"));
    }

    [Fact]
    public void Train_DefaultsFeatureTheLexicon_PraiseItKnowsButNoExampleHad()
    {
        // None of the examples has 棒 or 垃圾; the lexicon feature carries what the lexicon knows of them.
        var withLexicon = SentimentModel.Train(Examples, new SentimentTrainingOptions { HashBits = 16, Epochs = 20 });
        var without = SentimentModel.Train(Examples, new SentimentTrainingOptions { HashBits = 16, Epochs = 20, LexiconWeight = 0 });
        Assert.True(withLexicon.Score("棒") > without.Score("棒"));
        Assert.True(withLexicon.Score("垃圾货") < without.Score("垃圾货"));
        Assert.True(withLexicon.Score("棒") > 0);
    }

    [Fact]
    public void Train_DistinctFeatures_RepeatingAWordAddsNothing()
    {
        var distinct = SentimentModel.Train(Examples, new SentimentTrainingOptions { HashBits = 16, Epochs = 20, LexiconWeight = 0 });
        Assert.Equal(distinct.Score("好好好"), distinct.Score("好好好好"), 12);
        var counted = SentimentModel.Train(Examples, new SentimentTrainingOptions { HashBits = 16, Epochs = 20, LexiconWeight = 0, DistinctFeatures = false });
        Assert.NotEqual(counted.Score("好好好"), counted.Score("好好好好"));
    }

    [Fact]
    public void Validate_LexiconWeightOutOfRange_MonitoringInvalidWithItsPath()
    {
        Assert.Contains(new SentimentTrainingOptions { LexiconWeight = -1 }.Validate(), p => p is { Code: "monitoring.invalid", Path: "LexiconWeight" });
        Assert.Contains(new SentimentTrainingOptions { LexiconWeight = double.NaN }.Validate(), p => p is { Path: "LexiconWeight" });
        Assert.Empty(new SentimentTrainingOptions { LexiconWeight = 0, DistinctFeatures = false }.Validate());
    }

    [Fact]
    public void Score_NegatedPraise_IsNegative()
    {
        Assert.True(Small.Value.Score("满意") > 0);
        Assert.True(Small.Value.Score("不满意") < 0);
        Assert.True(LexiconSentimentScorer.Instance.Score("满意") > 0);
        Assert.True(LexiconSentimentScorer.Instance.Score("不满意") < 0);
        Assert.True(LexiconSentimentScorer.Instance.Score("没有解决") < 0);
        Assert.True(LexiconSentimentScorer.Instance.Score("质量不好") < 0);
        Assert.True(LexiconSentimentScorer.Instance.Score("不错") > 0);
    }

    [Fact]
    public void Score_DegreeWords_StrengthenAndSoften()
    {
        var plain = LexiconSentimentScorer.Instance.Score("差");
        Assert.True(LexiconSentimentScorer.Instance.Score("非常差") < plain);
        Assert.True(LexiconSentimentScorer.Instance.Score("有点差") > plain);
        Assert.True(LexiconSentimentScorer.Instance.Score("有点差") < 0);
        Assert.Equal(0, LexiconSentimentScorer.Instance.Score("今天下午三点开会"));
    }

    [Fact]
    public async Task Score_ManyThreadsAtOnce_SameScoresAsOneThread()
    {
        var texts = Enumerable.Range(0, 200).Select(i => string.Concat(Enumerable.Range(0, 1 + (i % 40)).Select(k => Alphabet[((i * 7) + (k * 3)) % Alphabet.Length]))).ToArray();
        texts[0] = new string('好', 3000); // longer than the stack buffer: the pooled path
        var expected = texts.Select(t => (Small.Value.Score(t), LexiconSentimentScorer.Instance.Score(t))).ToArray();
        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var round = 0; round < 20; round++)
            {
                for (var i = 0; i < texts.Length; i++)
                {
                    Assert.Equal(expected[i], (Small.Value.Score(texts[i]), LexiconSentimentScorer.Instance.Score(texts[i])));
                }
            }
        }));
        await Task.WhenAll(tasks);
    }
}
