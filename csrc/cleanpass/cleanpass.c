/* _cleanpass: the cleaner's conditional pass (settle, judge, remove), in C, for the guest only.
 *
 * Why: engine.cleaning's conditional pass visits every form, fieldset, input, table, list and
 * div of the copied content innermost first: it brings the element's measure vector up to date
 * with the removals below it (_Content.settle), asks _looks_fishy, and removes the fishy ones
 * (_Content.remove: its subtree joins ``gone``, its share waits in ``pending``). On the dense
 * hostile shapes (a form or a table per few bytes) that bookkeeping, all mechanical, cost as
 * much bytecode as the judging. This module runs the loop, settle and remove without bytecode;
 * the verdict is fishy.c's statement of _looks_fishy when remove_where is handed that function
 * (any other callable is called back), and an in-page link's weight is article_rules.link_weight,
 * called back. It is compiled for wasm32-wasi only and
 * staged into the component by sandbox/build.py; the host never loads it.
 *
 * Contract: remove_where(content, tag, fishy) does what cleaning._remove_where's Python loop
 * does, leaving content's vectors (same values, in the same lists), pending, gone and emptied
 * exactly as _Content.settle/remove/flush do: the same float operations in the same order, and
 * pending empty, as flush leaves it (the pass starts with it empty, as every flush leaves it).
 * Within the pass the pending shares are kept here, as rows of doubles (Work.pending), not as
 * the (node, list of floats) tuples of content.pending: nothing else reads them before the
 * flush, and a tuple and a list of floats per removal, read back at the next settle, were a
 * few per cent of a call on markup where most forms or tables go. A test compares the two
 * inside the guest on both corpora, markup soup and hostile nesting. The tag sets and vector
 * indexes come from Python at import (configure). No recursion: heap arrays for the paths, the
 * deltas and the subtree walk; each edge is carried once per settle, as in Python.
 *
 *   configure(headings, counted, indexes, link_weight)
 *   remove_where(content, tag, fishy)
 * the verdict (fishy.c): configure_fishy(...); and the tidy (tidy.c): configure_tidy(...),
 * tidy(content, root).
 */
#include "cleanpass.h"
#include "../element_slots.h" /* the Element slots read in place */

#include <string.h>

/* engine.cleaning's tables: HEADINGS (frozenset), _COUNTED (tag -> vector index). */
static PyObject *headings, *counted;
/* Vector indexes (cleanpass.h) and the width. */
Py_ssize_t i_text, i_links, i_heading, i_list, i_data_tables, i_img, i_embed, width;
static PyObject *h_link_weight; /* article_rules.link_weight */
static PyObject *s_tag, *s_parent, *s_children, *s_ul, *s_ol, *s_a, *s_table, *s_vectors, *s_gone, *s_emptied,
    *s_pending, *s_targets, *s_data_tables, *s_root;

/* What the pass reads and writes of the _Content (strong references for the call). */
typedef struct {
    PyObject *vectors, *gone, *emptied, *pending, *targets, *data_tables, *root;
    Measures *measures; /* vectors, as the Measures it is */
} Content;

/* One entry of settle's `incoming` (_Content.settle's dict of node -> delta): a node (borrowed:
 * the content's tree holds it for the settle) and its row, -1 once popped. An entry counts only
 * in the settle whose stamp it carries, so starting a settle empties the table in one step. */
typedef struct {
    PyObject *node;
    Py_ssize_t row;
    uint32_t stamp;
} Incoming;

/* One share that waits to leave the ancestors of ``node`` (strong): what it still takes from
 * its parent and above, and the last post-order position of ``node``'s span (spans[node][1]). */
typedef struct {
    PyObject *node;
    Py_ssize_t last;
    double delta[WIDTH_MAX];
} Pending;

/* settle's working memory: the deltas (rows), which node's delta is which row (incoming: node ->
 * row index, by the node's address), and the paths (borrowed nodes, each path's start in
 * starts). */
