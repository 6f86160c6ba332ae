"""Full-text search over stored articles that reads a bounded part of the index, newest first.

FTS5 answers a query of one word by reading that word's list in rowid order, so `LIMIT`
bounds it. A query of several words (or a phrase) is another matter: FTS5 intersects the
words' lists without looking at the rowid bounds it is given, so two common words that are
never in one article ("the la") read both lists to the end, every time — even for a range
of ten rows. Here each word is read alone, one window of rowids at a time from the newest,
and the windows are intersected in Python, the rarest word first (a word that has no row in
a window leaves the others unread). A phrase is then checked in the text of the articles
that have all its words.

Reading stops when `limit` articles are found (then the answer is exact: the newest
matches), when the oldest article is reached (exact too), or when `ROW_BUDGET` rows of
the words' lists have been read: then the result says how far back it looked
(`Found.searched_from`), and callers say so. Only words that are common and rarely
together reach the budget; a rare word covers the whole store within it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlite_utils import Database

from bot.store.queries import ArticleHit

ROW_BUDGET = 16_000  # rows of the words' lists read per search, at most (about 20 ms)
PHRASE_CHECKS = 100  # articles whose text is read to check a phrase, at most (about 15 ms)
FIRST_WINDOW = 2_048  # articles in the first window
LOOKUP_ROWS = 100  # what looking one article up in a word's list costs, in rows read
MAX_WORDS = 32
_WORD = re.compile(r"[^\W_]+")  # what FTS5's unicode61 tokenizer keeps as a token
_MARKS = re.compile("[\u0300-\u036f]")  # combining diacritical marks


@dataclass(frozen=True)
class Found:
    """The newest matching articles; `searched_from` is the first article id searched when
    the search stopped before the oldest one (None: every stored article was searched)."""

    hits: list[ArticleHit]
    searched_from: int | None = None
    rows_read: int = 0  # rows of the words' lists read (what the budget counts)


def fold(text: str) -> str:
    """`text` as FTS5's tokenizer compares it: lower case, Latin diacritics removed, and
    "_" a separator as any other sign."""
    lowered = (text or "").lower().replace("_", " ")
    if lowered.isascii():
        return lowered
    return _MARKS.sub("", unicodedata.normalize("NFKD", lowered))


def words(text: str) -> list[str]:
    """The words FTS5 indexes in `text`, folded as it folds them."""
    return _WORD.findall(fold(text))


def search(db: Database, text: str, *, limit: int = 10, phrase: bool = False) -> Found:
    """Articles with every word of `text` (with `phrase`, the words in a row), newest stored
    first, reading at most `ROW_BUDGET` rows of the words' lists."""
    typed = words(text)[:MAX_WORDS]
    distinct = list(dict.fromkeys(typed))
    if not distinct or limit < 1:
        return Found([])
    if len(distinct) == 1 and (len(typed) == 1 or not phrase):
        ids = [r[0] for r in db.execute(_ONE_WORD, [_quoted(distinct[0]), limit])]
        return Found(_hits(db, ids), rows_read=len(ids))
    return _Windows(db, distinct, typed if phrase else None, limit).run()


_ONE_WORD = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?"
_AT = "SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? AND rowid = ?"
_IN_RANGE = (
    "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :word"
    " AND rowid >= :low AND rowid < :high ORDER BY rowid DESC LIMIT :cap"
)


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


