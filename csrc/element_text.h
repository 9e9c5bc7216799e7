/* Element.text_content's walk and Element.text's whitespace collapse, written as code points, and
 * the str made of them; and dom.release_tree's walk.
 *
 * Why a header: treewalk.c's `text_content` and `text` make strs of the walk, and the copy walk's
 * ruled-line screen (csrc/copypass/copy.c) only scans a line's text for literals, so it walks
 * and collapses into the same buffer shape without making a str (most lines it reads need
 * none); the cleaner's label (csrc/cleanpass/fishy.c) collapses its own walk's pieces. One
 * statement of the walk and of the collapse serves them all. The cleaner's tidy
 * (csrc/cleanpass/tidy.c) releases the subtrees it drops with the walk treewalk.c's `release`
 * runs (walk_release). Each module reads an element's
 * children and tag its own way (treebuild.c's slots, or element_slots.h), so the walk takes
 * them as functions.
 *
 * Header-only (static functions per file that includes it).
 */
#ifndef RIPTIDE_ELEMENT_TEXT_H
#define RIPTIDE_ELEMENT_TEXT_H

#include "fastscan.h" /* Python.h (Limited API), is_space, grow */

#include <stdlib.h>

/* How a walk reads an element: its children (a new reference to a list) or its tag (a new
 * reference); NULL with an error set. */
typedef PyObject *(*ElementRead)(PyObject *element);

typedef struct {
    PyObject *children; /* strong */
    Py_ssize_t next;
} WalkFrame;

/* A pre-order walk: an explicit stack of (children list, next index) on the heap, so any depth
 * is walked without recursion. */
typedef struct {
    ElementRead children_of;
    WalkFrame *frames;
    Py_ssize_t depth, cap;
} Walk;

/* Push `element`'s children. 0, or -1 with an error set. */
static inline int walk_enter(Walk *walk, PyObject *element) {
    PyObject *children = walk->children_of(element);
    if (children == NULL) {
        return -1;
    }
    if (walk->depth == walk->cap && grow((void **)&walk->frames, &walk->cap, sizeof(WalkFrame))) {
        Py_DECREF(children);
        return -1;
    }
    walk->frames[walk->depth++] = (WalkFrame){children, 0};
    return 0;
}

/* The next node in pre-order (borrowed from its parent's list, which the walk holds), NULL at
 * the end. */
static inline PyObject *walk_next(Walk *walk) {
    while (walk->depth) {
        WalkFrame *frame = &walk->frames[walk->depth - 1];
        if (frame->next < PyList_Size(frame->children)) {
            return PyList_GetItem(frame->children, frame->next++);
        }
        Py_DECREF(frame->children);
        walk->depth--;
    }
    return NULL;
}

static inline void walk_free(Walk *walk) {
    while (walk->depth) {
        Py_DECREF(walk->frames[--walk->depth].children);
    }
    free(walk->frames);
}

/* walk_release (below) on a caller's `walk`, empty when called and when it returns 0, its stack
 * kept for the next root: a caller releasing many small subtrees allocates one stack for all. */
static inline int walk_release_on(Walk *walk, PyObject *root, int (*is_element)(PyObject *node),
                                  int (*clear_parent)(PyObject *element)) {
    int failed = walk_enter(walk, root);
    PyObject *node;
    while (!failed && (node = walk_next(walk)) != NULL) {
        if (is_element(node)) {
            failed = clear_parent(node) || walk_enter(walk, node);
        }
    }
    return failed ? -1 : 0;
}

/* dom.release_tree's walk: the parent link of every element under `root` cleared by
 * `clear_parent`, elements told from text by `is_element` and read with `children_of`. The walk
 * holds each children list it reads, so clearing a link frees nothing it still visits. 0, or -1
 * with an error set. */
static inline int walk_release(PyObject *root, ElementRead children_of, int (*is_element)(PyObject *node),
                               int (*clear_parent)(PyObject *element)) {
    Walk walk = {children_of, NULL, 0, 0};
    int failed = walk_release_on(&walk, root, is_element, clear_parent);
    walk_free(&walk);
    return failed;
}

/* How far a short text is read (dom.SHORT_TEXT_MAX_ELEMENTS and SHORT_TEXT_MAX_CHARS): each pass
 * that reads one gets the pair from its configure call (read_short_limits). */
typedef struct {
    Py_ssize_t elements, chars;
} ShortRead;

