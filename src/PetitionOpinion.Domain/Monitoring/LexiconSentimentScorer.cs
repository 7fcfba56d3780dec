namespace PetitionOpinion.Monitoring;

/// <summary>
/// The built-in sentiment scorer: a hand-written lexicon of some 530 common positive and negative Chinese words and
/// phrases (written for this library, not taken from a published lexicon), with negators (不, 没, 没有, 别, 无…) flipping the
/// word they precede within the clause and degree words (非常, 太, 很, 特别, 有点…) strengthening or softening it.
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

    /// <summary>The version of the lexicon <see cref="Score"/> reads: 2, the first (of 0.3.0, some 160 words) and about 370 more words and phrases.</summary>
    internal const int CurrentVersion = 2;

    // Version 1 stays as it was: the lexicon feature of a model file of format 2 or earlier was trained on it.
    private static readonly Dictionary<string, float>.AlternateLookup<ReadOnlySpan<char>> Lookup = Build(CurrentVersion).GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly Dictionary<string, float>.AlternateLookup<ReadOnlySpan<char>> LookupVersion1 = Build(1).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Gets the shared instance.</summary>
    public static LexiconSentimentScorer Instance { get; } = new();

    /// <inheritdoc/>
    public double Score(ReadOnlySpan<char> text) => Math.Tanh(Sum(text) / 2);

    /// <summary>The sum of the recognised words' weights (before <c>tanh</c>) in the current lexicon.</summary>
    internal static float Sum(ReadOnlySpan<char> text) => Sum(text, CurrentVersion);

    /// <summary>The sum of the recognised words' weights (before <c>tanh</c>) in the lexicon of <paramref name="version"/> (1 or 2): a feature of <see cref="SentimentModel"/>.</summary>
    internal static float Sum(ReadOnlySpan<char> text, int version)
    {
        var lookup = version == 1 ? LookupVersion1 : Lookup;
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
                if (lookup.TryGetValue(text.Slice(i, length), out weight))
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

    private static Dictionary<string, float> Build(int version)
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
        if (version >= 2)
        {
            // Version 2: words and phrases of delivery, service, quality, value, taste, fit, rooms and reading that any
            // product or service may be praised or blamed with (written for this library, not taken from a published
            // lexicon nor mined from the development data); 五星 and 差评 weigh 1.5.
            Add(1f, "物流快 发货快 送货快 到货快 速度快 快递快 配送快 质量好 品质好 效果好 做工好 做工精细 "
                + "做工精致 手感好 口感好 味道好 服务好 态度好 包装好 包装精美 包装严实 完好无损 完好 物有所值 "
                + "物超所值 价廉物美 值得购买 值得推荐 值得信赖 值得拥有 推荐购买 放心购买 信赖 信得过 老顾客 "
                + "回头客 还会再来 还会再买 会再来 会再买 下次还会 下次还来 继续支持 继续光顾 再次购买 一直用 "
                + "一直在用 一如既往 好喝 好闻 好听 好玩 耐看 柔顺 顺滑 清香 清爽 舒心 安心 省心 满意度 "
                + "喜爱 喜欢的 爱不释手 赞赞 棒棒 棒极了 温馨 温暖 亲切 友好 礼貌 客气 热心 快捷 便捷 便利 "
                + "实用 大方 时尚 合身 透气 厚实 结实 牢固 齐全 细致 细心 用心 精美 精彩 经典 有趣 生动 "
                + "感人 深刻 启发 受益 受益匪浅 收获 引人入胜 通俗易懂 清新 宽敞 安静 整洁 卫生 交通便利 "
                + "饱满 多汁 香甜 甜美 纯正 正宗 醇厚 浓郁 新鲜度 超出预期 出乎意料 好极 挺好 蛮好 很赞 "
                + "超好 质量上乘 货真价实 名副其实 如实 一致 相符 准时 按时 迅速 神速 很快 挺快 划得来 "
                + "便宜实惠 优惠 好评如潮 五星好评 必须好评 满意的 很满意 非常满意 十分满意 推荐给 谢谢老板 "
                + "辛苦了 喜出望外 惊艳");
            Add(1.5f, "超级好 特别好 非常棒 太棒了 太好 很喜欢 非常喜欢 特别喜欢 五星 满分好评 一百分 完美无缺 "
                + "无与伦比");
            Add(-1f, "物流慢 发货慢 送货慢 到货慢 速度慢 快递慢 配送慢 太慢 很慢 质量差 质量不好 品质差 效果差 "
                + "效果不好 没效果 没有效果 做工差 做工粗糙 手感差 口感差 味道差 服务差 态度不好 态度冷淡 "
                + "包装差 包装简陋 破了 碎了 漏了 烂了 坏了 有异味 怪味 难闻 难喝 难听 馊 腐烂 发黄 干瘪 "
                + "偏小 偏大 太小 太大 不合身 起毛 脱线 开线 线头 色差 掉毛 扎人 过敏 干涩 毛躁 假的 山寨 "
                + "仿冒 以次充好 缺斤少两 不值得 浪费 浪费钱 白花钱 冤枉钱 被骗 受骗 不推荐 不建议 不会再买 "
                + "不会再来 最后一次 不如 还不如 退了 换货 退换 举报 客服差 爱理不理 不理 不回复 没人管 "
                + "拖拖拉拉 迟迟 不发货 延误 丢件 少发 漏发 错发 发错 缺货 隔音差 隔音不好 吵闹 潮湿 霉味 "
                + "陈旧 老旧 简陋 脏乱 不干净 蟑螂 虫子 冷漠 无聊 乏味 枯燥 肤浅 空洞 胡说 胡扯 错别字 "
                + "盗版 错误 漏洞 失败 遗憾 可惜 不爽 心塞 闹心 烦 被坑 骗人 欺诈 不靠谱 名不副实 不符 "
                + "不一样 货不对板 偏贵 太贵 价格高 不划算 一般般 不怎么样 不咋地 不咋样 凑合着 勉强 将就 "
                + "不满意 不喜欢 难受 生气了 气人 坑了 上当了 再也不买 再也不来 别再 慎买 慎重 谨慎 不合格 "
                + "劣质 质量问题 瑕疵 污渍 残次 掉漆 变形 开裂 断了 松了 不牢 异物 不新鲜 不甜 不好吃 "
                + "不好用 不好看 不好闻 发臭 过期了 临期 拒收");
            Add(-1.5f, "太失望 很失望 非常失望 大失所望 极度失望 失望透顶 差评 给差评 太垃圾 非常差 特别差 超级差 "
                + "垃圾产品 垃圾服务 上当受骗 坑死 恶心死 气死了 后悔死 后悔买 再也不会 千万不要 千万别买 "
                + "大家别买 不要买 差到极点 烂透了 糟透了 最差劲 极其恶劣 态度恶劣");
        }

        Add(Negator, "不 没 没有 别 无 未 毫无 从不 并不 不太 不够 不是 绝不");
        Add(DegreeBase + 1.8f, "非常 特别 十分 极其 超级 太 超 极 最 相当 格外 巨");
        Add(DegreeBase + 1.4f, "很 挺 真 蛮 更 真的");
        Add(DegreeBase + 0.6f, "有点 有些 略 稍微 比较 还算 还");
        return words;
    }
}