class _Windows:
    """One search of several words: windows of rowids from the newest, rarest word first."""

    def __init__(self, db: Database, distinct: list[str], phrase: list[str] | None, limit: int):
        self.db, self.distinct, self.limit = db, distinct, limit
        self.phrase = phrase_pattern(phrase) if phrase else None
        self.seen = dict.fromkeys(distinct, (0, 0))  # (rows read, rowids spanned) per word
        self.rows_read = 0
        self.checks = 0

    def run(self) -> Found:
        top = self.db.execute("SELECT MAX(id) FROM articles").fetchone()[0]
        high, window, found = (top or 0) + 1, FIRST_WINDOW, []
        while high > 1 and len(found) < self.limit:
            low = max(1, high - window)
            low, matches, read = self._window(low, high)
            found += matches[: self.limit - len(found)]
            high = low
            spent = self.rows_read >= ROW_BUDGET or self.checks >= PHRASE_CHECKS
            if spent and high > 1 and len(found) < self.limit:
                return Found(_hits(self.db, found), searched_from=high, rows_read=self.rows_read)
            window = _next_window(window, read)
        return Found(_hits(self.db, found), rows_read=self.rows_read)

    def _window(self, low: int, high: int) -> tuple[int, list[int], int]:
        """(the window's actual low end, its matches newest first, rows read). The low end
        moves up when the budget runs out inside the window."""
        candidates: list[int] | None = None
        span, read = (low, high), 0
        for word in sorted(self.distinct, key=self._density):
            density = self._density(word)
            if candidates and len(candidates) * LOOKUP_ROWS < density * (span[1] - span[0]):
                # A few candidates over a long span: look each up rather than read the span.
                candidates, low = self._looked_up(word, candidates, low)
                read += len(candidates)
                if not candidates:
                    return low, [], read
                continue
            cap = ROW_BUDGET - self.rows_read
            if cap <= 0:  # spent before this word: nothing of the window is known
                return high, [], read
            rows = [
                r[0]
                for r in self.db.execute(
                    _IN_RANGE, {"word": _quoted(word), "low": span[0], "high": span[1], "cap": cap}
                )
            ]
            self.rows_read += len(rows)
            read += len(rows)
            rows_so_far, spanned = self.seen[word]
            self.seen[word] = (rows_so_far + len(rows), spanned + span[1] - span[0])
            if len(rows) >= cap:  # the budget ends here: the window starts at the last row read
                low = rows[-1]
                span = (low, span[1])
            if candidates is None:
                candidates = rows
            else:
                mine = set(rows)
                candidates = [r for r in candidates if r in mine and r >= low]
            if not candidates:
                return low, [], read
            span = (max(span[0], candidates[-1]), min(span[1], candidates[0] + 1))
        matches = candidates or []
        if self.phrase is not None:
            matches, unchecked = self._with_phrase(matches)
            if unchecked:  # out of checks: the window ends at the last article checked
                low = unchecked[0] + 1
        return low, matches, read

    def _looked_up(self, word: str, ids: list[int], low: int) -> tuple[list[int], int]:
        """(those of `ids`, newest first, that have `word`, each looked up in its list; the
        window's low end, moved up past the last one checked when the budget runs out)."""
        kept = []
        for rowid in ids:
            if self.rows_read + LOOKUP_ROWS > ROW_BUDGET:
                return kept, rowid + 1
            self.rows_read += LOOKUP_ROWS
            if self.db.execute(_AT, [_quoted(word), rowid]).fetchone():
                kept.append(rowid)
        return kept, low

    def _density(self, word: str) -> float:
        """Rows per article of `word` in what was read of it; -1 before it is read (so
        that it is read next, and known)."""
        rows, spanned = self.seen[word]
        return rows / spanned if spanned else -1.0

    def _with_phrase(self, ids: list[int]) -> tuple[list[int], list[int]]:
        """(the articles among `ids`, newest first, whose title, summary or text has the
        phrase; those left unchecked when `PHRASE_CHECKS` texts have been read)."""
        kept: list[int] = []
        start = 0
        while start < len(ids) and len(kept) < self.limit:
            size = min(2 * (self.limit - len(kept)), 50, PHRASE_CHECKS - self.checks)
            if size <= 0:
                return kept, ids[start:]
            chunk = ids[start : start + size]
            start += size
            self.checks += len(chunk)
            marks = ",".join("?" for _ in chunk)
            texts = {
                r[0]: r[1:]
                for r in self.db.execute(
                    f"SELECT id, title, summary, text FROM articles WHERE id IN ({marks})", chunk
                )
            }
            kept += [i for i in chunk if any(has_phrase(t, self.phrase) for t in texts.get(i, ()))]
        return kept, []


def phrase_pattern(phrase: list[str]) -> re.Pattern:
    """A regular expression finding the folded words of `phrase` in a row in folded text
    (starting with the first word itself, so that it is searched for as a literal)."""
    return re.compile(r"\W+".join(re.escape(w) for w in phrase) + r"\b")


def has_phrase(text: str | None, pattern: re.Pattern) -> bool:
    """Does `text` hold the phrase of `pattern` (`phrase_pattern`), from a word's start?"""
    folded = fold(text or "")
    return any(
        m.start() == 0 or not folded[m.start() - 1].isalnum() for m in pattern.finditer(folded)
    )


def _next_window(window: int, read: int) -> int:
    """Grow the window so the next one reads about a sixth of the budget."""
    target = ROW_BUDGET // 6
    if read == 0:
        return window * 8
    return max(256, int(window * min(8.0, max(0.5, target / read))))


def _hits(db: Database, ids: list[int]) -> list[ArticleHit]:
    if not ids:
        return []
    marks = ",".join("?" for _ in ids)
    rows = {
        r[0]: r
        for r in db.execute(
            "SELECT id, title, url, published, lang, summary, story_id, is_partnership"
            f" FROM articles WHERE id IN ({marks})",
            ids,
        )
    }
    return [ArticleHit(*rows[i][:7], bool(rows[i][7])) for i in ids if i in rows]


def search_articles(
    db: Database, text: str, *, limit: int = 10, phrase: bool = False
) -> list[ArticleHit]:
    """The hits of `search` alone."""
    return search(db, text, limit=limit, phrase=phrase).hits


def searched_since(db: Database, article_id: int | None) -> str | None:
    """The date (YYYY-MM-DD) of the first article searched from `article_id` on."""
    if article_id is None:
        return None
    row = db.execute(
        "SELECT COALESCE(published, fetched_at) FROM articles WHERE id >= ? ORDER BY id LIMIT 1",
        [article_id],
    ).fetchone()
    return row[0][:10] if row and row[0] else None
