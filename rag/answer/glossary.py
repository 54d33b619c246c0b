"""Dates, numbers, units, demonyms and titles between Hindi and English, by table.

Months, weekdays, number words, units, a few time words and the adjectives
of nationality (रूसी Russian, कोरियाई Korean) are closed classes: their
translation is fixed, so a short answer made only of them and of digits
("15 अगस्त 1947 को", "19 वीं सदी", "शुक्रवार") is written in the question's
language by this table, with no model and nothing to verify. Anything else
in the span and the table declines (returns None): a partial translation
would mix languages. Hindi puts postpositions after the noun, English
prepositions before it ("1947 में" → "in 1947"), so an edge postposition moves.
"""

from __future__ import annotations

import re
import unicodedata

_HI_EN = {
    # months
    "जनवरी": "January", "फरवरी": "February", "फ़रवरी": "February", "मार्च": "March", "अप्रैल": "April",
    "मई": "May", "जून": "June", "जुलाई": "July", "अगस्त": "August", "सितंबर": "September",
    "सितम्बर": "September", "अक्टूबर": "October", "अक्तूबर": "October", "नवंबर": "November",
    "नवम्बर": "November", "दिसंबर": "December", "दिसम्बर": "December",
    # weekdays
    "सोमवार": "Monday", "मंगलवार": "Tuesday", "बुधवार": "Wednesday", "गुरुवार": "Thursday",
    "बृहस्पतिवार": "Thursday", "शुक्रवार": "Friday", "शनिवार": "Saturday", "रविवार": "Sunday",
    # number words
    "एक": "one", "दो": "two", "तीन": "three", "चार": "four", "पांच": "five", "पाँच": "five", "छह": "six",
    "छः": "six", "सात": "seven", "आठ": "eight", "नौ": "nine", "दस": "ten", "बीस": "twenty", "सौ": "hundred",
    "हज़ार": "thousand", "हजार": "thousand", "लाख": "lakh", "करोड़": "crore", "आधा": "half", "आधे": "half",
    "सैकड़ों": "hundreds", "हजारों": "thousands", "हज़ारों": "thousands", "लाखों": "hundreds of thousands",
    "करोड़ों": "tens of millions", "दर्जनों": "dozens",
    "लगभग": "about", "करीब": "about", "क़रीब": "about", "प्रतिशत": "percent", "और": "and",
    # units and time words
    "किलोमीटर": "kilometres", "मीटर": "metres", "किलोग्राम": "kilograms", "टन": "tonnes", "डॉलर": "dollars",
    "रुपये": "rupees", "रुपए": "rupees", "साल": "years", "वर्ष": "years", "वर्षों": "years", "सालों": "years",
    "महीने": "months", "महीनों": "months", "दिन": "days", "दिनों": "days", "घंटे": "hours", "सप्ताह": "weeks",
    "सदी": "century", "शताब्दी": "century", "दशक": "decade",
}
# Demonyms: a closed class news uses constantly (रूसी सेना, अमेरिकी राष्ट्रपति); sound finds "Corey" for कोरियाई.
DEMONYMS = {
    "रूसी": "Russian", "अमेरिकी": "American", "अमरीकी": "American", "चीनी": "Chinese", "जापानी": "Japanese",
    "कोरियाई": "Korean", "यूक्रेनी": "Ukrainian", "यूक्रेनियन": "Ukrainian", "भारतीय": "Indian",
    "पाकिस्तानी": "Pakistani", "ब्रिटिश": "British", "फ्रांसीसी": "French", "जर्मन": "German", "इतालवी": "Italian",
    "स्पेनिश": "Spanish", "ईरानी": "Iranian", "इराकी": "Iraqi", "इजरायली": "Israeli", "इज़राइली": "Israeli",
    "इजराइली": "Israeli", "फिलिस्तीनी": "Palestinian", "अफगान": "Afghan", "सऊदी": "Saudi", "मिस्री": "Egyptian",
    "यूरोपीय": "European", "अफ्रीकी": "African", "एशियाई": "Asian", "बांग्लादेशी": "Bangladeshi",
    "नेपाली": "Nepali", "श्रीलंकाई": "Sri Lankan", "तिब्बती": "Tibetan", "सीरियाई": "Syrian", "कनाडाई": "Canadian",
    "ऑस्ट्रेलियाई": "Australian", "ब्राजीली": "Brazilian", "मैक्सिकन": "Mexican", "डच": "Dutch", "यूनानी": "Greek",
    "ग्रीक": "Greek", "रोमन": "Roman", "स्वीडिश": "Swedish", "पोलिश": "Polish",
}
# Countries news names most: by sound रूस is "ruse" and चीन "chain".
COUNTRIES = {
    "रूस": "Russia", "अमेरिका": "America", "चीन": "China", "जापान": "Japan", "भारत": "India",
    "यूक्रेन": "Ukraine", "कोरिया": "Korea", "ब्रिटेन": "Britain", "फ्रांस": "France", "जर्मनी": "Germany",
    "ईरान": "Iran", "इराक": "Iraq", "इजराइल": "Israel", "इज़राइल": "Israel", "इजरायल": "Israel",
    "पाकिस्तान": "Pakistan", "अफगानिस्तान": "Afghanistan", "बांग्लादेश": "Bangladesh", "नेपाल": "Nepal",
    "श्रीलंका": "Sri Lanka", "मिस्र": "Egypt", "तुर्की": "Turkey", "सीरिया": "Syria",
    "इटली": "Italy", "स्पेन": "Spain", "कनाडा": "Canada", "ऑस्ट्रेलिया": "Australia", "ब्राजील": "Brazil",
    "यूरोप": "Europe", "अफ्रीका": "Africa", "एशिया": "Asia",
}
# Capitals and seats of government, Hindi spelling → (English, its country): glossed by
# table (by sound सियोल is "silo"), and an article naming one mentions its country
# ("बीजिंग ने कहा" is China: ``mentions``).
CAPITALS = {
    "मॉस्को": ("Moscow", "Russia"), "मास्को": ("Moscow", "Russia"), "क्रेमलिन": ("Kremlin", "Russia"),
    "वाशिंगटन": ("Washington", "America"), "वॉशिंगटन": ("Washington", "America"),
    "व्हाइट हाउस": ("White House", "America"), "बीजिंग": ("Beijing", "China"), "टोक्यो": ("Tokyo", "Japan"),
    "तोक्यो": ("Tokyo", "Japan"), "दिल्ली": ("Delhi", "India"), "कीव": ("Kyiv", "Ukraine"),
    "सियोल": ("Seoul", "Korea"), "सोल": ("Seoul", "Korea"), "प्योंगयांग": ("Pyongyang", "Korea"),
    "पाइओंगयांग": ("Pyongyang", "Korea"), "प्योंगयोंग": ("Pyongyang", "Korea"), "लंदन": ("London", "Britain"),
    "इंग्लैंड": ("England", "Britain"), "पेरिस": ("Paris", "France"), "बर्लिन": ("Berlin", "Germany"),
    "तेहरान": ("Tehran", "Iran"), "बगदाद": ("Baghdad", "Iraq"), "यरुशलम": ("Jerusalem", "Israel"),
    "येरुशलम": ("Jerusalem", "Israel"), "तेल अवीव": ("Tel Aviv", "Israel"), "इस्लामाबाद": ("Islamabad", "Pakistan"),
    "काबुल": ("Kabul", "Afghanistan"), "ढाका": ("Dhaka", "Bangladesh"), "काठमांडू": ("Kathmandu", "Nepal"),
    "कोलंबो": ("Colombo", "Sri Lanka"), "काहिरा": ("Cairo", "Egypt"), "अंकारा": ("Ankara", "Turkey"),
    "दमिश्क": ("Damascus", "Syria"), "रोम": ("Rome", "Italy"), "मैड्रिड": ("Madrid", "Spain"),
    "ओटावा": ("Ottawa", "Canada"), "कैनबरा": ("Canberra", "Australia"), "ब्रासीलिया": ("Brasilia", "Brazil"),
}
_HI_EN |= DEMONYMS | COUNTRIES | {hi: en for hi, (en, _) in CAPITALS.items() if " " not in hi}
# Titles before a name, another closed class of news ("राष्ट्रपति यून सुक-योल" is
# President Yun Suk-Yol, not "Rashtrapti Yun Suk-Yol"): a name spelled in Latin
# letters keeps its title in English (``title_and_name``).
TITLES = {
    "राष्ट्रपति": "President", "उपराष्ट्रपति": "Vice President", "प्रधानमंत्री": "Prime Minister",
    "प्रधानमन्त्री": "Prime Minister", "मुख्यमंत्री": "Chief Minister", "मंत्री": "Minister", "रक्षा": "Defence",
    "विदेश": "Foreign", "गृह": "Home", "वित्त": "Finance", "उप": "Deputy", "राज्यपाल": "Governor",
    "राजदूत": "Ambassador", "सांसद": "MP", "महासचिव": "Secretary-General", "सचिव": "Secretary",
    "अध्यक्ष": "Chair", "नेता": "leader", "प्रवक्ता": "spokesperson", "निदेशक": "Director", "उपनिदेशक": "Deputy Director",
    "राजा": "King", "रानी": "Queen", "सम्राट": "Emperor", "राजकुमार": "Prince", "जनरल": "General",
    "कर्नल": "Colonel", "मेजर": "Major", "कप्तान": "Captain", "एडमिरल": "Admiral", "मार्शल": "Marshal",
    "न्यायाधीश": "Judge", "जज": "Judge", "प्रोफेसर": "Professor", "प्रो.": "Prof.", "डॉ.": "Dr.", "डॉ": "Dr.",
    "श्री": "Mr.", "श्रीमती": "Mrs.", "सुश्री": "Ms.", "पोप": "Pope", "शेख": "Sheikh", "संत": "Saint",
    # Offices of Indian news reports.
    "उपाध्यक्ष": "Vice Chair", "महानिदेशक": "Director-General", "कमांडेंट": "Commandant", "कमांडर": "Commander",
    "लेफ्टिनेंट": "Lieutenant", "ब्रिगेडियर": "Brigadier", "आयुक्त": "Commissioner", "अधीक्षक": "Superintendent",
    "जिलाधिकारी": "District Magistrate", "कलेक्टर": "Collector", "महापौर": "Mayor", "मेयर": "Mayor", "विधायक": "MLA",
    "चेयरमैन": "Chairman", "सीईओ": "CEO",
}
# Hindi postposition at the span's end -> English preposition at its start.
_POST = {"में": "in", "को": "on", "से": "from", "तक": "until"}
_ORDINAL = re.compile(r"^(वीं|वें|वां|वाँ)$")
_ATTACHED_ORDINAL = re.compile(r"^(\d+)(वीं|वें|वां|वाँ)$")  # "19वीं", as Hindi mostly writes it
EN_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.I)
# A decade ("1970s"); not "1900s", which is as often a century.
EN_DECADE = re.compile(r"^(\d{2}[1-9]0)['’]?s$")
# Nouns an ordinal agrees with in the feminine (19वीं सदी, 25वीं वर्षगांठ); else masculine (5वां स्थान).
_FEMININE = frozenset(("century", "anniversary"))
# Eras: "ईसा पूर्व" is BC, said after the year in both languages; AD goes before it in English.
_ERA_HI = {"bc": "ईसा पूर्व", "bce": "ईसा पूर्व", "b.c.": "ईसा पूर्व", "ad": "ईस्वी", "a.d.": "ईस्वी", "ce": "ईस्वी"}
_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*%?$")
NUMBER_WORDS = frozenset(("एक", "दो", "तीन", "चार", "पांच", "पाँच", "छह", "छः", "सात", "आठ", "नौ", "दस", "बीस", "सौ",
                          "हज़ार", "हजार", "लाख", "करोड़"))
