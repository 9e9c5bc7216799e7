/* Element.text's whitespace collapse written as code points, and the str made of them.
 *
 * Why a header: treewalk.c's `text` makes a str of the collapsed text, and the copy walk's
 * ruled-line screen (csrc/copypass/copy.c) only scans it for literals, so it collapses into the
 * same buffer shape without making a str (most lines it reads need none). One statement of the
 * collapse serves both.
 *
 * Header-only (static functions per file that includes it).
 */
#ifndef RIPTIDE_COLLAPSE_H
#define RIPTIDE_COLLAPSE_H

#include "fastscan.h" /* Python.h (Limited API), is_space, grow */

/* The code points of Element.text as they are written: every whitespace run (is_space) one
 * space, none at the start; `gap` says a run is pending (written only before more text). */
typedef struct {
    Py_UCS4 *out;
    Py_ssize_t len, cap;
    int gap;
} Collapsed;

/* Append a text piece to the Collapsed `state` (a void * for treewalk.c's walk_text). 0, or -1
 * with an error set. */
static inline int collapse_into(PyObject *text, void *state) {
    Collapsed *c = state;
    Py_ssize_t n = PyUnicode_GetLength(text);
    if (n < 0) {
        return -1;
    }
    while (c->cap < c->len + 2 * n + 1) { /* each code point, and a space before it at most */
        if (grow((void **)&c->out, &c->cap, sizeof(Py_UCS4))) {
            return -1;
        }
    }
    Py_UCS4 *piece = c->out + c->len + n + 1; /* read the piece past where it is written */
    if (n && PyUnicode_AsUCS4(text, piece, n, 0) == NULL) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 point = piece[i];
        if (is_space(point)) {
            c->gap = 1;
            continue;
        }
        if (c->gap && c->len) {
            c->out[c->len++] = ' ';
        }
        c->gap = 0;
        c->out[c->len++] = point;
    }
    return 0;
}

/* The str of the `n` code points at `points` (new reference). */
static inline PyObject *points_str(const Py_UCS4 *points, Py_ssize_t n) {
    if (n == 0) {
        return PyUnicode_FromStringAndSize("", 0);
    }
    int little_endian = -1; /* wasm32 is little-endian; -1 also keeps a leading U+FEFF */
    return PyUnicode_DecodeUTF32((const char *)points, n * (Py_ssize_t)sizeof(Py_UCS4), "surrogatepass",
                                 &little_endian);
}

#endif
