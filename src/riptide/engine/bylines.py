"""Cleaning a byline down to the names it gives: the one byline cleaner of the engine.

Every byline the engine reports goes through ``clean_byline``, whichever source it came from
(JSON-LD author, ``<meta name=author>``, a visible byline line, the article finder's byline
node), so the same text always gives the same name. The steps, each a named pattern below:

    drop e-mails/URLs/handles → drop a leading date → cut at the first date, time, "Updated",
    "|" or " - " → drop widget words ("Follow", "Share") → drop "By"/"Par"/"Von"/"Author:" and a
    label before "by" → drop job titles ("Staff Writer", ", MD") → reject what is not a name

Guarantees: the result has letters, no digits or markup symbols, at most ``MAX_BYLINE_CHARS``
characters and at most ``MAX_NAME_WORDS`` words per name; several names keep their own joins
("Jane Doe and John Roe", "A, B"). None when nothing name-like is left.
"""

from __future__ import annotations

import re

#: A byline longer than this is an author box or an article, not a byline.
MAX_BYLINE_CHARS = 100
#: Most words one name may have ("Maria de los Angeles Garcia Lopez").
MAX_NAME_WORDS = 6

#: E-mail addresses, URLs and @handles inside bylines (optionally parenthesised).
BYLINE_NOISE = re.compile(r"\(?\s*(?:\S+@\S+\.\w+|https?://\S+|www\.\S+|@\w+)\s*\)?", re.I)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
#: A date (and time) the byline opens with, before the name: "May 3, 2021 | By Jane Doe",
#: "Posted on September 21, 2020 by Jane Doe", "Updated 03.05.2021, 10:30 — Jane Doe".
LEADING_DATE = re.compile(
    r"^(?:(?:updated|published|posted)(?:\s+on)?\s*:?\s*|on\s+)?"
    rf"(?:\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?(?:\s+\d{{4}})?"
    rf"|\d{{1,2}}\.?\s+{_MONTH},?(?:\s+\d{{4}})?)"
    r"(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?\b)?)?\s*[|•·,–—-]?\s*(?=\S)",
    re.I,
)
#: Where a byline stops being a name: dates, weekdays, times, "Updated", "|", bullets, " - ".
BYLINE_END = re.compile(
    rf"\s*(?:[|•·\n]|\s[–—-]\s|\d{{1,2}}\.?\s*{_MONTH}\s+\d"
    r"|\b(?:updated|published(?!\s+by)|posted(?!\s+by)|last\s+updated|modifié|aktualisiert|edited\s+by|"
    r"on\s+\w+\s+\d|am\s+\d|le\s+\d|\d{1,2}[:/.]\d{1,2}|\d{4}|\d+\s+(?:min|hours?|days?|weeks?|months?)\b|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+(?=\w)|"
    rf"{_MONTH}\s+\d)).*$",
    re.I | re.S,
)
#: Share-bar and profile-widget words that end up inside byline boxes ("Jane Doe Follow",
#: "12 Comments"): dropped wherever they are.
WIDGET_WORDS = re.compile(r"\b(?:\d+\s+)?(?:follow|share|shares|tweet|e-?mail|print|comments?)\b", re.I)
#: Leading words introducing a name: "By", "Written by", "Par", "Von", "Por", "di", "Autor:",
#: "作者："… ("di" only in lower case: capitalised it starts surnames such as "Di Maio").
BYLINE_PREFIX = re.compile(
    r"^(?:(?:written|posted|published|reported|edited|words|text|story|photos?|video)\s+)?"
    r"(?:by|par|von|por|door|av|af|przez|(?-i:di))\b\s*:?\s*"
    r"|^(?:authors?|autor(?:in|es)?|auteurs?|autore|redakcja|reporter|text|interview|作者)\s*[:：]\s*",
    re.I,
)
#: A label before "by" in the middle of a byline ("Tech Industry by Jane Doe"): dropped.
BYLINE_LABEL = re.compile(r"^[^,]{0,40}?\s(?:by|par)\s+(?=\w)", re.I)
#: Parts after a comma that are job titles or degrees, not names ("Jane Doe, Staff Writer", ", MD").
BYLINE_ROLE = re.compile(
    r"^(?:(?:senior|chief|staff|contributing|special|guest|deputy|managing|associate|executive|"
    r"political|science|foreign|business|tech(?:nology)?|health|sports?)\s+)*"
    r"(?:writer|editor|reporter|correspondent|columnist|contributor|journalist|author|"
    r"photographer|producer|analyst|critic|staff|intern|fellow|technologist|director|professor)s?\b.*$"
    r"|^(?:MA|MD|PhD|RN|MS|MSc|MPH|MBA|DO|DDS|DVM|LCSW|RD)\b.*$",
    re.I,
)
#: Last words of a job title trailing a name without a comma ("Ben Silverman Games Editor"):
#: the role word and the word before it are dropped.
ROLE_WORDS = frozenset(["writer", "editor", "reporter", "correspondent", "columnist", "contributor"])
#: Words introducing more names in a byline ("avec", "with", "mit").
MORE_NAMES = re.compile(r"\b(?:with|avec|mit|con|com|met)\b", re.I)
#: Separators between several names in one byline.
NAME_JOIN = re.compile(r"\s*,\s*|\s+(?:and|und|et|y|e|&)\s+", re.I)
#: A join word left dangling at the end of a cleaned byline ("Jane Doe and").
DANGLING_JOIN = re.compile(r"\s+(?:and|und|et|y|e|&)$", re.I)
#: Characters no person's name contains (headlines, prices, usernames, markup leftovers).
NOT_A_NAME = re.compile(r"[:$?!@#%*=<>{}\[\]\d“”\"]")
#: A nickname quoted between two names (Amanda "Tania Mae" Tan): the one place quotes belong.
QUOTED_NICKNAME = re.compile(r"\b(\w*[^\W\d_a-z]\w*)\s+[\"“„][^\"“”„:?!\d]{1,30}[\"”“]\s+(?=[^\W\d_a-z])")
#: What is left of a byline-like box that names nobody: UI labels and placeholders.
BYLINE_STOPWORDS = frozenset(
    {
        "author",
        "authors",
        "autor",
        "auteur",
        "by",
        "written",
        "follow",
        "follow author",
        "share",
        "about",
        "more",
        "posted",
        "posted by",
        "comments",
        "contributors",
        "staff",
        "admin",
        "anonymous",
        "unknown",
    }
)


