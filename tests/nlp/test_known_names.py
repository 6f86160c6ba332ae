"""The deployment's organisations found in text by `KnownNames` (no entity-ruler patterns)."""

from __future__ import annotations

import pickle

import pytest
import spacy

from bot.nlp.known import KnownNames, names_of


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


def found(table: KnownNames, nlp, text: str) -> list[tuple[str, str]]:
    return [(span.text, span.id_) for span in table.find(nlp.make_doc(text))]


def test_longest_name_wins_and_names_do_not_overlap(nlp):
    table = KnownNames({"Brindle": "Brindle", "Brindle Power Systems": "Brindle Power"})
    table.update({"Power Systems Ltd": "PSL", "Quarto": "Quarto"})
    text = "Brindle Power Systems Ltd and Quarto signed a deal; Brindle said."
    assert found(table, nlp, text) == [
        ("Brindle Power Systems", "Brindle Power"),
        ("Quarto", "Quarto"),
        ("Brindle", "Brindle"),
    ]


def test_names_match_whole_tokens_and_exact_spelling(nlp):
    table = KnownNames({"Orvo": "Orvo", "Kell & Sons": "Kell & Sons"})
    assert found(table, nlp, "Orvox and ORVO met Kell & Sons.") == [("Kell & Sons", "Kell & Sons")]


def test_no_name_crosses_a_line_break(nlp):
    table = KnownNames({"Nadir Labs": "Nadir Labs"})
    assert found(table, nlp, "Nadir\nLabs") == []
    assert found(table, nlp, "Nadir  Labs") == []
    assert found(table, nlp, "with Nadir Labs") == [("Nadir Labs", "Nadir Labs")]


def test_aliases_name_their_canonical_and_the_table_pickles(nlp):
    table = KnownNames(dict(names_of({"Quillon Therapeutics": ["QLN", " ", "Quillon"]})))
    assert len(table) == 3
    copy = pickle.loads(pickle.dumps(table))
    assert found(copy, nlp, "QLN, known as Quillon") == [
        ("QLN", "Quillon Therapeutics"),
        ("Quillon", "Quillon Therapeutics"),
    ]


def test_taught_names_reach_loaded_pipelines_as_organisations(analyzer):
    nlp = analyzer.pipeline("en")
    analyzer.add_aliases({"Zephyrine Dynamics": ["Zephyrine"]})
    doc = nlp("Zephyrine Dynamics signed a memorandum of understanding with Pfizer.")
    orgs = [(e.text, e.label_, e.ent_id_) for e in doc.ents if e.text.startswith("Zeph")]
    assert orgs == [("Zephyrine Dynamics", "ORG", "Zephyrine Dynamics")]
    assert "known_names" in nlp.pipe_names
    assert "Zephyrine" in pickle.loads(pickle.dumps(analyzer))._known
