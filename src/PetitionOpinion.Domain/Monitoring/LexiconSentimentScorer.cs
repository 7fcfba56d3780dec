namespace PetitionOpinion.Monitoring;

/// <summary>
/// The built-in sentiment scorer: a small hand-written lexicon of common positive and negative Chinese words (written for
/// this library, not taken from a published lexicon), with negators (不, 没, 没有, 别, 无…) flipping the word they precede
/// within the clause and degree words (非常, 太, 很, 特别, 有点…) strengthening or softening it.
/// </summary>
/// <remarks>
/// <para>
/// Why a lexicon and not a shipped model: a trained <see cref="SentimentModel"/> is far more accurate, but the only
/// labelled Chinese texts the library was developed on carry no licence that allows shipping a model derived from them,
/// and a company's own graded complaints are the better training data anyway. The lexicon needs no data, reads the same
/// on every kind of product, and says 0 (neutral) when it recognises nothing, rather than guessing.
/// </para>
/// <para>
/// The score is <c>tanh(s / 2)</c> of the sum <c>s</c> of the recognised words' weights (±1, ±1.5 for strong words), each
/// multiplied by its degree word's factor and by −0.8 when negated. Thread-safe; allocates nothing.
/// </para>
/// </remarks>
public sealed class LexiconSentimentScorer : ISentimentScorer
{
    private const int LongestWord = 4;

    private static readonly Dictionary<string, float> Words = Build();
    private static readonly Dictionary<string, float>.AlternateLookup<ReadOnlySpan<char>> Lookup = Words.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Gets the shared instance.</summary>
    public static LexiconSentimentScorer Instance { get; } = new();

    /// <inheritdoc/>
    public double Score(ReadOnlySpan<char> text) => Math.Tanh(Sum(text) / 2);

    /// <summary>The sum of the recognised words' weights (before <c>tanh</c>): a feature of <see cref="SentimentModel"/>.</summary>
    internal static float Sum(ReadOnlySpan<char> text)
    {
        var sum = 0f;
        var negatedUntil = -1;
        var degree = 1f;
        var degreeUntil = -1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (SentimentFeatures.IsClauseBreak(c) || c is '，' or '！' or '？' or '；' or '：')
            {
                negatedUntil = -1;
                degreeUntil = -1;
                i++;
                continue;
            }

            var matched = 0;
            var weight = 0f;
            for (var length = Math.Min(LongestWord, text.Length - i); length >= 1; length--)
            {
                if (Lookup.TryGetValue(text.Slice(i, length), out weight))
                {
                    matched = length;
                    break;
                }
            }

            if (matched == 0)
            {
                i++;
                continue;
            }

            if (weight == Negator)
            {
                negatedUntil = i + matched + 4;
            }
            else if (weight > DegreeBase)
            {
                degree = weight - DegreeBase;
                degreeUntil = i + matched + 2;
            }
            else
            {
                var value = weight * (i <= degreeUntil ? degree : 1f);
                sum += i <= negatedUntil ? -0.8f * value : value;
                negatedUntil = -1;
                degreeUntil = -1;
            }

            i += matched;
        }

        return sum;
    }

    // Negators and degree words are kept in the same table with marker weights.
    private const float Negator = 100f;
    private const float DegreeBase = 10f;

    private static Dictionary<string, float> Build()
    {
        var words = new Dictionary<string, float>(StringComparer.Ordinal);
        void Add(float weight, string list)
        {
            foreach (var w in list.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                words[w] = weight;
            }
        }

        Add(1f, "好 好用 好吃 好看 好评 喜欢 满意 不错 推荐 值得 实惠 划算 便宜 舒服 舒适 方便 快 及时 新鲜 漂亮 干净 "
            + "正品 耐用 清晰 流畅 热情 耐心 周到 贴心 专业 认真 负责 感谢 谢谢 支持 放心 靠谱 合适 精致 美味 香 甜 "
            + "给力 赞 点赞 优秀 优质 高效 顺利 解决 到位 物美价廉 性价比高 开心 高兴 愉快 惊喜 满分 五星 回购 再来");
        Add(1.5f, "非常好 很好 太好了 完美 超赞 棒 很棒 最好 一流 强烈推荐 超值 爱了 好极了 无可挑剔");
        Add(-1f, "差 慢 贵 脏 旧 坏 烂 破 臭 难用 难吃 难看 失望 后悔 退货 退款 投诉 生气 不满 麻烦 问题 故障 毛病 "
            + "缺陷 假货 冒牌 次品 欺骗 骗 坑 忽悠 敷衍 推诿 拖延 态度差 不行 不好 不值 一般 凑合 粗糙 异味 发霉 变质 "
            + "过期 漏 破损 损坏 划痕 褪色 掉色 起球 缩水 卡 死机 闪退 吵 噪音 无语 郁闷 恶心 糟糕 误导 虚假 维权 差评");
        Add(-1.5f, "垃圾 太差 很差 极差 最差 差劲 骗子 坑人 黑心 恶劣 愤怒 气死 上当 再也不 千万别 别买 坑爹 垃圾货 骗钱");
        Add(Negator, "不 没 没有 别 无 未 毫无 从不 并不 不太 不够 不是 绝不");
        Add(DegreeBase + 1.8f, "非常 特别 十分 极其 超级 太 超 极 最 相当 格外 巨");
        Add(DegreeBase + 1.4f, "很 挺 真 蛮 更 真的");
        Add(DegreeBase + 0.6f, "有点 有些 略 稍微 比较 还算 还");
        return words;
    }
}
