"""Demo content for the 北疆市 government website cluster.

Everything here is fictional: 北疆市 and its banners (白云旗, 金河旗), districts, 苏木,
嘎查, schools, hospitals, companies, document numbers and telephone numbers are
invented for demonstration. No real official is named. The module is pure Python
(no Django) so it can be imported by management commands, tests or fixtures alike.

Each site is built from a hand-written base (news items, notices, policy documents
with their interpretations, service guides) plus per-site topic lists combined with
several article shapes. All variation is deterministic (index arithmetic only).
The prose is data, one TOML file per site under ``demo/content/sites/`` plus the
shared phrases in ``demo/content/phrases.toml``; this module holds how they are
combined.

Texts were written relative to ``REFERENCE_DATE``; ``days_ago`` counts back from it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

__all__ = [
    "ALL_SITE_KEYS",
    "COLUMN_KEYS",
    "COLUMN_NAMES",
    "BSZN_HEADINGS",
    "REFERENCE_DATE",
    "SITE_NAMES",
    "DemoArticle",
    "articles_for",
]

REFERENCE_DATE = date(2026, 11, 26)

ALL_SITE_KEYS: tuple[str, ...] = (
    "portal",
    "edu",
    "health",
    "transport",
    "env",
    "baiyun",
    "jinhe",
)

COLUMN_KEYS: tuple[str, ...] = ("gzdt", "tzgg", "zcwj", "zcjd", "bszn")

COLUMN_NAMES: dict[str, str] = {
    "gzdt": "工作动态",
    "tzgg": "通知公告",
    "zcwj": "政策文件",
    "zcjd": "政策解读",
    "bszn": "办事指南",
}

BSZN_HEADINGS: tuple[str, ...] = (
    "事项名称",
    "设定依据",
    "申请条件",
    "办理材料",
    "办理地点、时间及联系电话",
    "办理流程",
)


@dataclass(frozen=True)
class DemoArticle:
    title: str
    column: str  # one of COLUMN_KEYS
    summary: str  # one sentence
    paragraphs: tuple[str, ...]  # 3–6 paragraphs
    source: str  # e.g. "北疆市教育局" or "北疆日报"
    author: str  # e.g. "市教育局办公室"
    days_ago: int  # publication age in days relative to REFERENCE_DATE
    headings: tuple[str, ...] = field(default=())  # bszn only: parallel to paragraphs


# ---------------------------------------------------------------------------
# The prose, read from demo/content/ (TOML: fields by name, strings as written)
# ---------------------------------------------------------------------------

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"

# Field order of each kind of hand-written item, as the builders unpack them;
# an optional field missing from the file is None.
_FIELDS: dict[str, tuple[str, ...]] = {
    "news": ("date", "kind", "title", "lead", "detail"),
    "topics": ("name", "goal", "progress", "issue", "measure"),
    "notices": ("date", "title", "unit", "purpose", "items", "closing"),
    "policies": (
        "date",
        "name",
        "prefix",
        "unit",
        "purpose",
        "basis",
        "scope",
        "target",
        "points",
        "background",
        "highlight",
    ),
    "guides": (
        "date",
        "name",
        "kind",
        "implementer",
        "applicants",
        "time_limit",
        "fee",
        "basis",
        "conditions",
        "materials",
        "steps",
        "place",
    ),
}


def _frozen(value):
    """TOML arrays as tuples and dates as ISO strings, as the builders expect."""
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


def _read(path: Path) -> dict:
    with path.open("rb") as file:
        return tomllib.load(file)


_OPTIONAL = frozenset({"closing", "steps", "place"})


def _fields(entry: dict, fields: tuple[str, ...], where: str) -> tuple:
    """One item as the builders unpack it; a misspelt or missing field is an
    error, not a silently empty paragraph."""
    unknown = set(entry) - set(fields)
    missing = set(fields) - set(entry) - _OPTIONAL
    if unknown or missing:
        raise ValueError(
            f"{where}: unknown {sorted(unknown)}, missing {sorted(missing)}"
        )
    return tuple(_frozen(entry.get(name)) for name in fields)


def _site_data(key: str) -> tuple[dict, dict]:
    """(profile, items by kind as field tuples) of one site's content file."""
    path = CONTENT_DIR / "sites" / f"{key}.toml"
    raw = _read(path)
    if unknown := set(raw) - {"profile", *_FIELDS}:
        raise ValueError(f"{path}: unknown sections {sorted(unknown)}")
    items = {
        kind: tuple(
            _fields(entry, fields, f"{path} [[{kind}]] {number}")
            for number, entry in enumerate(raw.get(kind, ()), start=1)
        )
        for kind, fields in _FIELDS.items()
    }
    return _frozen(raw["profile"]), items


