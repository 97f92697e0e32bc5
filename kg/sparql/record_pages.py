"""The endpoint's pages of records: every agency and every document, read from the build's corpus.

They answer through :mod:`kg.records` and :mod:`kg.resolver`, as the CLI does, so the duties an
agency page lists are the duties ``kg duties --include-text`` lists, and a mistyped name gets the
same suggestion ("no agency '市科卫'; did you mean 市科委 …?") as a 404 page.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

from .. import records
from ..corpus_io import load_corpus
from ..documents.validity import statuses
from ..model import Corpus
from ..resolver import resolve_agency, resolve_document
from ..titles import short_titles
from .answering import Answer
from .html import MAP_CSP, agency_href, doc_href, esc, link, page, table

ROLE_ZH = {"lead": "牵头 lead", "co": "配合 co"}



def build_dir(app) -> Path:
    """The build folder an app serves: its store's parent."""
    return Path(app.pool.store_path).parent

def corpus_of(app) -> Corpus:
    folder = build_dir(app)
    stamp = (folder / "corpus.json").stat().st_mtime_ns if (folder / "corpus.json").exists() else 0
    return _load(folder, stamp)


@lru_cache(maxsize=2)
def _load(folder: Path, stamp: int) -> Corpus:  # stamp: a rebuilt folder is read again
    return load_corpus(folder)


def _party_links(parties) -> str:
    return "、".join(link(agency_href(p.agency_id, p.printed), p.printed) for p in parties)


def duty_rows(corpus: Corpus, selection: records.DutySelection) -> list[dict]:
    """Rows of an HTML duty table: links to documents and partners, the task in full."""
    titles = short_titles(corpus.documents, limit=24)
    rows = []
    for d, row in zip(selection.duties, records.task_rows(corpus, selection), strict=True):
        mine = [p for p in d.parties if selection.agency and selection.agency.matches(p)]
        rows.append({"doc": link(doc_href(d.doc), titles.get(d.doc, d.doc)), "provision": esc(d.provision),
                     "heading": esc(d.heading), "task": esc(row["task"]),
                     "role": esc(row["role"] or ""), "leads": _party_links(records.leads(d)),
                     "partners": _party_links([p for p in d.parties if all(p is not m for m in mine)]),
                     "deadline": esc(row["due"] or ""), "how": "正文" if d.stated_in_text else "标注"})
    return rows


DUTY_COLUMNS = ["doc", "provision", "heading", "task", "role", "partners", "deadline", "how"]
DUTY_HEADERS = ["文件 document", "条款 provision", "标题 heading", "任务 task", "角色 role", "合作单位 partners",
                "时限 deadline", "表述 stated"]


def agency_page(app, name: str, environ: dict) -> Answer:
    corpus = corpus_of(app)
    ref = resolve_agency(name, corpus)
    selection = records.duty_selection(corpus, agency=ref, include_text=True)
    roles = Counter(records.agency_role(d, ref) for d in selection.duties)
    in_text = sum(d.stated_in_text for d in selection.duties)
    partners = Counter(p.agency_id or p.printed for d in selection.duties for p in d.parties if not ref.matches(p))
    printed = {p.agency_id or p.printed: p for d in selection.duties for p in d.parties}
    docs = Counter(d.doc for d in selection.duties)
    titles = short_titles(corpus.documents, limit=40)
    ident = ref.id or ref.name
    head = (f'<p>{esc(ref.name)} · <code>{esc(ref.id or "not in the register")}</code></p>'
            f'<p id="counts"><b>{len(selection.duties)}</b> duties: <b>{roles["lead"]}</b> as lead 牵头, '
            f'<b>{roles["co"]}</b> as co-responsible 配合; {in_text} of them stated in running text.</p>'
            f'<p>{link("/map/agency/" + ident, "地图 map")} · '
            f'{link("/html/query/agency-duties?agency=" + ident, "agency-duties query")}</p>')
    partner_rows = [{"partner": link(agency_href(printed[k].agency_id, printed[k].printed), printed[k].printed),
                     "shared": n} for k, n in partners.most_common()]
    doc_rows = [{"doc": link(doc_href(k), titles.get(k, k)), "duties": n} for k, n in docs.most_common()]
    rows = duty_rows(corpus, selection)
    cols = [c for c in DUTY_COLUMNS if c != "deadline" or any(r["deadline"] for r in rows)]
    headers = [DUTY_HEADERS[DUTY_COLUMNS.index(c)] for c in cols]
    body = (head + "<h2>职责 Duties</h2>" + table(rows, cols, headers, raw=cols, classes={"task": "task"})
            + "<h2>合作单位 Partners</h2>"
            + table(partner_rows, ["partner", "shared"], ["单位 partner", "共同职责 shared"], raw=["partner"])
            + "<h2>文件 Documents</h2>"
            + table(doc_rows, ["doc", "duties"], ["文件 document", "职责 duties"], raw=["doc"]))
    return page(ref.label, body)


