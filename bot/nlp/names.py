"""Company names: normalisation, the alias table and short display names."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

from bot.nlp.resources import company_patterns, name_rules, places, topic_vocabulary

_PUNCT = re.compile(r"[^\w&+]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(name: str) -> list[str]:
    text = fold_accents(name).lower().replace("’", "'")
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"'s\b", "", text)
    text = text.replace("'", " ")
    return [w for w in _PUNCT.sub(" ", text).split() if w]


@lru_cache(maxsize=1 << 16)  # pure, and asked again and again for the same few names
def normalise_name(name: str) -> str:
    """Lowercase, accents folded, punctuation dropped, legal suffixes and articles stripped.

    "Xiaomi Corp." -> "xiaomi"; "le groupe Orange" -> "orange"; "Nestlé S.A." -> "nestle".
    """
    rules = name_rules()
    suffixes = rules["legal_suffixes"]
    leading = {"the", "le", "la", "les", "l", "groupe", "group"}
    words = _words(name)
    while len(words) > 1 and words[0] in leading:
        words = words[1:]
    changed = True
    while changed and len(words) > 1:
        changed = False
        for size in (2, 1):
            if len(words) > size and " ".join(words[-size:]) in suffixes:
                words = words[:-size]
                changed = True
                break
    return " ".join(words)


class AliasTable:
    """Canonical company names keyed on their normalised aliases; safe to share across threads.

    Seed rows (patterns/companies.jsonl) help recognise and merge names; names taught at run
    time (`Analyzer.add_aliases`, the deployment's own organisations) are also *preferred*:
    parties are reported under them whatever the article calls the company.
    """

    def __init__(self, rows: Iterable[dict] = ()):
        self._lock = threading.Lock()
        self._by_key: dict[str, str] = {}
        self._preferred: set[str] = set()
        for row in rows:
            self.add(row["id"], [row["pattern"]])

    @classmethod
    def seed(cls) -> AliasTable:
        return cls(company_patterns())

    def add(self, canonical: str, aliases: Iterable[str], preferred: bool = False) -> None:
        with self._lock:
            if preferred:
                self._preferred.add(canonical)
            for alias in [canonical, *aliases]:
                key = normalise_name(alias)
                if key:
                    self._by_key.setdefault(key, canonical)

    def lookup(self, name: str) -> str | None:
        key = normalise_name(name)
        if not key:
            return None
        return self._by_key.get(key)

    def prefers(self, canonical: str) -> bool:
        """Was this name taught at run time, so that it names the party in every article?"""
        return canonical in self._preferred

    def to_dict(self) -> dict:
        with self._lock:
            return {
                "keys": dict(self._by_key),
                "preferred": sorted(self._preferred),
            }

    @classmethod
    def from_dict(cls, data: dict) -> AliasTable:
        table = cls()
        table._by_key = dict(data["keys"])
        table._preferred = set(data["preferred"])
        return table

    def copy(self) -> AliasTable:
        other = AliasTable()
        with self._lock:
            other._by_key = dict(self._by_key)
            other._preferred = set(self._preferred)
        return other


_SEED: AliasTable | None = None
_SEED_LOCK = threading.Lock()


def seed_aliases() -> AliasTable:
    global _SEED
    with _SEED_LOCK:
        if _SEED is None:
            _SEED = AliasTable.seed()
    return _SEED


def canonical_company(name: str, extra: dict[str, list[str]] | None = None) -> str | None:
    """The canonical name a user probably means ("MSFT" -> "Microsoft"), or None when unknown."""
    if not name or not name.strip():
        return None
    if extra:
        key = normalise_name(name)
        for canonical, aliases in extra.items():
            if key and any(normalise_name(a) == key for a in [canonical, *aliases]):
                return canonical
    return seed_aliases().lookup(name)


def initials(words: list[str]) -> str:
    stop = {"de", "du", "des", "la", "le", "les", "of", "the", "and", "et", "d", "l", "for", "pour"}
    return "".join(w[0] for w in words if w and w.lower() not in stop).upper()


# Lowercase words that may sit inside a name: "Bank of America", "Caisse des Dépôts".
NAME_PARTICLES = {
    "de", "du", "des", "d'", "of", "the", "&", "and", "et", "la", "le", "l'", "y", "von", "van",
    "der", "den", "del", "di", "da", "for", "+",
}  # fmt: skip


POSSESSIVES = {"'s", "’s"}


def name_bounds(words: list[str], glued: Iterable[int] = ()) -> tuple[int, int]:
    """Which words of a mention make its short display name, as a [start, end) range.

    Drops leading articles, lowercase descriptors, demonyms and industry words ("le groupe
    chinois Xiaomi" -> "Xiaomi", "Israeli chipmaker Tarrow Semiconductor" -> "Tarrow
    Semiconductor", "Defence AI company Helsing" -> "Helsing"), anything in parentheses and
    trailing legal suffixes ("Ford Motor Co., Ltd" -> "Ford Motor"). `glued` are the indices of
    hyphens written without spaces, which stay inside a name ("Rolls-Royce").
    """
    rules = name_rules()
    glued = set(glued)
    articles = {"the", "le", "la", "les", "l'", "l", "groupe", "group"}
    start, end = 0, len(words)
    while start < end:
        word = words[start]
        folded = fold_accents(word).lower()
        nxt = words[start + 1] if start + 1 < end else ""
        if (
            word in {"(", ")", ",", "-", "–", "—", ":", "«", "»", '"', "“", "”"}
            or (folded in rules["demonyms"] and not _institution(nxt))
            or folded.endswith(("-based", "-born", "-listed", "-headquartered", "-owned"))
            or folded in articles
            or (folded in rules["industry_words"] and _looks_capitalised(nxt))
            or not _looks_capitalised(word)
        ):
            start += 1
        else:
            break
    start = _after_descriptor(words, start, end)
    listed = 0
    for i in range(start + 1, end):
        word = words[i]
        if i < listed:
            continue
        if word == "," and (listed := listed_end(words[:end], i) or 0):
            continue  # "Nordland Oil, Gas and Metals National Corporation"
        if i in glued and i + 1 < end and _looks_capitalised(words[i + 1]):
            continue  # "Tal-Oren", "Rolls-Royce"
        if word in POSSESSIVES and i + 1 < end and _institution(words[i + 1]):
            continue  # "Kenya's Ministry of Energy": the ministry, not the country
        if word in ("(", ")", "-", "–", "—", ":", ";", ",") or (
            not _looks_capitalised(word) and word.lower() not in NAME_PARTICLES
        ):
            end = i
            break
        following = words[i + 1] if i + 1 < end else ""
        if word.lower() in ("for", "pour") and any(c.isdigit() for c in following):
            end = i  # "Kaito Therapeutics for BWP-214": the deal's product code, not the name
            break
    while end - start > 1:
        last = fold_accents(words[end - 1]).lower().replace(".", "")
        pair = " ".join(_words(" ".join(words[end - 2 : end]))) if end - start > 2 else ""
        if words[end - 1] in {",", ".", "'s", "’s", "'", "-", ")"} or last in NAME_PARTICLES:
            end -= 1
        elif last in rules["legal_suffixes"]:
            if end - start == 2 and _generic_alone(words[start]):
                break  # "Media Corp" is not "Media"
            end -= 1
        elif last in rules["job_titles"]:
            end -= 1  # "ONGC Director", "CBN Governor": the person's title, not the name
            while (
                end - start > 1 and fold_accents(words[end - 1]).lower() in rules["job_modifiers"]
            ):
                end -= 1  # "ONGC Managing Director"
        elif pair and pair in rules["legal_suffixes"]:
            end -= 2
        else:
            break
    return start, end


# The word closing a name written as a list: "Oil, Gas and Metals ... Corporation".
LIST_NAME_HEADS = {
    "corporation", "company", "agency", "authority", "organisation", "organization",
    "association", "council", "institute", "board", "commission", "federation", "ministry",
    "department", "administration", "society", "foundation",
}  # fmt: skip


def listed_end(words: list[str], i: int) -> int | None:
    """Where a name written as a list ends, from the comma at `i`: "Oil, Gas and Metals
    National Corporation" goes on to "Corporation". Single capitalised words separated by
    commas, one "and", and a name closed by a head word such as "Corporation"; else None."""
    j, seen_and = i, False
    while j + 1 < len(words):
        sep, word = words[j], words[j + 1]
        if sep == "," and not seen_and and _plain_capitalised(word):
            j += 2
        elif sep.lower() in ("and", "&", "et") and _plain_capitalised(word):
            seen_and, j = True, j + 2
        else:
            break
        while j < len(words) and _plain_capitalised(words[j]) and not _list_head(words[j - 1]):
            j += 1
    return j if seen_and and _list_head(words[j - 1]) else None


def _plain_capitalised(word: str) -> bool:
    return word[:1].isupper() and word.isalpha() and not is_place(word)


def _list_head(word: str) -> bool:
    return fold_accents(word).lower() in LIST_NAME_HEADS


GENERIC_ALONE = {"news", "media", "press", "united", "general", "first", "global"}


def _generic_alone(word: str) -> bool:
    """A word that is no name on its own: what is left of "Media Corp" without "Corp"."""
    folded = fold_accents(word).lower()
    return folded in GENERIC_ALONE or _generic(folded)


def is_descriptor(word: str) -> bool:
    """A lowercase common noun that introduces a name: "company", "chipmaker", "start-up"."""
    folded = fold_accents(word)
    return folded.islower() and (
        folded in name_rules()["descriptor_words"] or folded.endswith(("maker", "makers"))
    )


def _after_descriptor(words: list[str], start: int, end: int) -> int:
    """Where the name starts when a descriptor sits inside the span: "Defence AI company
    Helsing" -> the index of "Helsing"."""
    for i in range(end - 2, start, -1):
        if is_descriptor(words[i]) and _looks_capitalised(words[i + 1]):
            if i + 2 == end and is_place(words[i + 1]):
                continue  # "Verdane télécoms Afrique": a name ending in a place
            return i + 1
    return start


def is_place(word: str) -> bool:
    """A country, city or region, in the package's lists of places."""
    folded = fold_accents(word).lower()
    return folded in name_rules()["places"] or folded in places()


def _institution(word: str) -> bool:
    """Demonyms stay in public bodies' names: "US Department of Energy"."""
    return fold_accents(word).lower() in name_rules()["institution_words"]


def _looks_capitalised(word: str) -> bool:
    return bool(word) and (word[0].isupper() or word[0].isdigit() or any(c.isupper() for c in word))


def same_organisation(a: str, b: str) -> bool:
    """Do two names denote one organisation as a reader would judge it?

    Equal once normalised ("Xiaomi Corp." / "Xiaomi"); an acronym and its expansion
    ("L&T" / "Larsen & Toubro", "SFA" / "Singapore FinTech Association"); or a shorter form
    written inside the longer one ("Aramco" / "Saudi Aramco", "Attijariwafa" /
    "Attijariwafa bank") when the shorter form holds a distinctive word, not only a generic
    one ("Group", "Bank", a place).
    """
    ka, kb = normalise_name(a), normalise_name(b)
    if not ka or not kb:
        return False
    if ka == kb or same_words(ka, kb):
        return True
    if acronym_of(a, b) or acronym_of(b, a):
        return True
    wa, wb = ka.split(), kb.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if len(short) == len(long_):
        return False
    contained = any(long_[i : i + len(short)] == short for i in range(len(long_) - len(short) + 1))
    return contained and any(not _generic(w) for w in short)


@lru_cache(maxsize=1 << 14)
def acronym_of(short: str, long_: str) -> bool:
    """Is `short` the initials of `long_` ("L&T" of "Larsen & Toubro", "PPC" of "Public
    Power Corporation")?"""
    letters = "".join(c for c in short if c.isalpha())
    if not (2 <= len(letters) <= 8) or not short.replace("&", "").replace(".", "").isupper():
        return False
    words = [w for w in re.split(r"[\s\-&/]+", fold_accents(long_)) if w and w[0].isalpha()]
    if len(words) < 2:
        return False
    expected, letters = initials(words), fold_accents(letters).upper()
    # "JDI" for "Japan Display" (Inc.), "PPC" for "Public Power" (Corporation): the legal
    # suffix a display name drops may still be in the acronym.
    return expected == letters or (
        len(letters) >= 3 and letters[-1] in "ICLG" and expected == letters[:-1]
    )


def _generic(word: str) -> bool:
    rules = name_rules()
    return (
        word in rules["legal_suffixes"]
        or word in rules["descriptor_words"]
        or word in rules["leading_words"]
        or word in rules["institution_words"]
        or word in rules["industry_words"]
        or word in rules["places"]
        or word in places()
        or word in common_words()
        or len(word) <= 1
    )


def same_words(key_a: str, key_b: str) -> bool:
    """The same words in another order, particles aside: "oxford university" /
    "university of oxford"."""
    wa = [w for w in key_a.split() if w not in NAME_PARTICLES]
    wb = [w for w in key_b.split() if w not in NAME_PARTICLES]
    return len(wa) >= 2 and sorted(wa) == sorted(wb)


@cache
def common_words() -> frozenset[str]:
    """Lowercase words of the topic vocabulary: subjects, not company names."""
    words = set()
    for by_lang in topic_vocabulary().values():
        for terms in by_lang.values():
            words.update(fold_accents(t).lower() for t in terms if " " not in t)
    return frozenset(words)


def dedupe_names(names: list[str]) -> list[str]:
    """`names` in order, each organisation once (by its normalised name)."""
    seen, out = set(), []
    for name in names:
        key = normalise_name(name)
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out
