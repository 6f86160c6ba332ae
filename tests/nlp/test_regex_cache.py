"""spaCy's long tokenizer expressions compiled once into the user's cache, read back the same,
and a missing, foreign or damaged cache file never more than a slower start."""

from __future__ import annotations

import json
import re

import pytest
import spacy
from spacy.lang.char_classes import ALPHA, ALPHA_LOWER

from bot.nlp import regexcache
from bot.nlp.load import EXCLUDE
from bot.nlp.regexcache import Program, compile_program, read_patterns, write_programs

SMALL = [
    rf"(?iu)^(?:a[-‐]sexualis[{ALPHA_LOWER}]+$)|(?:^[{ALPHA}]+['’][{ALPHA}]+$)",
    r"(?P<word>\w+)-(?P=word)|(\d+)[.,]\d*",
    r"^(?:https?://)?[^\s/]+\.(?:com|fr)$",
]


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "partners-bot"


@pytest.mark.parametrize("pattern", SMALL)
def test_a_program_is_what_re_compiles(pattern):
    assert compile_program(pattern).build() == re.compile(pattern)  # == compares the code


def test_stored_programs_read_back_equal(cache_home):
    patterns = [re.compile(p) for p in SMALL]
    assert write_programs("xx", patterns) == patterns
    read = read_patterns("xx")
    assert read == patterns
    assert [p.findall("anti-anti Ça-va aujourd’hui 3.5 www.ex.fr") for p in read] == [
        p.findall("anti-anti Ça-va aujourd’hui 3.5 www.ex.fr") for p in patterns
    ]


def test_an_expression_compiled_with_flags_is_not_stored(cache_home):
    # re.compile(text) would not give it back: it must never be put in re's cache for text
    assert write_programs("xx", [re.compile(SMALL[2], re.IGNORECASE)]) == []
    assert read_patterns("xx") == []


def _damage(path, how: str) -> None:
    data = path.read_bytes()
    header, _, body = data.partition(b"\n")
    if how == "truncated":
        path.write_bytes(data[: len(data) - 10])
    elif how == "flipped":
        path.write_bytes(header + b"\n" + body[:-1] + bytes([body[-1] ^ 0xFF]))
    elif how == "header":
        path.write_bytes(b"{not json\n" + body)
    elif how == "versions":
        meta = json.loads(header)
        meta["versions"]["spacy"] = "0.0.0"
        path.write_bytes(json.dumps(meta).encode() + b"\n" + body)
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "list":
        path.write_bytes(b"[1, 2]\n" + body)


@pytest.mark.parametrize("how", ["truncated", "flipped", "header", "versions", "empty", "list"])
def test_a_damaged_or_foreign_file_is_ignored(cache_home, how):
    write_programs("xx", [re.compile(SMALL[0])])
    _damage(regexcache.cache_path("xx"), how)
    assert read_patterns("xx") == []


def test_bad_code_behind_a_good_checksum_is_refused(cache_home):
    good = compile_program(SMALL[1])
    bad = Program(good.pattern, good.flags, [7] * len(good.code), good.groups, {}, ())
    cache_home.mkdir(parents=True)
    regexcache._write(regexcache.cache_path("xx"), [bad])  # _sre checks the code it gets
    assert read_patterns("xx") == []


def test_an_unwritable_cache_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    write_programs("xx", [re.compile(SMALL[0])])
    assert read_patterns("xx") == []


def test_french_is_written_once_then_read(cache_home, monkeypatch):
    monkeypatch.setattr(regexcache, "_kept", {})
    cls = regexcache.language_class("fr")
    (expression,) = regexcache.long_expressions(cls)  # the tokenizer exceptions' token_match
    assert read_patterns("fr") == [expression]  # checked equal to re's own before written
    written = regexcache.cache_path("fr").stat().st_mtime_ns

    monkeypatch.setattr(regexcache, "_kept", {})
    monkeypatch.setattr(regexcache, "write_programs", lambda *a: pytest.fail("written again"))
    assert regexcache.language_class("fr") is cls
    assert regexcache.cache_path("fr").stat().st_mtime_ns == written
    assert re.compile(expression.pattern) == expression


def test_model_language_is_read_from_its_meta(analyzer):
    assert regexcache.model_language(analyzer.models["fr"]) == "fr"
    assert regexcache.model_language(analyzer.models["en"]) == "en"
    assert regexcache.model_language("no_such_model_anywhere") is None


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_model_tokenizer_is_the_one_spacy_loads(analyzer, lang):
    ours = analyzer.pipeline(lang).tokenizer
    theirs = spacy.load(analyzer.models[lang], exclude=EXCLUDE).tokenizer
    assert ours.to_bytes(exclude=["vocab"]) == theirs.to_bytes(exclude=["vocab"])
    text = "L'État-major d'Air-France et O'Neill's co-founder don't sign U.S. deals at 3.5%."
    assert [t.text for t in ours(text)] == [t.text for t in theirs(text)]
