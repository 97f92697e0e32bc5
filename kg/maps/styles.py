"""How map elements look: colours, shapes and edge styles as data, read by every map kind.

Kept apart from the builders so a palette change never touches graph logic; every table has a
fallback entry because unseen corpora bring agency kinds and statuses we have not met.
"""
from __future__ import annotations

# Browsers pick the first installed family; canvas labels need an explicit CJK face (pyvis#263).
CJK_FONT_FACE = '"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei","PingFang SC",sans-serif'

# Party.kind → (colour, legend label)
AGENCY_KINDS: dict[str, tuple[str, str]] = {
    "municipal": ("#1f77b4", "市级部门 municipal"),
    "district": ("#2ca02c", "区政府 district"),
    "district-collective": ("#98df8a", "各区/有关区 district (collective)"),
    "central": ("#d62728", "中央驻沪 central"),
    "party": ("#9467bd", "党委机构 party organ"),
    "institution": ("#8c564b", "事业单位/企业 institution"),
    "other": ("#7f7f7f", "其他 other"),
    "unknown": ("#bcbd22", "未识别 unknown"),
}

# validity status → (colour, legend label)
STATUSES: dict[str, tuple[str, str]] = {
    "in-force": ("#2ca02c", "现行有效 in force"),
    "not-yet-in-force": ("#17becf", "尚未施行 not yet in force"),
    "expired": ("#ff7f0e", "已过期 expired"),
    "abolished": ("#d62728", "已废止 abolished"),
    "unknown": ("#bcbd22", "状态不明 unknown"),
    "outside-corpus": ("#c7c7c7", "语料外文件 outside the corpus"),
}

# node_type → (shape, colour, legend label)
NODE_TYPES: dict[str, tuple[str, str, str]] = {
    "document": ("box", "#fdd49e", "文件 document"),
    "provision": ("ellipse", "#deebf7", "条款 provision"),
    "duty": ("square", "#fee0d2", "职责 duty"),
    "agency": ("dot", "#1f77b4", "单位 agency"),
    "fund": ("diamond", "#74c476", "资金 fund"),
    "programme": ("diamond", "#9e9ac8", "专项 programme"),
    "purpose": ("triangle", "#c7e9c0", "资助对象 funded purpose"),
}

# Party.role → edge style. Lead edges solid and thick, co-responsible edges dashed.
ROLE_EDGES: dict[str, dict] = {
    "lead": {"width": 3.0, "dashes": False, "color": "#333333", "legend": "牵头 lead"},
    "co": {"width": 1.0, "dashes": True, "color": "#888888", "legend": "配合 co-responsible"},
}

# lifecycle relation → edge colour and legend label
RELATIONS: dict[str, tuple[str, str]] = {
    "supersedes": ("#d62728", "替代 supersedes"),
    "abolishes": ("#8b0000", "废止 abolishes"),
    "interprets": ("#1f77b4", "解读 interprets"),
    "based-on": ("#7f7f7f", "依据 based on"),
}

CONTAINS_EDGE = {"width": 0.5, "dashes": False, "color": "#cccccc"}

# Categorical palette for communities (cycled when there are more communities than colours).
COMMUNITY_PALETTE = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd",
]


def agency_kind(kind: str | None) -> tuple[str, str]:
    """Colour and legend label of an agency kind, falling back to 'unknown'."""
    return AGENCY_KINDS.get(kind or "unknown", AGENCY_KINDS["unknown"])

# register id prefix → jurisdiction shown in the map's filter
JURISDICTIONS: dict[str, str] = {
    "sh": "上海市 Shanghai",
    "cn": "国家 national",
    "cpc": "党中央 CPC central",
    "unresolved": "未识别 unresolved",
}