def agencies_page(app, rest: str, environ: dict) -> Answer:
    corpus = corpus_of(app)
    tally: dict[str, list] = {}
    for d in corpus.duties:
        roles = {}
        for p in d.parties:
            key = p.agency_id or p.printed
            roles[key] = "lead" if p.role == "lead" or roles.get(key) == "lead" else "co"
            tally.setdefault(key, [p, 0, 0])
        for key, role in roles.items():
            tally[key][1 if role == "lead" else 2] += 1
    rows = [{"agency": link(agency_href(p.agency_id, p.printed), p.printed), "lead": lead, "co": co}
            for p, lead, co in sorted(tally.values(), key=lambda t: -(t[1] + t[2]))]
    return page("Agencies 单位", table(rows, ["agency", "lead", "co"], ["单位 agency", "牵头 lead", "配合 co"],
                                       raw=["agency"]))


def docs_page(app, rest: str, environ: dict) -> Answer:
    corpus = corpus_of(app)
    st = statuses(corpus.documents)
    count = Counter(d.doc for d in corpus.duties)
    rows = [{"doc": link(doc_href(d.key), d.doc_number or d.key), "title": esc(d.attached_title or d.title or ""),
             "status": esc(st[d.key]), "duties": count[d.key]} for d in corpus.documents]
    headers = ["文号 number", "标题 title", "效力 status", "职责 duties"]
    return page("Documents 文件", table(rows, ["doc", "title", "status", "duties"], headers,
                                        raw=["doc", "title", "status"]))


def doc_page(app, name: str, environ: dict) -> Answer:
    corpus = corpus_of(app)
    ref = resolve_document(name, corpus)
    doc = ref.document
    selection = records.duty_selection(corpus, doc=ref, include_text=True)
    meta = ""
    if doc is not None:
        facts = [("文号 number", doc.doc_number), ("标题 title", doc.title), ("附件 attached", doc.attached_title),
                 ("成文 signed", doc.signed_date), ("施行 in force", doc.effective_from),
                 ("失效 expires", doc.expires_on), ("效力 status", statuses(corpus.documents)[doc.key]),
                 ("来源 source", f"{doc.source_file}:{doc.span.start_line}")]
        meta = "<dl>" + "".join(f"<dt>{esc(k)}</dt><dd>{esc(str(v))}</dd>" for k, v in facts if v) + "</dl>"
    provisions = [{"path": esc(p.path), "heading": esc(p.heading)} for p in (doc.provisions if doc else [])]
    rows = duty_rows(corpus, selection)
    cols = ["provision", "heading", "task", "leads", "partners", "how"]
    body = (meta + f'<p id="counts"><b>{len(rows)}</b> duties.</p><h2>职责 Duties</h2>'
            + table(rows, cols, ["条款 provision", "标题 heading", "任务 task", "牵头 leads", "配合 partners",
                                 "表述 stated"], raw=cols, classes={"task": "task"})
            + "<h2>条款 Provisions</h2>" + table(provisions, ["path", "heading"], ["条款 path", "标题 heading"],
                                               raw=["path", "heading"]))
    return page(ref.label, body)


def map_page(app, name: str, environ: dict) -> Answer:
    """The agency map of kg.maps, self-contained (its scripts inline), under a CSP without network."""
    from ..maps import draw_map

    corpus = corpus_of(app)
    ref = resolve_agency(name, corpus)
    html_text = draw_map("agency", corpus, agency=ref.id or ref.name).html
    return Answer(200, "text/html; charset=utf-8", html_text.encode("utf-8"),
                  headers=(("Content-Security-Policy", MAP_CSP),))
