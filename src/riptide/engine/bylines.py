"""Cleaning a byline down to the names it gives: the one byline cleaner of the engine.

Every byline the engine reports goes through ``clean_byline``, whichever source it came from
(JSON-LD author, ``<meta name=author>``, a visible byline line, the article finder's byline
node), so the same text always gives the same name. The steps, each a named pattern below:

    drop e-mails/URLs/handles → drop a leading date → cut at the first date, time, "Updated",
    "|" or " - " → drop widget words ("Follow", "Share") → drop "By"/"Par"/"Von"/"Author:" and a
    label before "by" → drop job titles ("Staff Writer", ", MD") → reject what is not a name

Guarantees: the result has letters, no digits or markup symbols, at most ``MAX_BYLINE_CHARS``
characters and at most ``MAX_NAME_WORDS`` words per name; several names keep their own joins
("Jane Doe and John Roe", "A, B"). None when nothing name-like is left. Time linear in the
text, and nothing read past ``MAX_BYLINE_INPUT_CHARS`` (``strip_noise``).
"""

from __future__ import annotations

import re
from bisect import bisect_right

#: A byline longer than this is an author box or an article, not a byline.
MAX_BYLINE_CHARS = 100
#: Most words one name may have ("Maria de los Angeles Garcia Lopez").
MAX_NAME_WORDS = 6
#: Text longer than this is no byline and is not read: a JSON-LD author or a ``<meta>`` author
#: of any length came here whole, and the patterns below cost time per character (the longest
#: byline text the shared corpora's pages give is under 100 characters).
MAX_BYLINE_INPUT_CHARS = 1_000
#: Most authors one byline names: a source's first ones (JSON-LD ``author`` entries, one
#: ``<meta>`` key's values), the rest not read. Each costs a cleaning (~50 µs in the sandbox),
#: and a JSON-LD block listing 26,000 authors made 1 MB cost 12x a normal article's 1 MB.
MAX_AUTHORS = 100

#: BYLINE_NOISE's alternatives after the e-mail one, in its order: URLs, www. addresses, handles.
_NOISE_AFTER_EMAIL_ALTERNATIVES = r"https?://\S+|www\.\S+|@\w+"
#: E-mail addresses, URLs and @handles inside bylines (optionally parenthesised). The statement
#: of the rule: ``strip_noise`` applies it in time linear in the text, which this pattern does not.
BYLINE_NOISE = re.compile(rf"\(?\s*(?:\S+@\S+\.\w+|{_NOISE_AFTER_EMAIL_ALTERNATIVES})\s*\)?", re.I)
#: BYLINE_NOISE without its e-mail alternative: linear on text whose whitespace is collapsed.
_NOISE_BUT_EMAILS = re.compile(rf"\(?\s*(?:{_NOISE_AFTER_EMAIL_ALTERNATIVES})\s*\)?", re.I)
_NOISE_AFTER_EMAIL = re.compile(_NOISE_AFTER_EMAIL_ALTERNATIVES, re.I)
#: A token where BYLINE_NOISE's e-mail alternative can match: an "@" after its first character,
#: then a character, then a "." before a word character (read once per token: the lookbehind).
_EMAIL_TOKEN = re.compile(r"(?<!\S)\S[^\s@]*+@\S\S*?\.\w")
#: A token up to its last "." before a word character.
_TO_LAST_DOT = re.compile(r"\S*\.(?=\w)")
_WORD = re.compile(r"\w+")
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


def strip_noise(text: str) -> str:
    """``" ".join(BYLINE_NOISE.sub(" ", text).split())``, in time linear in ``text``.

    Why not the pattern: its e-mail alternative backtracks. From each start it reads to the end
    of the token and back, and from each "@" to the end again: 16,000 characters of "a" took
    0.4 s and 4,000 of "@a" 6 s, a few KB of an author's name ten seconds in the sandbox. Here
    the other alternatives are found by the pattern without the e-mail one (linear once the
    whitespace is collapsed, which changes no match but at a leading space), the tokens where
    an e-mail may match are read once each, and each match is then made as the pattern makes
    it, trying its choices in its order (``attempt``). A test compares the two on random text.
    """
    # Collapsed, but a leading space kept: a match may begin there, and then reads a "(" after
    # it as the e-mail's first character rather than as the pattern's optional "(".
    text = " " * text[:1].isspace() + " ".join(text.split())
    size = len(text)
    # Per token an e-mail may match in: (start, end, its last usable "@", where the e-mail ends).
    # The greedy pattern takes the last "." before a word character, and the last "@" before it
    # with a character between; from any start in the token before that "@", the same e-mail.
    emails: list[tuple[int, int, int, int]] = []
    for token in _EMAIL_TOKEN.finditer(text):
        start = token.start()
        end = text.find(" ", start)
        end = size if end < 0 else end
        last_dot = _TO_LAST_DOT.match(text, start, end).end() - 1  # type: ignore[union-attr]
        last_at = text.rfind("@", start, last_dot - 1)
        emails.append((start, end, last_at, _WORD.match(text, last_dot + 1).end()))  # type: ignore[union-attr]
    if not emails:  # no e-mail can match: the pattern without it, in C
        return " ".join(_NOISE_BUT_EMAILS.sub(" ", text).split())
    starts = [email[0] for email in emails]

    def core_end(at: int) -> int | None:
        """Where the pattern's alternatives match from ``at``, in its order, or None."""
        if at >= size:
            return None
        index = bisect_right(starts, at) - 1
        if index >= 0 and at < emails[index][1] and emails[index][2] > at:
            return emails[index][3]
        match = _NOISE_AFTER_EMAIL.match(text, at)
        return match.end() if match else None

    def attempt(at: int) -> int | None:
        """The end of the pattern's match from ``at``, or None: "(" taken, then not; then the
        whitespace (a space at most here, and no alternative begins with one); then ")"."""
        end = None
        if text[at] == "(":
            end = core_end(at + 2 if text[at + 1 : at + 2] == " " else at + 1)
        if end is None:
            end = core_end(at + 1 if text[at] == " " else at)
        if end is None:
            return None
        end += end < size and text[end] == " "
        return end + (end < size and text[end] == ")")

    out: list[str] = []
    done = 0
    other = -1  # where _NOISE_BUT_EMAILS matches next, from ``done`` on
    email = 0  # the first e-mail token that may still match
    while done < size:
        while email < len(emails) and emails[email][2] <= max(done, emails[email][0]):
            email += 1  # no e-mail left in it from ``done`` on
        if email == len(emails):  # no e-mail ahead: the rest is the pattern without it
            out.append(_NOISE_BUT_EMAILS.sub(" ", text[done:]))
            done = size
            break
        if other < done:
            found = _NOISE_BUT_EMAILS.search(text, done)
            other = found.start() if found else size
        first = min(other, max(done, emails[email][0] - 2))
        if first >= size:
            break
        # A match begins at ``other``, or by the e-mail token's start: tried from ``first`` on.
        matched = attempt(first)
        while matched is None:
            first += 1
            matched = attempt(first)
        out += (text[done:first], " ")
        done = matched
    out.append(text[done:])
    return " ".join("".join(out).split())


def clean_byline(text: str) -> str | None:
    """A byline reduced to its names: "By Jane Doe, Staff Writer | May 3, 2021" -> "Jane Doe".

    None when nothing name-like is left (a bare "Author:" label, a date, a headline), or when
    the text is longer than ``MAX_BYLINE_INPUT_CHARS``.
    """
    if len(text) > MAX_BYLINE_INPUT_CHARS:
        return None
    text = strip_noise(text)
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
