"""Joint leads (A、B牵头, issue 17's graph task): document-duties returned one row per lead role, and
replaced-agency-duties joined a replaced lead with any lead role of the duty, so the other joint
lead's printed name appeared as the replaced agency's. Each duty is now one row of document-duties
(kg:leadText) and replaced-agency-duties reads the replaced agency's own party role."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from kg.graph.building import build_dataset
from kg.graph.store import write_build
from kg.model import Corpus, Document, Duty, Party, Span
from kg.sparql.running import run_query

KEY = "沪府办规〔2021〕7号"


def test_joint_lead_with_a_replaced_agency(tmp_path: Path) -> None:
    span = Span("gazette.txt", 20, 20, "市地方金融监管局、市科委牵头")
    doc = Document(key=KEY, doc_number=KEY, title="测试方案", attached_title=None, kind="方案", issuers=[],
                   signed_date=date(2021, 5, 1), effective_from=None, expires_on=None, supersedes=[],
                   interprets=None, basis=[], english_title=None, span=Span("gazette.txt", 1, 40, ""))
    duty = Duty(doc=KEY, provision="", heading="", label="", raw="市地方金融监管局、市科委牵头", form="lead-co",
                span=span, parties=[Party("市地方金融监管局", "municipal", "sh-local-finance", "lead", "牵头"),
                                    Party("市科委", "municipal", "sh-stcsm", "lead", "牵头")], rule="explicit")
    write_build(build_dataset(Corpus(documents=[doc], duties=[duty])), tmp_path, formats=())
    rows = run_query("document-duties", tmp_path, document=KEY)
    assert [(r["lead"], r["co"]) for r in rows] == [("市地方金融监管局、市科委", "")]
    replaced = run_query("replaced-agency-duties", tmp_path, document=KEY)
    assert {r["printedName"] for r in replaced} == {"市地方金融监管局"}
