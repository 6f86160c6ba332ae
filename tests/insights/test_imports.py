"""What importing the insight modules costs: no plotting library, no spaCy, until used."""

import subprocess
import sys


def test_insights_import_neither_matplotlib_nor_spacy():
    # A /partners acknowledgement in the web process must not wait for matplotlib (~1 s)
    # because a module that can draw a map was imported.
    code = (
        "import sys\n"
        "import bot.insights.partner_map, bot.insights.trends, bot.insights.export\n"
        "import bot.insights.cli, bot.insights.periods, bot.nlp.topics, bot.cli\n"
        "bot.nlp.topics.topic_label('ai')\n"
        "print('matplotlib' in sys.modules, 'spacy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
