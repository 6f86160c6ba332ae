"""Articles -> analyses: language, partnership detection, parties, deal type, topics, summary.

    from bot.nlp import Analyzer
    analysis = Analyzer().analyze(article)

One pass per article, in two stages (`cascade`): a blank tokenizer with phrase matchers looks
for trigger terms in the headline and lead; only articles that have one go through the model
(`pipeline`), and then only their headline, lead and trigger sentences. The `partnership`
spaCy component weighs triggers against negative cues (acquisitions, funding rounds, job
titles, endings, rumours, earnings, lawsuits, launches) and finds the parties (`mentions`,
`parties`) as short canonical names, helped by the alias table in `patterns/companies.jsonl`.
"""

from bot.nlp.analyzer import Analyzer
from bot.nlp.lang import detect_language
from bot.nlp.names import canonical_company, normalise_name

__all__ = ["Analyzer", "canonical_company", "detect_language", "normalise_name"]
