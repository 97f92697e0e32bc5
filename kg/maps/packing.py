"""The page's data in columns, each distinct string once: what keeps a 5,000-agency map small.

A map page used to carry its nodes, edges and duty table as JSON lists of objects: every key
repeated on every item, every agency name, document number, file name and role word written
out wherever it was used, every edge with its own copy of its duty list. On 5,112 agencies and
40,399 edges (bench/bench_maps.py --scale 71) that was 14.7 MB of HTML. Here:

- a list of items becomes one column per key (:func:`pack_items`);
- every string goes into one table of distinct strings (:class:`Strings`, the most used first,
  so their indices are short); a multi-line text is stored as the indices of its lines;
- a text that repeats the names of its own row (a clause "责任单位：市科委、市财政局" and its
  parties, a tooltip "id: party:市科委" and its label, an edge's "A — B：3 项共同职责" and its
  ends) stores each such name as a placeholder character, so the rest of the text, which
  repeats across rows, is stored once (:func:`template`; every value is checked to read back);
- a duty list becomes one integer per duty, the difference from the previous index × number of
  codes + code (an agency's duties are near each other in the table);
- an edge of the collaboration or agency map carries no duty list when its duties are exactly
  those its two ends share (:func:`shared_duties`, checked for every edge, so the page never
  derives a list that differs from the graph's); the page computes it from the ends' lists.

``assets/kg-map.js`` (``unpack``) reverses all of it before the page uses the data, and
:func:`unpack_page` / :func:`unpack_items` do the same in Python for tests and notebooks: both
give back exactly the lists of objects that were packed.

Column forms (``cols[key]``): ``{"s": [i]}`` one string per row (-1: no such key); ``{"l": [[i,
…]]}`` a string as its lines (null: no key); ``{"a": [[i, …]]}`` a list of strings; ``"t": 1``
added to either: placeholders U+E000 + k stand for the row's k-th context name; ``{"d": [[n,
…]], "c": codes, "x": derived rows}`` duty lists; ``{"p": [[name, …]], "r": [[code, …]], "c":
[[role, word], …]}`` a duty's parties; ``{"f": [file], "n": [line]}`` a ``file:line`` source;
``{"e": [row]}`` a node id as the node's row; ``{"v": values, "m": rows without the key}``
anything else, as JSON.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

MISSING = -1  # a string column's row without the key
PLACEHOLDER = 0xE000  # private-use characters U+E000 … U+E0FF stand for context names
_PLACEHOLDERS = re.compile("[\ue000-\ue0ff]")
_ABSENT = object()  # a row without the key, while a column is being encoded
DERIVED = object()  # an edge's duty list that the page derives from its ends

Context = Callable[[dict], list[str]]


class Strings:
    """The page's distinct strings; columns hold indices, renumbered by use at :meth:`table`."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self._counts: list[int] = []
        self._columns: list[tuple[list, int]] = []  # (index column, depth), renumbered at the end

    def ref(self, text: str) -> int:
        index = self._index.get(text)
        if index is None:
            index = self._index[text] = len(self._counts)
            self._counts.append(0)
        self._counts[index] += 1
        return index

    def refs(self, texts: Iterable[str]) -> list[int]:
        """:meth:`ref` of each text (one call per list: a column has thousands)."""
        index, counts, out = self._index, self._counts, []
        for text in texts:
            i = index.get(text)
            if i is None:
                i = index[text] = len(counts)
                counts.append(0)
            counts[i] += 1
            out.append(i)
        return out

    def column(self, values: list, depth: int = 1) -> list:
        """Register a column of indices to renumber at :meth:`table`: depth 1 a list of ints
        (negative: none), depth 2 a list of lists of ints (None: none)."""
        self._columns.append((values, depth))
        return values

    def table(self) -> list[str]:
        """The strings, most used first (shorter indices), and every registered column renumbered."""
        texts = list(self._index)
        order = sorted(range(len(texts)), key=lambda i: (-self._counts[i], i))
        new = [0] * len(texts)
        for rank, old in enumerate(order):
            new[old] = rank
        for values, depth in self._columns:
            if depth == 1:
                values[:] = [new[v] if v >= 0 else v for v in values]
            else:
                values[:] = [None if v is None else [new[x] for x in v] for v in values]
        self._columns = []
        return [texts[i] for i in order]


