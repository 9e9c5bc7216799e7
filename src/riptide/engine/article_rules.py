"""The main-content heuristics, each named once: what they catch is said next to them.

These are the Readability.js family's rules (Arc90 → Mozilla Readability), kept in one place so
the pipeline in ``article.py`` and the cleaner in ``cleaning.py`` read as steps and a rule can be
changed without reading either. Patterns are matched against ``class + " " + id`` unless noted.

Also here: the few per-node measures both steps share (text length of a text node, class weight,
visibility, phrasing content), written to cost O(1) or O(small subtree) per call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache

from .dom import Element, ShortSizes
from .literal_gate import LiteralGates, OpeningGate, fold

try:  # the class/id verdicts settled in C (csrc/copypass/gates.c): in the component only
    from . import _copypass  # type: ignore[attr-defined]
except ImportError:
    _copypass = None

# -- flags: the first attempt uses all three; each retry drops one (see article.ATTEMPTS) -------
#: Drop nodes whose class/id/role says "not content" (comments, menus, footers…) before scoring.
FLAG_STRIP_UNLIKELYS = 0x1
#: Let class/id words add or subtract 25 points (``POSITIVE`` / ``NEGATIVE``).
FLAG_WEIGHT_CLASSES = 0x2
#: Run the conditional cleaner (link density, image/paragraph ratio…) over the chosen content.
FLAG_CLEAN_CONDITIONALLY = 0x4
ALL_FLAGS = FLAG_STRIP_UNLIKELYS | FLAG_WEIGHT_CLASSES | FLAG_CLEAN_CONDITIONALLY

# -- thresholds -----------------------------------------------------------------------------
#: An attempt whose cleaned text is shorter than this is retried with relaxed flags.
CHAR_THRESHOLD = 500
#: A relaxed attempt replaces a stricter one only when it finds this many times as much text:
#: what it finds beyond is often what the stricter one set aside (an author box, comments),
#: and a short story found first is the story.
RELAXED_ATTEMPT_MARGIN = 2.0
#: An attempt finding less than this is also retried when a block it set aside as an unlikely
#: candidate held the title heading and ``RELAXED_ATTEMPT_MARGIN`` times as much unlinked text:
#: the article in a wrapper named "above-footer", while only a short disclosure was found. A
#: longer find is kept (what was set aside beside a real article is a gallery or comments).
SET_ASIDE_RETRY_MAX = 1000
#: A <noscript> holding markup with at least this much text is read as content (a post that
#: script would render); a shorter one is a notice ("Please enable JavaScript") and goes.
NOSCRIPT_PROSE_MIN = CHAR_THRESHOLD
#: Paragraphs shorter than this are not scored at all (captions, labels, buttons).
MIN_SCORED_PARAGRAPH = 25
#: How many of the best candidates take part in the "common ancestor" vote.
TOP_CANDIDATES = 5
#: Alternative candidates must score at least this share of the best one to vote…
ALTERNATIVE_SCORE_RATIO = 0.75
#: …and at least this many must share an ancestor for it to win.
MIN_ALTERNATIVE_VOTES = 3
#: Ancestors levels a paragraph's score reaches (parent, grandparent, then level*3 dividers).
SCORE_ANCESTOR_LEVELS = 5
#: A sibling joins the article when its score reaches max(floor, top * ratio).
SIBLING_SCORE_FLOOR = 10.0
SIBLING_SCORE_RATIO = 0.2
#: A heading right before a block that joins the article heads that block and joins too (a
#: section heading between sibling sections) when at most this long and not mostly links.
SECTION_HEADING_MAX = 160
#: A body split into sibling wrappers: levels above the best candidate looked at, how many
#: look-alike siblings it takes, and the share of the wrapper's score each must reach.
SPLIT_BODY_LEVELS = 3
SPLIT_BODY_MIN_PEERS = 2
SPLIT_BODY_PEER_RATIO = 0.3
#: The lead ("standfirst") before the body: how many levels above the chosen content its
#: container may sit (a header beside the body's wrapper), the length a lead block may have,
#: the most text a preceding sibling holding it may have (a header, not a teaser grid or an
#: earlier story) and the most link text a lead may carry.
LEAD_LEVELS = 4
LEAD_MIN_LENGTH = 40
LEAD_MAX_LENGTH = 1000
LEAD_CONTEXT_MAX = 1500
LEAD_MAX_LINK_DENSITY = 0.2
#: A lead without a lead class or id is a paragraph at least this long, free of links.
LEAD_PROSE_MIN_LENGTH = 100
#: Prose paragraphs (``article._count_prose``): at least this long, at most this share links.
PROSE_MIN_LENGTH = 80
PROSE_MAX_LINK_DENSITY = 0.2
#: A candidate holding less than this share of the page's prose gives way to the nearest
#: ancestor holding at least as much, if that ancestor is not mostly links or other text.
PROSE_SHARE = 0.5
PROSE_CONTAINER_LINK_DENSITY = 0.3
PROSE_CONTAINER_SHARE = 0.6
#: Share/social boxes and sign-up boxes inside the content are dropped only when shorter than this.
SHARE_MAX_TEXT = 500
#: A sibling <figure> (lead image) joins the article when its caption is at most this long…
FIGURE_MAX_CAPTION = 300
#: …and at most this share of the caption is link text.
FIGURE_MAX_LINK_DENSITY = 0.5
#: A byline is a short line; anything longer is a bio or an article.
BYLINE_MAX_LENGTH = 100
#: A heading whose words overlap the title this much duplicates it and is dropped.
TITLE_SIMILARITY = 0.75
#: Link text from in-page anchors (``href="#…"``: footnotes, TOCs) weighs this much.
HASH_LINK_WEIGHT = 0.3

# -- tags -----------------------------------------------------------------------------------
#: Elements whose own text is scored as a paragraph.
TAGS_TO_SCORE = frozenset(["section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"])
#: A div holding none of these (at any depth) is really a paragraph.
DIV_TO_P_ELEMS = frozenset(["blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul"])
#: Never part of an article body, whatever their content: left out of the content, and never
#: joined to it as a sibling (a sidebar <aside> beside the chosen block is not the story's).
ALWAYS_REMOVED_FROM_ARTICLE = frozenset(("footer", "link", "aside", "textarea", "select", "button"))
#: Siblings with other tags are renamed to div when merged, so later steps treat them as blocks.
ALTER_TO_DIV_EXCEPTIONS = frozenset(["div", "article", "section", "p"])
#: Phrasing content (canvas/iframe/svg/video are left out: readability drops them from paragraphs).
PHRASING_ELEMS = frozenset(
    [
        "abbr",
        "audio",
        "b",
        "bdo",
        "br",
        "button",
        "cite",
        "code",
        "data",
        "datalist",
        "dfn",
        "em",
        "embed",
        "i",
        "img",
        "input",
        "kbd",
        "label",
        "mark",
        "math",
        "meter",
        "noscript",
        "object",
        "output",
        "progress",
        "q",
        "ruby",
        "samp",
        "script",
        "select",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "textarea",
        "time",
        "var",
        "wbr",
    ]
)
#: Phrasing only when everything inside is phrasing.
TRANSPARENT_PHRASING = frozenset(("a", "del", "ins"))
#: Removed with their content before anything else looks at the page.
NON_CONTENT_TAGS = frozenset(("script", "style", "noscript", "template"))
#: Media elements whose content, but for their sources, is fallback text for old browsers
#: ("Your browser does not support the audio element", a download link): never shown.
MEDIA_ELEMENTS = frozenset(("audio", "video"))
MEDIA_SOURCES = frozenset(("source", "track"))
#: Containers dropped during the grab when they hold no text (nor anything but br/hr).
EMPTY_DROPPABLE = frozenset(["div", "section", "header", "h1", "h2", "h3", "h4", "h5", "h6"])
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
#: "Textish" descendants: a node with none of them holding text has no useful content.
TEXTISH_TAGS = frozenset(("span", "li", "td")) | DIV_TO_P_ELEMS
#: Embeds kept only when they point at a known video host.
EMBED_TAGS = frozenset(("object", "embed", "iframe"))
#: Presentational attributes stripped from the content (layout belongs to the reader, not the page).
PRESENTATIONAL_ATTRIBUTES = frozenset(
    [
        "align",
        "background",
        "bgcolor",
        "border",
        "cellpadding",
        "cellspacing",
        "frame",
        "hspace",
        "rules",
        "style",
        "valign",
        "vspace",
    ]
)
#: Old size attributes stripped on these elements.
DEPRECATED_SIZE_ATTRIBUTE_ELEMS = frozenset(["table", "th", "td", "hr", "pre"])
#: Never set aside as unlikely candidates whatever their class says: links, and rendered math
#: (MathJax's container class "CtxtMenu_Attached_0" would read as "menu").
NEVER_UNLIKELY_TAGS = frozenset(["a", "math", "mjx-container"])
#: ARIA roles of navigation chrome and dialogs.
UNLIKELY_ROLES = frozenset(
    ["menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"]
)
#: Implicit ARIA roles (HTML-AAM) of elements that state no role, where the role is one of
#: UNLIKELY_ROLES: a <nav> is "navigation" and an <aside> "complementary" whether or not they
#: say so (a sidebar of forum threads must not win the first attempt).
IMPLICIT_ROLES = {"nav": "navigation", "aside": "complementary"}

# -- class/id patterns ----------------------------------------------------------------------
# Matched against the lower-cased ``match_string``: case-sensitive alternations run several times
# faster than ``re.I`` ones in CPython's regex engine, and these run on every classed element.
#: Page furniture: comment threads, menus, footers, share bars, banners, pagers… and, beyond
#: Readability.js's list, dialogs and modals ("makehomepagedialog"; not "dialogue").
UNLIKELY_CANDIDATES = re.compile(
    r"-ad-|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|"
    r"header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|"
    r"supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|dialog(?!ue)|modal",
)
#: A dismiss control, by class/id ("close", "btn-close", "modal-close", "popup-close") or by its
#: whole text ("×", "Close", "Schließen [X]", "Fermer", "Cerrar", "Chiudi", "Zamknij"): a box
#: that opens with one is a pop-up or overlay that script shows and hides (shipping terms, a
#: sign-up box), not the page's story, even when its markup says nothing else.
CLOSE_CONTROL_CLASS = re.compile(r"(?<![a-z])close(?![a-z])")
CLOSE_CONTROL_TEXT = re.compile(
    r"^(?:(?:close|schlie(?:ß|ss)en|fermer|cerrar|chiudi|zamknij)\s*)?(?:\[\s*x\s*\]|[×✕✖])?$", re.I
)
#: A dismiss control's text is at most this long.
CLOSE_CONTROL_MAX = 20
#: …unless one of these words says it may still be the article ("main-header", "article-extra").
MAYBE_CANDIDATE = re.compile(r"and|article|body|column|content|main|shadow")
#: What a class or id saying content earns a candidate, and one saying furniture costs it.
CLASS_WEIGHT = 25
#: Words that earn a container ``CLASS_WEIGHT``.
POSITIVE = re.compile(
    r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story", re.I
)
#: Words that cost a container ``CLASS_WEIGHT`` (not "footnotes": as in Readability.js today,
#: they are content).
NEGATIVE = re.compile(
    r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot(?!note)|"
    r"gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|"
    r"sponsor|shopping|tags|widget",
)
#: A byline container ("byline", "author", "dateline", microformats' p-author).
BYLINE = re.compile(r"byline|author|dateline|writtenby|p-author")
#: Share/social widgets inside the article body.
SHARE_ELEMENTS = re.compile(r"(\b|_)(share|sharedaddy)(\b|_)")
#: Newsletter and subscription sign-up boxes and call-to-action boxes inside the article body
#: ("newsletter-signup", "news-letter-section", "subscribe-box", "optin-form", "c-letters-cta");
#: dropped like share boxes, when short.
SIGNUP_ELEMENTS = re.compile(r"news-?letter|subscri(?:be|ption)|sign-?up|opt-?in|(?<![a-z])cta(?![a-z])")
#: Disclaimer and disclosure notes ("editorial-disclaimer", "ad-disclosure", "haftungsausschluss"):
#: what the publisher says about the story, not the story; dropped like share boxes, when short.
DISCLAIMER_ELEMENTS = re.compile(r"disclaimer|disclosure|haftungsausschluss")
#: An author box by class/id ("author-bio", "author-box", "about-the-author", "autorenbox",
#: "saboxplugin-wrap", "profile-descr"): the bio of the writer after the story. Longer than a
#: byline (those are set aside in the grab), at most ``AUTHOR_BIO_MAX`` long.
AUTHOR_BOX = re.compile(
    r"(?:author|autor(?:en)?|writer|profile)[-_]?(?:bio|box|info|desc|about|card|details)|"
    r"about[-_]?(?:the[-_]?)?authors?|saboxplugin"
)
#: An image caption or credit by class/id ("wp-caption-text", "media-caption", "figure__caption",
#: "legend", "copyright", "credit", Italian "didascalia", German "Bildunterschrift", Spanish
#: "pie-de-foto", French "légende"): set as a <figcaption>, so the text leaves it out and the
#: Markdown keeps it, as for captions marked up as such. At most ``FIGURE_MAX_CAPTION`` long.
CAPTION_CLASS = re.compile(
    r"caption|(?<![a-z])l[eé]gende?(?![a-z])|(?<![a-z])credits?(?![a-z])|copyright|"
    r"(?<![a-z])dida(?:scalia)?(?![a-z])|bildunterschrift|bildtext|pie-?de-?foto"
)
#: A lead paragraph's container, by class/id: "lead", "intro", "teaser-text", "standfirst",
#: "subtitle", "excerpt", "summary", "deck", and the French, Spanish and German words for it
#: ("chapo", "bajada", "entradilla", "Vorspann").
LEAD_CLASS = re.compile(
    r"(?<![a-z])lead(?!er)|intro|teaser|standfirst|sub-?title|subline|excerpt|summary|deck|"
    r"chapo|chapeau|bajada|entradilla|sumario|vorspann|abstract"
)
#: Never a lead, whatever else it says: captions and credits, dates and bylines, comment and
#: log-in boxes, cookie notices, share bars ("summary-credit", "comment-login").
NOT_LEAD_CLASS = re.compile(
    r"caption|credit|copyright|cookie|consent|gdpr|date|byline|author|comment|login|share|social"
)
#: A prose line ends as a sentence does: a full stop, question or exclamation mark, an ellipsis
#: or a closing quote after one (any script's full stop included).
SENTENCE_CLOSE = re.compile(r"[.!?…。！？][\"'”»“«)]*$")
# -- furniture lines inside the article (matched against a short block's whole text) --------
#: Blocks longer than this are prose, whatever they start with.
FURNITURE_LINE_MAX = 160
#: …except a promo whose text is mostly links (a label and a long teaser headline).
PROMO_LINK_DENSITY = 0.5
#: An in-article promo: a label pointing at other stories ("Read more: …", "Lesen Sie auch:",
#: "Mehr zum Thema", "LE PUEDE INTERESAR: …"), in the languages of our pages. Case-insensitive,
#: at the start of the block.
PROMO_LEAD = re.compile(
    r"(?:read (?:more|also)|also read|related(?: stories| articles| content| posts)?\s*:|"
    r"related (?:stories|articles|posts)$|see (?:more|also)\s*:|more from\b|don'?t miss|"
    r"you (?:may|might) also like|recommended for you|continue reading below|"
    r"lesen sie (?:auch|mehr)|lies auch|auch lesen|mehr zum thema|mehr dazu\s*:|passend dazu|"
    r"auch interessant|ebenfalls interessant|das könnte (?:sie|dich) auch interessieren|"
    r"zum weiterlesen|schon gelesen|weitere (?:beiträge|artikel)|neueste (?:beiträge|artikel)|"
    r"siehe auch\s*:|le puede interesar|te puede interesar|puedes ver\s*:|lee (?:también|más)|"
    r"lea (?:también|más)|ver también|noticias relacionadas|te recomendamos|"
    r"(?:à )?lire aussi|voir aussi|sur le même sujet|czytaj (?:także|też|więcej)|"
    r"zobacz (?:także|też)|leggi anche|mehr zu\b|entdecke (?:weitere|mehr)|"
    r"(?:weitere|mehr|zusätzliche) (?:informationen|infos)(?:\s*:|$)|zusatzinformationen\s*:|"
    r"(?:more|further|additional) information\s*:|más información\s*:|plus d'informations\s*:)",
    re.I,
)
#: A promo without links and at most this long is a label ("More from UK"): teasers follow it.
PROMO_LABEL_MAX = 40
#: The heading of an author box ("Über den Autor", "About the author", "Autor:innen"): the
#: bio under it (a block up to ``AUTHOR_BIO_MAX``) goes with it. The whole line must match.
AUTHOR_LABEL = re.compile(
    r"(?:über (?:den|die) autor(?:in|en|innen)?|zum autor|zur autorin|autor:innen|autor(?:en|innen)?|"
    r"about the authors?|sobre (?:el|la) autora?|à propos de l'auteur|o autorze)\s*:?$",
    re.I,
)
AUTHOR_BIO_MAX = 600
#: The label of a contact box after the story ("Kontakt:", "Pressekontakt", "Ansprechpartnerin
#: zum Thema:", "Media contact:"): the address block under it goes with it, as a bio does.
CONTACT_LABEL = re.compile(
    r"(?:presse-?|media |press )?(?:kontakt|contact|ansprechpartner(?:in|innen)?(?: zum thema)?|"
    r"contacto|kontakt dla mediów)\s*:?$",
    re.I,
)
#: A box label is at most this long, and the box under it at most ``AUTHOR_BIO_MAX``; a later
#: attempt's pick up to this many levels inside that box is the box, not a story.
BOX_LABEL_MAX = PROMO_LABEL_MAX
BOX_LEVELS = 4
#: Either label, one match a block (most blocks are neither: one failed match, not two). The C
#: grab walk (csrc/grabpass/) matches it as ``is_box_label`` does.
BOX_LABEL = re.compile(f"(?:{AUTHOR_LABEL.pattern})|(?:{CONTACT_LABEL.pattern})", re.I)
#: The literals one of which every box label opens with ("autor", "kontakt", "presse" …): a
#: block opening with none is no label, and its text is not matched (most blocks).
BOX_LABEL_OPENINGS = OpeningGate(BOX_LABEL)


def is_box_label(text: str) -> bool:
    """Whether a short block's whole text labels an author or contact box ("Über den Autor",
    "Autor:innen", "Kontakt:"): the block after it is a bio or an address, not the story."""
    if len(text) > BOX_LABEL_MAX or not BOX_LABEL_OPENINGS.may_match(text):
        return False
    return BOX_LABEL.match(text) is not None


#: Elements a class/id may make a caption (``CAPTION_CLASS``): blocks and inline text, not
#: tables, lists or figures.
CAPTION_TAGS = frozenset(
    ["p", "div", "section", "h2", "h3", "h4", "h5", "h6", "span", "small", "em", "i", "strong", "b", "cite"]
)
#: A photo credit, source or copyright line ("Foto: …", "(Image credit: …)", "Bild: …",
#: "Quelle: …", "© 2020 …", "Alle Rechte vorbehalten").
CREDIT_LINE = re.compile(
    r"[(\[]?(?:(?:photo|image|picture|foto|bild|imagen|crédito|credit|titelbild|bildquelle|"
    r"bildnachweis|quelle|source|fuente|źródło|zdjęcie|fot)s?(?: credits?)?\s*:|©|copyright\b|"
    r"all rights reserved|alle rechte vorbehalten|todos los derechos)",
    re.I,
)
#: A legal or contact line after the story: a copyright notice anywhere in the line ("This
#: document is subject to copyright", "The contents of this site are ©…", "Materiał chroniony
#: prawem autorskim"), a "Citation:" block, a phone or fax line.
LEGAL_LINE = re.compile(
    r"subject to copyright|contents of this (?:site|page|website) are|urheberrechtlich geschützt|"
    r"chroniony prawem|derechos reservados|droits réservés|"
    r"(?:lizenz|license|licence|licencia|licenza)\s+cc[- ]by|inhalte dieser (?:website|seite) unter|"
    r"meinung (?:des|der) (?:autors|autorin|verfassers|verfasserin)|n'engagent que leurs? auteurs?|"
    r"do not necessarily (?:reflect|represent)|no (?:reflejan|necesariamente)|"
    r"^(?:citation|zitiervorschlag|zitierweise)\s*:|^(?:tel|telefon|phone|fax)\.?\s*:?\s*[+(\d]",
    re.I,
)
#: A legal notice may be this long (it often goes on about reproduction and permissions).
LEGAL_LINE_MAX = 400
#: A dateline or update stamp ("Updated 5:27 am CST", "PUBLISHED: … | UPDATED: …",
#: "Aktualisiert am 3. 5.", "Stand: 12.01.2022"): the word, then a date or time within the line.
DATELINE = re.compile(
    r"(?:(?:updated|published|posted|last modified|aktualisiert|veröffentlicht|erstellt|"
    r"publicado|actualizado|publié|mis à jour|opublikowano|aktualizacja)\b|stand\s*:)[^.!?]{0,60}\d",
    re.I,
)
#: A dated byline line on its own: "By Jane Doe - 11/18/19", "Von Max Muster | 03.12.2020"
#: (short, the name capitalised, then a date). A byline without a date is left alone: a
#: list of teasers carries an undated "By …" under every headline.
BYLINE_LINE = re.compile(r"(?i:by|von|por|par)\s+[A-ZÀ-Þ][^.!?\d]{0,50}\d[\d/.\-: ]{3,}")
#: Gallery furniture: "Image 1 of 8", "Caption", "Close", "Zum Vergrößern klicken".
GALLERY_LINE = re.compile(
    r"(?:(?:image|photo|bild|foto|imagen|slide)\s+\d+\s*(?:of|von|de|sur|/)\s*\d+|caption|close|"
    r"schließen|enlarge|vergrößern|zoom|zum vergrößern.*)$",
    re.I,
)
#: A call to action or widget label on a line of its own: share, print, rate, comment, load
#: more, "back to…", an ad label ("Diesen Artikel teilen", "Kommentar verfassen", "Rezept
#: drucken", "Leave a comment", "This entry was posted in…", "- Anzeige -"). Searched in lines
#: no longer than ``CALL_TO_ACTION_MAX``.
CALL_TO_ACTION = re.compile(
    r"^[-–—\s]*(?:anzeige|werbung|advertisement|sponsored|publicidad)\b|"
    r"^(?:share (?:this|on)|print (?:this|page|recipe)|leave a (?:comment|reply)|"
    r"this entry was posted|back to (?:top|overview)|load more|zurück (?:zur|zum|nach oben))|"
    r"(?:artikel|beitrag|seite|rezept)\s+(?:mit anderen\s+)?(?:teilen|drucken|bewerten|empfehlen)|"
    r"kommentare? (?:verfassen|schreiben|geschlossen|insgesamt)|comments? (?:are )?closed|"
    r"nicht eingeloggt|not logged in|lade weitere|weitere inhalte laden",
    re.I,
)
CALL_TO_ACTION_MAX = 80
#: A subscription, sign-up, app, log-in, support or download prompt ("Subscribe now to our
#: e-edition for the full story", "Never miss the latest news by signing up to our
#: newsletter", "Download the … app for iOS and Android", "Sie müssen sich einloggen",
#: "Unterstütze … mit 2,50!", "Artikel als PDF herunterladen", "PDF | 151 KB"), searched in
#: blocks up to ``FURNITURE_LINE_MAX`` long: what the publisher asks of the reader, not the story.
PROMPT_LINE = re.compile(
    r"subscribe (?:now|today|here|to (?:our|the))|please subscribe|already a subscriber|"
    r"to (?:view|read|continue reading) the full (?:story|article)|"
    r"for the full story|sign(?:ing)? up (?:here|now|today|(?:to|for) (?:our|the))|"
    r"download (?:the|our) [\w ]{0,30}\bapps?\b|apps? for (?:ios|android|iphone)|"
    r"(?:straight|directly) to your (?:phone|inbox)|log in (?:for|to (?:read|continue|access))|"
    r"support (?:our (?:work|journalism)|us (?:on|with|by|today))|(?:unseren?|zum) newsletter|"
    r"newsletter (?:abonnieren|bestellen|anmelden)|(?:jetzt|gratis|kostenlos) (?:abonnieren|registrieren)|"
    r"abonnieren sie|^unterstütze |^unterstützen sie |(?:müssen|bitte) (?:sich )?einloggen|"
    r"nichts mehr (?:verpassen|versäumen)|(?:vergiss|vergessen sie) nicht,? zu teilen|"
    r"don't forget to share|als pdf (?:herunterladen|downloaden)|download (?:as )?pdf|"
    r"^(?:pdf|docx?|zip)\b.{0,20}\d+(?:[.,]\d+)?\s*[km]i?b\b|"
    r"suscr[ií]b(?:ete|ase|irse)|abonnez-vous|inscrivez-vous|zapisz się|zaprenumeruj|iscriviti",
    re.I,
)
#: Consent placeholders of embeds and cookie notices ("Externer Inhalt", "Wir respektieren
#: deine Privatsphäre und stellen … keine Verbindung zu Twitter her", "Ich bin damit
#: einverstanden, dass mir externe Inhalte angezeigt werden", "accept cookies to view").
CONSENT_LINE = re.compile(
    r"^(?:empfohlener )?externer inhalt$|externe inhalte angezeigt|einverstanden, dass mir|"
    r"respektieren (?:deine|ihre) privatsphäre|keine verbindung zu [\w-]+ her|"
    r"cookies? (?:akzeptieren|zustimmen|accept)|accept (?:all )?(?:marketing )?cookies|"
    r"(?:enable|allow) cookies to",
    re.I,
)
#: Consent placeholders may be this long (they explain what would be loaded, and from where).
CONSENT_LINE_MAX = 400
#: A caption line ending in its photo credit ("… Foto: Andina", "… | © Augusta National/Getty
#: Images", "… (Photo: AFP)"): the credit is the last words, a name, after the caption. (A
#: bare "©"/"(c)" at the end of a paragraph is an agency's mark on prose: not matched.)
CREDIT_TAIL = re.compile(
    r"(?:\b(?:foto|photo|bild|image|imagen|fotos|photos|crédito|credit)s?\s*:|[|/]\s*©)"
    r"\s*[^.!?:]{2,60}[)\]]?\s*$",
    re.I,
)
#: Block tags a furniture line is looked for in (not table cells or list items: data).
FURNITURE_LINE_TAGS = frozenset(["p", "div", "section", "h2", "h3", "h4", "h5", "h6"])

#: A paragraph or heading at least this long that repeats an earlier one verbatim is left out.
REPEATED_BLOCK_MIN = 20
REPEATABLE_BLOCK_TAGS = frozenset(["p", "h2", "h3", "h4", "h5", "h6"])

#: Embeds from these hosts are videos people want to keep.
VIDEOS = re.compile(
    r"//(www\.)?((dailymotion|youtube|youtube-nocookie|player\.vimeo|v\.qq)\.com|"
    r"(archive|upload\.wikimedia)\.org|player\.twitch\.tv)",
    re.I,
)
#: A block whose whole text is one of these words is an ad slot or a spinner.
AD_WORDS = re.compile(r"^(ad(vertising|vertisement)?|pub(licité)?|werb(ung)?|广告|Реклама|Anuncio)$", re.I)
LOADING_WORDS = re.compile(r"^((loading|正在加载|Загрузка|chargement|cargando)(…|\.\.\.)?)$", re.I)
#: The literals one of which every ad or loading label opens with: a short block opening with
#: none is neither, and is not matched (most blocks).
LABEL_WORDS_OPENINGS = OpeningGate(AD_WORDS, LOADING_WORDS)
#: In-page link (footnote, table of contents): weighs less in link density.
HASH_URL = re.compile(r"^#.+")
#: Commas of Latin, Arabic, CJK and other scripts: each one hints at prose.
NON_ASCII_COMMA_CHARS = "\u060c\ufe50\ufe10\ufe11\u2e41\u2e34\u2e32\uff0c"
NON_ASCII_COMMAS = re.compile(f"[{NON_ASCII_COMMA_CHARS}]")
#: Inline style that hides an element.
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
#: Every match of ``HIDDEN_STYLE`` holds one of these once lower-cased ("dden", not "hidden":
#: ``re.I`` matches "i" to a dotless "ı", which ``lower()`` keeps): a style without them is shown.
HIDDEN_STYLE_WORDS = ("none", "dden")
#: A short sibling paragraph joins only if it reads like a sentence.
SENTENCE_END = re.compile(r"\.( |$)")
#: An <img> with one of these attributes has a source (whatever its value); else it has one when
#: an attribute value looks like an image file (``IMAGE_FILE``).
IMAGE_SOURCE_ATTRIBUTES = ("src", "srcset", "data-src", "data-srcset")
#: Attribute values that look like image files (lazy-loading placeholders keep the real one here).
IMAGE_FILE = re.compile(r"\.(jpg|jpeg|png|webp)", re.I)
LAZY_SRCSET_VALUE = re.compile(r"\.(jpg|jpeg|png|webp)\s+\d", re.I)
LAZY_SRC_VALUE = re.compile(r"^\s*\S+\.(jpg|jpeg|png|webp)\S*\s*$", re.I)
B64_DATA_URL = re.compile(r"^data:\s*([^\s;,]+)\s*;\s*base64\s*,", re.I)
#: Tokens for the title/heading similarity.
WORD_SPLIT = re.compile(r"\W+")

# -- base scores of a candidate container, by tag -------------------------------------------
TAG_BASE_SCORE: dict[str, int] = {
    "div": 5,
    "pre": 3, "td": 3, "blockquote": 3,
    "address": -3, "ol": -3, "ul": -3, "dl": -3, "dd": -3, "dt": -3, "li": -3, "form": -3,
    "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5, "h6": -5, "th": -5,
}  # fmt: skip


# -- per-node measures ----------------------------------------------------------------------
def text_measure(text: str) -> tuple[int, int]:
    """(length, commas) of one text node, whitespace runs counted as one character.

    Readability measures whitespace-normalised text; summing this per text node gives the same
    figure give or take the separators between nodes, without building any joined string.
    """
    parts = text.split()
    if not parts:
        return 0, 0
    length = len(" ".join(parts)) if len(parts) > 1 else len(parts[0])
    if text[-1] in " \t\n\r\f":
        length += 1
    commas = text.count(",")
    if not text.isascii():
        commas += len(NON_ASCII_COMMAS.findall(text))
    return length, commas


def link_weight(anchor: Element) -> float:
    """How much an anchor's text counts as link text (in-page anchors count less)."""
    href = anchor.attrs.get("href")
    return HASH_LINK_WEIGHT if href and HASH_URL.match(href) else 1.0


