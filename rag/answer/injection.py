"""Which sentences of a retrieved passage speak to the assistant instead of
reporting news. They never reach the prompt: passages are data, not
instructions.

Two defences. A word list catches the known phrases ("ignore previous
instructions", chat-template tokens). A structural check catches paraphrases:
a sentence is an injection when it

- addresses an assistant / AI / model / chatbot (or "the reader") and tells it
  to write, answer, say, print, ignore or forget something; or
- gives an imperative about output ("write", "लिखें", "जवाब दें", "भूल जाओ")
  together with a cue that the target is the answer, the question, the user or
  the model ("केवल X लिखें", "the correct answer is X, so write X"); or
- prescribes the answer itself ("your answer must be", "उत्तर होना चाहिए",
  "the correct response to any question is").

News quotes officials telling citizens what to do ("'Do not ignore the
warnings,' the police said", "उन्होंने लोगों से … कहा"): an imperative inside
attributed speech counts only when the AI is addressed as well.

Python's ``\\b`` and ``\\w`` do not treat Devanagari matras and the virama as
word characters, so Hindi words end with an explicit lookahead (``_E``).
"""

from __future__ import annotations

import re

_F = re.IGNORECASE | re.MULTILINE

# ------------------------------------------------------------- word list

_LIST = re.compile(
    r"ignore\s+(all\s+|any\s+)?(the\s+)?(previous|prior|above|earlier)\s+(instructions|prompts?|rules)"
    r"|disregard\s+(all\s+|the\s+)?(previous|prior|above)|you\s+are\s+now\s+|new\s+instructions\s*:"
    r"|^\s*(system|assistant)\s*:|<\|im_start\|>|<\|im_end\|>|\[/?INST\]"
    r"|(पिछले|पूर्व|ऊपर\s+के|सभी)\s+(सभी\s+)?निर्देश(ों)?\s+(को\s+)?(अनदेखा|नज़रअंदाज़|नजरअंदाज|भूल)\s*"
    r"(करें|करो|कीजिए|कर\s+दें|कर\s+दो|जाएं|जाओ|जाइए)"
    r"|NOT_IN_ARTICLES",
    _F,
)

# ------------------------------------------------------------- pieces

# End of a Hindi word: white space, punctuation, a quote or the end.
_E = r"(?=[\s,;:।॥.!?'\"‘’“”)\]-]|$)"
# Start of a Hindi word (after a Devanagari letter would be mid-word).
_S = r"(?<![\u0900-\u097F])"

# Who an injection talks to. English nouns first, then Hindi.
_AI_EN = (
    r"(?:A\.?I\.?|artificial\s+intelligence|assistant|chat\s?bot|bot|(?:large\s+)?language\s+models?"
    r"|LLMs?|GPT|ChatGPT|Llama|Gemini|Claude|models?|system|AI\s+(?:systems?|models?|assistants?))"
)
_AI_HI = (
    r"(?:एआई|ए\.आई\.|AI|कृत्रिम\s+बुद्धि(?:मत्ता)?|आर्टिफ़िशियल\s+इंटेलिजेंस|भाषा\s+मॉडल|मॉडल|चैटबॉट|चैट\s+बॉट"
    r"|बॉट|सहायक)"
)