# ---- templates: a row's own names as placeholders ------------------------------------------------

def template(text: str, names: list[str], clean: bool = False) -> str | None:
    """``text`` with each of ``names`` (longest first) replaced by U+E000 + its position, or None
    when that would not read back exactly (:func:`fill`), as when the text holds such a character.

    Only the names found in the text are tried (a replacement only puts in placeholders, so it
    makes no new occurrence of a name), and reading back is the same replacements undone, which
    is :func:`fill` when no name holds a placeholder (``clean``: the caller has made sure, as
    :func:`_usable_names` does): a 5,000-agency page has 35,000 templates.
    """
    if _PLACEHOLDERS.search(text):
        return None
    used = [(k, name) for k, name in enumerate(names) if name and name in text]
    if not used:
        return text  # no name in it: reads back as it is
    out = text
    for k, name in sorted(used, key=lambda kn: -len(kn[1])) if len(used) > 1 else used:
        if name in out:
            out = out.replace(name, chr(PLACEHOLDER + k))
    if not clean and any(_PLACEHOLDERS.search(name) for _, name in used):
        back = fill(out, names)
    else:
        back = out
        for k, name in used:
            back = back.replace(chr(PLACEHOLDER + k), name)
    return out if back == text else None


def fill(text: str, names: list[str]) -> str:
    """A template's placeholders replaced by the names they stand for (kg-map.js: ``fill``)."""
    return _PLACEHOLDERS.sub(lambda m: names[ord(m.group(0)) - PLACEHOLDER], text)


def _usable_names(names: list[str]) -> list[str]:
    """Context names a template may use: at most 256, none holding a placeholder character."""
    names = names[:256]
    if all(type(n) is str for n in names) and not _PLACEHOLDERS.search("".join(names)):
        return names  # the usual case, checked in one search
    return ["" if not isinstance(n, str) or _PLACEHOLDERS.search(n) else n for n in names]


# ---- packing ---------------------------------------------------------------------------------------

def pack_items(items: list[dict], strings: Strings, implicit_id: str | None = None,
               context: Context | None = None, templated: Iterable[str] = ()) -> dict:
    """A list of objects as ``{"n": rows, "cols": {key: column}}`` (see the module docstring).

    Args:
        items: the objects; a key missing from an object stays missing.
        strings: the page's string table.
        implicit_id: leave the ``id`` column out when row i's id is this prefix + i.
        context: the names a row's templated texts may refer to, from the row itself (the
            decoder calls it on the row with its other columns decoded).
        templated: the keys whose strings are stored as templates over ``context``.
    """
    keys = list(dict.fromkeys(k for item in items for k in item))
    table: dict = {"n": len(items), "cols": {}}
    if implicit_id is not None and "id" in keys and all(item.get("id") == f"{implicit_id}{i}"
                                                        for i, item in enumerate(items)):
        keys.remove("id")
        table["id"] = implicit_id
    names = [_usable_names(context(item)) for item in items] if context else None
    for key in keys:
        values = [item.get(key, _ABSENT) for item in items]
        table["cols"][key] = encode_column(key, values, strings, names if key in templated else None)
    return table


