"""Party.role_word can hold the clause's label (责任单位, 责任部门、单位) rather than a role: the
matrix and the map panel first showed 责任单位 in every cell instead of 牵头 / 配合 (issue 18)."""
from __future__ import annotations

from kg.maps.network import role_word
from kg.model import Duty, Party, Span


def test_a_clause_label_is_not_taken_for_a_role_word():
    lead = Party("市科委", "municipal", "sh-stcsm", "lead")
    co = Party("市经济信息化委", "municipal", "sh-cei", "co")
    guide = Party("市发展改革委", "municipal", "sh-ndrc", "co")
    lead.role_word, co.role_word, guide.role_word = "责任单位", "责任部门、单位", "指导单位"
    duty = Duty(doc="沪府办发〔2024〕8号", provision="二.(一).1", heading="智能传感技术", label="责任单位",
                raw="市科委、市经济信息化委", parties=[lead, co, guide], form="bracket",
                span=Span("000_56e28ced04004a88.txt", 75, 75, "（责任单位：市科委、市经济信息化委）"))
    assert [role_word(duty, p) for p in duty.parties] == ["牵头", "配合", "指导"]