typedef struct {
    double (*rows)[WIDTH_MAX];
    Py_ssize_t rows_n, rows_cap;
    Incoming *incoming;
    Py_ssize_t incoming_mask, incoming_used; /* slots - 1 (a power of two less one), entries */
    uint32_t stamp;
    PyObject **path;
    Py_ssize_t path_n, path_cap;
    Py_ssize_t *starts;
    Py_ssize_t starts_n, starts_cap;
    PyObject **stack; /* forget's walk (borrowed: the subtree holds them) */
    Py_ssize_t stack_cap;
    Pending *pending; /* content.pending of the Python statement, oldest first */
    Py_ssize_t pending_n, pending_cap;
} Work;

static void work_free(Work *w) {
    while (w->pending_n) {
        Py_DECREF(w->pending[--w->pending_n].node);
    }
    free(w->pending);
    free(w->rows);
    free(w->path);
    free(w->starts);
    free(w->stack);
    free(w->incoming);
}

Measures *cleanpass_measures(PyObject *vectors, const char *pass) { return measures_of(vectors, width, pass); }

/* A new list of `width` floats. */
PyObject *vector_list(const double *vector) { return float_list(vector, width); }

/* The parent of `node` (new reference; Py_None when it has none). */
static PyObject *parent_of(PyObject *node) { return element_get(node, ELEMENT_PARENT); }

/* spans[node] as (first, last), read from the vectors' rows (csrc/measures.h). 0 or -1. */
static int span_of(const Content *c, PyObject *node, Py_ssize_t *first, Py_ssize_t *last) {
    if (!measures_span(c->measures, node, first, last)) {
        PyErr_SetString(PyExc_KeyError, "settle: an element without a span");
        return -1;
    }
    return 0;
}

/* pending.append((node, delta)): ``delta``'s values kept with ``node`` and its span's end. 0 or -1. */
static int pending_push(const Content *c, Work *w, PyObject *node, const double *delta) {
    Py_ssize_t first, last;
    if (span_of(c, node, &first, &last) < 0 ||
        reserve((void **)&w->pending, &w->pending_cap, sizeof *w->pending, w->pending_n + 1)) {
        return -1;
    }
    Pending *entry = &w->pending[w->pending_n++];
    Py_INCREF(node);
    entry->node = node;
    entry->last = last;
    memcpy(entry->delta, delta, sizeof(double) * (size_t)width);
    return 0;
}

/* Where `node` is in incoming, or the empty slot where it would go. */
static Incoming *incoming_slot(Work *w, PyObject *node) {
    for (Py_ssize_t at = (Py_ssize_t)address_hash(node) & w->incoming_mask;; at = (at + 1) & w->incoming_mask) {
        Incoming *slot = &w->incoming[at];
        if (slot->stamp != w->stamp || slot->node == node) {
            return slot;
        }
    }
}

/* Empty incoming for a new settle (its first use makes the table). 0, or -1 with MemoryError. */
static int incoming_clear(Work *w) {
    if (w->incoming == NULL) {
        w->incoming_mask = 63;
        if ((w->incoming = calloc((size_t)w->incoming_mask + 1, sizeof *w->incoming)) == NULL) {
            PyErr_NoMemory();
            return -1;
        }
    }
    w->incoming_used = 0;
    if (++w->stamp == 0) { /* the stamps wrapped: forget every entry of earlier settles */
        memset(w->incoming, 0, ((size_t)w->incoming_mask + 1) * sizeof *w->incoming);
        w->stamp = 1;
    }
    return 0;
}

/* The row of `node` in incoming, or -1 when it has none (never given one, or popped). */
static Py_ssize_t row_of(Work *w, PyObject *node) {
    Incoming *slot = incoming_slot(w, node);
    return slot->stamp == w->stamp ? slot->row : -1;
}

/* incoming[node] = row. 0, or -1 with MemoryError set. */
static int set_row(Work *w, PyObject *node, Py_ssize_t row) {
    if ((w->incoming_used + 1) * 2 > w->incoming_mask + 1) { /* grow: rebuild this settle's entries */
        Py_ssize_t old_mask = w->incoming_mask;
        Incoming *old = w->incoming;
        w->incoming_mask = old_mask * 2 + 1;
        if ((w->incoming = calloc((size_t)w->incoming_mask + 1, sizeof *w->incoming)) == NULL) {
            w->incoming = old;
            w->incoming_mask = old_mask;
            PyErr_NoMemory();
            return -1;
        }
        for (Py_ssize_t i = 0; i <= old_mask; i++) {
            if (old[i].stamp == w->stamp) {
                *incoming_slot(w, old[i].node) = old[i];
            }
        }
        free(old);
    }
    Incoming *slot = incoming_slot(w, node);
    if (slot->stamp != w->stamp) {
        w->incoming_used++;
    }
    *slot = (Incoming){node, row, w->stamp};
    return 0;
}