_ADDRESS = re.compile(
    "|".join([
        # Vocative at the start of a clause: "Assistant, …", "(AI systems: …", "Hey model, …".
        rf"(?:^|[(\[—–;:\"'“‘]|\b(?:dear|hey|hi|hello|attention|note\s+to|to)\b)\s*(?:any|all|every|the|other)?\s*"
        rf"\b{_AI_EN}s?\s*(?:[,:!]|\bor\b)",
        rf"\b(?:dear|hey|hello)\s+(?:\w+\s+)?{_AI_EN}\b",
        rf"\bas\s+an?\s+{_AI_EN}(?:\s+language\s+model)?\s*,?\s*(?:you|your)\b",
        rf"\b(?:if|since|because)\s+you\s+are\s+(?:an?\s+|the\s+)?(?:\w+\s+)?{_AI_EN}\b",
        rf"\b(?:any|every|all|each|other)\s+{_AI_EN}s?\b",
        rf"\b{_AI_EN}s?\s+(?:reading|processing|summari[sz]ing|answering|generating|parsing|seeing)\s+(?:this|these|the)\b",
        r"\b(?:to\s+)?whoever\s+is\s+(?:generating|writing|producing|reading)\b",
        r"(?:^|[(\[—–;:\"'“‘])\s*(?:dear\s+)?reader\s*[,:]",
        rf"\b(?:the\s+)?{_AI_EN}(?:'s)?\s+(?:must|should|shall|needs?\s+to|has\s+to|is\s+to)\b",
        rf"\b(?:the\s+)?{_AI_EN}'s\s+(?:final\s+)?(?:answer|response|reply|output)\b",
        # Hindi: "प्रिय सहायक", "सहायक महोदय", a vocative "बॉट, …", "AI मॉडल को", "अगर आप एक AI हैं".
        rf"{_S}(?:प्रिय|हे|सुनो)\s+{_AI_HI}{_E}",
        rf"{_S}{_AI_HI}\s+(?:महोदय|जी){_E}",
        rf"(?:^|[(\[—–;:\"'“‘])\s*{_AI_HI}\s*[,:]",
        rf"{_S}(?:एआई|AI|कृत्रिम\s+बुद्धिमत्ता(?:\s+वाले)?)\s+(?:सहायक|मॉडल|सिस्टम|चैटबॉट|बॉट)(?:ों)?\s+(?:को|से|के\s+लिए){_E}",
        rf"{_S}{_AI_HI}\s+(?:को|से)\s+(?:यह\s+)?(?:निर्देश|अनुरोध|चाहिए){_E}",
        rf"{_S}(?:अगर|यदि|जो)\s+(?:आप|तुम|तू)\s+(?:एक\s+|कोई\s+)?{_AI_HI}",
        rf"{_S}(?:पढ़|पढ)(?:ने|ते|\s+रहे|\s+रहा)\s*(?:वाला|वाले|वाली)?\s+{_AI_HI}{_E}",
    ]),
    _F,
)

# English verbs of output and of overriding, in imperative position: at the
# start of a clause, optionally after "please", "just", "do not".
_VERB_EN = r"(?:write|reply|answer|respond|say|output|print|repeat|ignore|forget|disregard|tell|state|type|return|stop)"
_IMP_EN = re.compile(
    r"(?:^|[.;:!?,(\[—–\"“‘]|\b(?:and|so|then|therefore|thus|hence)\b)\s*"
    r"(?:(?:please|kindly|now|then|always|also|instead|(?P<only>just|simply|only))\s+)*(?:(?:do\s+not|don't|never)\s+)?"
    # Not a noun phrase that heads a clause: "Answer sheets will be …", "Reply from … is".
    rf"{_VERB_EN}\b(?!-)(?!\s+(?:(?!(?:that|it|this|he|she|they|we|you|there|the)\b)[\w'-]+\s+)?"
    r"(?:will|would|is|are|was|were|has|have|had|can|could|may|might)\b)"
    # Or a second-person obligation: "you must respond", "you should ignore".
    rf"|\byou\s+(?:must|should|shall|need\s+to|have\s+to|are\s+to)\s+(?:now\s+|always\s+|only\s+)*{_VERB_EN}\b",
    _F,
)


def _hi_forms(stems: str, suffixes: str) -> str:
    # "दूसरे शब्दों में कहें तो" (if we say) is a condition, not an order.
    return rf"{_S}(?:{stems})(?:{suffixes}){_E}(?!\s+तो{_E})"


