"""spaCy's language data without its slowest regular expression compiled in every process.

Importing `spacy.lang.fr` compiles one expression of its tokenizer exceptions (its
`token_match`: 1.4 MB of alternatives with large Unicode classes), about 5 s of CPU with
Python's `re`, in every process that meets a French article; the French model's tokenizer
then asks `re` for the same string again. The program `re` compiles such an expression to is
kept in the user's cache directory (`config.cache_dir`) and put into `re`'s own cache before
the language is imported, so that `re.compile` of that string finds it there.

Exact by construction: `re` hands back a cached program only for the very string and flags it
was compiled from (a changed expression is compiled as usual), and a program is written only
after checking that it equals (`==` compares compiled code) what `re` itself made of the
string. A file from another Python, another spaCy, or damaged, is ignored and written again;
without a writable cache everything works as before, only slower.
"""

from __future__ import annotations

import _sre
import hashlib
import json
import logging
import os
import re
import sys
import tempfile
import threading
from array import array
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.util import get_lang_class, get_package_path

from bot.config import cache_dir

try:  # CPython's own compiler, the one `re.compile` runs (3.11 to 3.13 at least)
    from re import _compiler, _parser
except ImportError:  # another implementation: nothing is cached
    _compiler = _parser = None

log = logging.getLogger(__name__)

MIN_CHARS = 100_000  # only expressions this long are worth a file (French: 1.45 MB)
_MATCHERS = ("token_match", "url_match")  # compiled when the language is imported
_lock = threading.Lock()
_kept: dict[str, list[re.Pattern]] = {}  # lang -> its long expressions, to put back in `re`


@dataclass(frozen=True)
class Program:
    """One compiled expression, as `_sre.compile` takes it (for `re.compile(pattern)`, no
    flags given: spaCy's calls, and part of `re`'s cache key)."""

    pattern: str
    flags: int
    code: list[int]
    groups: int
    groupindex: dict[str, int]
    indexgroup: tuple[str | None, ...]

    def build(self) -> re.Pattern:
        """The compiled pattern (`_sre` checks the code and refuses a bad one)."""
        return _sre.compile(
            self.pattern, self.flags, self.code, self.groups, self.groupindex, self.indexgroup
        )


def language_class(lang: str) -> type[Language]:
    """spaCy's language class for `lang` (`spacy.util.get_lang_class`), its long expressions
    read from the cache when the language is imported (and written there when missing or
    changed). Each call also puts them back in `re`'s cache, for the model's tokenizer."""
    with _lock:
        if lang not in _kept:
            _kept[lang] = _import(lang)
        _seed(_kept[lang])
    return get_lang_class(lang)


def _import(lang: str) -> list[re.Pattern]:
    """Import the language with its stored programs in `re`'s cache; its long expressions
    that are what `re.compile(expression)` gives (only those may be put back)."""
    stored = read_patterns(lang)
    _seed(stored)
    found = long_expressions(get_lang_class(lang))
    if any(all(pattern != known for known in stored) for pattern in found):
        stored = write_programs(lang, found)
    return [pattern for pattern in found if any(pattern == known for known in stored)]


def long_expressions(cls: type[Language]) -> list[re.Pattern]:
    """The compiled expressions of `cls`'s defaults long enough to be worth caching."""
    found = []
    for name in _MATCHERS:
        pattern = getattr(getattr(cls.Defaults, name, None), "__self__", None)
        text = getattr(pattern, "pattern", None)
        if isinstance(pattern, re.Pattern) and isinstance(text, str) and len(text) >= MIN_CHARS:
            found.append(pattern)
    return found


def model_language(model: str) -> str | None:
    """The language a model's `meta.json` names (a package name or a directory), without
    loading the model; None when it cannot be read."""
    try:
        path = Path(model) if Path(model).is_dir() else get_package_path(model)
        lang = json.loads((path / "meta.json").read_text(encoding="utf-8"))["lang"]
    except (OSError, ValueError, KeyError, TypeError, ImportError) as exc:
        log.debug("no language read from %s's meta.json (%s)", model, exc)
        return None
    return lang if isinstance(lang, str) else None


def _seed(patterns: list[re.Pattern]) -> None:
    """Put compiled patterns where `re.compile(pattern.pattern)` looks first."""
    cache = getattr(re, "_cache", None)
    if isinstance(cache, dict):
        for pattern in patterns:
            cache.setdefault((str, pattern.pattern, 0), pattern)


