"""Loading the spaCy models with only the components the analysis uses."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.tokenizer import Tokenizer
from spacy.util import get_package_path
from spacy.vocab import Vocab, create_vocab

import bot.nlp.partnership  # noqa: F401  (registers the `partnership` factory)
from bot.nlp.exiting import collect_nothing_at_exit
from bot.nlp.known import KnownNames
from bot.nlp.learned import shipped_models
from bot.nlp.names import AliasTable
from bot.nlp.regexcache import language_class, model_language
from bot.nlp.resources import company_patterns

log = logging.getLogger(__name__)

# Lemmas are not used (trigger lists spell out inflections) and the parser already splits
# sentences, so the lemmatizer and senter are never loaded. tok2vec feeds the tagger /
# morphologizer and the parser; ner has its own embedding layer. The attribute ruler only
# turns English tags into coarse POS (a dict lookup does that far faster) and copies French
# POS into tags, so it never runs.
EXCLUDE = ["lemmatizer", "senter"]
# A model's tokenizer is read whole from its own files (`Tokenizer.from_disk` resets every
# setting first), so the one its config builds beforehand, with every special case, is work
# thrown away: the model is loaded with an empty tokenizer to fill instead.
TOKENIZER = {"nlp": {"tokenizer": {"@tokenizers": "partners_bot.tokenizer_from_disk.v1"}}}


@spacy.registry.tokenizers("partners_bot.tokenizer_from_disk.v1")
def tokenizer_from_disk():
    """spaCy's tokenizer with no rules: only for a pipeline whose `from_disk` fills it."""

    def create(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return create


@Language.factory("pos_from_tag")
def make_pos_from_tag(nlp: Language, name: str):
    return PosFromTag()


class PosFromTag:
    """Coarse POS from fine-grained tags, the part of the attribute ruler the analysis needs.
    Its table is data: given to `initialize`, saved by `to_disk`."""

    def __init__(self):
        self.mapping: dict[str, str] = {}

    def initialize(self, get_examples=None, *, nlp=None, mapping: dict[str, str] | None = None):
        self.mapping = dict(mapping or {})

    def __call__(self, doc):
        for token in doc:
            pos = self.mapping.get(token.tag_)
            if pos:
                token.pos_ = pos
        return doc

    def to_disk(self, path, *, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "mapping.json").write_text(json.dumps(self.mapping), encoding="utf-8")

    def from_disk(self, path, *, exclude=()) -> PosFromTag:
        self.mapping = json.loads((Path(path) / "mapping.json").read_text(encoding="utf-8"))
        return self


def tag_to_pos(nlp: Language) -> dict[str, str]:
    """The TAG -> POS table hidden in a model's attribute-ruler patterns."""
    mapping = {}
    for rule in nlp.get_pipe("attribute_ruler").patterns:
        pos = rule["attrs"].get("POS")
        for pattern in rule["patterns"]:
            if pos and len(pattern) == 1 and list(pattern[0]) == ["TAG"]:
                mapping[pattern[0]["TAG"]] = pos
    return mapping


def ruler_patterns(rows) -> list[dict]:
    """Entity-ruler patterns from alias rows, leaving out ambiguous names ("Total", "Wise")."""
    return [
        {"label": row.get("label", "ORG"), "pattern": row["pattern"], "id": row["id"]}
        for row in rows
        if row.get("ruler", True)
    ]


def model_folder(model: str) -> Path | None:
    """The folder of a model's data (its `config.cfg`): a directory as given, or the one inside
    an installed package; None when there is no single such folder."""
    try:
        root = Path(model) if Path(model).is_dir() else get_package_path(model)
    except (ImportError, OSError, TypeError, ValueError):
        return None
    if (root / "config.cfg").is_file():
        return root
    found = [p.parent for p in root.glob("*/config.cfg")]
    return found[0] if len(found) == 1 else None


def first_pass_vocab(lang: str, model: str) -> Vocab:
    """A vocabulary for the first pass that `model` can later adopt with its tokenizer
    (`load_pipeline(share=...)`): the language's, with the model's lookup tables, so that
    every word the first pass meets gets the attributes (norms) the model would give it.
    The model's strings are only added when it loads."""
    vocab = create_vocab(lang, language_class(lang).Defaults)
    folder = model_folder(model)
    if folder is not None and model_language(model) == lang and (folder / "vocab").is_dir():
        vocab.from_disk(folder / "vocab", exclude=["strings", "vectors"])
    return vocab


def _adoptable(folder: Path | None, tokenizer: Tokenizer) -> bool:
    """Can the model take the first pass's tokenizer and vocabulary as they are? When its
    tokenizer file is that tokenizer (same special cases, same expressions), the vocabulary
    holds the model's lookup tables (`first_pass_vocab`), and the model has no word vectors
    (such a vocabulary holds none)."""
    if folder is None or not (folder / "tokenizer").is_file():
        return False
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if meta.get("vectors", {}).get("width", 1) != 0:
            return False
        if Lookups().from_disk(folder / "vocab").to_bytes() != tokenizer.vocab.lookups.to_bytes():
            return False
        return (folder / "tokenizer").read_bytes() == tokenizer.to_bytes(exclude=["vocab"])
    except (OSError, ValueError, AttributeError):
        return False


def load_pipeline(
    model: str,
    aliases: AliasTable,
    known: KnownNames | None = None,
    decision_threshold: float | None = None,
    share: Tokenizer | None = None,
) -> Language:
    """The model; before `ner`, an entity ruler of the package's company aliases and
    `known_names` for the names taught at run time (`known`, shared, not copied); and
    `partnership` last.

    `share`: the first pass's tokenizer, built on `first_pass_vocab(lang, model)`. When the
    model's own tokenizer is the same, the model adopts it and its vocabulary instead of
    building both again (the special cases are most of a tokenizer's building)."""
    collect_nothing_at_exit()
    lang = model_language(model)
    if lang:
        language_class(lang)  # its slowest expressions from the cache
    folder = model_folder(model)
    if share is not None and _adoptable(folder, share):
        vocab = share.vocab
        vocab.strings.from_disk(folder / "vocab" / "strings.json")  # adds to what is there
        exclude = [*EXCLUDE, "vocab", "tokenizer"]
        nlp = spacy.load(model, vocab=vocab, exclude=exclude, config=TOKENIZER)
        nlp.tokenizer = share
    else:
        nlp = spacy.load(model, exclude=EXCLUDE, config=TOKENIZER)
    if "attribute_ruler" in nlp.pipe_names:
        if "tagger" in nlp.pipe_names:
            pos = nlp.add_pipe("pos_from_tag", after="tagger")
            pos.initialize(mapping=tag_to_pos(nlp))
        nlp.remove_pipe("attribute_ruler")
    ruler = nlp.add_pipe(
        "entity_ruler",
        before="ner",
        config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True},
    )
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(ruler_patterns(company_patterns()))
    names = nlp.add_pipe("known_names", after="entity_ruler")
    names.use(known if known is not None else KnownNames())
    component = nlp.add_pipe(
        "partnership", last=True, config={"decision_threshold": decision_threshold}
    )
    component.initialize(nlp=nlp, aliases=aliases, models=shipped_models())
    log.info("loaded %s: %s", model, ", ".join(nlp.pipe_names))
    return nlp