/* A new row holding `delta` (or zeros for NULL); its index, or -1 on error. */
static Py_ssize_t new_row(Work *w, const double *delta) {
    if (reserve((void **)&w->rows, &w->rows_cap, sizeof *w->rows, w->rows_n + 1)) {
        return -1;
    }
    double *row = w->rows[w->rows_n];
    for (Py_ssize_t i = 0; i < WIDTH_MAX; i++) {
        row[i] = delta != NULL && i < width ? delta[i] : 0.0;
    }
    return w->rows_n++;
}

static int path_push(Work *w, PyObject *node) {
    if (reserve((void **)&w->path, &w->path_cap, sizeof *w->path, w->path_n + 1)) {
        return -1;
    }
    w->path[w->path_n++] = node;
    return 0;
}

/* link_weight(node) (the hook), or -1.0 with an error set. */
static double link_weight(PyObject *node) {
    PyObject *answer = PyObject_CallFunctionObjArgs(h_link_weight, node, NULL);
    if (answer == NULL) {
        return -1.0;
    }
    double weight = PyFloat_AsDouble(answer);
    Py_DECREF(answer);
    return weight;
}

/* What an ancestor on a settle path passes on of `delta` (cleaning._Content.settle: a heading,
 * list or link re-derives its heading, list or link share from its text). 0 or -1. */
static int rederive(PyObject *ancestor, double *delta) {
    PyObject *tag = element_get(ancestor, ELEMENT_TAG);
    if (tag == NULL) {
        return -1;
    }
    int heading = PySet_Contains(headings, tag);
    int failed = heading < 0;
    if (!failed && heading) {
        delta[i_heading] = delta[i_text] * 1.0;
    } else if (!failed && (is_tag(tag, s_ul) || is_tag(tag, s_ol))) {
        delta[i_list] = delta[i_text] * 1.0;
    } else if (!failed && is_tag(tag, s_a)) {
        double weight = link_weight(ancestor);
        failed = PyErr_Occurred() != NULL;
        delta[i_links] = delta[i_text] * weight;
    }
    Py_DECREF(tag);
    return failed ? -1 : 0;
}

/* vectors[ancestor][i] -= delta[i] for each non-zero delta[i]. 0 or -1. */
static int subtract(const Content *c, PyObject *ancestor, const double *delta) {
    if (!measures_subtract(c->measures, ancestor, delta)) {
        PyErr_SetString(PyExc_KeyError, "settle: an element without a measure");
        return -1;
    }
    return 0;
}

static void add_into(double *into, const double *delta) {
    for (Py_ssize_t i = 0; i < width; i++) {
        into[i] += delta[i];
    }
}

/* The first half of settle: pop the pending entries inside node's span into deltas at their
 * parents and the paths from there up to node (or to a path already taken). 0 or -1. */
