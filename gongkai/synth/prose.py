"""Names and prose for synthetic reports: agencies, titles, the six sections.

Short, plausible Chinese in the register of real reports. Every figure a sentence states about
the tables is passed in by the caller (taken from the printed cells), so prose and tables agree
unless the caller deliberately makes them disagree.
"""
from __future__ import annotations

import random

# (place, pinyin abbreviation for a site domain, area code, postcode prefix)
PLACES = [
    ("临川", "lc", "0794", "3440"), ("安溪", "ax", "0595", "3624"), ("永泰", "yt", "0591", "3508"),
    ("闽清", "mq", "0591", "3508"), ("罗源", "ly", "0591", "3506"), ("连江", "lj", "0591", "3505"),
    ("长汀", "ct", "0597", "3663"), ("上杭", "sh", "0597", "3642"), ("浦城", "pc", "0599", "3533"),
    ("德化", "dh", "0595", "3625"), ("宁化", "nh", "0598", "3654"), ("建宁", "jn", "0598", "3545"),
    ("泗洪", "sih", "0527", "2239"), ("盱眙", "xy", "0517", "2117"), ("涟水", "ls", "0517", "2234"),
    ("金湖", "jh", "0517", "2116"), ("兴化", "xh", "0523", "2257"), ("东台", "dt", "0515", "2242"),
    ("桐庐", "tl", "0571", "3115"), ("淳安", "ca", "0571", "3117"), ("嵊州", "szh", "0575", "3124"),
    ("临海", "lh", "0576", "3170"), ("宁乡", "nx", "0731", "4106"), ("醴陵", "ll", "0731", "4122"),
    ("彭州", "pz", "028", "6119"), ("邛崃", "ql", "028", "6115"), ("都匀", "dy", "0854", "5580"),
    ("凯里", "kl", "0855", "5560"), ("曲阜", "qf", "0537", "2731"), ("邹城", "zc", "0537", "2735"),
]
COUNTY_SUFFIX = ["县", "市", "区"]
CITIES = ["福州", "泉州", "淮安", "宿迁", "杭州", "台州", "长沙", "成都", "济宁", "黔南", "三明", "南平"]
DEPARTMENTS = [
    "教育局", "财政局", "自然资源局", "市场监督管理局", "卫生健康局", "住房和城乡建设局", "交通运输局",
    "农业农村局", "生态环境局", "人力资源和社会保障局", "民政局", "司法局", "应急管理局",
    "退役军人事务局", "医疗保障局", "统计局", "审计局", "文化和旅游局", "水利局", "商务局",
    "发展和改革委员会", "城市管理局", "林业局", "行政审批局",
]
TOWN_SYLLABLES = ["城关", "青云", "白沙", "东山", "南岭", "金峰", "梅溪", "石塘", "高桥", "新安", "龙门", "大洋",
                  "桂湖", "凤池", "湖头", "塔山", "玉田", "双溪", "清水", "古田"]
TOWN_SUFFIX = [("镇", "镇人民政府"), ("乡", "乡人民政府"), ("街道", "街道办事处")]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许"


def agency(rng: random.Random, kind: str) -> dict:
    """A random agency of a kind: government | department | township.

    Returns name (full name of the agency), short (as titles name it), place, domain, phone, postcode.
    """
    place, abbr, area, post = rng.choice(PLACES)
    county = place + rng.choice(COUNTY_SUFFIX)
    if rng.random() < 0.2:
        county = rng.choice(CITIES) + "市"
        abbr = abbr + "s"
    if kind == "government":
        name = county + "人民政府"
        short = county
    elif kind == "department":
        dept = rng.choice(DEPARTMENTS)
        name = short = county + dept
    else:
        town, suffix = rng.choice(TOWN_SYLLABLES), rng.choice(TOWN_SUFFIX)
        short = town + suffix[0]
        name = town + suffix[1]
        if rng.random() < 0.5:
            short = county + short
            name = county + name
    phone = f"{area}-{rng.randint(2, 8)}{rng.randint(0, 9999999):07d}"
    return {"name": name, "short": short, "county": county, "domain": f"www.{abbr}.gov.cn",
            "phone": phone, "postcode": post + f"{rng.randint(0, 99):02d}"}


def title(short: str, year: int, rng: random.Random) -> str:
    return f"{short}{year}{rng.choice(['年', '年度'])}政府信息公开工作年度报告"


def we(kind: str, rng: random.Random) -> str:
    if kind == "government":
        return rng.choice(["我县", "我区", "我市", "本级政府"])
    if kind == "township":
        return rng.choice(["我镇", "本镇", "我街道", "我乡"])
    return rng.choice(["我局", "本机关", "我委"])


def intro(a: dict, year: int, period_year: int, rng: random.Random, notice: str | None) -> str:
    basis = "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）"
    if notice:
        basis += f"和国务院办公厅政府信息与政务公开办公室有关通知（{notice}）"
    return (f"{basis}要求，编制本报告。本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
            f"政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况和其他需要报告的事项等六个部分。"
            f"本报告所列数据的统计期限自{period_year}年1月1日起至{period_year}年12月31日止。"
            f"如对本报告有任何疑问，请与{a['name']}办公室联系（电话：{a['phone']}；邮编：{a['postcode']}）。")