def match_string(attrs: dict[str, str]) -> str:
    """What the class/id patterns are matched against: ``class + " " + id``, lower-cased."""
    return (attrs.get("class", "") + " " + attrs.get("id", "")).lower()


#: Distinct class or id values whose verdict each ``NameMemo`` remembers: a page has a few
#: hundred, and templates repeat them from page to page; past this the memo starts afresh.
NAME_MEMO_SIZE = 4096


class NameMemos:
    """Class/id patterns whose verdicts on a value are settled together, the first time any of
    them is asked about it: each ``NameMemo`` of the group, and verdicts joined from several
    (``any_of``).

    Why: one value is asked about by several memos (the grab asks the unlikely, byline and
    close-control patterns of nearly every value, the scorer the class weights, the cleaner
    its box patterns), and most values are new (page-specific names), so the cost was each
    memo's miss: a call, ``value.lower()`` and a search of a long alternation, about three times
    per value. Settled together, the value is lowered once and one scan for the literals the
    patterns require (``literal_gate.LiteralGates``; in C inside the component) says which
    patterns need searching at all: for most values none or one. Inside the component the C
    settle (``settler``) also skips the search of a pattern one of whose proofs the value holds
    (``LiteralGate.proofs``), and the C passes call it directly on a miss.
    """

    __slots__ = ("c_settler", "c_table", "gates", "memos", "searches", "verdicts")

    def __init__(self) -> None:
        self.memos: list[NameMemo] = []
        #: (mask of the memos' bits, the dict remembering whether one of them is found): one per
        #: memo (its own bit), one per ``any_of``.
        self.verdicts: tuple[tuple[int, dict[str, bool]], ...] = ()
        self.gates: LiteralGates | None = None  # made on the first settle, after every add
        self.searches: tuple[Callable[[str], re.Match[str] | None], ...] = ()
        #: The C settle (``_copypass.name_settler``) inside the component, and the gates' table
        #: it was made of.
        self.c_settler: object | None = None
        self.c_table: object | None = None

    def add(self, memo: NameMemo) -> None:
        """Settle ``memo``'s verdicts with the group's."""
        self.verdicts += ((1 << len(self.memos), memo.known),)
        self.memos.append(memo)
        self.gates = None

    def any_of(self, *memos: NameMemo) -> dict[str, bool]:
        """A dict this group fills, per value it settles: whether one of ``memos`` is found in it."""
        known: dict[str, bool] = {}
        self.verdicts += ((sum(1 << self.memos.index(memo) for memo in memos), known),)
        self.gates = None
        return known

    def settler(self) -> object | None:
        """The group's settle in C (a capsule that ``_copypass.names_settle`` and the C passes
        call: ``csrc/passes.h``'s ``NameSettler``), made with the gates after every ``add`` and
        ``any_of`` (and again when the gates' table is remade); None natively. A C pass takes it
        once (the engine's groups are complete at import): a memo added later is settled apart."""
        gates = self.gates
        if gates is None:
            gates = self.gates = LiteralGates([memo.pattern for memo in self.memos], proving=True)
            self.searches = tuple(memo.pattern.search for memo in self.memos)
        if gates.table is not self.c_table:
            self.c_table = gates.table
            table = gates.table
            self.c_settler = (
                None
                if table is None
                else _copypass.name_settler(table, self.searches, self.verdicts, NAME_MEMO_SIZE, fold)
            )
        return self.c_settler

    def settle(self, value: str) -> None:
        """Remember every verdict on ``value``: each dict starts afresh past ``NAME_MEMO_SIZE``.
        Inside the component C does these same steps (``_copypass.names_settle``)."""
        gates = self.gates
        settler = self.c_settler if gates is not None and gates.table is self.c_table else self.settler()
        if settler is not None:
            _copypass.names_settle(settler, value)
            return
        gates = self.gates
        assert gates is not None  # made by settler()
        lowered = value.lower()
        found = may = gates.bits(lowered)
        bit = 1
        for memo in self.memos if may else ():  # most values hold no literal of any pattern
            if may & bit and memo.pattern.search(lowered) is None:
                found ^= bit
            bit <<= 1
        for mask, known in self.verdicts:
            if len(known) >= NAME_MEMO_SIZE:
                known.clear()
            known[value] = found & mask != 0