/* The pair (elements, chars) of dom.SHORT_TEXT_LIMITS into *limits. 0, or -1 with an error set. */
static inline int read_short_limits(PyObject *pair, ShortRead *limits) {
    if (!PyTuple_Check(pair) || PyTuple_Size(pair) != 2) {
        PyErr_SetString(PyExc_TypeError, "configure: the short-text limits are a pair (elements, characters)");
        return -1;
    }
    Py_ssize_t elements = PyLong_AsSsize_t(PyTuple_GetItem(pair, 0));
    Py_ssize_t chars = elements < 0 ? -1 : PyLong_AsSsize_t(PyTuple_GetItem(pair, 1));
    if (elements < 0 || chars < 0) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_ValueError, "configure: the short-text limits are not negative");
        }
        return -1;
    }
    *limits = (ShortRead){elements, chars};
    return 0;
}

/* Call `visit(text, state)` for every text piece under `element`, in order, not entering
 * elements whose tag is in `skip` (the walk of dom.Element.text_content), reading elements with
 * `children_of` and `tag_of`. With `limits` (dom.short_text_of's walk), stop once more than
 * `limits->elements` elements (entered or skipped) or `limits->chars` characters of text pieces
 * are met: 1 then (the block is not short), before the piece past the limit is visited.
 * 0 when all was read, -1 with an error set (also when `visit` fails). */
static inline int walk_short_text(PyObject *element, PyObject *skip, ElementRead children_of, ElementRead tag_of,
                                  int (*visit)(PyObject *text, void *state), void *state, const ShortRead *limits) {
    Walk walk = {children_of, NULL, 0, 0};
    int status = walk_enter(&walk, element);
    Py_ssize_t elements = 0, chars = 0;
    PyObject *node;
    while (status == 0 && (node = walk_next(&walk)) != NULL) {
        if (PyUnicode_Check(node)) {
            if (limits != NULL && (chars += PyUnicode_GetLength(node)) > limits->chars) {
                status = 1;
                break;
            }
            status = visit(node, state) < 0 ? -1 : 0;
            continue;
        }
        if (limits != NULL && ++elements > limits->elements) {
            status = 1;
            break;
        }
        PyObject *tag = tag_of(node);
        int skipped = tag == NULL ? -1 : PySequence_Contains(skip, tag);
        Py_XDECREF(tag);
        status = skipped < 0 || (!skipped && walk_enter(&walk, node)) ? -1 : 0;
    }
    walk_free(&walk);
    return status;
}

/* walk_short_text without limits: every piece. 0, or -1 with an error set. */
static inline int walk_text(PyObject *element, PyObject *skip, ElementRead children_of, ElementRead tag_of,
                            int (*visit)(PyObject *text, void *state), void *state) {
    return walk_short_text(element, skip, children_of, tag_of, visit, state, NULL);
}

/* The code points of Element.text as they are written: every whitespace run (is_space) one
 * space, none at the start; `gap` says a run is pending (written only before more text). */
typedef struct {
    Py_UCS4 *out;
    Py_ssize_t len, cap;
    int gap;
} Collapsed;

/* A Collapsed kept between calls keeps at most this many code points' room (most texts are
 * short blocks: no malloc and free each); a larger one is freed after use (collapsed_done). */
#define COLLAPSED_KEPT 16384

/* Start a kept Collapsed over. */
static inline void collapsed_start(Collapsed *c) {
    c->len = 0;
    c->gap = 0;
}

/* Free a kept Collapsed that grew past COLLAPSED_KEPT. */
static inline void collapsed_done(Collapsed *c) {
    if (c->cap > COLLAPSED_KEPT) {
        free(c->out);
        *c = (Collapsed){NULL, 0, 0, 0};
    }
}

/* Append a text piece to the Collapsed `state` (a void * for walk_text). 0, or -1 with an error
 * set. */
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

/* Whether `match` (a pattern's match method) matches the str of `c`'s code points, made for the
 * call (the screens that walk a text into code points make a str only for their pattern): 1, 0,
 * or -1 with an error set. */
static inline int collapsed_matches(const Collapsed *c, PyObject *match) {
    PyObject *text = points_str(c->out, c->len);
    PyObject *found = text == NULL ? NULL : PyObject_CallFunctionObjArgs(match, text, NULL);
    int status = found == NULL ? -1 : found != Py_None;
    Py_XDECREF(found);
    Py_XDECREF(text);
    return status;
}

#endif