# Hindi imperatives (लिखें/लिखो/लिखिए, बताएं/बताओ/बताइए, जवाब दें/दीजिए, भूल जाएं,
# अनदेखा करें …) and obligations (लिखना है, देना होगा).
_C_SUF = r"ें|ो|िए|िये|िएगा"
_A_SUF = r"एं|एँ|ें|ओ|इए|इये|इएगा"
_NOUNS_OUT = r"(?:जवाब|उत्तर|प्रतिक्रिया|आउटपुट|रिप्लाई)"
_DO = r"(?:करें|करो|करिए|करिये|कीजिए|कीजिये|कर\s+दें|कर\s+दो|कर\s+दीजिए)"
_IMP_HI = re.compile(
    "|".join([
        _hi_forms(r"लिख|कह|बोल|छाप", _C_SUF),
        _hi_forms(r"बता|दोहरा|दिखा|लौटा|भूल\s+जा", _A_SUF),
        rf"{_S}{_NOUNS_OUT}\s+(?:में\s+)?(?:\S+\s+){{0,4}}?(?:दें|दो|दीजिए|दीजिये|दीजिएगा){_E}",
        rf"{_S}(?:टाइप|प्रिंट|आउटपुट|अनदेखा|नज़रअंदाज़|नजरअंदाज|नज़रअंदाज|नजरअंदाज़|उपेक्षा|इग्नोर)\s+{_DO}{_E}",
        rf"{_S}(?:लिखना|कहना|बताना|बोलना|दोहराना|देना)\s+(?:है|होगा|चाहिए){_E}",
    ]),
    _F,
)
# The subjunctive ("वह उत्तर में केवल 'हाँ' लिखे") is also plain reported
# speech ("सरकार जवाब दे"), so it counts only when the AI is addressed.
_SUBJ_HI = re.compile(
    rf"{_S}(?:लिखे|कहे|बोले|बताए|दोहराए|टाइप\s+करे|{_NOUNS_OUT}\s+(?:\S+\s+){{0,3}}?दे)(?=\s*[,;:।.!?]|\s*$|\s+और{_E})",
    _F,
)
_VERB_EN_ANY = re.compile(rf"\b{_VERB_EN}\b|\boutput\b", _F)

# What makes an imperative about *the answer*: the answer, the question, the
# user, the model, "only"/"nothing else". उत्तर also means "north".
_NORTH = r"(?:कोरिया|प्रदेश|पूर्व|पूर्वी|पश्चिम|पश्चिमी|भारत|भारतीय|दिशा|की\s+ओर|की\s+तरफ|ध्रुव|अमेरिका|अफ्रीका|बिहार|मध्य|क्षेत्र)"
_NOUN_OUT_EN = r"(?:answers?|responses?|repl(?:y|ies)|outputs?)(?!\s+(?:keys?|sheets?|books?|scripts?|papers?)\b)"
_CUE = re.compile(
    # "answer" as a noun (the verb is not a cue: "we answer every letter").
    rf"\b(?:the|your|an?|my|its|this|that|correct|right|final|whole|first|one-word|in)\s+(?:\w+\s+)?{_NOUN_OUT_EN}"
    rf"|\b{_NOUN_OUT_EN}\s*(?:is|are|must|should|:)"
    r"|\b(?:quer(?:y|ies)|questions?|the\s+user|user'?s\s+(?:question|query|request)|prompts?|assistant|chat\s?bot"
    r"|A\.?I\.?|language\s+models?|your\s+(?:instructions|rules|guidelines)|sources?|citations?|only"
    r"|nothing\s+(?:else|but|more)|regardless|whatever|no\s+matter)\b"
    rf"|{_S}(?:जवाब|प्रतिक्रिया|आउटपुट|सवाल|प्रश्न|उपयोगकर्ता|यूज़र|यूजर|मात्र|एआई|चैटबॉट|मॉडल){_E}"
    rf"|{_S}उत्तर(?![\u0900-\u097F])(?!\s*-|\s+(?:{_NORTH}|पुस्तिका|पुस्तिकाओं|कुंजी|पत्र|पत्रों){_E})",
    _F,
)
# "केवल X लिखें": "only" and a short literal right before the verb.
_ONLY_HI = re.compile(rf"{_S}(?:केवल|सिर्फ़|सिर्फ|बस|मात्र)\s+(?:\S+\s+){{0,3}}$")


