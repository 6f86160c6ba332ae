"""How to show one organisation, given the ways an article names it: the form the news uses
most, else the labelled data's convention (see `display_name`). The other forms are the
party's aliases.
"""

from __future__ import annotations

from bot.nlp.mentions import Mention
from bot.nlp.names import fold_accents, initials, is_place, normalise_name
from bot.nlp.resources import name_rules

# Show the form the article uses most (the rule); False: the labelled convention alone.
SHOW_MOST_USED = True


def display_name(forms: list[Mention], role_ids: set[int]) -> str:
    """How to report one organisation, given the ways the article names it.

    The name the news uses most: the article's form named most often in the headline, lead
    and deal sentences ("COSCO Shipping" over a single "COSCO Shipping Heavy Industry"),
    tickers and places aside ("Zambia" beside "Zambia Ministry of Mines" names the country);
    the other forms become the party's aliases. On a tie (most names are used once or
    twice), the convention of the labelled data: a partner named the way the article presents
    it, in short form ("Aramco" when the article says Aramco), so:
    1. the alias table's canonical name when the article itself uses it ("Samsung" in an
       article saying both "Samsung Electronics" and "Samsung");
    2. otherwise the article's own form, even when the table knows a different canonical
       name, unless the article only gives a ticker ("MSFT" -> "Microsoft");
    3. for the article's own forms: the shortest one used in a party role, taking a longer form
       only when its extra words are part of the name ("Tarrow Semiconductor"), not a product
       or division ("Acme Cloud", "Microsoft Azure").
    Names taught at run time (`Analyzer.add_aliases`) win outright: they are the deployment's
    own names for its organisations. Downstream, `canonical_company` still maps either form to
    the table's entry.
    """
    taught = [m.canonical for m in forms if m.preferred]
    if taught:
        return taught[0]
    if SHOW_MOST_USED and (most := most_used(forms)) is not None:
        return most
    canonicals = [m.canonical for m in forms if m.canonical]
    if canonicals:
        canonical = max(set(canonicals), key=canonicals.count)
        key = normalise_name(canonical)
        if any(m.key == key for m in forms):
            return canonical
        forms = [m for m in forms if not _ticker(m, canonical)]
        if not forms:
            return canonical
    role_forms = {id(m) for m in forms if id(m) in role_ids}
    ordered = sorted(forms, key=lambda m: len(m.key.split()))
    pool = [m for m in ordered if id(m) in role_forms] or ordered
    best = pool[0]
    division = name_rules()["division_words"]
    for m in ordered:
        head, words = best.key.split(), m.key.split()
        tail = m.name.split()[len(best.name.split()) :]
        if words[: len(head)] != head or any(w in division for w in words[len(head) :]):
            continue
        product_like = any(any(c.isdigit() for c in w) or w.isupper() for w in tail)
        if id(m) in role_forms or (m.label == "ORG" and not product_like):
            best = m
    return best.name


def most_used(forms: list[Mention]) -> str | None:
    """The form the article uses most often, when one form is used more than any other
    (tickers aside); None on a tie."""
    counts: dict[str, list[Mention]] = {}
    seen: set[int] = set()
    for m in forms:  # one mention may be listed twice: in a party role and as context
        if m.start in seen or (m.canonical and _ticker(m, m.canonical)) or _place_form(m):
            continue
        seen.add(m.start)
        counts.setdefault(m.key, []).append(m)
    if len(counts) < 2:
        return None
    ranked = sorted(counts.values(), key=len, reverse=True)
    if len(ranked[0]) == len(ranked[1]):
        return None
    return ranked[0][0].name


def _place_form(mention: Mention) -> bool:
    """ "Zambia" beside "Zambia Ministry of Mines": the country names the place, not the body."""
    return mention.label in ("GPE", "LOC") or is_place(mention.name)


def _ticker(mention: Mention, canonical: str) -> bool:
    """ "MSFT" for Microsoft, "VW" for Volkswagen: capitals picked from the name, not its
    initials ("GE", "HPE" are how articles name those companies)."""
    text = mention.name
    if not (text.isupper() and text.isalpha() and 2 <= len(text) <= 5) or canonical.isupper():
        return False
    if initials(canonical.replace("-", " ").split()) == text:
        return False
    letters = iter(fold_accents(canonical).lower())
    return all(c in letters for c in text.lower())