def encode_column(key: str, values: list, strings: Strings, names: list[list[str]] | None = None) -> dict:
    """One column in the smallest form that keeps every value exactly."""
    present = [v for v in values if v is not _ABSENT]
    codes = _duty_codes(present) if key == "duties" else None
    if codes is not None:
        return _duty_column(values, codes)
    if key == "parties" and all(_is_party_list(v) for v in present):
        return _party_column(values, strings)
    if key == "source" and present and all(isinstance(v, str) and _SOURCE.match(v) for v in present):
        return _source_column(values, strings)
    if present and all(isinstance(v, str) for v in present):
        return _string_column(values, strings, names)
    if present and all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in present):
        return {"a": strings.column([None if v is _ABSENT else strings.refs(v) for v in values], 2)}
    column: dict = {"v": [0 if v is _ABSENT else v for v in values]}
    missing = [i for i, v in enumerate(values) if v is _ABSENT]
    if missing:
        column["m"] = missing
    return column


def _string_column(values: list, strings: Strings, names: list[list[str]] | None) -> dict:
    """Strings by index, a multi-line one by its lines' indices; as templates when every value of
    the column reads back from its template (else the column is stored plain)."""
    if names is not None:
        shapes = [v if v is _ABSENT else template(v, names[i], clean=True) for i, v in enumerate(values)]
        if all(shape is not None for shape in shapes):
            column = _string_column(shapes, strings, None)
            column["t"] = 1
            return column
    if any(v is not _ABSENT and "\n" in v for v in values):
        return {"l": strings.column([None if v is _ABSENT else strings.refs(v.split("\n")) for v in values], 2)}
    return {"s": strings.column([MISSING if v is _ABSENT else strings.ref(v) for v in values])}


def _is_duty_list(value) -> bool:
    """``[[index, code], …]`` with int indices and str or bool codes (a loop: it sees every pair)."""
    if type(value) is not list:
        return False
    for pair in value:
        if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not int or pair[0] < 0 \
                or type(pair[1]) not in (str, bool):
            return False
    return True


def _duty_codes(values: list) -> dict | None:
    """The codes of duty lists ``[[index, code], …]`` (int index ≥ 0, str or bool code) in the
    order first met, each with its number; None when a value is no such list. One pass checks
    and collects: a str never equals a bool, so the codes themselves are the keys."""
    codes: dict = {}
    for value in values:
        if value is DERIVED:
            continue
        if type(value) is not list:
            return None
        for pair in value:
            if type(pair) is not list or len(pair) != 2:
                return None
            index, code = pair
            if type(index) is not int or index < 0 or type(code) not in (str, bool):
                return None
            if code not in codes:
                codes[code] = len(codes)
    return codes


def _duty_column(values: list, codes: dict) -> dict:
    """Duty lists ``[[index, code], …]`` as one integer per duty: (index − previous index) ×
    len(codes) + code, the first from 0."""
    width = max(len(codes), 1)
    rows = []
    for value in values:
        if value is _ABSENT or value is DERIVED:
            rows.append(None)
            continue
        previous, row = 0, []
        for index, code in value:
            row.append((index - previous) * width + codes[code])
            previous = index
        rows.append(row)
    column = {"d": rows, "c": list(codes)}
    derived = [i for i, v in enumerate(values) if v is DERIVED]
    if derived:
        column["x"] = derived
    return column


def _is_party_list(value) -> bool:
    """``[[printed, role, word], …]`` of strings (a loop: it sees every party of every duty)."""
    if type(value) is not list:
        return False
    for p in value:
        if type(p) is not list or len(p) != 3 or type(p[0]) is not str or type(p[1]) is not str \
                or type(p[2]) is not str:
            return False
    return True


def _party_column(values: list, strings: Strings) -> dict:
    """Parties ``[[printed, role, word], …]`` as name indices and (role, word) codes."""
    codes: dict[tuple[str, str], int] = {}
    names, roles = [], []
    for value in values:
        if value is _ABSENT:
            names.append(None)
            roles.append(None)
            continue
        names.append(strings.refs([printed for printed, _, _ in value]))
        roles.append([codes.setdefault((role, word), len(codes)) for _, role, word in value])
    return {"p": strings.column(names, 2), "r": roles, "c": [list(code) for code in codes]}