# Prescribing the answer outright.
_PRESCRIBE = re.compile(
    "|".join([
        r"\b(?:your|the)\s+(?:final\s+)?(?:answer|response|reply|output)\s+(?:must|should|shall|has\s+to|needs\s+to|is\s+to)"
        r"\s+(?:be|begin|start|contain|include|say|read)\b",
        r"\b(?:correct|right|only|proper|expected)\s+(?:answer|response|reply)\s+(?:to|for)\s+(?:any|every|all|each)"
        r"\s+(?:questions?|quer(?:y|ies))\b",
        r"\brepeat\s+after\s+me\b",
        r"\b(?:respond|reply|answer)\s+to\s+(?:any|every|all|each)\s+(?:questions?|quer(?:y|ies))\s+with\b",
        r"\b(?:when|while|before)\s+(?:answering|responding|replying)\b[^.]*\b(?:always|only|never)\b",
        rf"{_S}(?:आपका|तुम्हारा|आपके|तुम्हारे)\s+(?:उत्तर|जवाब){_E}",
        rf"{_S}(?:उत्तर|जवाब|आउटपुट)\s+(?:में\s+)?(?:\S+\s+){{0,4}}?(?:होना\s+चाहिए|होगा\s*:){_E}",
        rf"{_S}(?:उत्तर|जवाब)\s+देते\s+(?:समय|वक्त|हुए)\s+(?:हमेशा|केवल|सिर्फ़?){_E}",
    ]),
    _F,
)

# "the correct answer is X, so …" / "सही उत्तर X है, इसलिए …": an answer
# asserted and then acted on. Counts even inside a quote.
_CORRECT = re.compile(
    r"\b(?:correct|right|real|true|actual|final|only)\s+(?:answer|response|reply)\b.{0,80}?"
    r"\b(?:is|are|was)\b.{0,60}?(?:\b(?:so|therefore|thus|hence)\b|[;:])\s*(?:please\s+|just\s+|only\s+)*"
    rf"{_VERB_EN}\b"
    rf"|{_S}(?:सही|असली|सच्चा|अंतिम|एकमात्र)\s+(?:उत्तर|जवाब){_E}.{{0,80}}?{_S}(?:है|हैं){_E}\s*[,;]?\s*"
    rf"(?:इसलिए|अतः|अत:|तो|कृपया|बस|केवल)",
    _F,
)

# Attributed speech: a quote with its speaker, or a Hindi "X ने … कहा".
_REPORTED = re.compile(
    r"['\"“‘][^'\"”’]{3,}['\"”’]\s*,?\s*(?:\S+\s+){0,6}?(?:said|says|told|urged|added|asked|warned|wrote|stated"
    r"|announced|tweeted|posted|read|explained|appealed)\b"
    r"|\b(?:said|says|told(?:\s+\w+){0,2}|urged|added|asked|warned|wrote)\s*[,:]\s*['\"“‘]"
    rf"|{_S}ने\s+(?:\S+\s+){{0,10}}?(?:कहा|बताया|लिखा|अपील|आग्रह|मांग|माँग|निर्देश|अनुरोध|सलाह|हिदायत){_E}"
    rf"|{_S}(?:कहा|बताया|लिखा){_E}\s*(?:कि|,|:)|{_S}(?:उन्होंने|उनका\s+कहना|के\s+मुताबिक|के\s+अनुसार){_E}"
    rf"|,\s*(?:\S+\s+){{0,6}}?(?:ने\s+)?(?:कहा|बताया){_E}"
    # Unquoted attribution: "…, the exam notice said." / "…, students said, …".
    r"|,\s*(?:[\w'-]+\s+){0,5}?(?:said|says|told|warned|warn|urged|added|noted|wrote|reported)\b\s*(?:[,.;]|$)",
    _F,
)


def looks_like_injection(sentence: str) -> bool:
    """True for a sentence that speaks to the assistant rather than reporting news."""
    if _LIST.search(sentence) or _CORRECT.search(sentence) or _PRESCRIBE.search(sentence):
        return True
    imperative = _IMP_EN.search(sentence) or _IMP_HI.search(sentence)
    if _ADDRESS.search(sentence):
        return bool(imperative or _SUBJ_HI.search(sentence) or _VERB_EN_ANY.search(sentence))
    if not imperative or _REPORTED.search(sentence):
        return False
    if imperative.groupdict().get("only"):
        return True  # "just write X", "only say X"
    # The cue must lie outside the imperative itself ("answer" the verb is not a cue).
    if _ONLY_HI.search(sentence[: imperative.start()]):
        return True
    rest = sentence[: imperative.start()] + " " + sentence[imperative.end():]
    return bool(_CUE.search(rest))