static int gather(Work *w, PyObject *node, Py_ssize_t first, double *carried) {
    while (w->pending_n > 0 && w->pending[w->pending_n - 1].last >= first) {
        Pending *entry = &w->pending[--w->pending_n];
        double delta[WIDTH_MAX];
        memcpy(delta, entry->delta, sizeof(double) * (size_t)width);
        PyObject *entry_node = entry->node; /* the entry's reference, dropped here: vectors holds it */
        int at_node = entry_node == node;
        PyObject *parent = at_node ? NULL : parent_of(entry_node);
        Py_DECREF(entry_node);
        if (at_node) {
            add_into(carried, delta);
            continue;
        }
        if (parent == NULL) {
            return -1;
        }
        if (parent == Py_None) {
            Py_DECREF(parent);
            PyErr_SetString(PyExc_RuntimeError, "settle: a pending entry outside the settled subtree");
            return -1;
        }
        Py_ssize_t seed = row_of(w, parent);
        if (seed >= 0) {
            add_into(w->rows[seed], delta);
            Py_DECREF(parent);
            continue;
        }
        Py_ssize_t row = new_row(w, delta);
        int failed = row < 0 || set_row(w, parent, row) < 0 ||
                 reserve((void **)&w->starts, &w->starts_cap, sizeof *w->starts, w->starts_n + 1) ||
                 path_push(w, parent) < 0;
        if (failed) {
            Py_DECREF(parent);
            return -1;
        }
        w->starts[w->starts_n++] = w->path_n - 1;
        PyObject *ancestor = parent; /* strong */
        while (ancestor != node) {
            PyObject *above = parent_of(ancestor);
            Py_DECREF(ancestor); /* held by its child's parent link and by incoming */
            ancestor = above;
            if (ancestor == NULL) {
                return -1;
            }
            if (ancestor == Py_None) {
                Py_DECREF(ancestor);
                PyErr_SetString(PyExc_AttributeError, "settle: the path from an entry never reaches the node");
                return -1;
            }
            Py_ssize_t known = row_of(w, ancestor);
            if (known >= 0) {
                break;
            }
            Py_ssize_t zeros = new_row(w, NULL);
            if (zeros < 0 || set_row(w, ancestor, zeros) < 0 || path_push(w, ancestor) < 0) {
                Py_DECREF(ancestor);
                return -1;
            }
        }
        Py_DECREF(ancestor);
    }
    return 0;
}

/* cleaning._Content.settle(node). 0 or -1. */
static int settle(const Content *c, Work *w, PyObject *node) {
    if (w->pending_n == 0) {
        return 0;
    }
    Py_ssize_t first, unused;
    if (span_of(c, node, &first, &unused) < 0) {
        return -1;
    }
    if (w->pending[w->pending_n - 1].last < first) {
        return 0;
    }
    w->rows_n = w->path_n = w->starts_n = 0;
    if (incoming_clear(w) < 0) {
        return -1;
    }
    double carried[WIDTH_MAX] = {0};
    if (gather(w, node, first, carried) < 0) {
        return -1;
    }
    /* later paths first is children first */
    for (Py_ssize_t p = w->starts_n - 1; p >= 0; p--) {
        Py_ssize_t end = p + 1 < w->starts_n ? w->starts[p + 1] : w->path_n;
        for (Py_ssize_t k = w->starts[p]; k < end; k++) {
            PyObject *ancestor = w->path[k];
            Py_ssize_t row = row_of(w, ancestor);
            if (row < 0) {
                PyErr_SetString(PyExc_KeyError, "settle: a path node without a delta");
                return -1;
            }
            incoming_slot(w, ancestor)->row = -1; /* incoming.pop(ancestor) */
            double *delta = w->rows[row];
            if (subtract(c, ancestor, delta) < 0 || rederive(ancestor, delta) < 0) {
                return -1;
            }
            if (ancestor == node) {
                add_into(carried, delta);
                continue;
            }
            PyObject *above = parent_of(ancestor);
            if (above == NULL) {
                return -1;
            }
            Py_ssize_t seed = row_of(w, above);
            int failed = seed == -1 && set_row(w, above, row) < 0;
            if (!failed && seed >= 0) {
                add_into(w->rows[seed], delta);
            }
            Py_DECREF(above);
            if (failed) {
                return -1;
            }
        }
    }
    return pending_push(c, w, node, carried);
}

/* cleaning._Content._contribution(node, vector), into ``values`` (``vector``'s values when the
 * tag passes it on unchanged). 0 or -1. */