def clean_byline(text: str) -> str | None:
    """A byline reduced to its names: "By Jane Doe, Staff Writer | May 3, 2021" -> "Jane Doe".

    None when nothing name-like is left (a bare "Author:" label, a date, a headline).
    """
    text = " ".join(BYLINE_NOISE.sub(" ", text).split())
    text = LEADING_DATE.sub("", text)
    text = BYLINE_END.sub("", text)
    text = " ".join(WIDGET_WORDS.sub(" ", text).split())
    for _ in range(2):
        text = BYLINE_PREFIX.sub("", text).strip()
    text = BYLINE_LABEL.sub("", text)
    parts = [part.strip() for part in text.split(",")]
    kept = [part for index, part in enumerate(parts) if part and (index == 0 or not BYLINE_ROLE.match(part))]
    text = ", ".join(kept).strip(" ,;:-–—|/")
    text = DANGLING_JOIN.sub("", text)
    if not text or len(text) > MAX_BYLINE_CHARS or not any(ch.isalpha() for ch in text):
        return None
    if text.casefold() in BYLINE_STOPWORDS or NOT_A_NAME.search(QUOTED_NICKNAME.sub(r"\1 ", text)):
        return None
    names = NAME_JOIN.split(text)
    if len(names) == 1:
        text = _strip_trailing_role(text)
    elif any(len(name.split()) > MAX_NAME_WORDS for name in names):
        return None
    if len(text.split()) > MAX_NAME_WORDS and len(names) == 1:
        return None
    return text


def _strip_trailing_role(name: str) -> str:
    words = name.split()
    if len(words) >= 3 and words[-1].casefold().rstrip("s") in ROLE_WORDS:
        cut = 2 if len(words) >= 4 else 1
        return " ".join(words[:-cut])
    return name
