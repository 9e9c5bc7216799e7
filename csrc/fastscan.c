/* _fastscan: the HTML tokenizer of riptide.engine.dom, in C, for the guest component only; the
 * module also holds the tree builder (treebuild.c) and tree walks (treewalk.c, treeiter.c).
 *
 * Why: inside the component each Python bytecode costs ~2.5x native, and tokenizing is the
 * largest part of parsing. This module scans the page once into a compact buffer of int32
 * records (`scan`), which treebuild.c turns into the tree directly, so that no Python bytecode
 * runs per character, per attribute nor per token. The records sit in a capsule between the two
 * steps, so that dom.py reads `start_tag_count` (for the element-density cap) before paying for
 * a tree. It is compiled for wasm32-wasi only and staged into the component by
 * sandbox/build.py; the host never loads it.
 *
 * Contract: the tokens are exactly those of dom._TOKEN / dom._ATTR / dom._raw_end applied as
 * dom._scan applies them (same matches, same spans, in code-point offsets of the str), so the
 * tree built from them equals the pure-Python one. Each step below names the regex piece it
 * stands for. Guarantees: no recursion, every read bounds-checked against the input length;
 * time linear in the input like the regexes' (the same scans; a quote look-up reads the text
 * directly for as long as all look-ups together have read less than the document, then is a
 * binary search in the sorted quote positions, collected once).
 *
 * Record layout (int32), a sequence of:
 *   TOKEN_TEXT  start end                      text between tokens (entities not decoded)
 *   TOKEN_START name_start name_end n_attrs (name_start name_end value_start value_end)*n_attrs
 *               a value of (0, 0) means "no value"
 *   TOKEN_END   name_start name_end
 *   TOKEN_RAW   start end                      content of a raw-text/RCDATA element; always
 *                                              right after that element's TOKEN_START
 * Comments, doctypes and processing instructions produce no record.
 */
#include "fastscan.h"

#include <stdlib.h>
#include <string.h>

/* Elements whose content is raw text up to the matching end tag: dom.RAW_TEXT_TAGS | RCDATA_TAGS. */
static const char *const RAW_TAGS[] = {
    "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext", "title", "textarea",
};
#define RAW_TAG_COUNT (sizeof(RAW_TAGS) / sizeof(RAW_TAGS[0]))

/* One quote look-up: the first `quote` at or after `from` is at `at` (-1: none). */
typedef struct {
    int32_t from;
    int32_t at;
    Py_UCS4 quote;
} QuoteAnswer;

typedef struct {
    const Py_UCS4 *text;
    int32_t n;
    int32_t *double_quotes; /* sorted positions of '"' */
    int32_t double_count;
    int32_t *single_quotes; /* sorted positions of '\'' */
    int32_t single_count;
    int collected;          /* the two arrays above are filled (else quotes are looked for directly) */
    int failed;             /* filling them ran out of memory: `scan` then fails */
    int64_t direct_budget;  /* code points direct look-ups may still read before filling them */
    QuoteAnswer *answers;   /* the current start tag's look-ups, in order, for the second pass */
    Py_ssize_t answer_count;
    Py_ssize_t answer_cap;
    Py_ssize_t replayed;    /* while replaying: the next answer to compare with */
    int replaying;
    Output out;
    Py_ssize_t start_tags;
} Scanner;

