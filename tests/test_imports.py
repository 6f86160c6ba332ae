"""What the web process imports: an acknowledgement must never wait for spaCy to load."""

import subprocess
import sys

import pytest


@pytest.mark.slow
def test_company_name_lookups_do_not_load_spacy():
    # Regression: the first /partners in the web process imported spaCy through
    # bot.nlp (~0.5 s), and an ack arriving meanwhile waited for it.
    code = (
        "import sys\n"
        "from bot.store.orgs import alias_key\n"
        "from bot.nlp import canonical_company, detect_language\n"
        "alias_key('Xiaomi Corp'); canonical_company('MSFT'); detect_language('hello there')\n"
        "import bot.service.commands, bot.messages, bot.store.answers\n"
        "print('spacy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_analyzer_is_still_importable_from_the_package():
    from bot.nlp import Analyzer
    from bot.nlp.analyzer import Analyzer as Defined

    assert Analyzer is Defined
