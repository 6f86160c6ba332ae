"""Copies of one text, whatever part each holds (pure functions)."""

from __future__ import annotations

from bot.store.grouping.copies import (
    SHINGLE_WORDS,
    WINDOW,
    body,
    containment,
    is_copy,
    jaccard,
    shingle_hashes,
    shingles,
    winnow,
    words,
)

from .texts import FRENCH, FULL, OTHER, WIRE, wire


def test_a_truncated_copy_is_contained_though_jaccard_falls():
    full, cut = body(FULL), body(wire(0, 1))
    assert containment(full, cut) == 1.0
    assert jaccard(full, cut) < 0.5
    assert is_copy(full, cut)


def test_a_copy_starting_at_another_paragraph_with_another_footer():
    excerpt = wire(2, 3, 4) + "\n\nThis story first ran on our partner site. All rights reserved."
    assert is_copy(body(FULL), body(excerpt))


def test_two_excerpts_of_one_text_overlapping_in_one_paragraph_are_copies():
    # Neither holds the other: one site kept the opening, the other the end.
    assert is_copy(body(wire(0, 1, 2)), body(wire(2, 3, 4, 5)))


def test_a_lightly_edited_copy_is_still_a_copy():
    edited = FULL.replace("per cent", "percent").replace("said on Tuesday", "said Tuesday")
    edited = edited.replace("OSLO (Example Wire) - ", "")
    assert is_copy(body(FULL), body(edited))


def test_other_texts_are_not_copies():
    assert not is_copy(body(FULL), body(OTHER))
    assert not is_copy(body(FULL), body(FRENCH))  # a translation is a report, not a copy


def test_a_line_a_long_text_happens_to_contain_is_not_a_copy_of_it():
    line = "Shares in Halvard rose 3.1 per cent in Oslo trading after the announcement."
    assert len(words(line)) < 30
    assert not is_copy(body(FULL), body(line))
    assert is_copy(body(line), body(line + " "))  # short texts: only near-identical


def test_shingles_are_word_five_grams_folded():
    assert shingles(words("Élan Vital, élan   vital! a b c")) == [
        "elan vital elan vital a",
        "vital elan vital a b",
        "elan vital a b c",
    ]
    assert SHINGLE_WORDS == 5


def test_winnowing_finds_any_long_enough_shared_passage():
    # A passage of WINDOW + SHINGLE_WORDS - 1 words shared anywhere in two texts yields at
    # least one fingerprint both have, however different the rest is.
    shared = " ".join(words(WIRE[3])[: WINDOW + SHINGLE_WORDS - 1])
    a = f"{OTHER} {shared} {WIRE[0]}"
    b = f"{WIRE[5]} {shared} {FRENCH}"
    assert set(winnow(shingle_hashes(words(a)))) & set(winnow(shingle_hashes(words(b))))


def test_shingles_are_hashed_one_for_one():
    tokens = words(FULL + " " + FULL)  # every shingle twice
    assert len(set(shingle_hashes(tokens).tolist())) == len(shingles(tokens))
    assert body(FULL).grams == frozenset(shingle_hashes(words(FULL)).tolist())


def test_fingerprints_are_a_fraction_of_the_shingles():
    hashes = shingle_hashes(words(FULL))
    prints = winnow(hashes)
    assert 0 < len(prints) < len(hashes) / 4
    assert body(FULL).fingerprints == tuple(prints)
    assert body(FULL, fingerprints=False).fingerprints == ()
