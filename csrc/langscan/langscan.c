/* _langscan: the language detector's word count of a plain sample, in C, for the guest only.
 *
 * Why: on a page that declares no language, engine.language.detect_language reads up to 3,000
 * characters of its text. Most of its cost was three regex scans of that sample (is any
 * character outside the plain ranges, the word tokens, the code symbols) and a Counter of the
 * tokens, one str object per token: 7-9% of a sandboxed 10 KB call on dense markup, where the
 * words are few and repeated. One pass over the code points does all four, and makes a str only
 * for each distinct word.
 *
 * Contract: scan(lowered) is None when ``lowered`` holds a character outside the plain ranges
 * (the Python detector then tokenizes with its full pattern). Otherwise it is (counts,
 * symbols): counts is Counter(language._PLAIN_TOKEN_RE.findall(lowered)) as a dict (the same
 * words, counts and first-occurrence order), symbols is len(language._CODE_SYMBOL_RE.findall(
 * lowered)). The ranges and, per plain character, its classes (a word character, a token
 * character, a digit, a code symbol) come from language.py at its import (configure), which
 * asks the regex engine itself: what follows is the pattern's rule, not its classes. The token
 * rule, ``(?<![W])[T]++(?![D])``: a maximal run of token characters not preceded by a word
 * character and not followed by a digit. A run followed by a digit is skipped whole (the match
 * is possessive; a later start inside the run is preceded by a word character, or by a mark that
 * starts the same run up to the same digit). Linear in the sample; no recursion.
 *
 *   configure(ranges, classes)
 *   scan(lowered) -> (dict, int) | None
 */
#include "../passes.h"

enum { CLASS_WORD = 1, CLASS_TOKEN = 2, CLASS_DIGIT = 4, CLASS_SYMBOL = 8, CLASS_MAX = 15 };
#define RANGES_MAX 8

/* The plain ranges ([first, last] code points) and each one's offset into classes. */
static Py_UCS4 range_first[RANGES_MAX], range_last[RANGES_MAX];
static Py_ssize_t range_offset[RANGES_MAX], ranges_n;
static unsigned char *classes; /* per plain code point, its CLASS_* bits */

/* A distinct word: where it first occurs, its length, hash and count. */
typedef struct {
    Py_ssize_t start, length, count;
    uint32_t hash;
} Word;

/* The scan's memory, kept between calls (one call at a time in the guest). */
static Py_UCS4 *points;
static Py_ssize_t points_cap;
static unsigned char *point_classes;
static Py_ssize_t point_classes_cap;
static Word *words;
static Py_ssize_t words_cap;
static Py_ssize_t *slots; /* open addressing: word index + 1, 0 for empty */
static Py_ssize_t slots_cap;

/* The classes of a code point, or -1 outside the plain ranges. */
static int class_of(Py_UCS4 c) {
    for (Py_ssize_t k = 0; k < ranges_n; k++) {
        if (c >= range_first[k] && c <= range_last[k]) {
            return classes[range_offset[k] + (Py_ssize_t)(c - range_first[k])];
        }
    }
    return -1;
}

static uint32_t hash_of(const Py_UCS4 *word, Py_ssize_t length) {
    uint32_t hash = 2166136261u; /* FNV-1a over the code points */
    for (Py_ssize_t i = 0; i < length; i++) {
        hash = (hash ^ word[i]) * 16777619u;
    }
    return hash;
}

/* Count the word points[start, start + length): a new one is appended to words. 0 or -1. */
static int count_word(Py_ssize_t start, Py_ssize_t length, Py_ssize_t *distinct, Py_ssize_t mask) {
    uint32_t hash = hash_of(points + start, length);
    for (Py_ssize_t at = (Py_ssize_t)hash & mask;; at = (at + 1) & mask) {
        Py_ssize_t known = slots[at];
        if (known == 0) {
            if (reserve((void **)&words, &words_cap, sizeof *words, *distinct + 1)) {
                return -1;
            }
            words[*distinct] = (Word){start, length, 1, hash};
            slots[at] = ++*distinct;
            return 0;
        }
        Word *word = &words[known - 1];
        if (word->hash == hash && word->length == length &&
            memcmp(points + word->start, points + start, (size_t)length * sizeof(Py_UCS4)) == 0) {
            word->count++;
            return 0;
        }
    }
}

/* {word: count} in first-occurrence order (new reference). */
static PyObject *counts_dict(PyObject *lowered, Py_ssize_t distinct) {
    PyObject *counts = PyDict_New();
    for (Py_ssize_t k = 0; counts != NULL && k < distinct; k++) {
        PyObject *word = PyUnicode_Substring(lowered, words[k].start, words[k].start + words[k].length);
        PyObject *count = word == NULL ? NULL : PyLong_FromSsize_t(words[k].count);
        if (count == NULL || PyDict_SetItem(counts, word, count) < 0) {
            Py_CLEAR(counts);
        }
        Py_XDECREF(word);
        Py_XDECREF(count);
    }
    return counts;
}