static int is_ascii_letter(Py_UCS4 c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

/* `[^\s/<>]`: a character of a tag name after the first. */
static int is_name_char(Py_UCS4 c) { return c != '/' && c != '<' && c != '>' && !is_space(c); }

/* `[^\s"'>/=]`: a character of an attribute name. */
static int is_attr_name_char(Py_UCS4 c) {
    return c != '"' && c != '\'' && c != '>' && c != '/' && c != '=' && !is_space(c);
}

/* Does `c` match the lower-case ASCII letter `letter` under re.IGNORECASE (str pattern)?
 * Besides the two ASCII cases, Python's case folding lets U+0130/U+0131 match 'i' and U+017F
 * match 's' (checked against `re` over all code points; no other raw-tag letter has any). */
static int matches_letter_ignorecase(Py_UCS4 c, char letter) {
    if (c == (Py_UCS4)letter || c == (Py_UCS4)(letter - 'a' + 'A')) {
        return 1;
    }
    if (letter == 'i') {
        return c == 0x130 || c == 0x131;
    }
    if (letter == 's') {
        return c == 0x17F;
    }
    return 0;
}

static int push(Output *out, int32_t value) {
    if (out->len == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 1024;
        if (cap > (size_t)INT32_MAX) {
            return -1;
        }
        int32_t *grown = realloc(out->data, cap * sizeof(int32_t));
        if (grown == NULL) {
            return -1;
        }
        out->data = grown;
        out->cap = cap;
    }
    out->data[out->len++] = value;
    return 0;
}

static int push3(Output *out, int32_t a, int32_t b, int32_t c) {
    return push(out, a) || push(out, b) || push(out, c) ? -1 : 0;
}

static int collect_quotes(Scanner *scanner);
static int32_t find_quote(Scanner *scanner, Py_UCS4 quote, int32_t from);

/* next_quote for the two passes over a start tag (match_attributes, then emit_attributes), which
 * ask the same questions in the same (increasing) order: the second reuses the first's answers. */
static int32_t next_quote(Scanner *scanner, Py_UCS4 quote, int32_t from) {
    if (scanner->replaying) {
        while (scanner->replayed < scanner->answer_count && scanner->answers[scanner->replayed].from < from) {
            scanner->replayed++;
        }
        const QuoteAnswer *answer = scanner->replayed < scanner->answer_count ? &scanner->answers[scanner->replayed] : NULL;
        if (answer != NULL && answer->from == from && answer->quote == quote) {
            return answer->at;
        }
        return find_quote(scanner, quote, from);
    }
    int32_t at = find_quote(scanner, quote, from);
    if (scanner->answer_count < scanner->answer_cap ||
        grow((void **)&scanner->answers, &scanner->answer_cap, sizeof(QuoteAnswer)) == 0) {
        scanner->answers[scanner->answer_count++] = (QuoteAnswer){from, at, quote};
    } else {
        PyErr_Clear(); /* not remembered: the second pass looks again */
    }
    return at;
}

/* The first position >= from of `quote`, or -1. Most look-ups end a few code points on (the
 * closing quote of an attribute value), so they read the text directly, until they have read
 * as much as the document holds; then, so that the time stays linear whatever the markup, every
 * quote position is collected once and a look-up is a binary search in them. */
static int32_t find_quote(Scanner *scanner, Py_UCS4 quote, int32_t from) {
    if (!scanner->collected && scanner->direct_budget > 0) {
        const Py_UCS4 *s = scanner->text;
        int64_t limit = from + scanner->direct_budget;
        int32_t stop = limit < scanner->n ? (int32_t)limit : scanner->n;
        for (int32_t i = from; i < stop; i++) {
            if (s[i] == quote) {
                scanner->direct_budget -= i + 1 - from;
                return i;
            }
        }
        scanner->direct_budget -= stop - from;
        if (stop == scanner->n) {
            return -1;
        }
    }
    if (!scanner->collected && collect_quotes(scanner)) {
        scanner->failed = 1; /* out of memory: `scan` fails whatever is answered from here */
        return -1;
    }
    const int32_t *positions = quote == '"' ? scanner->double_quotes : scanner->single_quotes;
    int32_t low = 0, high = quote == '"' ? scanner->double_count : scanner->single_count;
    while (low < high) {
        int32_t middle = low + (high - low) / 2;
        if (positions[middle] < from) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    return high < (quote == '"' ? scanner->double_count : scanner->single_count) ? positions[high] : -1;
}

static int32_t find_char(const Scanner *scanner, Py_UCS4 wanted, int32_t from) {
    for (int32_t i = from; i < scanner->n; i++) {
        if (scanner->text[i] == wanted) {
            return i;
        }
    }
    return -1;
}

/* `<!--(?:.*?-->|.*)`: the end of a comment starting at `at`. */
static int32_t comment_end(const Scanner *scanner, int32_t at) {
    const Py_UCS4 *s = scanner->text;
    for (int32_t i = at + 4; i + 2 < scanner->n; i++) {
        if (s[i] == '-' && s[i + 1] == '-' && s[i + 2] == '>') {
            return i + 3;
        }
    }
    return scanner->n;
}

/* `</([A-Za-z][^\s/<>]*+)[^<>]*+>` at `at`: its end, or -1 (no match). */
static int32_t match_end_tag(Scanner *scanner, int32_t at, int32_t *name_end) {
    const Py_UCS4 *s = scanner->text;
    int32_t n = scanner->n;
    int32_t i = at + 3;
    while (i < n && is_name_char(s[i])) {
        i++;
    }
    *name_end = i;
    while (i < n && s[i] != '<' && s[i] != '>') {
        i++;
    }
    return i < n && s[i] == '>' ? i + 1 : -1;
}

/* `((?:[^>"'<=]++|=\s*+(?:"[^"]*+"|'[^']*+')|[="'])*+)>` from `from`: the position of the
 * closing '>', or -1 (no match). */
static int32_t match_attributes(Scanner *scanner, int32_t from) {
    const Py_UCS4 *s = scanner->text;
    int32_t n = scanner->n;
    int32_t i = from;
    while (i < n) {
        Py_UCS4 c = s[i];
        if (c == '>' || c == '<') {
            break;
        }
        if (c == '=') {
            int32_t k = i + 1;
            while (k < n && is_space(s[k])) {
                k++;
            }
            if (k < n && (s[k] == '"' || s[k] == '\'')) {
                int32_t closing = next_quote(scanner, s[k], k + 1);
                if (closing >= 0) {
                    i = closing + 1;
                    continue;
                }
            }
            i++; /* `[="']` */
            continue;
        }
        if (c == '"' || c == '\'') {
            i++;
            continue;
        }
        while (i < n && s[i] != '>' && s[i] != '"' && s[i] != '\'' && s[i] != '<' && s[i] != '=') {
            i++;
        }
    }
    return i < n && s[i] == '>' ? i : -1;
}

/* dom._ATTR applied with findall to [from, to): one (name, value) record per match. */
static int emit_attributes(Scanner *scanner, int32_t from, int32_t to, size_t count_slot) {
    const Py_UCS4 *s = scanner->text;
    Output *out = &scanner->out;
    int32_t count = 0;
    int32_t i = from;
    while (i < to) {
        if (!is_attr_name_char(s[i])) {
            i++;
            continue;
        }
        int32_t name_start = i;
        while (i < to && is_attr_name_char(s[i])) {
            i++;
        }
        int32_t name_end = i, value_start = 0, value_end = 0;
        /* `(?:\s*+=\s*+(?:"([^"]*+)"|'([^']*+)'|([^\s>]++)))?` */
        int32_t k = i;
        while (k < to && is_space(s[k])) {
            k++;
        }
        if (k < to && s[k] == '=') {
            k++;
            while (k < to && is_space(s[k])) {
                k++;
            }
            if (k < to) {
                int32_t closing = -1;
                if (s[k] == '"' || s[k] == '\'') {
                    closing = next_quote(scanner, s[k], k + 1);
                    if (closing >= to) {
                        closing = -1;
                    }
                }
                if (closing >= 0) {
                    value_start = k + 1;
                    value_end = closing;
                    i = closing + 1;
                } else if (!is_space(s[k]) && s[k] != '>') {
                    int32_t m = k;
                    while (m < to && !is_space(s[m]) && s[m] != '>') {
                        m++;
                    }
                    value_start = k;
                    value_end = m;
                    i = m;
                }
            }
        }
        if (push(out, name_start) || push(out, name_end) || push(out, value_start) || push(out, value_end)) {
            return -1;
        }
        count++;
    }
    out->data[count_slot] = count;
    return 0;
}

/* Is the tag name [start, end) one of RAW_TAGS, compared as Python's str.lower() would? Only
 * ASCII letters can lower-case to them (U+212A KELVIN SIGN lowers to 'k', in none of them). */
static const char *raw_tag(const Scanner *scanner, int32_t start, int32_t end) {
    for (size_t t = 0; t < RAW_TAG_COUNT; t++) {
        const char *name = RAW_TAGS[t];
        int32_t length = (int32_t)strlen(name);
        if (end - start != length) {
            continue;
        }
        int32_t j = 0;
        while (j < length) {
            Py_UCS4 c = scanner->text[start + j];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != (Py_UCS4)name[j]) {
                break;
            }
            j++;
        }
        if (j == length) {
            return name;
        }
    }
    return NULL;
}

/* `</tag[\s/>]` (re.I) from `from`: its start, or -1. */
static int32_t find_raw_end(const Scanner *scanner, const char *tag, int32_t from) {
    const Py_UCS4 *s = scanner->text;
    int32_t n = scanner->n;
    int32_t length = (int32_t)strlen(tag);
    for (int32_t i = from; i + 2 + length < n; i++) {
        if (s[i] != '<' || s[i + 1] != '/') {
            continue;
        }
        int32_t j = 0;
        while (j < length && matches_letter_ignorecase(s[i + 2 + j], tag[j])) {
            j++;
        }
        Py_UCS4 after = s[i + 2 + length];
        if (j == length && (is_space(after) || after == '/' || after == '>')) {
            return i;
        }
    }
    return -1;
}

/* After the start tag of a raw-text element ending at `pos`: emit its content, return the new
 * position (as dom._scan does: past the '>' that follows the closing tag's name). */
static int32_t emit_raw_text(Scanner *scanner, const char *tag, int32_t pos) {
    int32_t closing = find_raw_end(scanner, tag, pos);
    int32_t raw_end = closing >= 0 ? closing : scanner->n;
    if (push3(&scanner->out, TOKEN_RAW, pos, raw_end)) {
        return -2;
    }
    if (closing < 0) {
        return scanner->n;
    }
    int32_t close_gt = find_char(scanner, '>', closing + 2 + (int32_t)strlen(tag));
    return close_gt < 0 ? scanner->n : close_gt + 1;
}

/* One token of dom._TOKEN at `at` (where text[at] == '<'). Returns the position after it, -1
 * when nothing matches here, -2 on memory exhaustion. */
static int32_t scan_token(Scanner *scanner, int32_t at) {
    const Py_UCS4 *s = scanner->text;
    int32_t n = scanner->n;
    Output *out = &scanner->out;
    if (at + 1 >= n) {
        return -1;
    }
    Py_UCS4 next = s[at + 1];
    if (next == '!' && at + 3 < n && s[at + 2] == '-' && s[at + 3] == '-') {
        return comment_end(scanner, at);
    }
    if (next == '!' || next == '?') { /* `<[!?][^>]*+>?` */
        int32_t gt = find_char(scanner, '>', at + 2);
        return gt < 0 ? n : gt + 1;
    }
    if (next == '/') {
        if (at + 2 >= n || !is_ascii_letter(s[at + 2])) {
            return -1;
        }
        int32_t name_end;
        int32_t end = match_end_tag(scanner, at, &name_end);
        if (end >= 0 && push3(out, TOKEN_END, at + 2, name_end)) {
            return -2;
        }
        return end;
    }
    if (!is_ascii_letter(next)) {
        return -1;
    }
    int32_t name_end = at + 2;
    while (name_end < n && is_name_char(s[name_end])) {
        name_end++;
    }
    scanner->answer_count = 0;
    int32_t gt = match_attributes(scanner, name_end);
    if (gt < 0) {
        return -1;
    }
    if (push3(out, TOKEN_START, at + 1, name_end) || push(out, 0)) {
        return -2;
    }
    scanner->start_tags++;
    scanner->replaying = 1;
    scanner->replayed = 0;
    int failed = emit_attributes(scanner, name_end, gt, out->len - 1);
    scanner->replaying = 0;
    if (failed) {
        return -2;
    }
    const char *raw = raw_tag(scanner, at + 1, name_end);
    return raw == NULL ? gt + 1 : emit_raw_text(scanner, raw, gt + 1);
}

/* dom._scan's loop: search for the next token, emitting the text before it. 0 or -1 (memory). */
static int scan_all(Scanner *scanner) {
    int32_t n = scanner->n;
    int32_t pos = 0;
    while (pos < n) {
        int32_t at = pos, next = -1;
        while (at < n) {
            at = find_char(scanner, '<', at);
            if (at < 0) {
                break;
            }
            /* The text before a token comes first: written now, taken back if no token. */
            size_t mark = scanner->out.len;
            if (at > pos && push3(&scanner->out, TOKEN_TEXT, pos, at)) {
                return -1;
            }
            next = scan_token(scanner, at);
            if (next == -2) {
                return -1;
            }
            if (next >= 0) {
                break;
            }
            scanner->out.len = mark;
            at++;
        }
        if (next < 0) {
            return push3(&scanner->out, TOKEN_TEXT, pos, n);
        }
        pos = next;
    }
    return 0;
}

/* The sorted quote positions, in one pass (most code points are above '\'', one test skips them). */
static int collect_quotes(Scanner *scanner) {
    Py_ssize_t double_cap = 0, single_cap = 0;
    scanner->collected = 1;
    const Py_UCS4 *s = scanner->text;
    for (int32_t i = 0; i < scanner->n; i++) {
        if (s[i] > '\'' || (s[i] != '"' && s[i] != '\'')) {
            continue;
        }
        if (s[i] == '"') {
            if (scanner->double_count == double_cap &&
                grow((void **)&scanner->double_quotes, &double_cap, sizeof(int32_t))) {
                return -1;
            }
            scanner->double_quotes[scanner->double_count++] = i;
        } else {
            if (scanner->single_count == single_cap &&
                grow((void **)&scanner->single_quotes, &single_cap, sizeof(int32_t))) {
                return -1;
            }
            scanner->single_quotes[scanner->single_count++] = i;
        }
    }
    return 0;
}

/* -- the records as Python objects ------------------------------------------------------------- */

/* The names lowered_name made last, by hash of their lower-cased bytes: tag and attribute names
 * repeat across a page and across pages, and a hit skips making, hashing and interning a str.
 * Fixed size (a miss replaces the entry), so it holds at most NAME_CACHE_SIZE names for good. */
#define NAME_CACHE_SIZE 1024
#define CACHED_NAME_LENGTH 24
struct CachedName {
    PyObject *name;      /* strong, interned */
    int32_t id;          /* its tag id: configured (ALL_DOCUMENTS), or of the document `document` */
    uint32_t document;   /* tag_id_document when `id` was given, ALL_DOCUMENTS, or 0: no id */
    int32_t length;
    char bytes[CACHED_NAME_LENGTH];
};
#define ALL_DOCUMENTS UINT32_MAX
uint32_t tag_id_document;
static CachedName name_cache[NAME_CACHE_SIZE];

/* Interned: tag and attribute names repeat, and dict look-ups of interned keys are cheapest. In
 * C for ASCII (nearly every name), by str.lower() otherwise. */
PyObject *lowered_name(const Records *records, int32_t start, int32_t end) {
    int32_t id;
    CachedName *slot;
    return lowered_tag_name(records, start, end, &id, &slot);
}

void remember_tag_id(CachedName *slot, PyObject *name, int32_t id) {
    if (slot != NULL && slot->name == name) { /* still its entry: none replaced it meanwhile */
        slot->id = id;
        slot->document = tag_id_document;
    }
}

/* The id of a name lowered_tag_name did not find in the cache. */
static PyObject *with_id(PyObject *name, int32_t *id) {
    *id = name == NULL ? -1 : treebuild_configured_id(name);
    return name;
}

PyObject *lowered_tag_name(const Records *records, int32_t start, int32_t end, int32_t *id, CachedName **slot) {
    const Py_UCS4 *s = records->text;
    *slot = NULL;
    char small[64];
    int32_t length = end - start;
    int ascii = 1;
    for (int32_t i = start; i < end && ascii; i++) {
        ascii = s[i] < 128;
    }
    if (!ascii) {
        PyObject *name = PyUnicode_Substring(records->html, start, end);
        if (name == NULL) {
            return NULL;
        }
        PyObject *method = PyUnicode_FromString("lower");
        PyObject *lowered = method == NULL ? NULL : PyObject_CallMethodObjArgs(name, method, NULL);
        Py_XDECREF(method);
        Py_DECREF(name);
        return with_id(lowered, id);
    }
    char *buffer = length <= (int32_t)sizeof small ? small : malloc((size_t)length);
    if (buffer == NULL) {
        return PyErr_NoMemory();
    }
    uint32_t hash = 2166136261u; /* FNV-1a, for the cache */
    for (int32_t i = 0; i < length; i++) {
        Py_UCS4 c = s[start + i];
        buffer[i] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        hash = (hash ^ (uint8_t)buffer[i]) * 16777619u;
    }
    CachedName *cached = length <= CACHED_NAME_LENGTH ? &name_cache[hash % NAME_CACHE_SIZE] : NULL;
    if (cached != NULL && cached->name != NULL && cached->length == length &&
        memcmp(cached->bytes, buffer, (size_t)length) == 0) {
        Py_INCREF(cached->name);
        int known = cached->document == ALL_DOCUMENTS || cached->document == tag_id_document;
        *id = known ? cached->id : -1;
        *slot = cached;
        return cached->name;
    }
    PyObject *name = PyUnicode_FromStringAndSize(buffer, length);
    if (name != NULL) {
        PyUnicode_InternInPlace(&name);
    }
    if (name != NULL && cached != NULL) {
        PyObject *replaced = cached->name;
        Py_INCREF(name);
        cached->name = name;
        Py_XDECREF(replaced);
        cached->id = treebuild_configured_id(name);
        cached->document = cached->id >= 0 ? ALL_DOCUMENTS : 0;
        cached->length = length;
        memcpy(cached->bytes, buffer, (size_t)length);
    }
    if (buffer != small) {
        free(buffer);
    }
    if (cached != NULL) {
        *id = name == NULL ? -1 : cached->id;
        *slot = name == NULL ? NULL : cached;
        return name;
    }
    return with_id(name, id);
}

/* Short text pieces and attribute values, shared: two thirds of a page's text nodes are the
 * whitespace between tags ("\n    ", "\n\t\t"), and values repeat ("_blank", "text/css"), so a
 * hit spares making a str and, when the tree goes, freeing it. A str is immutable and nothing
 * in the engine asks which object a text is, so sharing one changes no result. Direct-mapped by
 * a hash of the length and five code points (as good as hashing them all on the corpora: 0.6%
 * fewer hits), a miss replaces the entry. Only pieces of Latin-1 code points without '&' are
 * kept, as bytes: an entry's str is always its bytes as PyUnicode_Substring makes them, and a
 * hit needs no decoding. Single code points are left out: CPython shares those already. */
#define PIECE_CACHE_SIZE 4096
#define CACHED_PIECE_LENGTH 64
typedef struct {
    PyObject *text; /* strong; NULL: an empty entry */
    int32_t length;
    uint8_t bytes[CACHED_PIECE_LENGTH];
} CachedPiece;
static CachedPiece piece_cache[PIECE_CACHE_SIZE];

static CachedPiece *piece_entry(const Py_UCS4 *piece, int32_t length) {
    uint32_t hash = 2166136261u; /* FNV-1a */
    uint32_t sampled[6] = {(uint32_t)length, piece[0], piece[1], piece[length / 2], piece[length - 2], piece[length - 1]};
    for (int i = 0; i < 6; i++) {
        hash = (hash ^ sampled[i]) * 16777619u;
    }
    return &piece_cache[hash % PIECE_CACHE_SIZE];
}

static int is_entry_of(const CachedPiece *entry, const Py_UCS4 *piece, int32_t length) {
    if (entry->text == NULL || entry->length != length) {
        return 0;
    }
    for (int32_t i = 0; i < length; i++) {
        if (piece[i] != entry->bytes[i]) {
            return 0;
        }
    }
    return 1;
}

/* text_slice of a piece of 2 to CACHED_PIECE_LENGTH code points. */
static PyObject *short_slice(const Records *records, int32_t start, int32_t end, int decode) {
    const Py_UCS4 *piece = records->text + start;
    int32_t length = end - start;
    CachedPiece *entry = piece_entry(piece, length);
    if (is_entry_of(entry, piece, length)) {
        Py_INCREF(entry->text);
        return entry->text;
    }
    Py_UCS4 widest = 0;
    int ampersand = 0;
    for (int32_t i = 0; i < length; i++) {
        widest |= piece[i];
        ampersand |= piece[i] == '&';
    }
    if (ampersand && decode) {
        return charref_decode(records->text, start, end, records->html, records->unescape);
    }
    PyObject *text = PyUnicode_Substring(records->html, start, end);
    if (text != NULL && widest < 256 && !ampersand) {
        PyObject *replaced = entry->text;
        Py_INCREF(text);
        entry->text = text;
        entry->length = length;
        for (int32_t i = 0; i < length; i++) {
            entry->bytes[i] = (uint8_t)piece[i];
        }
        Py_XDECREF(replaced);
    }
    return text;
}

PyObject *text_slice(const Records *records, int32_t start, int32_t end, int decode) {
    if (end - start >= 2 && end - start <= CACHED_PIECE_LENGTH) {
        return short_slice(records, start, end, decode);
    }
    /* CPython's find (memchr on a one-byte str) over the page, not a loop over its code points */
    Py_ssize_t ampersand = decode ? PyUnicode_FindChar(records->html, '&', start, end, 1) : -1;
    if (ampersand == -2) {
        return NULL;
    }
    if (ampersand >= 0) {
        return charref_decode(records->text, start, end, records->html, records->unescape);
    }
    return PyUnicode_Substring(records->html, start, end);
}

/* First occurrence of a name wins; values with '&' go through ``unescape``. */
PyObject *attributes_dict(const Records *records, const int32_t *record, int32_t count) {
    PyObject *attrs = PyDict_New();
    if (attrs == NULL) {
        return NULL;
    }
    for (int32_t a = 0; a < count; a++, record += 4) {
        PyObject *name = lowered_name(records, record[0], record[1]);
        if (name == NULL) {
            goto fail;
        }
        int seen = a == 0 ? 0 : PyDict_Contains(attrs, name);
        if (seen != 0) {
            Py_DECREF(name);
            if (seen < 0) {
                goto fail;
            }
            continue;
        }
        PyObject *value = text_slice(records, record[2], record[3], 1);
        int failed = value == NULL || PyDict_SetItem(attrs, name, value) < 0;
        Py_DECREF(name);
        Py_XDECREF(value);
        if (failed) {
            goto fail;
        }
    }
    return attrs;
fail:
    Py_DECREF(attrs);
    return NULL;
}

static void free_records(Records *records) {
    PyMem_Free(records->text);
    free(records->out.data);
    Py_XDECREF(records->html);
    Py_XDECREF(records->unescape);
    free(records);
}

static void records_capsule_destructor(PyObject *capsule) {
    Records *records = PyCapsule_GetPointer(capsule, RECORDS_CAPSULE);
    if (records != NULL) {
        free_records(records);
    } else {
        PyErr_Clear();
    }
}

/* scan(html, unescape) -> records: the document tokenized into int32 records, held in a capsule
 * that `start_tag_count` and `build` read; no Python object per token is made here. */
static PyObject *fastscan_scan(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *html, *unescape;
    if (!PyArg_ParseTuple(args, "UO:scan", &html, &unescape)) {
        return NULL;
    }
    Py_ssize_t length = PyUnicode_GetLength(html);
    if (length < 0) {
        return NULL;
    }
    if (length >= INT32_MAX / 2) {
        PyErr_SetString(PyExc_OverflowError, "scan(): document too long for int32 offsets");
        return NULL;
    }
    Records *records = calloc(1, sizeof *records);
    if (records == NULL) {
        return PyErr_NoMemory();
    }
    Py_INCREF(html);
    Py_INCREF(unescape);
    records->html = html;
    records->unescape = unescape;
    records->n = (int32_t)length;
    records->text = PyUnicode_AsUCS4Copy(html);
    if (records->text == NULL) {
        free_records(records);
        return NULL;
    }
    Scanner scanner;
    memset(&scanner, 0, sizeof scanner);
    scanner.text = records->text;
    scanner.n = records->n;
    scanner.direct_budget = (int64_t)scanner.n + 4096;
    int scanned = scan_all(&scanner) == 0 && !scanner.failed;
    free(scanner.double_quotes);
    free(scanner.single_quotes);
    free(scanner.answers);
    records->out = scanner.out;
    records->start_tags = scanner.start_tags;
    if (!scanned) {
        free_records(records);
        return PyErr_NoMemory();
    }
    PyObject *capsule = PyCapsule_New(records, RECORDS_CAPSULE, records_capsule_destructor);
    if (capsule == NULL) {
        free_records(records);
    }
    return capsule;
}

static PyObject *fastscan_start_tag_count(PyObject *module, PyObject *capsule) {
    (void)module;
    Records *records = PyCapsule_GetPointer(capsule, RECORDS_CAPSULE);
    return records == NULL ? NULL : PyLong_FromSsize_t(records->start_tags);
}

/* The guest's linear-memory size in bytes. Python cannot see it and the host's wasmtime API does
 * not expose a component's core memories, so the guest reports it (extraction-stats.memory-used).
 * A shared library's memory 0 is the one memory every library of the component shares. */
static PyObject *fastscan_memory_bytes(PyObject *module, PyObject *unused) {
    (void)module;
    (void)unused;
    return PyLong_FromSize_t(__builtin_wasm_memory_size(0) * (size_t)65536);
}

static PyMethodDef fastscan_methods[] = {
    {"scan", fastscan_scan, METH_VARARGS,
     "scan(html: str, unescape) -> records: html tokenized into int32 records (see csrc/fastscan.c)."},
    {"start_tag_count", fastscan_start_tag_count, METH_O,
     "start_tag_count(records) -> int: how many start tags the records hold."},
    {"configure", treebuild_configure, METH_VARARGS,
     "configure(element_type, tag_flags, implied_end, p_closing, max_depth): dom.py's rule tables."},
    {"build", treebuild_build, METH_O,
     "build(records) -> (root, head, body, element_count, link_elements, body_elements)."},
    {"text_content", (PyCFunction)(void (*)(void))treewalk_text_content, METH_FASTCALL,
     "text_content(element, skip) -> str: dom.Element.text_content, in C."},
    {"text", (PyCFunction)(void (*)(void))treewalk_text, METH_FASTCALL,
     "text(element, skip) -> str: dom.Element.text (whitespace-collapsed text_content), in C."},
    {"short_text", (PyCFunction)(void (*)(void))treewalk_short_text, METH_FASTCALL,
     "short_text(element, skip, max_elements, max_chars) -> str | None: dom.Element.short_text, in C."},
    {"find", treewalk_find, METH_VARARGS,
     "find(element, tags: tuple) -> Element | None: dom.Element.find, in C."},
    {"release", treewalk_release, METH_VARARGS,
     "release(root, elements, walk): dom.release_tree, in C (csrc/treewalk.c)."},
    {"release_subtrees", treewalk_release_subtrees, METH_O,
     "release_subtrees(roots: list): dom.release_subtrees, in C (csrc/treewalk.c)."},
    {"iter", treeiter_iter, METH_VARARGS, "iter(element, tags: tuple) -> iterator: dom.Element.iter, in C."},
    {"walk", treeiter_walk, METH_VARARGS, "walk(element, skip) -> iterator: dom.Element.walk, in C."},
    {"configure_charrefs", charref_configure, METH_VARARGS,
     "configure_charrefs(html5, invalid_charrefs, invalid_codepoints): html.unescape's tables."},
    {"unescape", charref_unescape, METH_VARARGS,
     "unescape(text, fallback) -> str: html.unescape(text), decoded in C (csrc/charref.c)."},
    {"memory_bytes", fastscan_memory_bytes, METH_NOARGS,
     "memory_bytes() -> int: the size of the guest's linear memory, in bytes."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef fastscan_module = {
    PyModuleDef_HEAD_INIT, "_fastscan", "C tokenizer and tree builder for riptide.engine.dom (guest only).", -1,
    fastscan_methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__fastscan(void) {
    PyObject *module = PyModule_Create(&fastscan_module);
    if (module == NULL) {
        return NULL;
    }
    if (treebuild_add_constants(module) || treeiter_add_type(module)) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