_LOADED = {key: _site_data(key) for key in ALL_SITE_KEYS}
_SITES: dict[str, dict] = {key: profile for key, (profile, _) in _LOADED.items()}
_DATA_BY_SITE: tuple[dict, ...] = tuple(_LOADED[key][1] for key in ALL_SITE_KEYS)
SITE_NAMES: dict[str, str] = {key: _SITES[key]["name"] for key in ALL_SITE_KEYS}

_PHRASES = _frozen(_read(CONTENT_DIR / "phrases.toml"))
_WHEN: tuple[str, ...] = _PHRASES["when"]
_CLOSE: dict[str, tuple[str, ...]] = _PHRASES["closings"]
_GUIDE_DEFAULT_STEPS: dict[str, str] = _PHRASES["guide_default_steps"]
_TASK_HINTS: dict[str, str] = _PHRASES["task_hints"]
_SHAPES: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (shape["title"], shape["paragraphs"]) for shape in _PHRASES["shapes"]
)
_NOTICE_TAIL: tuple[tuple[str, str, str], ...] = tuple(
    (ending["word"], ending["lead_in"], ending["end"])
    for ending in _PHRASES["notice_endings"]
)
_CN_NUM = "一二三四五六七八九十"


# ---------------------------------------------------------------------------
# Builders
# ---------------------------------------------------------------------------


def _days(iso: str) -> int:
    return (REFERENCE_DATE - date.fromisoformat(iso)).days


def _first_sentence(text: str) -> str:
    end = text.find("。")
    return text if end < 0 else text[: end + 1]


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _unit(site: dict, dept: str) -> str:
    """A drafting/contact unit as written in running text."""
    if dept.startswith(("市", "旗")):
        return dept
    return (
        site["short"] + dept if site["short"].startswith("市") else site["name"] + dept
    )


def _relevant(tasks: tuple[str, ...], text: str) -> list[str]:
    """Site tasks ordered by how often their character bigrams occur in ``text``."""
    scores = [sum(text.count(g) for g in _bigrams(task.strip("“”"))) for task in tasks]
    ranked = sorted(range(len(tasks)), key=lambda j: (-scores[j], j))
    return [tasks[j] for j in ranked if scores[j] >= 1]


def _bigrams(text: str) -> set[str]:
    return {text[j : j + 2] for j in range(len(text) - 1)}


def _ctx(site: dict, s: int, i: int, text: str = "") -> dict:
    tasks = site["tasks"]
    rotated = [tasks[(i * 3 + s) % len(tasks)], tasks[(i * 3 + s + 4) % len(tasks)]]
    picked = _relevant(tasks, text) + rotated
    t0 = picked[0]
    t1 = next(
        t for t in picked[1:] + [tasks[(tasks.index(t0) + 1) % len(tasks)]] if t != t0
    )
    return {
        **site,
        "t0": t0,
        "t1": t1,
        "n1": 100 * (6 + (i * 7 + s * 5) % 24),
        "n2": 10 * (12 + (i * 13 + s * 7) % 48),
        "n3": 12 + (i * 7 + s * 5) % 40,
        "n4": 18 + (i * 11 + s * 3) % 45,
        "n5": 6 + (i * 5 + s) % 14,
    }