def overview(a: dict, kind: str, year: int, figures: dict, rng: random.Random) -> str:
    w = we(kind, rng)
    published_items = rng.randint(20, 3000)
    parts = [
        f"{year}年，{w}认真贯彻落实《条例》和上级关于政务公开工作的部署要求，坚持以公开为常态、不公开为例外，"
        f"扎实推进政府信息公开工作。",
        f"（一）主动公开。全年主动公开政府信息{published_items}条，通过政府网站、政务新媒体和公开栏等渠道及时发布。",
        "（二）依申请公开。" + requests_sentence(figures, rng),
        "（三）政府信息管理。严格落实信息发布审查制度，做到先审后发，定期开展已公开信息“回头看”。",
        "（四）平台建设。持续优化政府信息公开专栏，及时更新公开指南和公开目录。",
        "（五）监督保障。将政务公开工作纳入年度绩效考核，明确专人负责，加强业务培训。",
    ]
    return "\n".join(parts)


def requests_sentence(f: dict, rng: random.Random) -> str:
    """The narrative figures about applications; `f` holds new, carried_in, handled, carried_out."""
    if f["new"] == 0 and f["carried_in"] == 0 and f["handled"] == 0 and f["carried_out"] == 0:
        return "全年未收到政府信息公开申请。"
    s = f"全年共收到政府信息公开申请{f['new']}件"
    if f["carried_in"]:
        s += f"，上年结转{f['carried_in']}件"
    s += f"，办结{f['handled']}件"
    s += f"，结转下年度继续办理{f['carried_out']}件。" if f["carried_out"] else "，均已按时答复。"
    return s


def review_sentence(reconsideration: int, suits: int) -> str:
    if reconsideration == 0 and suits == 0:
        return "本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。"
    return f"本年度因政府信息公开工作被申请行政复议{reconsideration}件，被提起行政诉讼{suits}件。"


PROBLEMS = [
    "政策解读形式还不够丰富，图表图解、视频解读运用较少",
    "部分栏目信息更新不够及时，公开内容的系统性有待加强",
    "工作人员业务能力参差不齐，依申请公开办理规范化水平有待提升",
    "基层公开渠道较为单一，线下公开载体作用发挥不充分",
]
MEASURES = [
    "丰富解读形式，提升政策解读质量",
    "建立栏目更新台账，落实专人维护",
    "加强业务培训，规范依申请公开办理流程",
    "拓宽公开渠道，用好公开栏、电子屏等线下载体",
    "强化考核督查，压实公开责任",
]


def problems(year: int, rng: random.Random) -> str:
    ps = rng.sample(PROBLEMS, 2)
    ms = rng.sample(MEASURES, 3)
    return (f"{year}年政府信息公开工作取得一定成效，但仍存在一些不足：一是{ps[0]}；二是{ps[1]}。"
            f"{year + 1}年，将重点做好以下工作：一是{ms[0]}；二是{ms[1]}；三是{ms[2]}。")


def other(year: int, mention_fees: bool, fee_yuan: int, rng: random.Random) -> str:
    if not mention_fees:
        return rng.choice(["无。", "无其他需要报告的事项。", "本年度无其他需要报告的事项。"])
    if fee_yuan:
        return f"{year}年，依据《政府信息公开信息处理费管理办法》，收取信息处理费共计{fee_yuan}元。"
    return rng.choice([f"{year}年，未收取信息处理费。",
                       "本年度无收取信息处理费情况。",
                       "按照《政府信息公开信息处理费管理办法》规定，本年度未产生信息处理费。"])


# --- defects in prose -------------------------------------------------------------------------
SPAM_WORDS = ["澳门新葡京", "太阳城娱乐", "真人百家乐", "在线赌场", "时时彩平台", "棋牌娱乐城", "六合彩开奖", "博彩导航"]


def spam(rng: random.Random) -> tuple[str, str]:
    """(spam text, spam link) as injected into a defaced page."""
    words = "".join(rng.sample(SPAM_WORDS, 3))
    link = f"http://www.{rng.choice(['xpj', 'ylc', 'bet', 'amdc'])}{rng.randint(100, 999)}{rng.choice(['.com', '.net', '.cc'])}"
    return words + "官网注册送彩金", link


AREA_CODES = ["350128", "350102", "320826", "330127", "430124", "510182", "370881", "522701", "350427"]
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_number(rng: random.Random) -> str:
    """A resident identity card number with a valid GB 11643 check digit."""
    body = (rng.choice(AREA_CODES) + f"{rng.randint(1960, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            + f"{rng.randint(0, 999):03d}")
    return body + ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS)) % 11]


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"


def personal_info(rng: random.Random) -> str:
    name = rng.choice(SURNAMES) + rng.choice(["某", "某某", "先生", "女士"])
    if rng.random() < 0.5:
        return f"其中，申请人{name}（身份证号码：{id_number(rng)}）申请公开的信息已依法予以答复。"
    return f"经办人：{name}，联系手机：{mobile(rng)}。"
