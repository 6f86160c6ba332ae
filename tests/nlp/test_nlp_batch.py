"""Batches: order, the JSONL worker, runtime aliases, pickling, evaluation reports."""

from __future__ import annotations

import json
import pickle

from bot.models import Article
from bot.nlp import Analyzer
from bot.nlp.batch import analyze_jsonl
from bot.nlp.evaluate import evaluate

MOU = (
    "Zentara Robotics and Kobalt Systems sign MoU",
    "Zentara Robotics and Kobalt Systems have signed a memorandum of understanding on "
    "warehouse robots.",
)
FUNDING = ("Tessaro raises $40 million", "Tessaro has raised $40 million in a Series B round.")
FRENCH = (
    "Vallorie et Medisens s'associent",
    "Vallorie et Medisens ont signé un partenariat stratégique dans la télémédecine.",
)
GERMAN = ("Acme und Globex", "Die beiden Unternehmen haben eine Partnerschaft unterzeichnet.")


def test_analyze_many_keeps_input_order_across_languages_and_batches(analyzer):
    pairs = [MOU, FUNDING, FRENCH, GERMAN, MOU, ("", ""), FRENCH]
    articles = [Article(uid=str(i), title=t, text=x) for i, (t, x) in enumerate(pairs)]
    results = list(analyzer.analyze_many(articles, batch_size=2))
    assert [r.is_partnership for r in results] == [True, False, True, False, True, False, True]
    assert [r.lang for r in results][:4] == ["en", "en", "fr", "de"]
    assert results == [analyzer.analyze(a) for a in articles]


def test_analyze_many_accepts_a_generator_and_empty_input(analyzer):
    assert list(analyzer.analyze_many(iter([]))) == []
    one = analyzer.analyze_many(Article(uid="g", title=t, text=x) for t, x in [MOU])
    assert next(one).parties == ["Zentara Robotics", "Kobalt Systems"]


def test_analyzer_pickles_without_its_models():
    analyzer = Analyzer()
    analyzer.add_aliases({"Quillon Therapeutics": ["Quillon"]})
    copy = pickle.loads(pickle.dumps(analyzer))
    assert copy.models == analyzer.models
    assert copy._pipelines == {}
    assert copy._aliases.lookup("Quillon") == "Quillon Therapeutics"


def test_analyze_jsonl_writes_one_line_per_input_line_and_reports_bad_lines(tmp_path, analyzer):
    lines = [
        json.dumps({"id": "a", "title": MOU[0], "text": MOU[1], "url": "https://x.test/a"}),
        "{not json",
        json.dumps({"id": "b", "title": "No text here"}),
        json.dumps({"id": 7, "title": FUNDING[0], "text": FUNDING[1], "lang": "en"}),
        json.dumps({"id": "c", "text": 42}),
        json.dumps(["a", "list"]),
        "",
        json.dumps({"id": "d", "title": FRENCH[0], "text": FRENCH[1], "published": None}),
        json.dumps({"title": "no id", "text": "Some text."}),
        json.dumps({"id": "e", "title": 3, "text": "Some text."}),
    ]
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")

    counts = analyze_jsonl(source, target, analyzer)

    out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert counts == {
        "lines": 9, "analysed": 3, "partnerships": 2, "unsupported": 0, "errors": 6,
        "first_error": "line 2: invalid JSON (Expecting property name enclosed in double quotes)",
    }  # fmt: skip
    assert [row["id"] for row in out] == ["a", None, "b", 7, "c", None, "d", None, "e"]
    assert out[0]["is_partnership"] and out[0]["deal_type"] == "mou"
    assert set(out[0]) == {
        "id", "lang", "is_partnership", "confidence", "parties", "deal_type", "topics",
        "evidence", "summary",
    }  # fmt: skip
    assert out[3]["is_partnership"] is False and out[3]["deal_type"] is None
    assert out[6]["lang"] == "fr"
    assert "invalid JSON" in out[1]["error"]
    assert "missing 'text'" in out[2]["error"]
    assert "'text' must be a string" in out[4]["error"]
    assert "expected a JSON object" in out[5]["error"]
    assert "'id'" in out[7]["error"]
    assert "'title' must be a string" in out[8]["error"]


def test_evaluate_reports_scores_and_errors(analyzer):
    records = [
        {"id": "p1", "lang": "en", "title": MOU[0], "text": MOU[1], "is_partnership": True,
         "parties": ["Zentara Robotics Inc.", "Kobalt Systems"], "deal_type": "mou"},
        {"id": "p2", "lang": "fr", "title": FRENCH[0], "text": FRENCH[1], "is_partnership": True,
         "parties": ["Vallorie", "Someone Else"], "deal_type": "collaboration"},
        {"id": "n1", "lang": "en", "title": FUNDING[0], "text": FUNDING[1],
         "is_partnership": False, "parties": [], "deal_type": "investment"},
        {"id": "n2", "lang": "en", "title": "", "text": "Halden and Norrin formed a joint "
         "venture to build sensors.", "is_partnership": False, "parties": [],
         "deal_type": "none"},
    ]  # fmt: skip
    report = evaluate(records, analyzer)

    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (2, 1, 0)
    assert report.overall.precision == 2 / 3
    assert report.overall.party_exact_match == 0.5
    assert report.overall.deal_type_accuracy == 0.5
    assert report.by_lang["fr"].tp == 1
    kinds = sorted((e.id, e.kind) for e in report.errors)
    assert kinds == [("n2", "false_positive"), ("p2", "deal_type"), ("p2", "parties")]
    text = report.format()
    assert "P=0.67" in text and "n2 [en] false_positive" in text
    data = report.to_dict()
    assert data["overall"]["f1"] == 0.8
    json.dumps(data)