static PyObject *langscan_scan(PyObject *module, PyObject *lowered) {
    (void)module;
    if (classes == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "scan: configure was not called");
        return NULL;
    }
    if (!PyUnicode_Check(lowered)) {
        PyErr_SetString(PyExc_TypeError, "scan expects a str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GetLength(lowered);
    if (n < 0 || reserve((void **)&points, &points_cap, sizeof *points, n + 1) ||
        reserve((void **)&point_classes, &point_classes_cap, 1, n + 1)) {
        return NULL;
    }
    if (n && PyUnicode_AsUCS4(lowered, points, points_cap, 0) == NULL) {
        return NULL;
    }
    Py_ssize_t symbols = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        int bits = class_of(points[i]);
        if (bits < 0) {
            Py_RETURN_NONE; /* not plain: the full pattern tokenizes it */
        }
        point_classes[i] = (unsigned char)bits;
        symbols += (bits & CLASS_SYMBOL) != 0;
    }
    /* at most one word per two code points: keep the table at most half full */
    Py_ssize_t table = 64;
    while (table < n + 2) {
        table *= 2;
    }
    if (reserve((void **)&slots, &slots_cap, sizeof *slots, table)) {
        return NULL;
    }
    memset(slots, 0, (size_t)table * sizeof *slots);
    Py_ssize_t distinct = 0;
    for (Py_ssize_t i = 0; i < n;) {
        if (!(point_classes[i] & CLASS_TOKEN) || (i > 0 && (point_classes[i - 1] & CLASS_WORD))) {
            i++;
            continue;
        }
        Py_ssize_t end = i + 1;
        while (end < n && (point_classes[end] & CLASS_TOKEN)) {
            end++;
        }
        if (!(end < n && (point_classes[end] & CLASS_DIGIT)) && count_word(i, end - i, &distinct, table - 1) < 0) {
            return NULL;
        }
        i = end; /* past the run, whether it was a word or skipped whole */
    }
    PyObject *counts = counts_dict(lowered, distinct);
    if (counts == NULL) {
        return NULL;
    }
    return Py_BuildValue("(Nn)", counts, symbols);
}

static PyObject *langscan_configure(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *ranges, *table;
    if (!PyArg_ParseTuple(args, "O!O!:configure", &PyTuple_Type, &ranges, &PyBytes_Type, &table)) {
        return NULL;
    }
    Py_ssize_t count = PyTuple_Size(ranges), total = 0;
    if (count < 1 || count > RANGES_MAX) {
        PyErr_Format(PyExc_ValueError, "configure: 1 to %d (first, last) ranges", RANGES_MAX);
        return NULL;
    }
    Py_UCS4 first[RANGES_MAX], last[RANGES_MAX];
    Py_ssize_t offset[RANGES_MAX];
    for (Py_ssize_t k = 0; k < count; k++) {
        long a, b;
        if (!PyArg_ParseTuple(PyTuple_GetItem(ranges, k), "ll:configure", &a, &b)) {
            return NULL;
        }
        if (a < 0 || b < a || b > 0x10FFFF) {
            PyErr_SetString(PyExc_ValueError, "configure: a range is not 0 <= first <= last <= 0x10FFFF");
            return NULL;
        }
        first[k] = (Py_UCS4)a;
        last[k] = (Py_UCS4)b;
        offset[k] = total;
        total += b - a + 1;
    }
    if (PyBytes_Size(table) != total) {
        PyErr_Format(PyExc_ValueError, "configure: %zd class bytes for %zd plain characters", PyBytes_Size(table), total);
        return NULL;
    }
    const unsigned char *given = (const unsigned char *)PyBytes_AsString(table);
    unsigned char *copy = malloc((size_t)total);
    if (given == NULL || copy == NULL) {
        free(copy);
        return given == NULL ? NULL : PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < total; i++) {
        if (given[i] > CLASS_MAX) {
            free(copy);
            PyErr_SetString(PyExc_ValueError, "configure: a class byte holds bits that name no class");
            return NULL;
        }
        copy[i] = given[i];
    }
    free(classes);
    classes = copy;
    ranges_n = count;
    memcpy(range_first, first, sizeof first);
    memcpy(range_last, last, sizeof last);
    memcpy(range_offset, offset, sizeof offset);
    Py_RETURN_NONE;
}

static PyMethodDef langscan_methods[] = {
    {"configure", langscan_configure, METH_VARARGS,
     "configure(ranges, classes): the plain ranges and each plain character's class bits (language.py, at import)."},
    {"scan", langscan_scan, METH_O,
     "scan(lowered): (Counter(_PLAIN_TOKEN_RE.findall(lowered)) as a dict, code symbol count), or None when not plain."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef langscan_module = {
    PyModuleDef_HEAD_INIT, "_langscan", "The language detector's word count of a plain sample, in C (guest only).", -1,
    langscan_methods,
};

PyMODINIT_FUNC PyInit__langscan(void) { return PyModule_Create(&langscan_module); }
