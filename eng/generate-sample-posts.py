#!/usr/bin/env python3
"""Writes the console sample's posts file (samples/PetitionOpinion.Samples.Console/data/posts.csv).

Five days of invented Chinese posts about a fictional phone maker (星辰, its phone 星辰X7, its membership and its
after-sales service), on several platforms, with a daily rhythm: complaints, praise, questions, copy-pasted promotion,
off-topic noise and posts the schemes exclude (job ads, lucky draws); then, on the fifth morning, a crisis: a
tech blogger's post about a swollen battery, reposted hundreds of times (reposts of reposts too), a copy-paste
campaign of near-identical texts, and a surge of new complaints, most of them angry, spilling over into after-sales.

Every text is written here from phrase lists (no corpus, no scraped post): the file may be shipped. Deterministic:
the same seed writes the same bytes. Usage: python3 eng/generate-sample-posts.py [output.csv]
"""
import csv, datetime, io, math, pathlib, random, sys

SEED = 20260302
TZ = datetime.timezone(datetime.timedelta(hours=8))
START = datetime.datetime(2026, 3, 2, 0, 0, tzinfo=TZ)
DAYS = 5
CRISIS = datetime.datetime(2026, 3, 6, 9, 40, tzinfo=TZ)
PLATFORMS = [("weibo", 0.45), ("douyin", 0.2), ("xiaohongshu", 0.15), ("zhihu", 0.08), ("tieba", 0.07), ("heimao", 0.05)]

rng = random.Random(SEED)
rows = []
ids = {}


def platform():
    r = rng.random()
    for name, weight in PLATFORMS:
        if r < weight:
            return name
        r -= weight
    return PLATFORMS[0][0]


def new_id(p):
    ids[p] = ids.get(p, 100000) + rng.randint(1, 97)
    return f"{p[:2]}{ids[p]}"


def followers(cap=60000):
    return min(cap, int(math.exp(rng.gauss(5.6, 1.5))))


def add(at, text, p=None, author=None, fans=None, reposts=0, comments=0, likes=0, views=None, repost_of=None, post_id=None):
    p = p or platform()
    fans = followers() if fans is None else fans
    if views is None and p == "douyin":
        views = min(60000, int(fans * rng.uniform(0.5, 3)) + rng.randint(50, 400))
    rows.append({
        "platform": p, "id": post_id or new_id(p), "author": author or f"u{rng.randint(10000, 999999)}", "followers": fans,
        "at": at.strftime("%Y-%m-%dT%H:%M:%S+08:00"), "text": text, "reposts": reposts, "comments": comments, "likes": likes,
        "views": "" if views is None else views, "repost_of": repost_of or "",
    })
    return rows[-1]


def filled(text):
    return text.replace("{n}", str(rng.randint(2, 11))).replace("{p}", str(rng.randint(3, 9) * 10))


def pick(*lists):
    return "".join(rng.choice(options) for options in lists)


WHO = ["", "", "我的", "老婆的", "刚买的", "用了半年的", "同事的", "家里的"]
X7 = ["星辰X7", "X7", "星辰X7", "小七", "星辰 X7"]
PLACES = ["", "", "", "在深圳", "在成都", "在杭州", "在武汉", "出差路上", "在地铁上", "今天早上", "昨晚"]
END = ["", "", "。", "！", "…", "？？", "😡", "👍", "🙂", "～"]

PRAISE = [
    ["拍照真不错，夜景很清晰", "屏幕很漂亮，看视频舒服", "系统很流畅，一点不卡", "续航不错，一天一充够用", "手感好，做工精致",
     "性价比高，推荐给家人了", "快充很给力，半小时充满", "信号很好，地下车库也有网"]]
COMPLAINT = [
    ["电池掉电有点快", "充电时有点发热", "系统更新后有点卡", "相机偶尔闪退", "屏幕有划痕，做工粗糙", "扬声器有杂音",
     "指纹识别不太灵", "充电口接触不良"]]
QUESTION = [
    ["", "", "请问", "求问，", "想问下", "小白问一下，"],
    ["快充支持多少瓦", "能换电池吗，多少钱", "值得买吗，纠结中", "和上一代比续航提升大吗", "有人用过双卡吗",
     "保修期是多久", "系统什么时候更新", "能插内存卡吗", "拍月亮效果怎么样", "打游戏会不会发热", "{n}百块入手亏不亏"],
    ["？", "？", "？？", "，谢谢", "，在线等", "，有懂的吗"]]
SERVICE_GOOD = ["售后很专业，当天就修好了", "客服态度很好，耐心解答", "维修点服务周到，点赞", "换货很顺利，感谢客服"]
SERVICE_BAD = ["客服电话一直打不通", "售后推诿，说是人为损坏", "维修等了两周还没消息", "客服敷衍，问题没解决",
               "退货被拒，理由很牵强", "保修不给修，态度差"]
