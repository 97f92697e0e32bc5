"""The responsibility matrix: tasks (document, provision, heading) × agencies, cells 牵头 / 配合.

It is what a coordination meeting prints: one row per duty, one column per agency, the cell the
agency's role in that duty as printed (指导, 负责 … where the records carry the word) or kg's
牵头 / 配合. :func:`matrix_rows` is pure (records in, rows out) so the XLSX export can write it as
a sheet; :func:`render_matrix` makes the offline HTML page (kg.maps.matrix_page).
"""
from __future__ import annotations

from collections import Counter

from ..model import Corpus, Duty
from . import network

DOCUMENT, PROVISION, TASK = "文件 document", "条款 provision", "任务 task"
DEADLINE, SOURCE = "期限 deadline", "来源 source"
FIXED_COLUMNS = (DOCUMENT, PROVISION, TASK, DEADLINE, SOURCE)


def matrix_duties(corpus: Corpus) -> list[Duty]:
    """Every duty of the records, in record order (kg.records' selection, running text included)."""
    from ..records import select_duties

    return select_duties(corpus, include_text=True)


def matrix_agencies(corpus: Corpus, duties: list[Duty] | None = None) -> list[tuple[str, str]]:
    """(agency node id, column header) for every agency named, the busiest leads first.

    The header is the short form as printed; two agencies printed alike get their id appended.
    """
    duties = matrix_duties(corpus) if duties is None else duties
    tallies = network.tally_agencies(duties)
    order = sorted(tallies, key=lambda k: (-tallies[k].lead, -(tallies[k].lead + tallies[k].co), k))
    printed = Counter(tallies[k].party.printed for k in order)
    return [(k, tallies[k].party.printed if printed[tallies[k].party.printed] == 1
             else f"{tallies[k].party.printed} ({k})") for k in order]


def duty_cells(duty: Duty) -> dict[str, str]:
    """Agency node id → the role word of that agency in this duty (printed twice: lead wins)."""
    return {key: network.role_word(duty, party) for key, (party, _) in network.duty_roles(duty).items()}


def matrix_rows(corpus: Corpus) -> list[dict[str, str]]:
    """One dict per duty: the fixed columns, then one key per agency (its header), value the role
    word or ``""``; every row has the same keys in the same order (a sheet's columns).

    Args:
        corpus: extracted records.

    Returns:
        Rows in record order; ``list(rows[0])`` is the header row.
    """
    duties = matrix_duties(corpus)
    agencies = matrix_agencies(corpus, duties)
    docs = network.documents_by_key(corpus)
    rows = []
    for duty in duties:
        record = network.duty_record(duty, docs)
        cells = duty_cells(duty)
        row = {DOCUMENT: record["doc"], PROVISION: duty.provision, TASK: duty.heading,
               DEADLINE: record["deadline"], SOURCE: record["source"]}
        row.update({header: cells.get(key, "") for key, header in agencies})
        rows.append(row)
    return rows