class NameMemo:
    """Whether a class/id pattern is found in one class or id value, remembered per value.

    Why: the same few names ("entry-content", "widget") sit on many elements of a page and of
    the pages of one site, and each pattern is a long alternation searched again for every
    element and every attempt. None of these patterns can match across the space that joins
    class and id in ``match_string`` (no space in them, and their look-arounds see the space
    as they see either end), so a verdict on ``class + " " + id`` is the verdicts on each.
    A miss settles the value for every memo of the group (``NameMemos``: the engine's are
    ``NAME_MEMOS``; by default a memo is a group of its own).
    """

    __slots__ = ("group", "known", "pattern")

    def __init__(self, pattern: re.Pattern[str], group: NameMemos | None = None) -> None:
        self.pattern = pattern
        self.known: dict[str, bool] = {}
        self.group = NameMemos() if group is None else group
        self.group.add(self)

    def found_in(self, value: str) -> bool:
        """Whether ``pattern`` is found in ``value``, lower-cased."""
        known = self.known.get(value)
        if known is None:
            self.group.settle(value)
            known = self.known[value]
        return known

    def found_in_names(self, attrs: dict[str, str]) -> bool:
        """Whether ``pattern`` is found in ``match_string(attrs)`` (for patterns without
        anchors or spaces, as above; ``class_weight``'s, anchored, ask ``found_in`` per value)."""
        known = self.known  # a hit costs a look-up, not a call: this runs for every element
        cls = attrs.get("class")
        if cls:
            found = known.get(cls)
            if found if found is not None else self.found_in(cls):
                return True
        ident = attrs.get("id")
        if ident:
            found = known.get(ident)
            return found if found is not None else self.found_in(ident)
        return False