_SOURCE = re.compile(r"^(.*):(0|[1-9][0-9]*)$", re.S)  # file:line, the line without leading zeros


def _source_column(values: list, strings: Strings) -> dict:
    """``file:line`` sources as file indices and line numbers (a file name repeats, a line does not)."""
    files, lines = [], []
    for value in values:
        match = None if value is _ABSENT else _SOURCE.match(value)
        files.append(strings.ref(match.group(1)) if match else MISSING)
        lines.append(int(match.group(2)) if match else 0)
    return {"f": strings.column(files), "n": lines}


def node_context(item: dict) -> list[str]:
    """What a node's tooltip, summary and id may refer to: its label and name."""
    return [item.get("label", ""), item.get("name", "")]


NODE_TEMPLATED = ("id", "title", "summary", "search")


def duty_context(row: dict) -> list[str]:
    """What a duty's clause may refer to: its parties as printed."""
    return [p[0] if isinstance(p, list) and p else "" for p in row.get("parties") or []]


def pack_nodes(nodes: list[dict], strings: Strings) -> dict:
    return pack_items(nodes, strings, context=node_context, templated=NODE_TEMPLATED)


def pack_edges(edges: list[dict], nodes: list[dict], strings: Strings) -> dict:
    """The page's edges: ends as node rows, tooltips as templates over the ends' labels, and the
    duty lists the page can derive left out (``x`` lists their rows)."""
    row_of = {n["id"]: i for i, n in enumerate(nodes)}
    labels = {n["id"]: n.get("label", "") for n in nodes}
    lists = {n["id"]: n["duties"] for n in nodes if _is_duty_list(n.get("duties"))}
    derived = set(derive_edge_duties(edges, lists.get))
    items = [{**e, "duties": DERIVED} if i in derived else e for i, e in enumerate(edges)]
    table = pack_items(items, strings, implicit_id="e", context=_edge_context(labels), templated=("title",))
    for end in ("from", "to"):
        if end in table["cols"] and all(e.get(end) in row_of for e in edges):
            table["cols"][end] = {"e": [row_of[e[end]] for e in edges]}
    return table


def _edge_context(labels: dict[str, str]) -> Context:
    return lambda edge: [labels.get(edge.get("from"), ""), labels.get(edge.get("to"), "")]


def pack_duty_table(rows: list[dict], strings: Strings) -> dict:
    """The duty table (kg.maps.network.duty_record rows) in columns; clauses over their parties."""
    return pack_items(rows, strings, context=duty_context, templated=("clause",))


def pack_docs(docs: dict[str, dict], strings: Strings) -> dict:
    """Document key → validity record, as the keys' indices and a table of the records."""
    return {"k": strings.column(strings.refs(docs)), "t": pack_items(list(docs.values()), strings)}


# ---- edges whose duties the page derives ----------------------------------------------------------

def shared_duties(source: list, target: list) -> list:
    """The duties two ends share, as an edge lists them: ``source``'s in its order, those also in
    ``target``, flagged True when one end leads and the other does not (kg-map.js: ``shared``)."""
    roles = {index: role for index, role in target}
    return [[index, (role == "lead") != (roles[index] == "lead")] for index, role in source if index in roles]


def derive_edge_duties(edges: list[dict], node_duties: Callable[[str], list | None]) -> list[int]:
    """Rows of ``edges`` whose duty list is exactly :func:`shared_duties` of their ends: the page
    derives those (their lists are dropped from the page); every other list is carried as is."""
    rows = []
    for row, edge in enumerate(edges):
        stored = edge.get("duties")
        source, target = node_duties(edge["from"]), node_duties(edge["to"])
        if source is not None and target is not None and _same_duties(stored, shared_duties(source, target)):
            rows.append(row)
    return rows


def _same_duties(stored, derived: list) -> bool:
    """``stored`` is ``derived`` exactly, types too: [1, 1] == [1, True] in Python, not in JSON."""
    if type(stored) is not list or len(stored) != len(derived):
        return False
    for pair, (index, led) in zip(stored, derived, strict=True):
        if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not int or type(pair[1]) is not bool \
                or pair[0] != index or pair[1] is not led:
            return False
    return True


