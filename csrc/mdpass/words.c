/* plaintext.count_words and quality's line counts in C, for the plain text (the guest only).
 *
 * Why: count_words ran three scans of the whole text inside the component (a regex search for
 * spaceless scripts, str.split, a regex findall of punctuation-only tokens), 2.8% of a
 * sandboxed extraction. One pass over the text's UTF-8 does the same count.
 *
 * Contract: count_words(text) is plaintext.count_words_python(text) when that takes its common
 * branch: no character of the spaceless scripts, so the count is the whitespace-separated
 * tokens holding at least one word character (``\w``: str.isalnum, or "_"). It answers None
 * when the text holds a spaceless-script character, or a lone surrogate (no UTF-8): the Python
 * function counts those. The word characters of the Basic Multilingual Plane and the spaceless
 * ranges come from plaintext.py at its import (configure_words); an astral character asks
 * str.isalnum. cjk_count counts the Han and Kana characters for reading_time_minutes likewise,
 * and line_counts the lines and sentence-like lines of quality.text_signals (below). Linear in
 * the text.
 */
#include "mdpass.h"

/* One bit per BMP code point: set when it is a word character (configure_words). */
static unsigned char word_bits[0x10000 / 8];
/* [first, last] code point pairs (configure_words). */
typedef struct {
    Py_UCS4 *pairs;
    Py_ssize_t count;
} Ranges;
/* The spaceless scripts' ranges, and the Han and Kana ones among them. */
static Ranges spaceless, cjk;
static int words_configured;

static int in_ranges(const Ranges *ranges, Py_UCS4 c) {
    for (Py_ssize_t k = 0; k < ranges->count; k++) {
        if (c >= ranges->pairs[2 * k] && c <= ranges->pairs[2 * k + 1]) {
            return 1;
        }
    }
    return 0;
}

/* Whether ``c`` is a word character: 1, 0, or -1 with an error set. */
static int is_word(Py_UCS4 c) {
    if (c < 0x10000) {
        return (word_bits[c >> 3] >> (c & 7)) & 1;
    }
    PyObject *character = PyUnicode_FromOrdinal((int)c);
    if (character == NULL) {
        return -1;
    }
    PyObject *answer = PyObject_CallMethod(character, "isalnum", NULL);
    Py_DECREF(character);
    if (answer == NULL) {
        return -1;
    }
    int truth = PyObject_IsTrue(answer);
    Py_DECREF(answer);
    return truth;
}

/* The UTF-8 of ``text`` for ``function`` (``configured``: whether its configure ran) into
 * *bytes and *size: 1; 0 for a text with a lone surrogate (no UTF-8), which the caller answers
 * None for (its Python function counts it); -1 with an error set. */
static int text_utf8(PyObject *text, int configured, const char *function, const unsigned char **bytes,
                     Py_ssize_t *size) {
    if (!configured) {
        PyErr_Format(PyExc_RuntimeError, "%s: its configure was not called", function);
        return -1;
    }
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "%s expects a str", function);
        return -1;
    }
    *bytes = (const unsigned char *)PyUnicode_AsUTF8AndSize(text, size);
    if (*bytes == NULL) {
        PyErr_Clear();
        return 0;
    }
    return 1;
}

PyObject *words_count_words(PyObject *self, PyObject *text) {
    (void)self;
    const unsigned char *bytes;
    Py_ssize_t size;
    int got = text_utf8(text, words_configured, "count_words", &bytes, &size);
    if (got <= 0) {
        return got < 0 ? NULL : Py_NewRef(Py_None);
    }
    Py_ssize_t words = 0;
    int in_token = 0, token_has_word = 0;
    for (Py_ssize_t i = 0; i < size;) {
        Py_UCS4 c;
        if (bytes[i] < 0x80) {
            c = bytes[i++];
        } else {
            c = next_code_point(bytes, size, &i);
            if (in_ranges(&spaceless, c)) {
                Py_RETURN_NONE;
            }
        }
        if (is_space(c)) {
            words += in_token && token_has_word;
            in_token = token_has_word = 0;
            continue;
        }
        in_token = 1;
        if (!token_has_word) {
            int word = is_word(c);
            if (word < 0) {
                return NULL;
            }
            token_has_word = word;
        }
    }
    words += in_token && token_has_word;
    return PyLong_FromSsize_t(words);
}

/* cjk_count(text) -> int | None: len(plaintext._CJK_CHAR.findall(text)) in one pass over the
 * text's UTF-8; None for a text with a lone surrogate (no UTF-8), which the regex counts. */
PyObject *words_cjk_count(PyObject *self, PyObject *text) {
    (void)self;
    const unsigned char *bytes;
    Py_ssize_t size;
    int got = text_utf8(text, words_configured, "cjk_count", &bytes, &size);
    if (got <= 0) {
        return got < 0 ? NULL : Py_NewRef(Py_None);
    }
    Py_ssize_t found = 0;
    for (Py_ssize_t i = 0; i < size;) {
        if (bytes[i] < 0x80) {
            i++;
            continue;
        }
        found += in_ranges(&cjk, next_code_point(bytes, size, &i));
    }
    return PyLong_FromSsize_t(found);
}