_EN_HI = {v.lower(): k for k, v in reversed(list(_HI_EN.items())) if v and v not in ("about", "and", "half")}
_EN_HI |= {"about": "लगभग", "and": "और", "half": "आधा", "year": "साल", "month": "महीने", "day": "दिन",
           "percent": "प्रतिशत"}
_PRE = {v: k for k, v in _POST.items()} | {"by": "तक", "at": "को"}
_MONTHS = frozenset(("january", "february", "march", "april", "may", "june", "july", "august", "september",
                     "october", "november", "december"))


def is_number(word: str) -> bool:
    """Digits (Devanagari or not) or a number word."""
    return bool(_NUMBER.match(word.translate(_DIGITS))) or word in NUMBER_WORDS


def ordinal_en(n: int) -> str:
    """19 → "19th", 21 → "21st"."""
    return f"{n}" + ("th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th"))


def ordinal_hi(n: str, noun: str = "") -> str:
    """"19th" in Hindi, agreeing with the English ``noun`` after it: 19वीं सदी, 5वां स्थान."""
    return f"{n}{'वीं' if noun.lower() in _FEMININE else 'वां'}"


def decade_hi(n: str, oblique: bool) -> str:
    """"1970s" in Hindi: "1970 का दशक", or "1970 के दशक" before a postposition."""
    return f"{n} {'के' if oblique else 'का'} दशक"


