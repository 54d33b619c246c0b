"""Countries a question names that its articles never mention.

"How did Japan react to the launch?" over two articles that never name Japan
cannot be answered from them, however close their sentences about the launch
(the fitted answerability score said 0.98: cross-script evidence features
cannot see a missing name). A country is a closed class both scripts write
alike in every article (the glossary's table: जापान, Japan, जापानी, Japanese),
so its absence is a fact the code can check and say: "The articles do not
mention Japan." Other names are not checked: spelled freely across scripts
(Grainger, ग्रेंजर), they were "missing" for 63 of 379 answerable English
questions over Hindi articles (``evals/probes/unmentioned_names.py``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from rag.answer.glossary import CAPITALS, COUNTRIES, DEMONYMS

# The country's other names a question or an article may use.
_ALIASES = {"America": ("US", "USA", "U.S.", "United States", "यूएस", "अमरीका"), "Britain": ("UK", "U.K.",
            "United Kingdom", "यूके"), "Korea": ("कोरियन",)}
# Its capital and seat of government: news says "Beijing said" for China ("बीजिंग ने कहा").
_CAPITALS: dict[str, set[str]] = {}
for _hi, (_en, _country) in CAPITALS.items():
    _CAPITALS.setdefault(_country, set()).update((_hi, _en))
# Demonyms whose English does not begin as the country's does.
_DEMONYM_OF = {"French": "France", "Spanish": "Spain"}
_LETTER = r"\w\u0900-\u097f"


def _fold(text: str) -> str:
    # The nukta aside: इज़राइल is इजराइल. Case is the patterns' to ignore (not an acronym's: "us" is no US).
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).replace("\u093c", ""))


@cache
def _names() -> dict[str, frozenset[str]]:
    """Each country (its English name) with its names in both scripts and aliases, folded."""
    out: dict[str, set[str]] = {}
    for hi, en in COUNTRIES.items():
        out.setdefault(en, {en}).update((hi, *_ALIASES.get(en, ())))
    return {en: frozenset(_fold(f) for f in fs) for en, fs in out.items()}  # case kept: "US" is no "us"


@cache
def forms() -> dict[str, frozenset[str]]:
    """Every way an article may name each country: its names, its demonyms (an
    article on "Japanese officials" mentions Japan) and its capital."""
    out = {en: set(fs) | {_fold(c) for c in _CAPITALS.get(en, ())} for en, fs in _names().items()}
    for hi, en in DEMONYMS.items():
        country = _DEMONYM_OF.get(en) or next((c for c in out if en[:4] == c[:4]), None)
        if country:
            out[country].update((_fold(hi), _fold(en)))
    return {en: frozenset(fs) for en, fs in out.items()}


def _pattern(form: str, exact: bool) -> re.Pattern[str]:
    acronym = form.replace(".", "").isupper() and len(form) <= 5
    flags = 0 if exact or acronym else re.IGNORECASE
    return re.compile(rf"(?<![{_LETTER}]){re.escape(form)}(?![{_LETTER}])", flags)


@cache
def _patterns(article: bool) -> dict[str, list[re.Pattern[str]]]:
    """An article mentions a country by any form, in any case; a question names
    it by a name as written ("Turkey", not "turkey"; "US", not "us")."""
    table = forms() if article else _names()
    return {country: [_pattern(f, exact=not article) for f in sorted(fs)] for country, fs in table.items()}


def countries_named(question: str) -> list[tuple[str, str]]:
    """(as the question writes it, nukta aside; the country's English name) for each
    country the question names by a name or alias, not by a demonym ("Russian
    officials" is no question about Russia)."""
    q = _fold(question)
    out = []
    for country, pats in _patterns(False).items():
        if m := next((m for p in pats if (m := p.search(q))), None):
            out.append((m.group(0), country))
    return out


def unmentioned(question: str, texts: list[str]) -> list[str]:
    """The countries ``question`` names that none of ``texts`` mentions, as the
    question writes them (nukta aside)."""
    named = countries_named(question)
    if not named:
        return []
    folded = [_fold(t) for t in texts]
    return [asked for asked, country in named
            if not any(p.search(t) for p in _patterns(True)[country] for t in folded)]