/* A tuple of (first, last) pairs as Ranges (pairs malloc'ed); -1 with an error set. */
static int ranges_from(PyObject *given, Ranges *ranges) {
    if (!PyTuple_Check(given)) {
        PyErr_SetString(PyExc_TypeError, "configure: a tuple of (first, last) code point pairs");
        return -1;
    }
    Py_ssize_t count = PyTuple_Size(given);
    Py_UCS4 *pairs = malloc(2 * (size_t)(count ? count : 1) * sizeof(Py_UCS4));
    if (pairs == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *pair = PyTuple_GetItem(given, k);
        long first, last;
        if (pair == NULL || !PyArg_ParseTuple(pair, "ll:configure", &first, &last) || first < 0 ||
            last < first || last > 0x10FFFF) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_ValueError, "configure: a range is not 0 <= first <= last <= 0x10FFFF");
            }
            free(pairs);
            return -1;
        }
        pairs[2 * k] = (Py_UCS4)first;
        pairs[2 * k + 1] = (Py_UCS4)last;
    }
    free(ranges->pairs);
    *ranges = (Ranges){pairs, count};
    return 0;
}

PyObject *words_configure_words(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *bits, *spaceless_ranges, *cjk_ranges;
    if (!PyArg_ParseTuple(args, "OOO:configure_words", &bits, &spaceless_ranges, &cjk_ranges)) {
        return NULL;
    }
    if (!PyBytes_Check(bits) || PyBytes_Size(bits) != (Py_ssize_t)sizeof(word_bits)) {
        PyErr_SetString(PyExc_TypeError, "configure_words: a bitmap of the BMP's word characters (8,192 bytes)");
        return NULL;
    }
    if (ranges_from(spaceless_ranges, &spaceless) || ranges_from(cjk_ranges, &cjk)) {
        return NULL;
    }
    memcpy(word_bits, PyBytes_AsString(bits), sizeof(word_bits));
    words_configured = 1;
    Py_RETURN_NONE;
}

/* quality.SENTENCE_ENDS and quality.CLOSERS, each character a range of its own (configure_lines). */
static Ranges sentence_ends, closers;
static int lines_configured;

/* Where the code point that ends before bytes[end] starts (end > start; valid UTF-8). */
static Py_ssize_t previous_start(const unsigned char *bytes, Py_ssize_t start, Py_ssize_t end) {
    Py_ssize_t at = end - 1;
    while (at > start && (bytes[at] & 0xC0) == 0x80) {
        at--;
    }
    return at;
}

/* The code point starting at bytes[at]. */
static Py_UCS4 code_point_at(const unsigned char *bytes, Py_ssize_t size, Py_ssize_t at) {
    return next_code_point(bytes, size, &at);
}

/* line_counts(text) -> (lines, sentence_like) | None: quality._line_counts_python(text) in one
 * pass over the text's UTF-8, without a str per line. A line (text.split("\n")) counts when
 * str.rstrip() leaves something; it is sentence-like when what is left, stripped on the right of
 * CLOSERS, ends in one of SENTENCE_ENDS. Each line is read backwards from its end as far as its
 * trailing whitespace and closers go, so the work is linear in the text. None for a text with a
 * lone surrogate (no UTF-8), which Python counts. */
PyObject *words_line_counts(PyObject *self, PyObject *text) {
    (void)self;
    const unsigned char *bytes;
    Py_ssize_t size;
    int got = text_utf8(text, lines_configured, "line_counts", &bytes, &size);
    if (got <= 0) {
        return got < 0 ? NULL : Py_NewRef(Py_None);
    }
    Py_ssize_t lines = 0, sentences = 0;
    for (Py_ssize_t start = 0; start <= size;) {
        const unsigned char *newline = memchr(bytes + start, '\n', (size_t)(size - start));
        Py_ssize_t end = newline == NULL ? size : newline - bytes, at = end;
        while (at > start) { /* str.rstrip() */
            Py_ssize_t before = previous_start(bytes, start, at);
            if (!is_space(code_point_at(bytes, size, before))) {
                break;
            }
            at = before;
        }
        if (at > start) {
            lines++;
            Py_UCS4 last = 0;
            while (at > start) { /* .rstrip(CLOSERS), then the last character */
                Py_ssize_t before = previous_start(bytes, start, at);
                last = code_point_at(bytes, size, before);
                if (!in_ranges(&closers, last)) {
                    break;
                }
                at = before;
            }
            sentences += at > start && in_ranges(&sentence_ends, last);
        }
        start = end + 1;
    }
    return Py_BuildValue("(nn)", lines, sentences);
}

PyObject *words_configure_lines(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *ends, *closing;
    if (!PyArg_ParseTuple(args, "OO:configure_lines", &ends, &closing)) {
        return NULL;
    }
    if (ranges_from(ends, &sentence_ends) || ranges_from(closing, &closers)) {
        return NULL;
    }
    lines_configured = 1;
    Py_RETURN_NONE;
}