MEMBER = ["星辰会员权益还不错，云空间够用", "星辰会员自动续费没提醒，扣了我{n}块钱", "星辰会员怎么取消自动续费？",
          "开了星辰会员{n}个月，主题挺好看", "星辰会员免费换电池券在哪领？", "第{n}次被星辰会员自动续费了，麻烦",
          "星辰会员的云备份{n}G够用了", "有人知道星辰会员年卡现在多少钱吗"]
REFUND = ["申请退款{n}天了还没到账", "退款很快，一天就到了", "以旧换新的差价什么时候退款？", "订单取消了，退款一直审核中",
          "官网买的壳退款{n}天了", "退款到账了，给客服点赞", "保护膜不合适申请退钱，很顺利", "退费流程太麻烦了，填了{n}张表"]
NOISE = ["今天天气真好，出去走走", "周末去爬山了，风景不错", "这家火锅太好吃了", "新买的耳机音质很好", "加班到十点，累",
         "猫咪今天又拆家了", "地铁好挤", "看了一部好电影，推荐", "咖啡涨价了", "隔壁装修好吵"]
EXCLUDED = ["星辰科技招聘X7产品经理，欢迎投递简历", "转发抽奖送星辰X7一台！关注+转发", "星辰X7抽奖活动，三天后开奖",
            "出一台闲置星辰X7，九成新，转让", "招聘：星辰售后维修工程师，深圳"]
PROMO = "星辰X7性价比真的高，拍照续航都很好，强烈推荐大家入手！"


def rhythm(hour):
    """Posts an hour relative to the day's peak: quiet at night, busy at lunch and in the evening."""
    return 0.08 + 0.5 * math.exp(-((hour - 12.5) / 2.2) ** 2) + 0.9 * math.exp(-((hour - 21) / 2.0) ** 2) + 0.25 * math.exp(-((hour - 9) / 1.5) ** 2)


def everyday(at):
    """One ordinary post at `at`."""
    r = rng.random()
    if r < 0.22:
        add(at, pick(WHO, X7) + pick(PLACES, *PRAISE) + rng.choice(END), likes=rng.randint(0, 30), comments=rng.randint(0, 5))
    elif r < 0.36:
        add(at, pick(WHO, X7) + pick(*COMPLAINT) + rng.choice(END), comments=rng.randint(0, 8), likes=rng.randint(0, 10))
    elif r < 0.46:
        add(at, filled(rng.choice(QUESTION[0]) + rng.choice(X7) + rng.choice(QUESTION[1]) + rng.choice(QUESTION[2])), comments=rng.randint(0, 12))
    elif r < 0.58:
        add(at, pick(PLACES, X7[:1]) + rng.choice(SERVICE_GOOD + SERVICE_BAD) + rng.choice(END), comments=rng.randint(0, 6))
    elif r < 0.66:
        add(at, filled(rng.choice(MEMBER)) + rng.choice(END), likes=rng.randint(0, 8))
    elif r < 0.72:
        add(at, filled(rng.choice(REFUND)) + rng.choice(END), comments=rng.randint(0, 4))
    elif r < 0.76:
        add(at, rng.choice(EXCLUDED), p="weibo", reposts=rng.randint(0, 40))
    elif r < 0.80:
        # A copy-pasted promotion: near-duplicates of one text, a letter or an emoji changed.
        add(at, PROMO.replace("！", rng.choice(["！", "!", "！！", "～"])) + rng.choice(["", "🔥", "👍", " #好物推荐"]), likes=rng.randint(0, 5))
    else:
        add(at, rng.choice(NOISE) + rng.choice(END), p=rng.choice(["weibo", "douyin", "xiaohongshu"]))


def poisson(mean):
    # Knuth's method: the means here are small.
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


# Five ordinary days: about 26 posts in the busiest hour, 2 at night, ±30 % from day to day.
for day in range(DAYS):
    level = 26 * rng.uniform(0.85, 1.15)
    for hour in range(24):
        hour_start = START + datetime.timedelta(days=day, hours=hour)
        for _ in range(poisson(level * rhythm(hour))):
            everyday(hour_start + datetime.timedelta(seconds=rng.randint(0, 3599)))

# The crisis: the blogger's post, its reposts (and reposts of reposts), a copy-paste campaign and a surge of complaints.
viral = add(CRISIS, "【实测】星辰X7充电时电池鼓包，后盖都顶起来了，还有焦味！已经联系客服三天没人管。大家用X7的千万注意充电安全！",
            p="weibo", author="tech-laok", fans=38000, comments=15, likes=60, post_id="wb900001")
