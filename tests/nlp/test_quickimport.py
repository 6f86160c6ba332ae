"""spaCy imported by the bot without its command line, which still works when asked for.

Each case runs in a fresh interpreter: the test process has imported spaCy already."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap


def _run(code: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_bot_imports_spacy_without_its_command_line():
    result = _run(
        """
        import json, sys
        import bot.nlp
        import spacy
        nlp = spacy.blank("en")
        print(json.dumps({
            "typer": "typer" in sys.modules,
            "weasel": "weasel" in sys.modules,
            "words": [t.text for t in nlp("Acme and Brightwave sign a deal.")],
        }))
        """
    )
    assert result == {
        "typer": False,
        "weasel": False,
        "words": ["Acme", "and", "Brightwave", "sign", "a", "deal", "."],
    }


def test_the_command_line_loads_when_used():
    result = _run(
        """
        import json, sys
        import bot.nlp
        import spacy
        info = spacy.info()
        from spacy.cli import setup_cli
        import spacy.cli.download
        from spacy.cli.info import info as real_info
        print(json.dumps({
            "version": info["spacy_version"] == spacy.__version__,
            "typer": "typer" in sys.modules,
            "setup_cli": callable(setup_cli),
            "download": callable(spacy.cli.download),
            "same_info": real_info()["spacy_version"] == spacy.__version__,
        }))
        """
    )
    assert result == {
        "version": True,
        "typer": True,
        "setup_cli": True,
        "download": True,
        "same_info": True,
    }


def test_spacy_imported_first_is_left_alone():
    result = _run(
        """
        import json, sys
        import spacy
        import bot.nlp
        from bot.nlp.quickimport import _DeferredFinder
        print(json.dumps({
            "typer": "typer" in sys.modules,
            "finder": any(isinstance(f, _DeferredFinder) for f in sys.meta_path),
        }))
        """
    )
    assert result == {"typer": True, "finder": False}
