"""What importing the insight modules costs: no plotting library, no spaCy, until used."""

import subprocess
import sys


def test_the_web_process_imports_neither_matplotlib_nor_spacy():
    # A /partners acknowledgement must not wait for matplotlib (~1 s) because a module that
    # can draw a map was imported: the Slack process draws through its drawing process.
    code = (
        "import sys\n"
        "import bot.insights.partner_map, bot.insights.trends, bot.insights.export\n"
        "import bot.insights.cli, bot.insights.periods, bot.insights.spikes, bot.cli\n"
        "import bot.insights.drawing, bot.insights.mapchart, bot.insights.trendchart\n"
        "import bot.slack.app, bot.slack.runtime, bot.slack.files, bot.delivery.scheduler\n"
        "import bot.service.insights, bot.messages.insights, bot.terminal.console\n"
        "from bot.models import topic_label\n"
        "topic_label('ai')\n"
        "print('matplotlib' in sys.modules, 'spacy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