def _to_english(tokens: list[str]) -> str | None:
    split: list[str] = []
    for t in tokens:
        m = _ATTACHED_ORDINAL.match(t.translate(_DIGITS))
        split += [m.group(1), m.group(2)] if m else [t]
    tokens = split
    post = _POST.get(tokens[-1]) if len(tokens) > 1 else None
    if post:
        tokens = tokens[:-1]
    out: list[str] = []
    era = ""
    i = 0
    while i < len(tokens):
        t = tokens[i].translate(_DIGITS)
        nxt = tokens[i + 1:i + 3]
        if _NUMBER.match(t) and nxt in (["के", "दशक"], ["का", "दशक"]):
            out.append(f"the {t}s")  # "1970 के दशक में" → "in the 1970s"
            i += 3
            continue
        if t == "ईसा" and nxt[:1] == ["पूर्व"]:
            era, i = "BC", i + 2
            continue
        if t in ("ईस्वी", "ईसवी"):
            era, i = "AD", i + 1
            continue
        if _NUMBER.match(t):
            out.append(t)
        elif _ORDINAL.match(t) and out and out[-1].isdigit():
            out[-1] = ordinal_en(int(out[-1]))
            if len(out) == 1 and post:
                out.insert(0, "the")  # "19वीं सदी में" → "in the 19th century"
        elif t in _HI_EN:
            if _HI_EN[t]:
                out.append(_HI_EN[t])
        else:
            return None
        i += 1
    if era and out:  # "300 BC", "AD 1200", wherever the Hindi put the era
        out = [*out, era] if era == "BC" else [era, *out]
    if not out or (not post and all(_NUMBER.match(w) for w in out)):
        return None  # nothing to translate: digits read the same in both
    return " ".join(([post] if post else []) + out)