def compile_program(pattern: str) -> Program:
    """What `re.compile(pattern)` compiles (the steps of CPython's `re._compiler.compile`),
    kept apart so that it can be stored."""
    parsed = _parser.parse(pattern, 0)
    code = _compiler._code(parsed, 0)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return Program(
        pattern, parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)
    )


# -- the file ---------------------------------------------------------------------------------


def _versions() -> dict[str, object]:
    return {
        "python": sys.version,
        "sre": getattr(_sre, "MAGIC", None),
        "codesize": getattr(_sre, "CODESIZE", None),
        "spacy": spacy.about.__version__,
    }


def cache_path(lang: str) -> Path:
    """The file of `lang`'s programs for this Python and this spaCy."""
    tag = hashlib.sha256(json.dumps(_versions(), sort_keys=True).encode()).hexdigest()[:16]
    return cache_dir() / f"regex-{lang}-{tag}.bin"


def _code_array() -> array:
    for typecode in ("I", "L", "H"):
        if array(typecode).itemsize == _sre.CODESIZE:
            return array(typecode)
    raise ValueError(f"no array type for code units of {_sre.CODESIZE} bytes")


def read_patterns(lang: str) -> list[re.Pattern]:
    """The compiled patterns stored for `lang`; none when the file is missing, from another
    Python or spaCy, or damaged."""
    if _compiler is None:
        return []
    path = cache_path(lang)
    try:
        with path.open("rb") as file:
            header = json.loads(file.readline())
            if header.get("versions") != json.loads(json.dumps(_versions())):
                raise ValueError("written by another Python or spaCy")
            return [_read_one(file, entry).build() for entry in header["programs"]]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RuntimeError) as exc:
        log.debug("regex cache %s unusable (%s): compiling", path, exc)
        return []


def _read_one(file, entry: dict) -> Program:
    text = file.read(entry["pattern_bytes"])
    code = _code_array()
    raw = file.read(entry["code_units"] * code.itemsize)
    if hashlib.sha256(text + raw).hexdigest() != entry["sha256"]:
        raise ValueError("checksum mismatch")
    code.frombytes(raw)
    return Program(
        text.decode("utf-8"),
        entry["flags"],
        code.tolist(),
        entry["groups"],
        {str(k): int(v) for k, v in entry["groupindex"].items()},
        tuple(entry["indexgroup"]),
    )


def write_programs(lang: str, patterns: list[re.Pattern]) -> list[re.Pattern]:
    """Store the programs of those `patterns` that are what `re.compile(pattern.pattern)`
    gives (compiled again, compared); those are returned, even when the cache is not
    writable. Nothing is stored when none is."""
    if _compiler is None:
        return []
    try:
        programs = [compile_program(pattern.pattern) for pattern in patterns]
        kept = [(p, q) for p, q in zip(programs, patterns, strict=True) if p.build() == q]
    except (ValueError, TypeError, RuntimeError, AttributeError) as exc:
        log.debug("regex cache for %s: not compiled here (%s)", lang, exc)
        return []
    if len(kept) < len(patterns):
        log.debug("regex cache for %s: an expression was not compiled as re.compile does", lang)
    try:
        if kept:
            _write(cache_path(lang), [program for program, _ in kept])
    except OSError as exc:
        log.debug("regex cache for %s not written (%s)", lang, exc)
    return [pattern for _, pattern in kept]


def _write(path: Path, programs: list[Program]) -> None:
    entries, blobs = [], []
    for program in programs:
        text = program.pattern.encode("utf-8")
        code = _code_array()
        code.fromlist(program.code)
        raw = code.tobytes()
        entries.append(
            {
                "pattern_bytes": len(text),
                "code_units": len(code),
                "sha256": hashlib.sha256(text + raw).hexdigest(),
                "flags": program.flags,
                "groups": program.groups,
                "groupindex": program.groupindex,
                "indexgroup": list(program.indexgroup),
            }
        )
        blobs += [text, raw]
    header = json.dumps({"versions": _versions(), "programs": entries}).encode() + b"\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".regex-")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(header)
            for blob in blobs:
                file.write(blob)
        os.replace(tmp, path)  # whole or not at all
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