def _news(site: dict, s: int) -> list[DemoArticle]:
    out: list[DemoArticle] = []
    rot = dict.fromkeys(_CLOSE, s * 2)
    sources = site["sources"]
    for i, (iso, kind, title, lead, detail) in enumerate(_DATA_BY_SITE[s]["news"]):
        ctx = _ctx(site, s, i, title + lead + detail)
        if title in _TASK_HINTS:
            hint = _TASK_HINTS[title]
            ctx["t0"], ctx["t1"] = hint, ctx["t0"] if ctx["t0"] != hint else ctx["t1"]
        paras = [lead, detail]
        order = (kind, "g", kind)
        for k in range(1 + (i + s) % 3):
            pool_key = order[k]
            pool = _CLOSE[pool_key]
            paras.append(pool[rot[pool_key] % len(pool)].format(**ctx))
            rot[pool_key] += 1
        source, author = sources[(i + s) % len(sources)]
        out.append(
            DemoArticle(
                title=title,
                column="gzdt",
                summary=_first_sentence(lead),
                paragraphs=tuple(paras),
                source=source,
                author=author,
                days_ago=_days(iso),
            )
        )
    # Topic news: each site uses every shape once, spread over the two years.
    for k, (name, goal, progress, issue, measure) in enumerate(
        _DATA_BY_SITE[s]["topics"]
    ):
        title_tpl, para_tpls = _SHAPES[(k + s * 3) % len(_SHAPES)]
        places = site["places"]
        ctx = {
            **_ctx(site, s, k + 20, name + goal + measure),
            "name": name,
            "t0": name,
            "goal": goal,
            "progress": progress,
            "issue": issue,
            "measure": measure,
            "when": _WHEN[(k + s) % len(_WHEN)],
            "places": "、".join(
                places[(k + j) % len(places)] for j in range(2 + k % 2)
            ),
            "spot": site["spots"][(k + s) % len(site["spots"])],
            "n": 3 + (k + s) % 5,
            "n2": 12 + (k * 7 + s * 3) % 20,
            "n3": 80 + (k * 37 + s * 23) % 180,
            "n4": 4 + (k + s) % 4,
        }
        paras = [tpl.format(**ctx) for tpl in para_tpls]
        if len(paras) < 4 and (k + s) % 2 == 0:
            pool = _CLOSE["g"]
            paras.append(pool[rot["g"] % len(pool)].format(**ctx))
            rot["g"] += 1
        source, author = sources[(k + s + 1) % len(sources)]
        out.append(
            DemoArticle(
                title=title_tpl.format(**ctx),
                column="gzdt",
                summary=_first_sentence(paras[0]),
                paragraphs=tuple(paras),
                source=source,
                author=author,
                days_ago=15 + k * 84 + (s * 11) % 40,
            )
        )
    return out


def _notice_summary(purpose: str, end: str) -> str:
    """One sentence: inner full stops become commas; fragments get a closing clause."""
    text = purpose.rstrip("。").replace("。", "，")
    if purpose.endswith("："):
        return text.rstrip("：") + "。"
    if purpose.endswith("。"):
        return text + "。"
    return f"{text}，{end.replace('特此', '特发此')}"


def _notices(site: dict, s: int) -> list[DemoArticle]:
    out: list[DemoArticle] = []
    for iso, title, dept, purpose, items, closing in _DATA_BY_SITE[s]["notices"]:
        matches = [row for row in _NOTICE_TAIL if title.endswith(row[0])]
        matches = matches or [row for row in _NOTICE_TAIL if row[0] in title]
        _, tail, end = matches[0] if matches else ("", "。", "特此公告。")
        first = purpose if purpose.endswith(("。", "：")) else purpose + tail
        paras = [first]
        paras += [f"{_CN_NUM[j]}、{item}" for j, item in enumerate(items)]
        unit = _unit(site, dept)
        if closing is None:
            closing = (
                f"{_CN_NUM[len(items)]}、联系方式。联系单位：{unit}；办公地址：{site['address']}；"
                f"联系电话：{site['phone']}。咨询时间为工作日上午9:00—12:00、下午13:30—17:30，"
                f"如对本文内容有疑问，可在工作时间内电话咨询。{end}"
            )
        paras.append(closing)
        out.append(
            DemoArticle(
                title=title,
                column="tzgg",
                summary=_notice_summary(purpose, end),
                paragraphs=tuple(paras),
                source=site["name"],
                author=unit,
                days_ago=_days(iso),
            )
        )
    return out


def _kindword(name: str) -> str:
    base = re.sub(r"（[^）]*）$", "", name)
    return base[-2:]


def _split_point(point: str) -> tuple[str, str]:
    head, _, body = point.partition("。")
    return head, body


