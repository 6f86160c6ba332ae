"""Language identification: function words first, py3langid's bundled model when unsure.

The bot reads English and French only. Text that is plainly one of them (many of its function
words, hardly any of another language's) is named from a word count; anything else (other
languages, mixed or short text) goes to py3langid's bundled model (nothing is downloaded).

The model ships LZMA-compressed; unpacking it took most of a second of every process's
start. The unpacked arrays are kept in the user's cache directory (`config.cache_dir`), read
from there by later processes; without a writable cache the bundled file is read as is.
"""

from __future__ import annotations

import logging
import lzma
import os
import re
import shutil
import tempfile
import threading
from array import array
from pathlib import Path

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from bot.config import cache_dir

log = logging.getLogger(__name__)

UNKNOWN = "und"
CLASSIFIED_CHARS = 1000  # the headline and lead say which language an article is in
ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# Words frequent in one language's news and rare in the others' (nor in German, Spanish,
# Italian, Portuguese, Dutch, Catalan): "la", "de", "en", "is", "will", "was" are left out.
ENGLISH_WORDS = _words(
    "the and of with that which this has have from their its been were would said"
)
FRENCH_WORDS = _words(
    "les des et du est une avec pour dans qui sur aux au ces cette sont ont été leur pas ses nous"
)
# Common words of other languages written in Latin script, some of them in English or
# French text now and then (a name, a quotation): a few are tolerated, more send the text to
# the model.
OTHER_WORDS = _words(
    # German, Dutch
    "der die das und ist nicht ein eine den dem zu auf für von sich auch wird mit het een "
    "van voor zijn niet op met "
    # Spanish, Portuguese, Catalan, Italian
    "el los las del por para con una es su como o os do da em não dos das ao são amb els "
    "il di che della delle dei sono è gli nel alla anche"
)
SURE_WORDS = 8  # function words of the language at least...
SURE_RATIO = 6  # ... and this many times those of every other language together
SURE_PROB = 1.0  # the probability reported for a decision from the word count
_WORDS = re.compile(r"[^\W\d_]+")
_identifier: LanguageIdentifier | None = None
_lock = threading.Lock()


def _unpacked(bundled: Path) -> Path:
    """The bundled model unpacked into the cache, one .npy file per array (done once per
    model file); the big table is then mapped from disk rather than read."""
    stat = bundled.stat()
    path = cache_dir() / f"langid-{stat.st_size}-{int(stat.st_mtime)}"
    if path.is_dir():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=path.parent, prefix=".unpacking-"))
    try:
        with tempfile.TemporaryFile(suffix=".npz") as tmp:
            with lzma.open(bundled) as src:
                shutil.copyfileobj(src, tmp, length=1 << 20)
            tmp.seek(0)
            with np.load(tmp, allow_pickle=False) as data:
                for name in ARRAYS:
                    np.save(work / f"{name}.npy", data[name], allow_pickle=False)
        os.rename(work, path)  # whole or not at all; another process may have won the race
    except OSError:
        if not path.is_dir():
            raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return path


def _as_array(values: np.ndarray) -> array:
    out = array({2: "H", 4: "I", 8: "L"}[values.dtype.itemsize])
    out.frombytes(np.ascontiguousarray(values).tobytes())
    return out


def _from_cache(bundled: Path) -> LanguageIdentifier:
    path = _unpacked(bundled)
    data = {name: np.load(path / f"{name}.npy", mmap_mode="r") for name in ARRAYS}
    return LanguageIdentifier(
        data["ptc"],
        np.asarray(data["pc"]),
        np.asarray(data["classes"]).tolist(),
        _as_array(data["nextmove"]),
        np.asarray(data["out_feat"]).tolist(),
        norm_probs=True,
        tk_row=_as_array(data["nextmove_row"]),
    )


def _get() -> LanguageIdentifier:
    global _identifier
    with _lock:
        if _identifier is None:
            try:
                _identifier = _from_cache(MODEL_DIR / MODEL_FILE)
            except (OSError, KeyError, ValueError, TypeError) as exc:  # a changed cache or API
                log.debug("language model cache unusable (%s): reading the bundled file", exc)
                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def plain_language(text: str) -> str | None:
    """ "en" or "fr" when `text` is plainly in that language by its function words, else
    None (unsure: another language, mixed or too short)."""
    en = fr = other = 0
    for word in _WORDS.findall(text.lower()):
        if word in ENGLISH_WORDS:
            en += 1
        elif word in FRENCH_WORDS:
            fr += 1
        elif word in OTHER_WORDS:
            other += 1
    if en >= SURE_WORDS and en >= SURE_RATIO * (fr + other):
        return "en"
    if fr >= SURE_WORDS and fr >= SURE_RATIO * (en + other):
        return "fr"
    return None


def classify(text: str, hint: str | None = None) -> tuple[str, float]:
    """(ISO 639-1 code, probability); ("und", 0.0) when there is no text to judge.

    Plain English or French is named from its words unless it contradicts `hint` (a
    language the caller was told); then, and for any other text, the model decides."""
    if not text or not any(c.isalpha() for c in text):
        return UNKNOWN, 0.0
    text = text[:CLASSIFIED_CHARS]
    plain = plain_language(text)
    if plain is not None and (hint is None or hint == plain):
        return plain, SURE_PROB
    lang, prob = _get().classify(text)
    return lang, float(prob)


def detect_language(text: str) -> str:
    """ISO code of the text's language ("en", "fr", ...), or "und" for empty text."""
    return classify(text)[0]
