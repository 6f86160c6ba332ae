"""The analysis pipeline saves and reloads the way spaCy's own components do."""

from __future__ import annotations

import spacy

import bot.nlp.load  # noqa: F401  (registers the factories)
from bot.nlp.analyzer import focus_doc


def test_pipeline_round_trips_through_to_disk_and_from_disk(analyzer, tmp_path):
    nlp = analyzer.pipeline("en")
    prepared = analyzer.cheap_pass("en").prepare(
        "Ardent Labs and Quillmoor sign MoU on batteries",
        "Ardent Labs and Quillmoor have signed a memorandum of understanding to develop "
        "sodium batteries, the companies said on Monday.",
    )
    before = nlp(focus_doc(nlp, prepared))._.partnership
    nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    after = reloaded(focus_doc(reloaded, prepared))._.partnership
    component = reloaded.get_pipe("partnership")
    assert component.models is not None
    assert component.models.to_dict() == nlp.get_pipe("partnership").models.to_dict()
    assert (after.is_partnership, after.parties, after.deal_type) == (
        before.is_partnership,
        before.parties,
        before.deal_type,
    )
    assert after.confidence == before.confidence


def test_component_settings_come_from_its_config(analyzer):
    lenient = analyzer.pipeline("fr").get_pipe("partnership")
    assert lenient.cutoff == lenient.models.threshold
    nlp = spacy.blank("en")
    component = nlp.add_pipe("partnership", config={"decision_threshold": 0.42})
    assert component.cutoff == 0.42 and component.keep_features is False