def _to_hindi(tokens: list[str]) -> str | None:
    pre = _PRE.get(tokens[0].lower()) if len(tokens) > 1 else None
    if pre:
        tokens = tokens[1:]
    tokens = [t for t in tokens if t.lower() != "the"]
    if (len(tokens) >= 2 and tokens[0].lower() in _MONTHS and tokens[1].isdigit()
            and int(tokens[1]) <= 31):
        tokens[0], tokens[1] = tokens[1], tokens[0]  # "October 6, 1973" → "6 अक्टूबर 1973"
    out: list[str] = []
    era = ""
    for i, t in enumerate(tokens):
        low = t.lower()
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if _NUMBER.match(low):
            out.append(t)
        elif m := EN_ORDINAL.match(t):
            out.append(ordinal_hi(m.group(1), nxt))
        elif m := EN_DECADE.match(t):
            out.append(decade_hi(m.group(1), bool(pre) or i + 1 < len(tokens)))
        elif low in _ERA_HI:
            era = _ERA_HI[low]
        elif low in _EN_HI:
            out.append(_EN_HI[low])
        else:
            return None
    if era and out:
        out.append(era)
    if not out or (not pre and all(_NUMBER.match(w) for w in out)):
        return None
    return " ".join(out + ([pre] if pre else []))


# Title words that are one only before another ("रक्षा मंत्री" Defence Minister;
# alone, रक्षा is protection).
_TITLE_MODIFIERS = frozenset(("रक्षा", "विदेश", "गृह", "वित्त", "उप"))


def title(word: str, following: str) -> str | None:
    """``word`` as an English title when it is one here (before ``following``), else None."""
    if word not in TITLES or (word in _TITLE_MODIFIERS and following not in TITLES):
        return None
    return TITLES[word]


def title_and_name(words: str) -> tuple[str, str]:
    """A name's leading titles in English and the rest of it as written:
    "उप रक्षा मंत्री विक्टर गोरेम्यकिन" → ("Deputy Defence Minister", "विक्टर गोरेम्यकिन");
    ("", words) when it starts with none, or is nothing but titles."""
    ws = words.split()
    k = 0
    while k < len(ws) and ws[k] in TITLES:
        k += 1
    if k == len(ws):
        return "", words
    return " ".join(TITLES[w] for w in ws[:k]), " ".join(ws[k:])


# A country with the side of it named ("उत्तर कोरिया" is North Korea, not "Uttar Koriya" nor "answer Korea").
_SIDES = {"उत्तर": "North", "उत्तरी": "North", "दक्षिण": "South", "दक्षिणी": "South", "पूर्व": "East", "पूर्वी": "East",
          "पश्चिम": "West", "पश्चिमी": "West"}


def place_name(words: str) -> str | None:
    """The English name of ``words`` when they are a whole country, capital or
    a country with its side ("दक्षिण कोरिया" → "South Korea"); None otherwise."""
    text = " ".join(unicodedata.normalize("NFC", words).split())
    if text in CAPITALS:
        return CAPITALS[text][0]
    side, _, rest = text.partition(" ")
    if side in _SIDES and rest in COUNTRIES:
        return f"{_SIDES[side]} {COUNTRIES[rest]}"
    return COUNTRIES.get(text)


def translate(words: str, target: str) -> str | None:
    """``words`` in ``target`` ('en' or 'hi') when every word is a date, number,
    unit or time word of the table (or digits); None otherwise."""
    # A comma ends a word ("6 अक्टूबर, 1973") but stays inside a number ("1,200").
    tokens = [t.rstrip(",") for t in unicodedata.normalize("NFC", words).split() if t.rstrip(",")]
    if not tokens:
        return None
    return _to_english(tokens) if target == "en" else _to_hindi(tokens)
