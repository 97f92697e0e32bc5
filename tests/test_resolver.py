"""The one resolver of agencies and documents, as a table of what users type (issue 19)."""
from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.resolver import edit_distance, nearest, normalise_doc_number, resolve_agency, resolve_document

KEWEI = "sh-stcsm"


@pytest.mark.parametrize("typed", [
    "市科委",  # the short form the gazette prints
    "上海市科学技术委员会",  # the full official name
    "上海市科委",  # <home city>X ⇄ 市X
    "sh-stcsm",  # the register's own id: used to select nothing
    "https://w3id.org/kg-cn/agency/sh-stcsm",  # the IRI a SPARQL answer shows
    " 市科委 ",  # pasted with spaces
])
def test_every_name_of_an_agency_resolves_to_it(corpus, typed):
    ref = resolve_agency(typed, corpus)
    assert (ref.id, ref.short, ref.name) == (KEWEI, "市科委", "上海市科学技术委员会")


@pytest.mark.parametrize("typed, suggestion", [
    ("市科卫", "市科委 (上海市科学技术委员会)"),  # one wrong character
    ("市民正局", "市民政局 (上海市民政局)"),
    ("科委", "市科委 (上海市科学技术委员会)"),  # a part of the short form
])
def test_an_unknown_agency_fails_with_the_nearest_names(corpus, typed, suggestion):
    with pytest.raises(InputError) as failure:
        resolve_agency(typed, corpus)
    message = str(failure.value)
    assert message.startswith(f"no agency {typed!r}; did you mean ") and suggestion in message


def test_the_exact_message_of_the_issue(corpus):
    with pytest.raises(InputError, match=r"^no agency '市科卫'; did you mean 市科委 \(上海市科学技术委员会\)\?$"):
        resolve_agency("市科卫", corpus)


def test_nonsense_suggests_nothing_rather_than_noise(corpus):
    with pytest.raises(InputError) as failure:
        resolve_agency("nonsense", corpus)
    assert "did you mean" not in str(failure.value)


def test_a_party_the_register_lacks_is_found_by_its_printed_name(corpus):
    printed = next(p.printed for d in corpus.duties for p in d.parties if p.agency_id is None)
    ref = resolve_agency(printed, corpus)
    assert ref.id is None and ref.name == printed
    assert any(ref.matches(p) for d in corpus.duties for p in d.parties)


@pytest.mark.parametrize("typed", ["沪府办发〔2024〕8号", "沪府办发[2024]8号", "沪府办发【2024】8号", "沪府办发（2024）8号",
                                   "沪府办发(2024)8号", "沪府办发 〔2024〕 8 号", "沪府办发［２０２４］８号",
                                   "https://w3id.org/kg-cn/doc/%E6%B2%AA%E5%BA%9C%E5%8A%9E%E5%8F%91%E3%80%942024%E3%80%958%E5%8F%B7"])
def test_a_document_number_in_any_brackets(corpus, typed):
    assert resolve_document(typed, corpus).key == "沪府办发〔2024〕8号"


def test_a_document_without_number_by_its_title_or_a_unique_part(corpus):
    doc = next(d for d in corpus.documents if not d.doc_number and d.title and "生物医药" in d.title)
    assert resolve_document(doc.title, corpus).key == doc.key
    assert resolve_document("促进本市生物医药产业高质量发展", corpus).key == doc.key
    assert resolve_document(doc.key, corpus).key == doc.key


def test_a_part_of_several_titles_lists_them(corpus):
    readings = [d.key for d in corpus.documents if d.title and d.title.endswith("政策解读")]
    with pytest.raises(InputError) as failure:
        resolve_document("政策解读", corpus)
    assert f"matches {len(readings)} documents" in str(failure.value)
    assert all(k in str(failure.value) for k in readings)


@pytest.mark.parametrize("typed, suggestion", [
    ("沪府办发〔2024〕99号", "沪府办发〔2024〕9号"),
    ("沪府办发[2042]8号", "沪府办发〔2024〕8号"),  # digits swapped
])
def test_an_unknown_document_suggests_the_nearest(corpus, typed, suggestion):
    with pytest.raises(InputError, match="did you mean") as failure:
        resolve_document(typed, corpus)
    assert suggestion in str(failure.value)


@pytest.mark.parametrize("a, b, distance", [("市科卫", "市科委", 1), ("", "abc", 3), ("kitten", "sitting", 3)])
def test_edit_distance(a, b, distance):
    assert edit_distance(a, b) == distance == edit_distance(b, a)


def test_nearest_ranks_the_closest_first():
    assert nearest("市科卫", ["市教委", "市科委", "市农科院"])[0] == "市科委"


@pytest.mark.parametrize("typed, number", [("沪府发[2021]5号", "沪府发〔2021〕5号"), ("not a number", None)])
def test_normalise_doc_number(typed, number):
    assert normalise_doc_number(typed) == number