# ---- reading it back (the Python mirror of kg-map.js unpack, for tests and notebooks) ---------------

def unpack_items(table: dict, strings: list[str], context: Context | None = None,
                 node_ids: list[str] | None = None) -> list[dict]:
    """The list of objects :func:`pack_items` was given (derived duty lists are None until
    :func:`unpack_page` fills them). Templated columns are read last, over ``context``."""
    rows: list[dict] = [{} for _ in range(table["n"])]
    if table.get("id") is not None:
        for i, row in enumerate(rows):
            row["id"] = f"{table['id']}{i}"
    cols = table["cols"]
    for key in sorted(cols, key=lambda k: bool(cols[k].get("t"))):
        names = [context(row) for row in rows] if cols[key].get("t") and context else None
        for i, value in _decode_column(cols[key], strings, node_ids):
            rows[i][key] = fill_value(value, names[i]) if names else value
    return rows


def fill_value(value, names: list[str]):
    return [fill(v, names) for v in value] if isinstance(value, list) else fill(value, names)


def _decode_column(column: dict, strings: list[str], node_ids: list[str] | None) -> Iterable[tuple[int, object]]:
    if "s" in column:
        return ((i, strings[v]) for i, v in enumerate(column["s"]) if v != MISSING)
    if "l" in column:
        return ((i, "\n".join(strings[x] for x in v)) for i, v in enumerate(column["l"]) if v is not None)
    if "a" in column:
        return ((i, [strings[x] for x in v]) for i, v in enumerate(column["a"]) if v is not None)
    if "d" in column:
        return _decode_duties(column)
    if "p" in column:
        codes = column["c"]
        return ((i, [[strings[name], *codes[code]] for name, code in zip(v, column["r"][i], strict=True)])
                for i, v in enumerate(column["p"]) if v is not None)
    if "f" in column:
        return ((i, f"{strings[v]}:{column['n'][i]}") for i, v in enumerate(column["f"]) if v != MISSING)
    if "e" in column:
        return ((i, node_ids[v]) for i, v in enumerate(column["e"]))
    missing = set(column.get("m", ()))
    return ((i, v) for i, v in enumerate(column["v"]) if i not in missing)


def _decode_duties(column: dict) -> Iterable[tuple[int, object]]:
    codes, derived = column["c"], set(column.get("x", ()))
    width = max(len(codes), 1)
    for i, packed in enumerate(column["d"]):
        if i in derived:
            yield i, None
        elif packed is not None:
            previous, out = 0, []
            for x in packed:
                step = x // width
                previous += step
                out.append([previous, codes[x - step * width]])
            yield i, out


def unpack_docs(packed: dict, strings: list[str]) -> dict[str, dict]:
    return dict(zip((strings[k] for k in packed["k"]), unpack_items(packed["t"], strings), strict=True))


def unpack_page(data: dict) -> dict:
    """The page's ``kg-data`` block as ``{"nodes": [...], "edges": [...]}``, derived duty lists
    computed from their ends, as the page does."""
    strings = data["strings"]
    nodes = unpack_items(data["nodes"], strings, node_context)
    ids = [n["id"] for n in nodes]
    labels = {n["id"]: n.get("label", "") for n in nodes}
    edges = unpack_items(data["edges"], strings, _edge_context(labels), ids)
    by_id = {n["id"]: n for n in nodes}
    for row in data["edges"]["cols"].get("duties", {}).get("x", []):
        edge = edges[row]
        edge["duties"] = shared_duties(by_id[edge["from"]]["duties"], by_id[edge["to"]]["duties"])
    return {"nodes": nodes, "edges": edges}


def unpack_duty_table(table: dict, strings: list[str]) -> list[dict]:
    return unpack_items(table, strings, duty_context)