#: The engine's class/id memos, settled together (here and in ``cleaning``).
NAME_MEMOS = NameMemos()
UNLIKELY_NAME = NameMemo(UNLIKELY_CANDIDATES, NAME_MEMOS)
MAYBE_NAME = NameMemo(MAYBE_CANDIDATE, NAME_MEMOS)
BYLINE_NAME = NameMemo(BYLINE, NAME_MEMOS)
#: The author-box rule (``AUTHOR_BOX``): the article finder's pick and the cleaner's boxes.
AUTHOR_BOX_NAME = NameMemo(AUTHOR_BOX, NAME_MEMOS)
CLOSE_CONTROL_NAME = NameMemo(CLOSE_CONTROL_CLASS, NAME_MEMOS)
#: ``class_weight``'s (asked per value: ``NEGATIVE`` is anchored).
POSITIVE_NAME = NameMemo(POSITIVE, NAME_MEMOS)
NEGATIVE_NAME = NameMemo(NEGATIVE, NAME_MEMOS)


def is_unlikely_name(attrs: dict[str, str]) -> bool:
    """Class or id says page furniture (``UNLIKELY_CANDIDATES``) and nothing says it may still
    be the article (``MAYBE_CANDIDATE``)."""
    return UNLIKELY_NAME.found_in_names(attrs) and not MAYBE_NAME.found_in_names(attrs)