static int contribution(const Content *c, PyObject *node, const double *vector, double *values) {
    PyObject *tag = element_get(node, ELEMENT_TAG);
    if (tag == NULL) {
        return -1;
    }
    PyObject *index = PyDict_GetItemWithError(counted, tag); /* borrowed */
    int heading = index != NULL || PyErr_Occurred() ? 0 : PySet_Contains(headings, tag);
    int list = is_tag(tag, s_ul) || is_tag(tag, s_ol), link = is_tag(tag, s_a);
    int data = 0;
    if (!PyErr_Occurred() && heading == 0 && index == NULL && !list && !link && is_tag(tag, s_table)) {
        data = PySet_Contains(c->data_tables, node);
    }
    Py_DECREF(tag);
    if (PyErr_Occurred() || heading < 0 || data < 0) {
        return -1;
    }
    memcpy(values, vector, sizeof(double) * (size_t)width);
    if (index != NULL) {
        Py_ssize_t at = PyLong_AsSsize_t(index);
        if (at < 0 || at >= width) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_ValueError, "a counted tag's index is outside the vector");
            }
            return -1;
        }
        values[at] += 1;
    } else if (heading) {
        values[i_heading] = values[i_text];
    } else if (list) {
        values[i_list] = values[i_text];
    } else if (link) {
        double weight = link_weight(node);
        if (PyErr_Occurred()) {
            return -1;
        }
        values[i_links] = values[i_text] * weight;
    } else if (data) {
        values[i_data_tables] += 1;
    } /* else passed on unchanged */
    return 0;
}

/* cleaning._Content._forget(node): node and its subtree join gone. 0 or -1. */
static int forget(const Content *c, Work *w, PyObject *node) {
    Py_ssize_t depth = 0;
    if (reserve((void **)&w->stack, &w->stack_cap, sizeof *w->stack, 1)) {
        return -1;
    }
    w->stack[depth++] = node;
    while (depth) {
        PyObject *item = w->stack[--depth];
        if (PySet_Add(c->gone, item) < 0) {
            return -1;
        }
        PyObject *children = element_children(item, "forget");
        if (children == NULL) {
            return -1;
        }
        Py_ssize_t n = PyList_Size(children);
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *child = PyList_GetItem(children, i); /* borrowed; the subtree holds it */
            if (PyUnicode_CheckExact(child)) {
                continue;
            }
            int known = PySet_Contains(c->gone, child);
            if (known < 0 || (!known && reserve((void **)&w->stack, &w->stack_cap, sizeof *w->stack, depth + 1))) {
                Py_DECREF(children);
                return -1;
            }
            if (!known) {
                w->stack[depth++] = child;
            }
        }
        Py_DECREF(children);
    }
    return 0;
}

/* cleaning._Content.remove(node). 0 or -1. */
static int remove_node(const Content *c, Work *w, PyObject *node) {
    PyObject *parent = parent_of(node);
    if (parent == NULL) {
        return -1;
    }
    int failed = parent != Py_None && PySet_Add(c->emptied, parent) < 0;
    Py_DECREF(parent);
    if (failed || forget(c, w, node) < 0) {
        return -1;
    }
    double vector[WIDTH_MAX];
    if (!measures_get(c->measures, node, vector)) {
        PyErr_SetString(PyExc_KeyError, "remove: an element without a measure");
        return -1;
    }
    double share[WIDTH_MAX];
    return contribution(c, node, vector, share) < 0 ? -1 : pending_push(c, w, node, share);
}

static void content_clear(Content *c) {
    Py_CLEAR(c->vectors);
    Py_CLEAR(c->gone);
    Py_CLEAR(c->emptied);
    Py_CLEAR(c->pending);
    Py_CLEAR(c->targets);
    Py_CLEAR(c->data_tables);
    Py_CLEAR(c->root);
}

/* The _Content attributes the pass works on (strong references). 0 or -1. */
static int read_content(PyObject *content, Content *c) {
    PyObject **slots[] = {&c->vectors, &c->gone, &c->emptied, &c->pending, &c->targets, &c->data_tables, &c->root};
    PyObject *names[] = {s_vectors, s_gone, s_emptied, s_pending, s_targets, s_data_tables, s_root};
    enum { DICT, SET, LIST, ANY };
    int kinds[] = {ANY, SET, SET, LIST, DICT, SET, ANY};
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        PyObject *value = PyObject_GetAttr(content, names[i]);
        if (value == NULL) {
            content_clear(c);
            return -1;
        }
        *slots[i] = value;
        int right = kinds[i] == DICT ? PyDict_Check(value) : kinds[i] == SET ? PySet_Check(value)
                                                          : kinds[i] == LIST ? PyList_Check(value) : 1;
        if (!right) {
            PyErr_Format(PyExc_TypeError, "remove_where: content.%U has the wrong type", names[i]);
            content_clear(c);
            return -1;
        }
    }
    if ((c->measures = cleanpass_measures(c->vectors, "remove_where")) == NULL) {
        content_clear(c);
        return -1;
    }
    return 0;
}

