"""Whose minister? An office the question ties to one country, named in a
sentence for another.

"यूक्रेन के रक्षा मंत्री कौन हैं?" over the demo articles was answered
"आंद्रेई बेलोसोव" from "… रूस के रक्षा मंत्री आंद्रेई बेलोसोव …": the
sentence has every word of the question (यूक्रेन too, in "यूक्रेन से जारी
जंग"), so no similarity or coverage tells it is Russia's minister. News
names offices by country constantly, and countries and titles are closed
classes (``glossary``), so the code reads the office's owner where the
sentence writes it: "<country> के <title>", "<demonym> <title>", "<country>'s
<title>", "<title> of <country>", North and South told apart. A sentence that
gives the office only to other countries answers "whose?" no more than a
heading does (``context.gather`` ranks it last).
"""

from __future__ import annotations

import re
from functools import cache

from rag.answer.glossary import COUNTRIES, DEMONYMS
from rag.answer.mentions import forms

_L = r"\w\u0900-\u097f"
_SIDE = r"(?:(?P<side>उत्तर|दक्षिण|पूर्वी|पश्चिमी|north|south|east|west)\s+)?"


@cache
def _owner_names() -> dict[str, str]:
    """Every form naming a country (name, alias, demonym, capital), folded to lower case, → the country."""
    out = {f.lower(): c for c, fs in forms().items() for f in fs}
    out |= COUNTRIES  # Hindi names as written (no case to fold)
    out |= {hi.lower(): next((c for c in forms() if en[:4] == c[:4]), en) for hi, en in DEMONYMS.items()}
    return out


@cache
def _owner_pattern() -> re.Pattern[str]:
    names = sorted(_owner_names(), key=len, reverse=True)
    return re.compile(_SIDE + r"(?P<owner>" + "|".join(re.escape(n) for n in names) + rf")(?![{_L}])", re.I)


_HI_TITLE = re.compile(r"((?:उप\s+)?(?:रक्षा|विदेश|गृह|वित्त)\s+मंत्री|प्रधानमंत्री|राष्ट्रपति|उपराष्ट्रपति|"
                       r"विदेश\s+सचिव|राजदूत|सेना\s+प्रमुख)")
_EN_TITLE = re.compile(r"((?:deputy\s+)?(?:defen[cs]e|foreign|home|finance)\s+minister|prime\s+minister|"
                       r"(?:vice\s+)?president|ambassador|army\s+chief)", re.I)
_EN_HI = {"defence minister": "रक्षा मंत्री", "defense minister": "रक्षा मंत्री", "foreign minister": "विदेश मंत्री",
          "home minister": "गृह मंत्री", "finance minister": "वित्त मंत्री", "prime minister": "प्रधानमंत्री",
          "president": "राष्ट्रपति", "vice president": "उपराष्ट्रपति", "ambassador": "राजदूत",
          "army chief": "सेना प्रमुख"}


def _norm_title(t: str) -> str:
    t = " ".join(t.lower().split())
    deputy = t.startswith(("deputy ", "उप "))
    base = t.split(" ", 1)[1] if deputy else t
    base = _EN_HI.get(base.replace("defense", "defence"), base)
    return ("उप " if deputy else "") + base


_SIDES = {"उत्तर": "north", "दक्षिण": "south", "पूर्वी": "east", "पश्चिमी": "west"}
# Between the owner and the office: a genitive, or "on behalf of" ("रूस की ओर से उप रक्षा मंत्री").
_LINK = re.compile(r"(?:\s+(?:के|की|का)(?:\s+(?:ओर|तरफ़|तरफ)\s+से)?|'s|’s)?$")


def _owners(text: str) -> list[tuple[str, str | None]]:
    """(office, its country with North/South, or None when the text names none
    beside it) for each office the text names."""
    out = []
    pat = _owner_pattern()
    for m in list(_HI_TITLE.finditer(text)) + list(_EN_TITLE.finditer(text)):
        before = text[:m.start()].rstrip()
        head = before[:_LINK.search(before).start()]
        owner = next((o for o in pat.finditer(head) if o.end() == len(head)), None)
        if owner is None and (g := re.match(r"\s+of\s+(?:the\s+)?", text[m.end():], re.I)):
            owner = pat.match(text, m.end() + g.end())  # "<title> of <country>"
        country = None
        if owner is not None:
            side = (owner.group("side") or "").lower()
            name = _owner_names().get(owner.group("owner").lower(), owner.group("owner"))
            country = f"{_SIDES.get(side, side)} {name}".strip()
        out.append((_norm_title(m.group(1)), country))
    return out


def _base(office: str) -> str:
    return office.removeprefix("उप ")


def asked_office(question: str) -> tuple[str, str | None] | None:
    """The office a question asks about and its country, if it names one
    ("यूक्रेन के रक्षा मंत्री" → ("रक्षा मंत्री", "Ukraine")), or None."""
    found = _owners(question)
    return found[0] if found else None


def another_owner(asked: tuple[str, str | None] | None, sentence: str) -> bool:
    """Whether every mention in ``sentence`` of the asked office (or its
    deputy's) is of another holder: another country's, or the deputy's when the
    office is asked ("रूस के रक्षा मंत्री" is not "रूस के उप रक्षा मंत्री").
    A mention naming no country may be the asked one."""
    if asked is None:
        return False
    office, country = asked
    mentions = [(o, c) for o, c in _owners(sentence) if _base(o) == _base(office)]
    return bool(mentions) and not any(o == office and (c is None or country is None or c == country)
                                      for o, c in mentions)
