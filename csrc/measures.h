/* The cleaner's measure vectors in C memory: engine.cleaning._Content.vectors inside the guest.
 *
 * Why: the vectors were a dict of element -> list of `width` floats. Every copied element made a
 * list and up to `width` float objects, and every pass that read or settled a vector turned the
 * list into doubles and back (dict look-up, PyFloat_AsDouble per entry, a new float per changed
 * entry, all freed with the content): on element-dense markup (nested tables 1 MB) about a tenth
 * of a call. A Measures keeps one row of doubles per element, in insertion order (the row is the
 * element's post-order position, which _Content.spans counts in), found by the element's
 * address; the C passes read and write rows in place, and Python sees a mapping whose values are
 * lists made on reading. So Python code must write a vector back to change it (``vectors[node] =
 * vector``, as _Content.settle does); one read then changed in place changes nothing.
 *
 * The rows also hold _Content.spans (per conditional-cleaning target, the rows of its subtree:
 * from its first descendant's to its own), which was a dict of (first, last) tuples: each
 * target's span cost two ints, a tuple and a dict entry to write, and a dict look-up each time
 * the cleaner settled it. A row keeps the first row of its span; its own row is the last. Python
 * sees them through a Spans mapping (Measures.spans()).
 *
 * The type itself is the _measures module's (csrc/measures/); the passes that include this header
 * get it by measures_configure (their ``configure_measures``) and reach rows through the
 * functions below, which hand out copies of a row, never a pointer into the rows (a call-back
 * into Python may add an element and move them).
 *
 * Header-only (static state per module that includes it).
 */
#ifndef RIPTIDE_MEASURES_H
#define RIPTIDE_MEASURES_H

#include "passes.h" /* Python.h (Limited API), grow */

#include <stdint.h>
#include <string.h>

/* The widest vector a Measures holds (engine.cleaning._WIDTH is 11). */
#define MEASURES_WIDTH_MAX 16

typedef struct {
    PyObject_HEAD
    Py_ssize_t width; /* doubles per row */
    Py_ssize_t n;     /* rows (and keys) in use */
    Py_ssize_t cap;   /* rows (and keys) allocated */
    double *rows;     /* n * width */
    PyObject **keys;  /* n strong references, in insertion order */
    Py_ssize_t *firsts; /* per row: the first row of its span (_Content.spans), -1 for none */
    Py_ssize_t spans;   /* rows with a span */
    Py_ssize_t *slots; /* open addressing by key address: row + 1, 0 for an empty slot */
    Py_ssize_t mask;   /* slots - 1 (a power of two less one), or -1 before the first put */
} Measures;

/* The Measures type (strong), NULL before measures_configure. */
static PyObject *measures_type;

/* 1 when `object` is a Measures of this module's configured type. */
static inline int measures_check(PyObject *object) {
    return measures_type != NULL && (PyObject *)Py_TYPE(object) == measures_type;
}

/* Where `key`'s probing starts. */
static inline Py_ssize_t measures_home(const Measures *m, PyObject *key) {
    return (Py_ssize_t)address_hash(key) & m->mask;
}

/* The row of `key`, or -1 when it has none. */
static inline Py_ssize_t measures_find(const Measures *m, PyObject *key) {
    if (m->mask < 0) {
        return -1;
    }
    for (Py_ssize_t at = measures_home(m, key);; at = (at + 1) & m->mask) {
        Py_ssize_t slot = m->slots[at];
        if (slot == 0) {
            return -1;
        }
        if (m->keys[slot - 1] == key) {
            return slot - 1;
        }
    }
}

/* Rebuild the slots for twice as many keys. 0, or -1 with MemoryError set. */
static inline int measures_rehash(Measures *m) {
    Py_ssize_t size = m->mask < 0 ? 64 : (m->mask + 1) * 2;
    Py_ssize_t *slots = calloc((size_t)size, sizeof *slots);
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    free(m->slots);
    m->slots = slots;
    m->mask = size - 1;
    for (Py_ssize_t row = 0; row < m->n; row++) {
        Py_ssize_t at = measures_home(m, m->keys[row]);
        while (slots[at] != 0) {
            at = (at + 1) & m->mask;
        }
        slots[at] = row + 1;
    }
    return 0;
}

/* measures[key] = vector (`width` doubles): a new key gets the next row, a known one keeps its
 * row (a dict keeps a key's place too). The row, or -1 with an error set. */