/* One target: skip it when gone, else settle it, ask `fishy` (None: always; cleaning._looks_fishy
 * itself: fishy.c's statement of it, with `verdict` read for the pass), remove. 0 or -1. */
static int judge(const Content *c, Work *w, PyObject *content, PyObject *tag, PyObject *fishy, Fishy *verdict,
                 PyObject *node) {
    int gone = PySet_Contains(c->gone, node);
    if (gone) {
        return gone < 0 ? -1 : 0;
    }
    if (settle(c, w, node) < 0) {
        return -1;
    }
    int removed = 1;
    if (verdict != NULL) {
        removed = looks_fishy(verdict, node, tag);
    } else if (fishy != Py_None) {
        PyObject *answer = PyObject_CallFunctionObjArgs(fishy, node, tag, content, NULL);
        removed = answer == NULL ? -1 : PyObject_IsTrue(answer);
        Py_XDECREF(answer);
    }
    return removed < 0 ? -1 : removed ? remove_node(c, w, node) : 0;
}

static PyObject *cleanpass_remove_where(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *content, *tag, *fishy;
    if (!PyArg_ParseTuple(args, "OUO:remove_where", &content, &tag, &fishy)) {
        return NULL;
    }
    if (h_link_weight == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_cleanpass.configure was not called");
        return NULL;
    }
    if (fishy != Py_None && !PyCallable_Check(fishy)) {
        PyErr_SetString(PyExc_TypeError, "remove_where: fishy is a callable or None");
        return NULL;
    }
    Content c;
    if (read_content(content, &c) < 0) {
        return NULL;
    }
    if (PyList_Size(c.pending) != 0) { /* every flush empties it, and the pass keeps its own */
        PyErr_SetString(PyExc_RuntimeError, "remove_where: content.pending holds shares of an unflushed pass");
        content_clear(&c);
        return NULL;
    }
    Work w;
    memset(&w, 0, sizeof w);
    Fishy verdict;
    int in_c = fishy_rule != NULL && fishy == fishy_rule;
    if (in_c && fishy_read(content, &verdict) < 0) {
        content_clear(&c);
        return NULL;
    }
    PyObject *targets = PyDict_GetItemWithError(c.targets, tag); /* borrowed */
    int failed = targets == NULL || !PyList_Check(targets);
    if (failed && !PyErr_Occurred()) {
        PyErr_SetString(PyExc_KeyError, "remove_where: no target list for this tag");
    }
    if (!failed) {
        Py_INCREF(targets);
        Py_ssize_t n = PyList_Size(targets); /* the targets when the pass began, as live() takes them */
        for (Py_ssize_t i = 0; !failed && i < n && i < PyList_Size(targets); i++) {
            PyObject *node = PyList_GetItem(targets, i);
            Py_XINCREF(node); /* held while the hooks run, whatever they do */
            failed = node == NULL || judge(&c, &w, content, tag, fishy, in_c ? &verdict : NULL, node) < 0;
            Py_XDECREF(node);
        }
        Py_DECREF(targets);
    }
    /* flush: settle every vector up to the root; what the root would pass on goes (work_free) */
    failed = failed || settle(&c, &w, c.root) < 0;
    work_free(&w);
    if (in_c) {
        fishy_clear(&verdict);
    }
    content_clear(&c);
    if (failed) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *cleanpass_configure(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *heading_tags, *counted_tags, *indexes, *weight;
    if (!PyArg_ParseTuple(args, "O!O!O!O:configure", &PyFrozenSet_Type, &heading_tags, &PyDict_Type, &counted_tags,
                          &PyTuple_Type, &indexes, &weight)) {
        return NULL;
    }
    Py_ssize_t *index_slots[] = {&i_text, &i_links, &i_heading, &i_list, &i_data_tables, &i_img, &i_embed, &width};
    const Py_ssize_t indexes_n = sizeof index_slots / sizeof index_slots[0];
    if (PyTuple_Size(indexes) != indexes_n || !PyCallable_Check(weight)) {
        PyErr_SetString(PyExc_TypeError, "configure(headings, counted, indexes, link_weight): wrong shape");
        return NULL;
    }
    if (read_vector_indexes(indexes, index_slots, indexes_n, WIDTH_MAX) < 0) {
        return NULL;
    }
    PyObject **slots[] = {&headings, &counted, &h_link_weight};
    PyObject *given[] = {heading_tags, counted_tags, weight};
    hold_all(slots, given, sizeof slots / sizeof slots[0]);
    Py_RETURN_NONE;
}

/* configure_element(Element): every file reads the Element slots in place (element_slots.h)
 * rather than through the attribute protocol (a descriptor look-up and call per read). */
static PyObject *cleanpass_configure_element(PyObject *module, PyObject *element) {
    (void)module;
    if (!PyType_Check(element)) {
        PyErr_SetString(PyExc_TypeError, "configure_element(Element)");
        return NULL;
    }
    allocfunc alloc = (allocfunc)PyType_GetSlot((PyTypeObject *)element, Py_tp_alloc);
    if (alloc == NULL || cleanpass_slots_find(element, alloc) < 0 || fishy_slots_find(element, alloc) < 0 ||
        tidy_slots_find(element, alloc) < 0) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_TypeError, "configure_element: Element has no allocator");
        }
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef cleanpass_methods[] = {
    {"configure_element", cleanpass_configure_element, METH_O,
     "configure_element(Element): read the Element slots in place."},
    {"configure_measures", measures_configure, METH_O,
     "configure_measures(Measures): the type of content.vectors (csrc/measures.h)."},
    {"configure", cleanpass_configure, METH_VARARGS,
     "configure(headings, counted, indexes, link_weight): the cleaner's tables, vector indexes and link weight."},
    {"remove_where", cleanpass_remove_where, METH_VARARGS,
     "remove_where(content, tag, fishy): engine.cleaning._remove_where's loop, settle and remove, in C."},
    {"configure_fishy", fishy_configure, METH_VARARGS,
     "configure_fishy(looks_fishy, tables, memos, patterns, thresholds, depth, indexes): _looks_fishy's tables."},
    {"configure_tidy", tidy_configure, METH_VARARGS,
     "configure_tidy(repeatable, repeated_min, repeated_max, hooks, text_walk, phrasing): the tidy's tables and "
     "rule hooks."},
    {"tidy", tidy_tidy, METH_VARARGS, "tidy(content, root): engine.cleaning._tidy(root, content), in C."},
    {"compact", tidy_compact, METH_VARARGS, "compact(emptied, gone): engine.cleaning._Content.compact, in C."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef cleanpass_module = {
    PyModuleDef_HEAD_INIT, "_cleanpass", "The cleaner's conditional pass in C (guest only).", -1, cleanpass_methods,
    NULL,                  NULL,         NULL,                                                 NULL,
};

PyMODINIT_FUNC PyInit__cleanpass(void) {
    struct {
        PyObject **slot;
        const char *name;
    } names[] = {
        {&s_tag, "tag"},         {&s_parent, "parent"},   {&s_children, "children"}, {&s_ul, "ul"},
        {&s_ol, "ol"},           {&s_a, "a"},             {&s_table, "table"},       {&s_vectors, "vectors"},
        {&s_gone, "gone"},       {&s_emptied, "emptied"}, {&s_pending, "pending"},
        {&s_targets, "targets"}, {&s_data_tables, "data_tables"}, {&s_root, "root"},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        *names[i].slot = PyUnicode_InternFromString(names[i].name);
        if (*names[i].slot == NULL) {
            return NULL;
        }
    }
    return PyModule_Create(&cleanpass_module);
}

/* Find dom.Element's slots for this file's reads (element_slots.h: static state per file). 0 or -1. */
int cleanpass_slots_find(PyObject *type, allocfunc alloc) { return element_slots_find(type, alloc); }
