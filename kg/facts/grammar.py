"""The clause grammar of ``clause_grammar.toml``, loaded once and compiled.

Labels, role words and their meanings, document-level rules, collective parties and the shape
of an agency name are data; :mod:`kg.facts.clause_reading` interprets them. A new form of the
genre is a line in the TOML file.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import InputError

GRAMMAR_FILE = Path(__file__).with_name("clause_grammar.toml")
MEANINGS = ("lead", "implements", "responsible", "guides", "co")


@dataclass(frozen=True)
class Grammar:
    """The compiled clause grammar."""

    labels: dict[str, str]  # label → meaning
    label: re.Pattern  # a label (spaces allowed between characters) and its colon, or in 【】
    as_label: re.Pattern  # "A、B为牵头单位"
    deadline_labels: tuple[str, ...]
    role_words: tuple[tuple[str, str], ...]  # (word, meaning), longest first
    tails: tuple[str, ...]
    not_roles: re.Pattern
    with_word: str
    prefixes: tuple[str, ...]
    separators: str
    first_listed: re.Pattern
    implicit: re.Pattern
    rule_tail: re.Pattern
    collectives: re.Pattern
    party_shape: re.Pattern
    collective: re.Pattern
    words: tuple[str, ...]  # the role words of role_words alone, for one endswith over all of them
    any_word: re.Pattern  # any role word or the with word, for one search instead of one per word

    def role_word_at_end(self, text: str) -> tuple[str, str, str] | None:
        """(role word, its meaning, tail) when ``text`` ends with a role word (and an allowed tail).

        Asked of every short line of every document, so one ``endswith`` over all the words
        rules a tail out before the words are tried one by one (longest first).
        """
        words = self.words
        for tail in ("", *self.tails):
            if tail and not text.endswith(tail):
                continue
            head = text[: len(text) - len(tail)] if tail else text
            if not head.endswith(words):
                continue
            for word, meaning in self.role_words:
                if head.endswith(word):
                    return word, meaning, tail
        return None

    def any_role_word(self, text: str) -> bool:
        """True when ``text`` holds a role word (负责人 and the like do not count)."""
        return self.any_word.search(self.not_roles.sub("", text)) is not None


def _spaced(word: str) -> str:
    return r"\s*".join(re.escape(c) for c in word)


@lru_cache(maxsize=1)
def grammar(path: Path = GRAMMAR_FILE) -> Grammar:
    """The bundled grammar; InputError names the file when it is broken."""
    try:
        d = tomllib.loads(path.read_text(encoding="utf-8"))
        labels = dict(d["labels"])
        bad = [k for k, v in {**labels, **d["role_words"]}.items() if v not in MEANINGS]
        if bad:
            raise InputError(f"unknown meaning for {bad}; valid: {MEANINGS}", str(path))
        deadline_labels = tuple(d["deadline_labels"]["words"])
        every_label = sorted([*labels, *deadline_labels], key=len, reverse=True)
        # "牵头单位：", and "【牵头单位】" with or without a colon. Every document is scanned for
        # labels; the lookahead of the characters a label can start with lets the scan skip the
        # other positions at once (4× faster, the same matches: each match starts with one of them).
        starts = rf"(?=[{re.escape(''.join(sorted({'【', *(w[0] for w in every_label)})))}])" \
            if all(every_label) else ""
        label = re.compile(starts + r"(?:【\s*)?(?P<label>" + "|".join(_spaced(w) for w in every_label)
                           + r")(?:\s*】\s*[:：]?|\s*[:：])")
        # "市科委为牵头单位": a party list, then the label it is
        as_label = re.compile(r"^(?P<names>.+?)(?:为|是|作为)(?P<label>"
                              + "|".join(map(re.escape, sorted(labels, key=len, reverse=True))) + r")$")
        words = tuple(sorted(d["role_words"].items(), key=lambda x: len(x[0]), reverse=True))
        rules, wording = d["rules"], d["wording"]
        return Grammar(
            labels=labels, label=label, as_label=as_label, deadline_labels=deadline_labels, role_words=words,
            tails=tuple(sorted(wording["tails"], key=len, reverse=True)),
            # a label word inside a name (各项目牵头单位) is no role word either
            not_roles=re.compile("|".join(map(re.escape, sorted(
                [*wording["not_roles"], *(w for w in labels if w not in d["role_words"])], key=len, reverse=True)))),
            with_word=wording["with"], prefixes=tuple(wording["prefixes"]),
            separators=wording["group_separators"], first_listed=re.compile(rules["first_listed"]),
            implicit=re.compile(rules["implicit"]), rule_tail=re.compile(rules["rule_tail"]),
            collectives=re.compile("|".join(f"(?:{p})" for p in d["collectives"]["joined"])),
            party_shape=re.compile(d["party_shape"]["regex"]),
            collective=re.compile(d["party_shape"]["collective"]),
            words=tuple(w for w, _ in words),
            any_word=re.compile("|".join(map(re.escape, [*(w for w, _ in words), wording["with"]]))))
    except (OSError, KeyError, tomllib.TOMLDecodeError, re.error) as e:
        raise InputError(f"cannot read the clause grammar: {e}", str(path)) from e
