"""Does the bridge take common English news words to the Hindi words news uses?

English questions over Hindi articles find their words only through the bridge
(``rag/bridge``): FreeDict's first senses, the project's table
(``rag/bridge/hindi_english.tsv``) and, for loanwords, sound. FreeDict often
gives another sense first ("fire" → आग, not दागना; "visit" → मुलाकात, not
यात्रा), and stopwords-iso's English list drops words like "fire", "state" and
"year" before they are bridged at all. This lists 105 common English words of
news reporting with the Hindi word news writes for them (chosen by hand, not
from the dev questions) and prints those the bridge misses.

    .venv/bin/python evals/probes/news_vocabulary.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from rag.bridge.lexicon import Bridge, expand
from rag.text import keyword_tokens

PAIRS = """fire:दागी confirm:पुष्टि deny:इनकार accuse:आरोप claim:दावा meet:मुलाकात visit:यात्रा arrive:पहुंचे
agree:सहमति praise:सराहना condemn:निंदा warn:चेतावनी attack:हमला kill:मारे injure:घायल arrest:गिरफ्तार
elect:चुनाव resign:इस्तीफा announce:घोषणा report:रिपोर्ट launch:प्रक्षेपण test:परीक्षण missile:मिसाइल
soldier:सैनिक troops:सैनिकों army:सेना military:सैन्य weapon:हथियार ammunition:गोला-बारूद war:युद्ध
defence:रक्षा minister:मंत्री president:राष्ट्रपति leader:नेता official:अधिकारी delegation:प्रतिनिधिमंडल
talks:वार्ता meeting:बैठक agreement:समझौता partnership:साझेदारी cooperation:सहयोग relations:संबंध
security:सुरक्षा tension:तनाव concern:चिंता intelligence:खुफिया agency:एजेंसी parliament:संसद
recruitment:भर्ती training:प्रशिक्षण activity:गतिविधियों increase:इजाफा support:समर्थन solidarity:एकजुटता
banner:बैनर photo:तस्वीरों airport:एयरपोर्ट conference:सम्मेलन country:देश region:क्षेत्र balance:संतुलन
trust:विश्वास nuclear:परमाणु risk:जोखिम strategic:रणनीतिक sovereign:संप्रभु rights:अधिकारों interests:हितों
struggle:संघर्ष help:मदद send:भेजने prepare:तैयार measures:उपाय need:आवश्यकता emphasis:जोर fear:आशंका
details:विवरण share:साझा distance:दूरी type:प्रकार sea:समुद्री east:पूर्वी state:सरकारी news:समाचार
election:चुनाव vote:मतदान court:अदालत police:पुलिस government:सरकार protest:प्रदर्शन flood:बाढ़
earthquake:भूकंप death:मौत injured:घायल killed:मारे sanctions:प्रतिबंध border:सीमा ceasefire:युद्धविराम
negotiation:बातचीत discuss:चर्चा signed:हस्ताक्षर approve:मंजूरी budget:बजट tax:कर economy:अर्थव्यवस्था""".split()


def main() -> None:
    pairs = [p.split(":") for p in PAIRS]
    bridge = Bridge.build([t for _, hi in pairs for t in keyword_tokens(hi)])
    missed = []
    for en, hi in pairs:
        want = set(keyword_tokens(hi))
        got = {m.token for t in expand(en, bridge) for m in t.matches}
        if not want & got:
            missed.append(f"{en} → {hi} (bridged: {', '.join(sorted(got)) or 'nothing'})")
    print("\n".join(missed))
    print(f"{len(pairs) - len(missed)} of {len(pairs)} English news words reach the Hindi word news writes")


if __name__ == "__main__":
    main()
