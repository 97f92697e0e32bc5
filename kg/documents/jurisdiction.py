"""Whose short forms a document uses, and the rule that expands them outside the register's home.

"市科委" means 上海市科学技术委员会 in a Shanghai gazette and 北京市科学技术委员会 in a Beijing one.
The agency register (``ontology/agencies.ttl``) holds the central government and one home
jurisdiction (Shanghai). A document issued elsewhere does not borrow the home city's bodies: its
local short forms are expanded by one general rule, the document's jurisdiction plus the table of
standard short forms in ``local_forms.toml`` (市发展改革委 → 广州市发展和改革委员会, 省经信厅 →
浙江省经济和信息化厅), into an *inferred* body with a jurisdiction-scoped id (``loc-`` + the
punycode of the full name: stable, reversible, ASCII). What the table cannot expand stays
unresolved. Central bodies (国家发展改革委, 财政部) resolve wherever they are printed.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..agencies import Agency, normalise_name
from ..errors import InputError
from ..model import Document, Duty

if sys.version_info >= (3, 11):  # noqa: UP036 - pyproject still allows 3.10, which has no tomllib
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FORMS_FILE = Path(__file__).with_name("local_forms.toml")
INFERRED_PREFIX = "loc-"

_PLACE = re.compile(r"^(?:中共)?([\u4e00-\u9fff]{2,7}?(?:省|市|自治区|特别行政区))")
_CENTRAL = ("国务院", "中华人民共和国", "中共中央", "全国人民代表大会")
# A government or Party committee named in a body: "中共广州市委、广州市人民政府关于…". The place
# must start a word (not "推进广州市…") and must not be a collective ("各省", "直辖市", "设区的市").
_NAMED_GOVERNMENT = re.compile(r"(?<![\u4e00-\u9fff])(?:中共)?([\u4e00-\u9fff]{2,4}?[省市])(?:委|人民政府)")
_NOT_A_PLACE = re.compile(r"^(各|有关|相关|本|我|全|直辖|设区|地级|县级|副省级|省级|市级|城市)")
_SELF = {"市": ("我市", "全市", "本市"), "省": ("我省", "全省", "本省")}
# level of a jurisdiction → (the word its own bodies print instead of the place, place pattern)
_LEVELS = {"city": ("市", r"[\u4e00-\u9fff]{1,8}?市"), "province": ("省", r"[\u4e00-\u9fff]{1,8}?省"),
           "district": ("区", r"[\u4e00-\u9fff]{1,12}?[区县]")}


# ---- where a document was issued --------------------------------------------------------------


@lru_cache(maxsize=4)
def home_of(register) -> str | None:
    """'上海市' for a register whose municipal government is 上海市人民政府."""
    for agency in register:
        if agency.kind == "MunicipalGovernment" and agency.name.endswith("人民政府"):
            return agency.name[: -len("人民政府")]
    return None


def place_of(doc: Document, body: str | None = None) -> str | None:
    """The province or city that issued a document; None for central ones and when nothing says.

    The issuers and the title decide. A document with neither (a web copy of its body only) is
    placed by its body when the body speaks of itself (我市, 全市 / 我省, 全省) and names exactly
    one government or Party committee of that level (中共广州市委、广州市人民政府 → 广州市).
    """
    for name in list(doc.issuers) + [doc.title or ""]:
        if name.startswith(_CENTRAL):
            return None
        m = _PLACE.match(name)
        if m:
            return m.group(1)
    if doc.issuers or not body:
        return None
    named = {m.group(1) for m in _NAMED_GOVERNMENT.finditer(body) if not _NOT_A_PLACE.match(m.group(1))}
    if len(named) == 1:
        place = named.pop()
        if any(word in body for word in _SELF[place[-1]]):
            return place
    return None


def level_of(place: str | None) -> str | None:
    """city / province / district for 广州市 / 浙江省 / 越秀区; None for other places (自治区)."""
    if not place:
        return None
    if place.endswith(("自治区", "特别行政区")):
        return None
    return {"市": "city", "省": "province", "区": "district", "县": "district"}.get(place[-1])


# ---- the table of local short forms -------------------------------------------------------------


@dataclass(frozen=True)
class LocalForm:
    """One standard local body: its full name with ``{place}``, its agency kind, its short forms."""

    level: str
    full: str
    kind: str
    short: tuple[str, ...] = ()

    def full_name(self, place: str) -> str:
        return self.full.replace("{place}", place)

    def generic_forms(self) -> tuple[str, ...]:
        """How a document of that level prints the body: 市发展改革委, 市教育局, 市委组织部."""
        word = _LEVELS[self.level][0]
        written = self.full_name(word)
        return tuple(dict.fromkeys((*self.short, written, written.removeprefix("中共"))))


class LocalForms:
    """The table of ``local_forms.toml``, indexed by level and generic printed form."""

    def __init__(self, forms: Iterable[LocalForm], source: str = "<memory>"):
        self.source = source
        self.forms = tuple(forms)
        self._index: dict[tuple[str, str], LocalForm] = {}
        self._patterns: list[tuple[re.Pattern[str], LocalForm]] = []
        for form in self.forms:
            for printed in form.generic_forms():
                key = (form.level, normalise_name(printed))
                if key in self._index and self._index[key] != form:
                    raise InputError(f"{printed!r} expands to both {self._index[key].full!r} and {form.full!r}",
                                     source)
                self._index[key] = form
            place = _LEVELS[form.level][1]
            self._patterns.append((re.compile(re.escape(form.full).replace(re.escape("{place}"), f"({place})")), form))

    @classmethod
    def load(cls, path: str | Path | None = None, kinds: Iterable[str] | None = None) -> LocalForms:
        """Read and check the table; InputError names the file and the faulty entry."""
        path = Path(path) if path else FORMS_FILE
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise InputError(f"cannot read the local short forms: {exc}", str(path)) from exc
        forms = []
        for level in data:
            if level not in _LEVELS:
                raise InputError(f"unknown level [[{level}]]; use one of {sorted(_LEVELS)}", str(path))
            for entry in data[level]:
                where = f"{path}: [[{level}]] {entry.get('full', '?')!r}"
                if "{place}" not in entry.get("full", "") or not entry.get("kind"):
                    raise InputError("needs `full` with {place} and a `kind`", where)
                if kinds is not None and entry["kind"] not in kinds:
                    raise InputError(f"kind {entry['kind']!r} is not a kg:AgencyKind of the register", where)
                forms.append(LocalForm(level, entry["full"], entry["kind"], tuple(entry.get("short", ()))))
        return cls(forms, str(path))

    def expand(self, printed: str, place: str) -> tuple[str, LocalForm] | None:
        """(full name, form) of a body printed in a document of ``place``; None when not standard."""
        level = level_of(place)
        if level is None:
            return None
        key = normalise_name(printed)
        generic = key.replace(place, _LEVELS[level][0], 1) if place in key else key
        form = self._index.get((level, generic))
        return (form.full_name(place), form) if form else None

    def parse(self, full: str) -> tuple[str, LocalForm] | None:
        """(place, form) a full name was expanded from; None when no form yields it."""
        for pattern, form in self._patterns:
            m = pattern.fullmatch(full)
            if m:
                return m.group(1), form
        return None


@lru_cache(maxsize=1)
def default_forms() -> LocalForms:
    """The bundled table, read once per process."""
    return LocalForms.load()


# ---- inferred agencies ------------------------------------------------------------------------


def inferred_id(full_name: str) -> str:
    """The jurisdiction-scoped id of an inferred body: ``loc-`` + punycode of its full name."""
    return INFERRED_PREFIX + full_name.encode("punycode").decode("ascii")


def _agency(full: str, place: str, form: LocalForm) -> Agency:
    shorts = tuple(s for s in form.generic_forms() if not s.startswith("中共"))
    return Agency(id=inferred_id(full), name=full, name_en="", kind=form.kind, short_names=shorts,
                  jurisdiction=place, inferred=True)


def infer(printed: str, place: str | None, forms: LocalForms | None = None) -> Agency | None:
    """The inferred body ``printed`` denotes in a document of ``place``, or None (never a guess)."""
    if not place:
        return None
    found = (forms or default_forms()).expand(printed, place)
    return _agency(found[0], place, found[1]) if found else None


def inferred_agency(agency_id: str, forms: LocalForms | None = None) -> Agency | None:
    """The inferred body with this id (see :func:`inferred_id`); None for any other id."""
    if not agency_id.startswith(INFERRED_PREFIX):
        return None
    try:
        full = agency_id[len(INFERRED_PREFIX):].encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        return None
    found = (forms or default_forms()).parse(full)
    if found is None or inferred_id(found[1].full_name(found[0])) != agency_id:
        return None
    return _agency(full, *found)


# ---- a document's parties in its jurisdiction -------------------------------------------------


def localise(duties: list[Duty], doc, register) -> None:
    """Resolve the parties of a document from outside the register's home in its jurisdiction, in place.

    ``doc`` is the DocumentText (its ``jurisdiction``) or the Document. A party an extractor
    resolved to a home body that the document does not name as such (市科委 in a Beijing text) is
    resolved again in the document's jurisdiction: an inferred Beijing body, or unresolved.
    """
    from ..facts.parties import explain  # the parties stage sits above this module

    document = getattr(doc, "document", doc)
    place = getattr(doc, "jurisdiction", None) or place_of(document)
    home = home_of(register)
    if not home or not place or place == home:
        return
    on: date | None = document.signed_date
    for duty in duties:
        for i, party in enumerate(duty.parties):
            current = register.get(party.agency_id) if party.agency_id else None
            if current is not None and (current.inferred or not register.is_home_body(current)
                                        or home in party.printed):
                continue
            found = explain(party.printed, register, on, jurisdiction=place)
            duty.parties[i] = replace(party, kind=found.kind, agency_id=found.agency.id if found.agency else None)
