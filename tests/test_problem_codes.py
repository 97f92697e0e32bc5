"""Every problem code kg emits is documented in kg.model.PROBLEM_CODES (and so in report.json)."""
from __future__ import annotations

import re
from pathlib import Path

from kg.model import PROBLEM_CODES

_CODE = re.compile(r"""Problem\(\s*["'](?:error|warning|info)["'],\s*["']([a-z][a-z-]+)["']""")
_CODE_VAR = re.compile(r"""["'](error|warning|info)["'],\s*["']([a-z]+-[a-z-]+)["']""")


def test_every_emitted_code_is_documented():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (Path(__file__).parents[1] / "kg").rglob("*.py"))
    used = set(_CODE.findall(source)) | {code for _, code in _CODE_VAR.findall(source)}
    assert used, "no problem codes found in kg/"
    assert sorted(used - set(PROBLEM_CODES)) == []


def test_report_lists_the_codes_of_a_build(build_dir):
    import json

    report = json.loads((build_dir / "report.json").read_text(encoding="utf-8"))
    assert set(report["problem_codes"]) == {p["code"] for p in report["problem_list"]}