def class_weight(attrs: dict[str, str], flags: int) -> int:
    """+/-``CLASS_WEIGHT`` for each of class and id that says content / furniture."""
    if not flags & FLAG_WEIGHT_CLASSES:
        return 0
    weight = 0
    negative = NEGATIVE_NAME.known  # a hit costs a look-up, not a call (as in found_in_names)
    positive = POSITIVE_NAME.known
    for value in (attrs.get("class"), attrs.get("id")):
        if value:
            found = negative.get(value)
            if found if found is not None else NEGATIVE_NAME.found_in(value):
                weight -= CLASS_WEIGHT
            found = positive.get(value)
            if found if found is not None else POSITIVE_NAME.found_in(value):
                weight += CLASS_WEIGHT
    return weight


def is_probably_visible(attrs: dict[str, str]) -> bool:
    """False for hidden, aria-hidden (bar math fallback images) and display:none/visibility:hidden."""
    if not attrs:
        return True
    if "hidden" in attrs:
        return False
    style = attrs.get("style")
    if style and HIDDEN_STYLE.search(style):
        return False
    return attrs.get("aria-hidden") != "true" or "fallback-image" in attrs.get("class", "")


def opens_with_close_control(
    node: Element,
    measures: Mapping[Element, tuple[int, float, int]] | None = None,
    sizes: ShortSizes | None = None,
) -> bool:
    """Whether ``node``'s first child is a dismiss control: it is a pop-up (``CLOSE_CONTROL_CLASS``).

    ``measures``, when given, are the article pass's measures of this tree (``text_measure``
    summed per element): they rule a child out without reading its text when it has none, or
    more than twice ``CLOSE_CONTROL_MAX`` (each word of w letters measures at most 2w, so the
    text then holds more than ``CLOSE_CONTROL_MAX`` letters). ``sizes``, when given, reads the
    child's short text, as for the grab, which reads many.
    """
    for child in node.children:
        if not isinstance(child, Element):
            if child.isspace():
                continue
            return False
        if child.attrs and CLOSE_CONTROL_NAME.found_in_names(child.attrs):
            return True
        measure = measures.get(child) if measures is not None else None
        if measure is not None and not 0 < measure[0] <= 2 * CLOSE_CONTROL_MAX:
            return False
        text = sizes.text(child) if sizes is not None else child.short_text()
        return (
            text is not None
            and 0 < len(text) <= CLOSE_CONTROL_MAX
            and CLOSE_CONTROL_TEXT.match(text) is not None
        )
    return False