static inline Py_ssize_t measures_put(Measures *m, PyObject *key, const double *vector) {
    Py_ssize_t row = measures_find(m, key);
    if (row < 0) {
        if ((m->n + 1) * 2 > m->mask + 1 && measures_rehash(m) < 0) {
            return -1;
        }
        if (m->n == m->cap) {
            Py_ssize_t cap = m->cap ? m->cap * 2 : 64;
            double *rows = realloc(m->rows, (size_t)cap * (size_t)m->width * sizeof *rows);
            if (rows == NULL) {
                PyErr_NoMemory();
                return -1;
            }
            m->rows = rows;
            PyObject **keys = realloc(m->keys, (size_t)cap * sizeof *keys);
            if (keys == NULL) {
                PyErr_NoMemory();
                return -1;
            }
            m->keys = keys;
            Py_ssize_t *firsts = realloc(m->firsts, (size_t)cap * sizeof *firsts);
            if (firsts == NULL) {
                PyErr_NoMemory();
                return -1;
            }
            m->firsts = firsts;
            m->cap = cap;
        }
        row = m->n++;
        Py_INCREF(key);
        m->keys[row] = key;
        m->firsts[row] = -1;
        Py_ssize_t at = measures_home(m, key);
        while (m->slots[at] != 0) {
            at = (at + 1) & m->mask;
        }
        m->slots[at] = row + 1;
    }
    memcpy(m->rows + row * m->width, vector, (size_t)m->width * sizeof *vector);
    return row;
}

/* The span of `row` begins at `first` (its first descendant's row; `row` itself when it has
 * none): spans[key] = (first, row) of a key that has a row. */
static inline void measures_set_first(Measures *m, Py_ssize_t row, Py_ssize_t first) {
    m->spans += m->firsts[row] < 0;
    m->firsts[row] = first;
}

/* The span of `key` into *first and *last (its own row): 1, or 0 when it has none. */
static inline int measures_span(const Measures *m, PyObject *key, Py_ssize_t *first, Py_ssize_t *last) {
    Py_ssize_t row = measures_find(m, key);
    if (row < 0 || m->firsts[row] < 0) {
        return 0;
    }
    *first = m->firsts[row];
    *last = row;
    return 1;
}

/* Copy the vector of `key` into `vector`: 1, or 0 when it has none. */
static inline int measures_get(const Measures *m, PyObject *key, double *vector) {
    Py_ssize_t row = measures_find(m, key);
    if (row < 0) {
        return 0;
    }
    memcpy(vector, m->rows + row * m->width, (size_t)m->width * sizeof *vector);
    return 1;
}

/* vector[i] -= delta[i] for each non-zero delta[i] of `key`'s vector (the float operations
 * _Content.settle does): 1, or 0 when it has none. */
static inline int measures_subtract(Measures *m, PyObject *key, const double *delta) {
    Py_ssize_t row = measures_find(m, key);
    if (row < 0) {
        return 0;
    }
    double *vector = m->rows + row * m->width;
    for (Py_ssize_t i = 0; i < m->width; i++) {
        if (delta[i] != 0.0) {
            vector[i] -= delta[i];
        }
    }
    return 1;
}

/* A pass's configure_measures(Measures): the type its content's vectors must be, checked against
 * the pass's width. */
static inline PyObject *measures_configure(PyObject *module, PyObject *type) {
    (void)module;
    if (!PyType_Check(type)) {
        PyErr_SetString(PyExc_TypeError, "configure_measures expects the _measures.Measures type");
        return NULL;
    }
    Py_INCREF(type);
    Py_XDECREF(measures_type);
    measures_type = type;
    Py_RETURN_NONE;
}

/* The Measures a pass reads of content.vectors (`vectors`, borrowed), checked to be one of
 * `width` doubles per row; NULL with TypeError set otherwise. */
static inline Measures *measures_of(PyObject *vectors, Py_ssize_t width, const char *pass) {
    if (!measures_check(vectors)) {
        PyErr_Format(PyExc_TypeError, "%s: content.vectors is not a _measures.Measures (configure_measures first)", pass);
        return NULL;
    }
    Measures *m = (Measures *)vectors;
    if (m->width != width) {
        PyErr_Format(PyExc_ValueError, "%s: content.vectors holds %zd numbers per element, the pass %zd", pass,
                     m->width, width);
        return NULL;
    }
    return m;
}

#endif
