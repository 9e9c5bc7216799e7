/* What the files of the _langscan module share: the scan of a plain sample into distinct words
 * (langscan.c) and the plain ranges, for the Latin model's scores (latin.c). */
#ifndef RIPTIDE_LANGSCAN_H
#define RIPTIDE_LANGSCAN_H

#include "../passes.h"

#include <string.h>

/* The most profiles one script model scores (language_profiles.py has a few dozen in all). */
#define PROFILES_MAX 64

/* A distinct word: where it first occurs, its length, hash and count. */
typedef struct {
    Py_ssize_t start, length, count;
    uint32_t hash;
} Word;

/* What scan_words found: the sample's code points, its distinct words in first-occurrence order
 * and its code symbols (borrowed: valid until the next scan). */
typedef struct {
    const Py_UCS4 *points;
    const Word *words;
    Py_ssize_t distinct, symbols;
} ScannedWords;

/* langscan.c: scan a lower-cased sample (1: not plain, 0: scanned, -1: error); a plain code
 * point's offset in the plain ranges (-1: not plain), their size and the code point at an offset;
 * the words' hash (FNV-1a over the code points). */
int scan_words(PyObject *lowered, ScannedWords *scanned);
Py_ssize_t plain_offset(Py_UCS4 c);
Py_ssize_t plain_count(void);
Py_UCS4 plain_point(Py_ssize_t offset);
uint32_t hash_of(const Py_UCS4 *word, Py_ssize_t length);

/* Whether two runs of `length` code points are equal, compared in place: words are short, and
 * most of a sample's repeat one seen before, where wasi-libc's memcmp went byte by byte, four
 * per code point, behind a call (a sixth of the scan's time). */
static inline int same_points(const Py_UCS4 *a, const Py_UCS4 *b, Py_ssize_t length) {
    for (Py_ssize_t i = 0; i < length; i++) {
        if (a[i] != b[i]) {
            return 0;
        }
    }
    return 1;
}
/* A new list of the `n` counts of `counts` (a profile's known words): float_list's twin for the
 * integers of the word scores. */
static inline PyObject *count_list(const long long *counts, Py_ssize_t n) {
    PyObject *list = PyList_New(n);
    for (Py_ssize_t i = 0; list != NULL && i < n; i++) {
        PyObject *count = PyLong_FromLongLong(counts[i]);
        if (count == NULL) {
            Py_CLEAR(list);
        } else {
            PyList_SetItem(list, i, count); /* steals; in range */
        }
    }
    return list;
}

/* A script model's listing, a (position, bonus) pair, read and checked (0 <= position < profiles),
 * and a sequence of `n` floats read into `out` (one per profile); `caller` names the function in
 * errors. 0 or -1. */
int read_listing(PyObject *listing, Py_ssize_t profiles, const char *caller, Py_ssize_t *position, double *bonus);
int read_floats(PyObject *sequence, double *out, Py_ssize_t n, const char *caller, const char *what);

/* latin.c */
PyObject *latin_configure(PyObject *module, PyObject *args);
PyObject *latin_scan(PyObject *module, PyObject *lowered);

#endif
