"""Topics: the vocabulary as data (ids, labels, aliases), what articles get, and coverage."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.nlp.evaluate import evaluate, read_jsonl
from bot.nlp.resources import PATTERNS_DIR, topic_vocabulary
from bot.nlp.topics import topic_ids, topic_label, topic_labels

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
MIN_COVERAGE = 0.95

VOCABULARY = json.loads((PATTERNS_DIR / "topics.json").read_text(encoding="utf-8"))


def test_every_topic_has_a_label_and_aliases_in_both_languages():
    assert len(VOCABULARY) >= 60
    for topic, entry in VOCABULARY.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", topic), topic
        for lang in ("en", "fr"):
            label = entry["label"][lang]
            assert label.strip() and "_" not in label, (topic, lang)
            aliases = entry[lang]
            assert aliases, (topic, lang)
            assert len(aliases) == len(set(aliases)), (topic, lang)
            assert all(a == a.strip() and a for a in aliases), (topic, lang)


def test_the_matcher_reads_the_same_vocabulary():
    assert set(topic_vocabulary()) == set(topic_ids())
    assert "voice assistant" in topic_vocabulary()["voice_assistant"]["en"]


@pytest.mark.parametrize(
    "topic,lang,label",
    [
        ("voice_assistant", "en", "Voice assistants"),
        ("voice_assistant", "fr", "Assistants vocaux"),
        ("ev_batteries", "en", "Batteries"),
        ("ai", "fr", "Intelligence artificielle"),
        ("ai", "de", "Artificial intelligence"),  # an unknown language falls back to English
        ("retired_topic_id", "en", "Retired topic id"),  # stored before a vocabulary change
    ],
)
def test_people_see_labels_never_ids(topic, lang, label):
    assert topic_label(topic, lang) == label


def test_labels_keep_order_and_drop_repeats():
    assert topic_labels(["cloud", "ai", "cloud"]) == ["Cloud computing", "Artificial intelligence"]


@pytest.mark.parametrize(
    "title,text,expected",
    [
        (
            "Railink and Voltrac team up on high-speed rail signalling",
            "Railink and Voltrac signed a partnership to supply signalling for high-speed rail "
            "lines and new rolling stock.",
            "rail",
        ),
        (
            "Kestrel Mining forms joint venture with Ardent Metals for copper",
            "Kestrel Mining and Ardent Metals agreed to form a joint venture to develop a copper "
            "and nickel project.",
            "mining_metals",
        ),
        (
            "Velora and Brightwave form strategic partnership in football",
            "Velora and Brightwave have formed a strategic partnership to bring live football "
            "statistics to fans in stadiums across the league.",
            "sports",
        ),
        (
            "Orvane et Teliad s'associent dans le ferroviaire",
            "Orvane et Teliad ont signé un partenariat pour moderniser le matériel roulant "
            "ferroviaire régional.",
            "rail",
        ),
        (
            "Solvane et Maréa signent un accord dans l'eau potable",
            "Solvane et Maréa ont conclu un partenariat pour le traitement de l'eau potable et "
            "des eaux usées dans trois villes.",
            "water",
        ),
        (
            "Gravix partners with Lumen University on research",
            "Gravix has partnered with Lumen University on joint research in a new laboratory "
            "for battery materials.",
            "research",
        ),
    ],
)
def test_topics_cover_sectors_beyond_tech(analyze, title, text, expected):
    analysis = analyze(title, text)
    assert analysis.is_partnership
    assert expected in analysis.topics


def test_a_topic_named_once_in_the_lead_is_still_given(analyze):
    # Regression: topics needed a score of 2, so a deal whose area is named once, outside the
    # headline and the evidence sentence, got no topic at all.
    analysis = analyze(
        "Corvid and Palmet sign a strategic partnership",
        "Corvid and Palmet signed a strategic partnership on Monday.\n\n"
        "The companies will jointly sell refrigerated trucks in Europe.",
    )
    assert analysis.is_partnership
    assert analysis.topics == ["automotive"]


def test_licence_fees_are_not_the_payments_business(analyze):
    # "Milestone payments" belong to the licensing deal, not to the area of cooperation.
    analysis = analyze(
        "Oncora licenses antibody to Veltis Pharma",
        "Oncora signed a licensing agreement with Veltis Pharma for its cancer antibody. "
        "Oncora will receive an upfront payment and milestone payments.",
    )
    assert analysis.is_partnership
    assert "pharma" in analysis.topics
    assert "payments" not in analysis.topics


@pytest.mark.skipif(not (CORPUS / "train.jsonl").exists(), reason=f"no corpus at {CORPUS}")
def test_nearly_every_real_partnership_gets_a_topic(analyzer):
    records = [
        r
        for name in ("train.jsonl", "dev.jsonl")
        for r in read_jsonl(CORPUS / name)
        if r.get("is_partnership")
    ]
    report = evaluate(records, analyzer)
    print(f"topic coverage {report.overall.topic_coverage:.3f} of {len(records)} partnerships")
    assert report.overall.topic_coverage >= MIN_COVERAGE
