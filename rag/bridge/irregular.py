"""English irregular verbs: past forms and their base, for the dictionary lookup.

Questions are mostly in the past ("Who led …", "When was it built?"), and a
stemmer leaves "led", "built" or "won" as they are, so FreeDict, whose
headwords are base forms, would not find them ("met" even finds the
Meteorological Office). A closed class, so a table; forms that are mostly
another word ("ground", "wound", "bound", "lay") are left out.
"""

from __future__ import annotations

_TABLE = """
arise arose arisen; awake awoke awoken; be was were been; bear bore borne born; beat beat beaten;
become became become; begin began begun; bend bent; bet bet; bite bit bitten; bleed bled;
blow blew blown; break broke broken; breed bred; bring brought; broadcast broadcast; build built;
burn burnt; buy bought; catch caught; choose chose chosen; come came; cost cost; creep crept; cut cut;
deal dealt; dig dug; do did done; draw drew drawn; dream dreamt; drink drank drunk; drive drove driven;
eat ate eaten; fall fell fallen; feed fed; feel felt; fight fought; find found; flee fled; fly flew flown;
forbid forbade forbidden; forget forgot forgotten; forgive forgave forgiven; freeze froze frozen;
get got gotten; give gave given; go went gone; grow grew grown; hang hung; have had;
hear heard; hide hid hidden; hit hit; hold held; hurt hurt; keep kept; know knew known; lay laid;
lead led; lean leant; leave left; lend lent; let let; light lit; lose lost; make made;
mean meant; meet met; pay paid; put put; quit quit; read read; ride rode ridden; ring rang rung;
rise rose risen; run ran; say said; see saw seen; seek sought; sell sold; send sent; set set;
shake shook shaken; shine shone; shoot shot; show showed shown; shrink shrank shrunk; shut shut;
sing sang sung; sink sank sunk; sit sat; sleep slept; slide slid; speak spoke spoken; spend spent;
spin spun; split split; spread spread; stand stood; steal stole stolen; stick stuck; sting stung;
strike struck stricken; strive strove striven; swear swore sworn; sweep swept; swim swam swum;
swing swung; take took taken; teach taught; tear tore torn; tell told; think thought; throw threw thrown;
understand understood; undertake undertook undertaken; wake woke woken; wear wore worn; weep wept;
win won; withdraw withdrew withdrawn; write wrote written; overcome overcame;
overthrow overthrew overthrown; forecast forecast; foresee foresaw foreseen; mislead misled;
rebuild rebuilt; seek sought; uphold upheld; withhold withheld; withstand withstood
"""


def _parse() -> dict[str, str]:
    out: dict[str, str] = {}
    for entry in _TABLE.split(";"):
        base, *forms = entry.split()
        for f in forms:
            if f != base:
                out.setdefault(f, base)
    return out


PAST = _parse()  # past form -> base ("led" -> "lead")


def base(word: str) -> str | None:
    """The base form of an irregular past form ("Led" -> "lead"), else None."""
    return PAST.get(word.lower())