def is_modal_dialog(attrs: dict[str, str]) -> bool:
    """An open modal dialog (cookie wall, sign-up overlay) is never the article."""
    return attrs.get("aria-modal") == "true" and attrs.get("role") == "dialog"


def is_phrasing(node: Element | str) -> bool:
    """Inline content that may live inside a paragraph."""
    if type(node) is str:
        return True
    tag = node.tag  # type: ignore[union-attr]
    if tag in PHRASING_ELEMS:
        return True
    if tag in TRANSPARENT_PHRASING:
        return all(is_phrasing(child) for child in node.children)  # type: ignore[union-attr]
    return False


def is_whitespace(node: Element | str) -> bool:
    """Blank text or a <br>: trimmed from the ends of a paragraph."""
    if type(node) is str:
        return not node.strip()
    return node.tag == "br"  # type: ignore[union-attr]


def has_single_child_tag(node: Element, tag: str) -> Element | None:
    """The only child element when it has ``tag`` and no text sits beside it, else None."""
    only: Element | None = None
    for child in node.children:
        if type(child) is str:
            if not child.isspace():
                return None
        elif only is not None:
            return None
        else:
            only = child  # type: ignore[assignment]
    return only if only is not None and only.tag == tag else None


def has_ancestor_tag(node: Element, tag: str, max_depth: int = 3) -> bool:
    """Whether an ancestor (at most ``max_depth + 1`` levels up; < 0 for any) has ``tag``."""
    depth = 0
    parent = node.parent
    while parent is not None:
        if 0 <= max_depth < depth:
            return False
        if parent.tag == tag:
            return True
        parent = parent.parent
        depth += 1
    return False


#: Distinct first texts (page titles) whose word sets ``text_similarity`` remembers.
KNOWN_WORDS_MEMO = 64


def text_similarity(text_a: str, text_b: str) -> float:
    """Share of B's words (by characters) also found in A: 1 same words, 0 none in common.

    A is the page's title, asked about against every heading that may repeat it (a few per
    attempt): its word set is made once (``_known_words``)."""
    known = _known_words(text_a)
    if not known:
        return 0.0
    tokens_b = _words(text_b)
    if not tokens_b:
        return 0.0
    unique_b = [t for t in tokens_b if t not in known]
    return 1 - len(" ".join(unique_b)) / len(" ".join(tokens_b))


def _words(text: str) -> list[str]:
    """``text``'s words, lower-cased, in order (``WORD_SPLIT``)."""
    return [t for t in WORD_SPLIT.split(text.lower()) if t]


@lru_cache(maxsize=KNOWN_WORDS_MEMO)
def _known_words(text: str) -> frozenset[str]:
    """The set of ``text``'s words (``_words``), remembered per text."""
    return frozenset(_words(text))