shared = [viral["id"]]
REPOST = ["转发微博", "太可怕了", "已转，大家注意", "我的X7也有点鼓", "这也太危险了吧", "官方出来说话！", "吓得我赶紧拔了充电器",
          "坐等星辰回应", "转给用X7的朋友", "求召回", "//@数码老K: 大家注意安全"]
minutes = 0.0
for n in range(950):
    minutes += rng.expovariate(1 / (0.25 + n / 300))
    at = CRISIS + datetime.timedelta(minutes=3 + minutes)
    row = add(at, rng.choice(REPOST) + " X7", p="weibo", repost_of=rng.choice(shared[-40:]) if rng.random() < 0.35 else viral["id"],
              fans=followers(cap=20000) + (rng.randint(20000, 90000) if rng.random() < 0.02 else 0))
    shared.append(row["id"])

CAMPAIGN = "【维权】星辰X7电池鼓包不是个例，官方必须给个说法，要求召回并赔偿，大家一起转发"
for n in range(180):
    at = CRISIS + datetime.timedelta(minutes=60 + rng.uniform(0, 420))
    text = CAMPAIGN + rng.choice(["！", "！！", "!!!", "。", ""]) + rng.choice(["", "", "#星辰X7电池鼓包#", "🙏", "顶"])
    add(at, text, p=rng.choice(["weibo", "weibo", "douyin", "xiaohongshu", "tieba"]))

OPENER = ["", "", "说个事，", "气死了，", "真的服了，", "救命，", "各位注意，", "实名吐槽，", "后怕，", "刚刚", "无语，", "求助！"]
WHOSE = ["我的", "家里的", "刚买三个月的", "同事的", "我妈的", "朋友的", "老公的", "孩子的", "办公室的", ""]
WHEN = ["昨晚充电的时候", "早上拔下来发现", "边充边刷视频时", "用了{n}个月", "充到{p}%的时候", "放在床头充了一夜",
        "车载充电时", "晚上{n}点多充电时", "开着导航充电", "刚升级完系统"]
SYMPTOM = ["电池鼓包了", "烫得拿不住", "后盖被顶开一条缝", "冒了一股白烟", "电池膨胀把屏幕顶起来了", "有股焦糊味",
           "充电口都发黑了", "掉电飞快还发热", "自己关机后再也开不了", "屏幕一边翘起来了"]
AFTER = ["", "，拍了视频", "，吓得扔在地上", "，幸好人没事", "，孩子就在旁边", "，已经不敢用了", "，换了{n}次线都一样",
         "，门店说要寄回去检测", "，客服让我等通知", "，群里好几个人也这样"]
DEMAND = ["太差了", "垃圾手机，千万别买", "要求退货退款", "再也不买星辰了", "已经投诉到12315", "黑心厂家", "官方快出来回应",
          "必须召回", "有没有人一起维权", "失望透顶", "这是安全问题", "请给个说法", "谁来负责"]


for n in range(1100):
    # Most of the surge in the first hours, tailing off into the evening.
    delay = min(14 * 60, rng.expovariate(1 / 150)) + 15
    at = CRISIS + datetime.timedelta(minutes=delay)
    if rng.random() < 0.22:
        text = pick(OPENER, PLACES) + "星辰" + rng.choice(SERVICE_BAD) + "，" + rng.choice(WHOSE) + "手机" + rng.choice(SYMPTOM) \
            + rng.choice(["，没人管", "，一直拖延", "，只让等通知", "，说要寄回检测", "，电话里推来推去"]) + rng.choice(END)
    else:
        text = pick(OPENER, WHOSE, X7) + filled(rng.choice(WHEN)) + rng.choice(SYMPTOM) + filled(rng.choice(AFTER)) + "，" + rng.choice(DEMAND) + rng.choice(END)
    add(at, text, comments=rng.randint(0, 20), likes=rng.randint(0, 40))

rows.sort(key=lambda r: (r["at"], r["platform"], r["id"]))
renamed, counters = {}, {}
for row in rows:
    counters[row["platform"]] = counters.get(row["platform"], 5_080_000) + rng.randint(1, 9)
    renamed[(row["platform"], row["id"])] = f"{row['platform'][:2]}{counters[row['platform']]}"
for row in rows:
    if row["repost_of"]:
        row["repost_of"] = renamed[(row["platform"], row["repost_of"])]
    row["id"] = renamed[(row["platform"], row["id"])]
out = io.StringIO(newline="")
writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()), lineterminator="\n")
writer.writeheader()
writer.writerows(rows)
target = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent / "samples/PetitionOpinion.Samples.Console/data/posts.csv"
target.write_text(out.getvalue(), encoding="utf-8", newline="")
print(f"{len(rows)} posts written to {target}")
