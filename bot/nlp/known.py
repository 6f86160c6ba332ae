"""The deployment's own organisations, recognised in text without growing the analyser.

Every organisation in the store is taught to the analyser (`Analyzer.add_aliases`) so that
its name is read as one organisation even where the statistical NER would miss or split it.
Taught as entity-ruler patterns, each name became a tokenised pattern in every loaded
pipeline, with its words added to the model's vocabulary: memory and start-up grew with the
store (1.1 GB peak at 50k organisations). `KnownNames` keeps one plain table instead, name
text -> canonical name, shared by both languages' pipelines and by the table's users, and
the `known_names` component finds those names in a document by looking up the text that
starts at each token: nothing is tokenised in advance, nothing enters the vocabulary.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

PREFIX = 3  # characters of a name's start kept in the index of starts
MAX_TOKENS = 12  # the longest name, in tokens, that is looked for


class KnownNames:
    """Names (exact spelling) -> canonical organisation name; safe to share across threads.

    Memory: the names themselves and a set of their first characters, nothing per language.
    """

    def __init__(self, mapping: dict[str, str] | None = None):
        self._lock = threading.Lock()
        self._names: dict[str, str] = {}
        self._starts: set[str] = set()
        if mapping:
            self.update(mapping)

    def update(self, mapping: dict[str, str]) -> None:
        """Teach names: each name (as written) -> its canonical name."""
        with self._lock:
            for name, canonical in mapping.items():
                name = " ".join(name.split())
                if len(name) >= 2:
                    self._names[name] = canonical
                    self._starts.add(name[:PREFIX])

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: str) -> bool:
        return name in self._names

    def items(self) -> list[tuple[str, str]]:
        with self._lock:
            return list(self._names.items())

    def __getstate__(self) -> dict:
        return {"names": dict(self.items())}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["names"])

    def find(self, doc: Doc) -> list[Span]:
        """The longest taught name starting at each token, left to right, never overlapping;
        ORG spans whose `ent_id_` is the canonical name."""
        if not self._names:
            return []
        text, found, i = doc.text, [], 0
        while i < len(doc):
            start = doc[i].idx
            if text[start : start + PREFIX] not in self._starts:
                i += 1
                continue
            match = None
            for j in range(i, min(len(doc), i + MAX_TOKENS)):
                token = doc[j]
                if token.is_space:
                    break  # a line break: no name crosses it
                canonical = self._names.get(text[start : token.idx + len(token)])
                if canonical is not None:
                    match = (j + 1, canonical)
            if match is None:
                i += 1
                continue
            end, canonical = match
            found.append(Span(doc, i, end, label="ORG", span_id=canonical))
            i = end
        return found


@Language.factory("known_names")
def make_known_names(nlp: Language, name: str):
    return KnownNamesComponent()


class KnownNamesComponent:
    """Marks the taught names as ORG entities before the NER runs (which keeps them), as an
    entity ruler with `overwrite_ents` would. Its table is given with `use`, not saved."""

    def __init__(self) -> None:
        self.table = KnownNames()

    def use(self, table: KnownNames) -> None:
        self.table = table

    def __call__(self, doc: Doc) -> Doc:
        spans = self.table.find(doc)
        if spans:
            ours = {(s.start, s.end) for s in spans}
            kept = [e for e in doc.ents if (e.start, e.end) not in ours]
            doc.ents = filter_spans([*spans, *kept])  # ours first: they win ties in length
        return doc

    def to_disk(self, path, *, exclude=()) -> None:  # the table belongs to the analyser
        pass

    def from_disk(self, path, *, exclude=()) -> KnownNamesComponent:
        return self


def names_of(mapping: dict[str, list[str]]) -> Iterable[tuple[str, str]]:
    """(name, canonical) pairs of a canonical -> aliases mapping, the canonical included."""
    for canonical, aliases in mapping.items():
        if not canonical or not canonical.strip():
            continue
        for name in dict.fromkeys([canonical, *(a for a in aliases if a and a.strip())]):
            yield name, canonical