def _policies(site: dict, s: int) -> list[DemoArticle]:
    out: list[DemoArticle] = []
    for i, row in enumerate(_DATA_BY_SITE[s]["policies"]):
        (
            iso,
            name,
            pidx,
            dept,
            purpose,
            basis,
            scope,
            target,
            points,
            background,
            highlight,
        ) = row
        prefix, org = site["prefixes"][pidx]
        pub = date.fromisoformat(iso)
        number = max(1, pub.timetuple().tm_yday // 9) + (i * 3 + s) % 4
        wenhao = f"{prefix}〔{pub.year}〕{number}号"
        kw = _kindword(name)
        according = (
            "" if basis.endswith(("要求", "部署", "意见", "规定")) else "等有关规定"
        )
        unit = _unit(site, dept)
        heads = [_split_point(p)[0] for p in points]
        bodies = [_split_point(p)[1] for p in points]
        if i % 2 == 0:
            effect = "自印发之日起施行"
        else:
            nxt = date(pub.year + (pub.month == 12), pub.month % 12 + 1, 1)
            effect = f"自{_cn_date(nxt)}起施行"
        years = (3, 5, 2)[(i + s) % 3]
        paras = [
            f"{wenhao}　{site['recip']}：{site['approve']}，现将《{name}》印发给你们，请结合实际认真贯彻执行。执行中遇到的问题，请及时向{unit}反馈。",
            f"一、总体要求。为{purpose}，根据{basis}{according}，结合{site['area']}实际，制定本{kw}。",
            f"二、适用范围和主要目标。本{kw}适用于{scope}。主要目标：{target}。",
        ]
        rest = f"（二）{points[1]}（三）{points[2]}"
        if len(rest) <= 200:
            paras += [f"三、主要措施。（一）{points[0]}", rest]
        else:
            paras.append(f"三、主要措施。（一）{points[0]}（二）{points[1]}")
            paras.append(f"（三）{points[2]}以上措施由{unit}会同有关单位组织实施。")
        paras.append(
            f"四、组织实施。{site['units']}要高度重视，加强组织领导，明确责任分工，确保各项措施落到实处。本{kw}{effect}，有效期{years}年，由{unit}负责解释。"
        )
        paras = _cap(paras)
        days = _days(iso)
        out.append(
            DemoArticle(
                title=f"{org}关于印发《{name}》的通知",
                column="zcwj",
                summary=f"{org}印发《{name}》（{wenhao}），从{'、'.join(heads)}等方面作出规定。",
                paragraphs=tuple(paras),
                source=site["name"],
                author=unit,
                days_ago=days,
            )
        )
        # The matching interpretation, published the same day or shortly after.
        style = (i + s) % 3
        contact = f"可在工作日拨打{unit}咨询电话{site['phone']}，也可通过{site['name']}门户网站“政民互动”栏目留言，工作人员将及时予以答复。"
        if style == 1:
            title = f"{unit}有关负责同志就《{name}》答记者问"
            zparas = [
                f"近日，{org}印发《{name}》（{wenhao}）。围绕社会关注的问题，{unit}有关负责同志接受了记者采访，对《{kw}》的主要内容进行了解读。",
                f"问：《{kw}》出台的背景是什么？答：{background}",
                f"问：《{kw}》的主要目标和适用范围是什么？答：《{kw}》提出，{target}。《{kw}》适用于{scope}。",
                f"问：《{kw}》有哪些重点举措？答：《{kw}》重点从{heads[0]}、{heads[1]}、{heads[2]}三个方面作出规定。比如，在{heads[0]}方面，{bodies[0]}",
                f"问：《{kw}》有哪些创新之处？答：{highlight}",
                f"问：政策执行中遇到问题如何咨询？答：{contact}",
            ]
            summary = f"{unit}有关负责同志就《{name}》的出台背景、主要目标、重点举措和创新之处回答记者提问。"
        else:
            title = f"《{name}》政策解读" if style == 0 else f"关于《{name}》的解读"
            labels = (
                ("出台背景", "主要目标", "重点举措", "创新亮点")
                if style == 0
                else ("制定依据和背景", "目标任务", "主要内容", "特色亮点")
            )
            zparas = [
                f"近日，{org}印发《{name}》（{wenhao}，以下简称《{kw}》）。为便于社会公众和有关单位准确理解、贯彻落实，现就有关内容解读如下。",
                f"一、{labels[0]}。{background}",
                f"二、{labels[1]}。《{kw}》提出，{target}。《{kw}》适用于{scope}。",
                f"三、{labels[2]}。《{kw}》围绕{heads[0]}、{heads[1]}、{heads[2]}三个方面提出了具体举措。其中，在{heads[0]}方面，{bodies[0]}",
            ]
            rest = f"在{heads[1]}方面，{bodies[1]}在{heads[2]}方面，{bodies[2]}"
            zparas.append(
                rest if len(rest) <= 200 else f"在{heads[1]}方面，{bodies[1]}"
            )
            zparas.append(f"四、{labels[3]}。{highlight}政策咨询：{contact}")
            zparas = _cap(zparas)
            summary = f"围绕{labels[0]}、{labels[1]}、{labels[2]}和{labels[3]}，对《{name}》进行解读。"
        out.append(
            DemoArticle(
                title=title,
                column="zcjd",
                summary=summary,
                paragraphs=tuple(zparas),
                source=site["name"],
                author=unit,
                days_ago=max(0, days - (i + s) % 3),
            )
        )
    return out


def _cap(paras: list[str], limit: int = 6, longest: int = 200) -> list[str]:
    """Merge the shortest adjacent pair while there are more than ``limit`` paragraphs."""
    paras = list(paras)
    while len(paras) > limit:
        best = min(
            range(len(paras) - 1), key=lambda j: len(paras[j]) + len(paras[j + 1])
        )
        if len(paras[best]) + len(paras[best + 1]) > longest:
            break
        paras[best : best + 2] = [paras[best] + paras[best + 1]]
    return paras


def _guides(site: dict, s: int) -> list[DemoArticle]:
    out: list[DemoArticle] = []
    for i, row in enumerate(_DATA_BY_SITE[s]["guides"]):
        (
            iso,
            name,
            kind,
            impl,
            target,
            limit,
            fee,
            basis,
            cond,
            materials,
            steps,
            place,
        ) = row
        where = place or f"{site['hall']}（{site['address']}）"
        paras = (
            f"事项名称：{name}。事项类型：{kind}；实施主体：{impl}；服务对象：{target}；办结时限：{limit}；收费标准：{fee}。",
            basis,
            cond,
            materials,
            f"办理地点：{where}，也可通过“北疆办”政务服务平台网上申请。办理时间：周一至周五上午9:00—12:00，下午13:30—17:30（法定节假日除外）。联系电话：{site['phone']}；监督投诉电话：12345。",
            steps or _GUIDE_DEFAULT_STEPS[kind],
        )
        variants = (
            f"本指南介绍{name}的设定依据、申请条件、办理材料、办理地点及办理流程。",
            f"办理{name}需要哪些条件和材料、到哪里办、怎么办，一文看懂。",
            f"{impl}公布{name}办事指南，明确申请条件、所需材料和办理流程。",
        )
        out.append(
            DemoArticle(
                title=f"{name}办事指南",
                column="bszn",
                summary=variants[(i + s) % 3],
                paragraphs=paras,
                source=site["name"],
                author=f"{site['name']}政务服务窗口" if i % 2 else site["office"],
                days_ago=_days(iso),
                headings=BSZN_HEADINGS,
            )
        )
    return out


def _build() -> dict[str, tuple[DemoArticle, ...]]:
    built: dict[str, tuple[DemoArticle, ...]] = {}
    for s, key in enumerate(ALL_SITE_KEYS):
        site = _SITES[key]
        items = (
            _news(site, s) + _notices(site, s) + _policies(site, s) + _guides(site, s)
        )
        items.sort(key=lambda a: (a.days_ago, COLUMN_KEYS.index(a.column), a.title))
        built[key] = tuple(items)
    return built


_ARTICLES: dict[str, tuple[DemoArticle, ...]] = _build()


def articles_for(site_key: str) -> list[DemoArticle]:
    """All demo articles of one site, newest first. Raises KeyError for unknown keys."""
    return list(_ARTICLES[site_key])
