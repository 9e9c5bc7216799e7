/* _copypass: the cleaner's copy-and-measure walk, in C, for the guest only.
 *
 * Why: engine.cleaning._Content.copy runs once per element of the chosen article content
 * (copy the element minus presentational attributes, measure its text children, sum its
 * children's measure vectors, note conditional-cleaning targets) and was the costliest Python
 * function of the cleaner inside the component, most of it mechanical. This module runs the
 * mechanical steps without bytecode and calls back into Python (the _Content methods that
 * state them) for the steps with rules of their own: an embed or h1/h2 to skip or not, a
 * furniture line (or what a label announced), a classed box, a lazy image, a data table, an
 * in-page link's weight. It is compiled for wasm32-wasi only and staged into the component by
 * sandbox/build.py; the host never loads it.
 *
 * Two screens spare most call-backs, each ruling a step out only when it certainly does nothing:
 *   leaves_box: asked only when the class or id value may name a box, by the verdicts per value
 *     in cleaning._BOX_NAMES (cleaning._is_box_name fills it for a value it does not hold);
 *   drops_furniture_line, with no label before: not asked for a line cleaning._is_unread_line
 *     leaves unread (no text; not mostly links and longer than its longest line), restated
 *     here with its two constants; nor for a plain line, which cleaning._line_clues finds no
 *     rule for (no start rule matches, no searched rule's gate admits it): the screen walks
 *     the line's text into code points (Element.text's walk, ../element_text.h), looks the
 *     gates' literals up in their C tables (gates.c) and matches cleaning._LINE_STARTS (the
 *     Python pattern, called on a str made then) only when an opening literal opens the line,
 *     so most lines cost no Python frame and no str (about five of six read lines over the
 *     corpora are plain).
 *
 * Contract: copy(content, node, top_level) returns what content.copy(node, top_level) returns
 * and leaves content's vectors (same values, same insertion order), targets, spans (kept in the
 * vectors' rows: csrc/measures.h), data tables, gone set and furniture length exactly as it
 * does (the Python method is the statement of the rules and the native path); a test compares
 * the two inside the guest on both corpora, markup soup and hostile nesting. Its memo of inner
 * tables' markers (content.table_markers) the frames carry instead: nothing else reads it. The
 * tag sets and vector indexes come from Python at import (configure), not restated. No
 * recursion: a heap stack of frames, one per open element, so any depth is walked; linear time
 * in the size of the copied tree.
 *
 * In place (content.undo a list: cleaning.InPlace) the walk makes no element: each element copied
 * is its own copy. Its four slots are appended to content.undo as they were (element, tag,
 * attrs, children, parent), then set as a new copy's would be: the kept attributes, a new
 * children list, no parent; the children it leaves out (set aside, never copied, skipped by the
 * hook) go to content.left_out. restore(undo) puts the slots back.
 *
 *   configure(Element, tables, indexes, hooks, screens, data_table_rule)
 *   copy(content, node, top_level)
 *   restore(undo)
 */
#include "copypass.h"
#include "../element_text.h" /* Element.text's walk and collapse, for the ruled-line screen */
#include "../element_slots.h" /* the Element slots read and written in place */
#include "../measures.h"      /* content.vectors: rows of doubles (_measures.Measures) */

#include <string.h>

#define WIDTH_MAX 16

/* engine.cleaning's tables (configure). */
static PyObject *never_copied, *asked_before_copy, *presentational, *sized_elements, *furniture_tags, *image_tags,
    *headings, *data_table_descendants, *cleaned_conditionally, *counted;
/* Vector indexes: text, links, commas, heading, list, data tables; and the width. */
static Py_ssize_t i_text, i_links, i_commas, i_heading, i_list, i_data_tables, width;
/* The _Content methods called back: skips, drops_furniture_line, leaves_box, measure_lazy_image;
 * and cleaning._is_marked_data_table, article_rules.link_weight. */
static PyObject *h_skips, *h_furniture, *h_box, *h_lazy_image, *h_data_table, *h_link_weight, *h_box_name;
/* The screens: cleaning._BOX_NAMES (value -> may name a box); _is_unread_line's constants;
 * _line_clues' pattern match (cleaning._LINE_STARTS.match) and its opening gate
 * (cleaning._STARTED_LINES), gates (cleaning._SEARCHED_LINES; both C tables are read per copy:
 * tests may re-index them) and longest searched line; and the tags Element.text does not enter
 * (dom.TEXT_CONTENT_SKIP, a frozenset), which configure checks are never copied: the screen
 * reads a line from the copied text as it is gathered, entering every copied element. */
static PyObject *box_names, *line_starts, *started_lines, *searched_lines, *text_skip;
static double longest_plain_line, promo_link_density, longest_ruled_line;
/* Interned names. */
static PyObject *s_class, *s_id, *s_width, *s_height, *s_href, *s_ul, *s_undo, *s_left_out,
    *s_ol, *s_a, *s_table, *s_caption, *s_vectors, *s_dropped, *s_gone, *s_targets,
    *s_data_tables, *s_table_attr, *s_tr, *s_td, *s_role, *s_datatable, *s_summary, *s_rowspan, *s_colspan;
/* _is_marked_data_table's thresholds (cleaning.DATA_TABLE_MIN_ROWS, DATA_TABLE_MIN_COLUMNS,
 * DATA_TABLE_MIN_CELLS) and the attribute values that rule a table out (role, datatable). */
static long data_min_rows, data_min_columns, data_min_cells;
static PyObject *layout_role, *not_data_value;
static PyObject *element_type; /* engine.dom.Element */
static allocfunc element_alloc;
/* A reusable buffer for the code points of one text node. */
static Py_UCS4 *scratch;
static Py_ssize_t scratch_cap;

/* What copy reads of the _Content (borrowed from it for the call). */
typedef struct {
    PyObject *content, *vectors, *dropped, *gone, *targets, *data_tables;
    PyObject *undo, *left_out; /* in place: content.undo and content.left_out (lists); else NULL */
    int none_dropped; /* the grab set nothing aside: no look-up per element */
    Measures *measures; /* vectors, as the Measures it is */
    PyObject *capsules[2]; /* strong: the C tables of the searched lines and of the start rules */
    const GatesTable *gates; /* the searched lines' table, or NULL when it is None (Python asks) */
    const GatesTable *started; /* the start rules' opening table, or NULL when it is None */
    /* The copied text, collapsed as Element.text writes it, gathered as the walk goes: each
     * frame's text is the tail from its line_start on when it is finished (see lines_tail). */
    Collapsed *lines;
} Content;

typedef struct {
    PyObject *node;     /* strong: the element copied */
    PyObject *attrs;    /* strong: its attributes */
    PyObject *children; /* strong: its children list */
    PyObject *copy;     /* strong: the copy */
    PyObject *kept;     /* strong: the copy's children list */
    PyObject *follows;  /* strong or NULL: the label the previous copied sibling was */
    Py_ssize_t next;    /* the next child to visit */
    Py_ssize_t first;   /* len(vectors) when the copy began */
    Py_ssize_t text_length, commas;
    /* below the copy: elements and characters of text, as Element.short_text counts them (no
     * copy holds a tag it skips): a block past its limits is no line, without a read */
    Py_ssize_t elements, chars;
    /* where the copy's text starts in content.lines, and whether a space was pending there;
     * the frame of the nearest copy at or around it that the screen may read (a furniture tag,
     * the top copy aside), or -1: the text below goes to content.lines while that one may still
     * be short (past the limits, no copy around it is short either) */
    Py_ssize_t line_start, reader;
    int line_gap;
    double total[WIDTH_MAX];
    int has_total, top_level;
    int marks; /* MARK_*: what the copied elements below hold (cleaning._table_markers) */
} Frame;

/* A copy's data-table markup (cleaning._table_markers): at or below it, a DATA_TABLE_DESCENDANTS
 * element or a non-empty <caption>; a <table>. */
enum { MARK_DATA = 1, MARK_TABLE = 2 };

typedef struct {
    Frame *frames;
    Py_ssize_t depth;
    Py_ssize_t cap;
} Stack;

/* What the tables say of a tag or attribute name (passes.h's memo): the sets it is in, and its
 * counted index plus one in the bits from KIND_COUNTED_SHIFT (0: not counted). */
enum {
    KIND_NEVER_COPIED = 1 << 0,
    KIND_ASKED_BEFORE_COPY = 1 << 1,
    KIND_SIZED = 1 << 2,
    KIND_PRESENTATIONAL = 1 << 3,
    KIND_FURNITURE = 1 << 4,
    KIND_IMAGE = 1 << 5,
    KIND_HEADING = 1 << 6,
    KIND_DATA_TABLE_DESCENDANT = 1 << 7,
    KIND_TARGET = 1 << 8, /* CLEANED_CONDITIONALLY: a key of content.targets */
    KIND_COUNTED_SHIFT = 16,
};
static StrKinds kinds;

static int compute_kind(PyObject *key, uint32_t *bits) {
    PyObject *sets[] = {never_copied,  asked_before_copy, sized_elements, presentational,        furniture_tags,
                        image_tags,    headings,          data_table_descendants, cleaned_conditionally};
    if (set_bits(key, sets, sizeof sets / sizeof sets[0], bits) < 0) {
        return -1;
    }
    PyObject *index = PyDict_GetItemWithError(counted, key); /* borrowed */
    if (index != NULL) {
        Py_ssize_t at = PyLong_AsSsize_t(index);
        if (at < 0 || at >= width) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_ValueError, "a counted tag's index is outside the vector");
            }
            return -1;
        }
        *bits |= (uint32_t)(at + 1) << KIND_COUNTED_SHIFT;
    }
    return PyErr_Occurred() ? -1 : 0;
}

/* The KIND_* bits of `key` into *bits. 0 or -1. */
static int kind(PyObject *key, uint32_t *bits) { return str_kind(&kinds, key, compute_kind, bits); }

/* Whether `key` has the KIND_* bit `which`: 1, 0, or -1 on error. */
static int is_kind(PyObject *key, uint32_t which) {
    uint32_t bits;
    return kind(key, &bits) < 0 ? -1 : (bits & which) != 0;
}

/* text_measure(text)[0] and text.count(",") of a text node (cleaning counts ASCII commas only). */
static int measure_text(PyObject *text, Py_ssize_t *length, Py_ssize_t *commas) {
    return measure_text_utf8(text, &scratch, &scratch_cap, NULL, 0, length, commas);
}

/* A list of `width` floats (new reference). */
static PyObject *vector_list(const double *vector) { return float_list(vector, width); }

/* Read a list of `width` numbers back into `vector`. 0 or -1. */
static int read_vector(PyObject *list, double *vector) { return read_float_list(list, vector, width); }

/* Element(tag, attrs) with an empty children list (new reference; `kept` borrowed from it). */
static PyObject *new_element(PyObject *tag, PyObject *attrs, PyObject **kept) {
    PyObject *element = element_alloc((PyTypeObject *)element_type, 0);
    PyObject *children = PyList_New(0);
    int failed = element == NULL || children == NULL || element_set(element, ELEMENT_TAG, tag) < 0 ||
                 element_set(element, ELEMENT_ATTRS, attrs) < 0 || element_set(element, ELEMENT_CHILDREN, children) < 0 ||
                 element_set(element, ELEMENT_PARENT, Py_None) < 0;
    Py_XDECREF(children); /* the element holds it */
    if (failed) {
        Py_XDECREF(element);
        return NULL;
    }
    *kept = children;
    return element;
}

/* Whether cleaning._kept_attributes leaves the attribute `name` out (presentational, or a size
 * on a sized tag): 1, 0, or -1. */
static int is_stripped(PyObject *name, int sized) {
    int stripped = is_kind(name, KIND_PRESENTATIONAL);
    if (stripped == 0 && sized) {
        stripped = is_tag(name, s_width) || is_tag(name, s_height);
    }
    return stripped;
}

/* cleaning._kept_attributes(tag, attrs) of a dict (new reference): `attrs` itself when nothing
 * is stripped. */
static PyObject *kept_attributes(PyObject *tag, PyObject *attrs) {
    int sized = is_kind(tag, KIND_SIZED);
    if (sized < 0) {
        return NULL;
    }
    /* Most elements have nothing to strip: the copy shares the page's dict. Nothing writes to a
     * copy's attributes in place (tidy's div-in-div merge and the lazy-image fix give the element
     * a new dict), so the page an earlier or later attempt reads is unchanged. */
    Py_ssize_t at = 0;
    PyObject *name, *value;
    int strips = 0;
    while (!strips && PyDict_Next(attrs, &at, &name, &value)) {
        strips = is_stripped(name, sized);
        if (strips < 0) {
            return NULL;
        }
    }
    if (!strips) {
        Py_INCREF(attrs);
        return attrs;
    }
    PyObject *kept = PyDict_New();
    at = 0;
    while (kept != NULL && PyDict_Next(attrs, &at, &name, &value)) {
        int dropped = is_stripped(name, sized);
        if (dropped < 0 || (!dropped && PyDict_SetItem(kept, name, value) < 0)) {
            Py_CLEAR(kept);
        }
    }
    return kept;
}

/* `node` as its own copy (in place): its slots (node, tag, attrs, children, parent) appended to
 * `undo` as they are, then set as new_element sets a copy's: `copied` attributes, a new children
 * list (`*kept`, borrowed from the node), no parent. The node (new reference), or NULL. */
static PyObject *copy_in_place(PyObject *undo, PyObject *node, PyObject *tag, PyObject *attrs, PyObject *children,
                               PyObject *copied, PyObject **kept) {
    PyObject *parent = element_get(node, ELEMENT_PARENT);
    PyObject *fresh = parent == NULL ? NULL : PyList_New(0);
    PyObject *was[] = {node, tag, attrs, children, parent};
    Py_ssize_t logged = PyList_Size(undo);
    int failed = fresh == NULL;
    for (size_t i = 0; !failed && i < sizeof was / sizeof was[0]; i++) {
        failed = PyList_Append(undo, was[i]) < 0;
    }
    if (failed && fresh != NULL) { /* no part of a five left in the log: restore reads fives */
        PyObject *type, *value, *traceback;
        PyErr_Fetch(&type, &value, &traceback);
        PyList_SetSlice(undo, logged, PyList_Size(undo), NULL);
        PyErr_Restore(type, value, traceback);
    }
    /* the log holds the old values before the slots drop them */
    failed = failed || element_set(node, ELEMENT_ATTRS, copied) < 0 || element_set(node, ELEMENT_CHILDREN, fresh) < 0 ||
             element_set(node, ELEMENT_PARENT, Py_None) < 0;
    Py_XDECREF(parent);
    Py_XDECREF(fresh); /* the node holds it */
    if (failed) {
        return NULL;
    }
    *kept = fresh;
    Py_INCREF(node);
    return node;
}

static int stack_push(const Content *c, Stack *stack, PyObject *node, PyObject *tag, Py_ssize_t first,
                      int top_level) {
    if (stack->depth == stack->cap && grow((void **)&stack->frames, &stack->cap, sizeof(Frame))) {
        return -1;
    }
    int furniture = stack->depth ? is_kind(tag, KIND_FURNITURE) : 0; /* the top copy is never read */
    if (furniture < 0) {
        return -1;
    }
    Py_ssize_t reader = furniture ? stack->depth : stack->depth ? stack->frames[stack->depth - 1].reader : -1;
    PyObject *attrs = element_attrs(node, "copy");
    PyObject *children = attrs == NULL ? NULL : element_children(node, "copy");
    PyObject *copied_attrs = children == NULL ? NULL : kept_attributes(tag, attrs);
    PyObject *kept = NULL;
    PyObject *copy = copied_attrs == NULL ? NULL
                     : c->undo == NULL    ? new_element(tag, copied_attrs, &kept)
                                          : copy_in_place(c->undo, node, tag, attrs, children, copied_attrs, &kept);
    Py_XDECREF(copied_attrs);
    if (copy == NULL) {
        Py_XDECREF(attrs);
        Py_XDECREF(children);
        return -1;
    }
    Frame *frame = &stack->frames[stack->depth++];
    memset(frame, 0, sizeof *frame);
    Py_INCREF(node);
    Py_INCREF(kept);
    frame->node = node;
    frame->attrs = attrs;
    frame->children = children;
    frame->copy = copy;
    frame->kept = kept;
    frame->first = first;
    frame->top_level = top_level;
    frame->line_start = c->lines->len;
    frame->line_gap = c->lines->gap;
    frame->reader = reader;
    return 0;
}

static void frame_clear(Frame *frame) {
    Py_CLEAR(frame->node);
    Py_CLEAR(frame->attrs);
    Py_CLEAR(frame->children);
    Py_CLEAR(frame->copy);
    Py_CLEAR(frame->kept);
    Py_CLEAR(frame->follows);
}

static void stack_free(Stack *stack) {
    while (stack->depth) {
        frame_clear(&stack->frames[--stack->depth]);
    }
    free(stack->frames);
}

/* The copy's tag (new reference): a hook may have renamed it. */
static PyObject *copy_tag(Frame *frame) { return element_get(frame->copy, ELEMENT_TAG); }

/* Call a hook and read its truth: 1, 0, or -1 on error. Steals nothing. */
static int hook_says(PyObject *hook, PyObject *a, PyObject *b, PyObject *c, PyObject *d) {
    PyObject *answer = PyObject_CallFunctionObjArgs(hook, a, b, c, d, NULL);
    if (answer == NULL) {
        return -1;
    }
    int truth = PyObject_IsTrue(answer);
    Py_DECREF(answer);
    return truth;
}

/* What data_table_in_c answers when Python must decide (cleaning._is_marked_data_table). */
enum { ASK_DATA_TABLE = 2 };

/* cleaning._span of ``attrs``' ``name`` into *span: 1 when absent or empty, the number of a value
 * of 1 to 9 ASCII digits; 0, or ASK_DATA_TABLE for any other value (int() decides: signs,
 * spaces, other digits, errors), -1 on error. */
static int span_of(PyObject *attrs, PyObject *name, long *span) {
    PyObject *value = PyDict_GetItemWithError(attrs, name); /* borrowed */
    *span = 1;
    if (value == NULL) {
        return PyErr_Occurred() ? -1 : 0;
    }
    Py_ssize_t n = PyUnicode_Check(value) ? PyUnicode_GetLength(value) : -1;
    if (n < 0 || n > 9) {
        return n < 0 && PyErr_Occurred() ? -1 : ASK_DATA_TABLE;
    }
    long number = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_ReadChar(value, i);
        if (c < '0' || c > '9') {
            return ASK_DATA_TABLE;
        }
        number = number * 10 + (long)(c - '0');
    }
    *span = n ? number : 1;
    return 0;
}

/* A walk's stack of elements, borrowed (the copied table holds them; nothing changes it). */
typedef struct {
    PyObject **items;
    Py_ssize_t n, cap;
} Nodes;

/* The Element children of ``node`` onto ``stack``. 0 or -1. */
static int push_elements(Nodes *stack, PyObject *node) {
    PyObject *children = element_children(node, "copy");
    if (children == NULL) {
        return -1;
    }
    int failed = 0;
    Py_ssize_t count = PyList_Size(children);
    for (Py_ssize_t i = 0; !failed && i < count; i++) {
        PyObject *child = PyList_GetItem(children, i); /* borrowed: node's list holds it */
        if (child == NULL) {
            failed = 1;
        } else if (!PyUnicode_Check(child)) {
            failed = stack->n == stack->cap && grow((void **)&stack->items, &stack->cap, sizeof(PyObject *));
            if (!failed) {
                stack->items[stack->n++] = child;
            }
        }
    }
    Py_DECREF(children);
    return failed ? -1 : 0;
}

/* cleaning._rows_and_columns of ``table`` (no table below it: the walk reads each element for
 * one table only) into *rows, *columns: rows sums each <tr>'s rowspan, columns is the most a
 * <tr> sums of its <td>s' colspans. 0, ASK_DATA_TABLE for a span int() must read or a <tr>
 * inside a <tr> (its cells count for both: Python decides), -1 on error. The sums are 64-bit:
 * a span has at most nine digits, so three of them pass wasm32's 32-bit long (Python's ints do
 * not wrap), and no document holds the 2**33 elements a 64-bit sum would need to wrap. */
static int rows_and_columns(PyObject *table, int64_t *rows, int64_t *columns) {
    Nodes stack = {NULL, 0, 0}, cells = {NULL, 0, 0};
    int result = push_elements(&stack, table);
    *rows = *columns = 0;
    while (result == 0 && stack.n > 0) {
        PyObject *node = stack.items[--stack.n];
        result = element_tag_is(node, s_tr);
        if (result == 1) { /* a row: its span, then its cells, all below it */
            PyObject *attrs = element_get(node, ELEMENT_ATTRS);
            long span = 1;
            int64_t sum = 0;
            result = attrs == NULL ? -1 : !PyDict_Check(attrs) ? ASK_DATA_TABLE : span_of(attrs, s_rowspan, &span);
            Py_XDECREF(attrs);
            *rows += span;
            result = result == 0 ? push_elements(&cells, node) : result;
            while (result == 0 && cells.n > 0) {
                PyObject *below = cells.items[--cells.n];
                int tr = element_tag_is(below, s_tr);
                int td = tr == 0 ? element_tag_is(below, s_td) : 0;
                result = tr < 0 || td < 0 ? -1 : tr ? ASK_DATA_TABLE : 0;
                if (result == 0 && td) {
                    PyObject *cell_attrs = element_get(below, ELEMENT_ATTRS);
                    long cell_span = 1;
                    result = cell_attrs == NULL            ? -1
                             : !PyDict_Check(cell_attrs) ? ASK_DATA_TABLE
                                                         : span_of(cell_attrs, s_colspan, &cell_span);
                    Py_XDECREF(cell_attrs);
                    sum += cell_span;
                }
                result = result == 0 ? push_elements(&cells, below) : result;
            }
            *columns = sum > *columns ? sum : *columns;
        } else if (result == 0) {
            result = push_elements(&stack, node);
        }
    }
    free(stack.items);
    free(cells.items);
    return result;
}

/* Whether ``value`` (an attribute value or NULL) is the str ``expected``: 1, 0, ASK_DATA_TABLE
 * for a value that is not a str, -1 on error. */
static int value_is(PyObject *value, PyObject *expected) {
    if (value == NULL) {
        return PyErr_Occurred() ? -1 : 0;
    }
    return !PyUnicode_CheckExact(value) ? ASK_DATA_TABLE : PyUnicode_Compare(value, expected) == 0;
}

/* cleaning._is_marked_data_table(table, markup, nested) in C: 1, 0, ASK_DATA_TABLE when Python
 * must decide (a span int() must read, nested rows, an attribute value not a str), -1 on
 * error. Why: it was called back for every table copied (14.5k calls on 1 MB of <a> around
 * tables, each walking the table's rows and cells in bytecode). */
static int data_table_in_c(PyObject *table, int markup, int nested) {
    PyObject *attrs = element_get(table, ELEMENT_ATTRS);
    if (attrs == NULL || !PyDict_Check(attrs)) {
        Py_XDECREF(attrs);
        return attrs == NULL ? -1 : ASK_DATA_TABLE;
    }
    int found = value_is(PyDict_GetItemWithError(attrs, s_role), layout_role);
    found = found ? found : value_is(PyDict_GetItemWithError(attrs, s_datatable), not_data_value);
    if (found) {
        Py_DECREF(attrs);
        return found == 1 ? 0 : found; /* role=presentation or datatable=0: not data */
    }
    PyObject *summary = PyDict_GetItemWithError(attrs, s_summary); /* borrowed */
    found = summary == NULL ? (PyErr_Occurred() ? -1 : 0) : PyObject_IsTrue(summary);
    Py_DECREF(attrs);
    if (found || markup || nested) {
        return found < 0 ? -1 : found || markup;
    }
    int64_t rows, columns;
    found = rows_and_columns(table, &rows, &columns);
    if (found) {
        return found;
    }
    if (rows == 1 || columns == 1) {
        return 0;
    }
    /* the product only once both are small (fewer rows, at most so many columns): no overflow */
    return rows >= data_min_rows || columns > data_min_columns || rows * columns > data_min_cells;
}

/* cleaning._is_box_name(value) for a class or id value, read from its memo when it holds the
 * value: 1, 0, or -1 on error. */
static int is_box_name(PyObject *value) {
    PyObject *known = PyDict_GetItemWithError(box_names, value); /* borrowed */
    if (known != NULL) {
        return PyObject_IsTrue(known);
    }
    if (PyErr_Occurred()) {
        return -1;
    }
    return hook_says(h_box_name, value, NULL, NULL, NULL);
}

/* cleaning._may_name_a_box(attrs): 1, 0, or -1 on error. */
static int may_name_a_box(PyObject *attrs) {
    PyObject *names[] = {s_class, s_id};
    for (size_t i = 0; i < 2; i++) {
        PyObject *value = PyDict_GetItemWithError(attrs, names[i]); /* borrowed */
        if (value == NULL) {
            if (PyErr_Occurred()) {
                return -1;
            }
            continue;
        }
        int named = PyObject_IsTrue(value);
        if (named > 0) {
            Py_INCREF(value); /* held while the memo's hook runs */
            named = is_box_name(value);
            Py_DECREF(value);
        }
        if (named) {
            return named;
        }
    }
    return 0;
}

/* The tail of content.copy for a frame whose children are all visited: the box test, the lazy
 * image, the vector, the targets; `share` gets what the copy adds to its parent's vector.
 * 1 when the copy stays, 0 when it went (a box), -1 on error. */
static int finish(const Content *c, Frame *frame, double *share, int *marks) {
    double *total = frame->total;
    if (frame->text_length) {
        total[i_text] += (double)frame->text_length;
        total[i_commas] += (double)frame->commas;
    }
    if (!frame->top_level) {
        int classed = 0;
        if (PyDict_Size(frame->attrs) > 0) { /* most elements have no attributes: no look-ups then */
            classed = PyDict_Contains(frame->attrs, s_class);
            if (classed == 0) {
                classed = PyDict_Contains(frame->attrs, s_id);
            }
        }
        if (classed < 0) {
            return -1;
        }
        if (classed) {
            classed = may_name_a_box(frame->attrs);
        }
        if (classed < 0) {
            return -1;
        }
        if (classed) {
            PyObject *list = vector_list(total);
            int leaves = list == NULL ? -1 : hook_says(h_box, c->content, frame->copy, frame->attrs, list);
            Py_XDECREF(list);
            if (leaves) {
                return leaves < 0 ? -1 : 0;
            }
        }
    }
    PyObject *tag = copy_tag(frame);
    if (tag == NULL) {
        return -1;
    }
    int failed = 0;
    uint32_t bits = 0;
    int image = kind(tag, &bits) < 0 ? -1 : (bits & KIND_IMAGE) != 0;
    if (image) {
        Py_ssize_t held = PyList_Size(frame->kept);
        PyObject *list = image < 0 ? NULL : vector_list(total);
        PyObject *measured = list == NULL ? NULL : PyObject_CallFunctionObjArgs(h_lazy_image, c->content, frame->copy, list, NULL);
        failed = measured == NULL || read_vector(measured, total) < 0;
        frame->elements += PyList_Size(frame->kept) - held; /* an image given its source */
        Py_XDECREF(list);
        Py_XDECREF(measured);
    }
    Py_ssize_t row = failed ? -1 : measures_put(c->measures, frame->copy, total);
    failed = row < 0;
    PyObject *targets = failed || !(bits & KIND_TARGET) ? NULL : PyDict_GetItemWithError(c->targets, tag); /* borrowed */
    failed = failed || PyErr_Occurred() != NULL;
    if (!failed && targets != NULL) {
        failed = PyList_Append(targets, frame->copy) < 0;
        if (!failed) {
            measures_set_first(c->measures, row, frame->first); /* spans[copy] = (first, row) */
        }
        if (!failed && is_tag(tag, s_table)) {
            /* the markers (cleaning._table_markers) go up in the frames, not into a dict */
            int markup = (frame->marks & MARK_DATA) != 0, nested = (frame->marks & MARK_TABLE) != 0;
            int data = data_table_in_c(frame->copy, markup, nested);
            if (data == ASK_DATA_TABLE) {
                data = hook_says(h_data_table, frame->copy, markup ? Py_True : Py_False, nested ? Py_True : Py_False,
                                 NULL);
            }
            failed = data < 0 || (data && PySet_Add(c->data_tables, frame->copy) < 0);
        }
    }
    /* what the parent's markers learn from this copy */
    int markup = failed ? 0 : (bits & KIND_DATA_TABLE_DESCENDANT) != 0;
    if (markup == 0 && is_tag(tag, s_caption)) {
        markup = PyList_Size(frame->kept) > 0;
    }
    failed = failed || markup < 0;
    *marks = frame->marks | (markup > 0 ? MARK_DATA : 0) | (is_tag(tag, s_table) ? MARK_TABLE : 0);
    /* _Content._contribution */
    memcpy(share, total, sizeof(double) * (size_t)width);
    uint32_t counted_at = bits >> KIND_COUNTED_SHIFT; /* its index plus one (compute_kind checked it) */
    int heading = (bits & KIND_HEADING) != 0;
    if (failed) {
        /* reported below */
    } else if (counted_at) {
        share[counted_at - 1] += 1;
    } else if (heading) {
        share[i_heading] = share[i_text];
    } else if (is_tag(tag, s_ul) || is_tag(tag, s_ol)) {
        share[i_list] = share[i_text];
    } else if (is_tag(tag, s_a)) {
        PyObject *attrs = element_get(frame->copy, ELEMENT_ATTRS);
        PyObject *href = attrs != NULL && PyDict_Check(attrs) ? PyDict_GetItemWithError(attrs, s_href) : NULL;
        double weight = 1.0;
        failed = attrs == NULL || PyErr_Occurred() != NULL;
        if (!failed && (!PyDict_Check(attrs) || (href != NULL && PyUnicode_Check(href) && PyUnicode_GetLength(href) > 0 &&
                                                 PyUnicode_ReadChar(href, 0) == '#'))) {
            PyObject *answer = PyObject_CallFunctionObjArgs(h_link_weight, frame->copy, NULL);
            weight = answer == NULL ? -1.0 : PyFloat_AsDouble(answer);
            failed = answer == NULL || PyErr_Occurred() != NULL;
            Py_XDECREF(answer);
        }
        Py_XDECREF(attrs);
        share[i_links] = share[i_text] * weight;
    } else if (is_tag(tag, s_table)) {
        int data = PySet_Contains(c->data_tables, frame->copy);
        failed = data < 0;
        share[i_data_tables] += data > 0;
    }
    Py_DECREF(tag);
    return failed ? -1 : 1;
}

/* How far the screen reads a line (dom.SHORT_TEXT_LIMITS: Element.short_text's, which
 * cleaning._furniture_line reads). */
static ShortRead line_read;

/* content.lines, kept between calls (COLLAPSED_KEPT) while no call is using it. */
static Collapsed kept_lines;
static int kept_lines_busy;

/* The text of the finished copy `done`, as Element.short_text reads it (collapsed, no leading
 * space), in place in content.lines: its tail from done's line_start on.
 *
 * Why: the screen reads each short block's whole text, and nested blocks each hold the text of
 * the ones inside, so walking every block's subtree again (as it did) read each piece of text
 * once per enclosing level: up to 64 levels (the short-text limits) and 400 characters a block,
 * a third of a call on blocks nested a few deep. The walk gathers the copied text once, in
 * document order; a copy's pieces are then one run at the end, because the walk finishes a copy
 * right after its last descendant and a child left out takes its text back out (lines_drop).
 * Collapsing is the same on the run as on the block alone but for the one space pending before
 * it, written at the run's start, which the block's own text does not open with. */
static Collapsed lines_tail(const Content *c, const Frame *done) {
    Py_ssize_t start = done->line_start;
    if (start < c->lines->len && c->lines->out[start] == ' ') {
        start++; /* whitespace is always collapsed: a space written here is the pending one */
    }
    return (Collapsed){c->lines->out + start, c->lines->len - start, c->lines->cap - start, 0};
}

/* Take the text of `done` back out of content.lines, as if it had never been copied. */
static void lines_drop(const Content *c, const Frame *done) {
    c->lines->len = done->line_start;
    c->lines->gap = done->line_gap;
}

/* Whether cleaning._line_clues finds a rule that may hold for the line of the finished copy
 * `done`, of text length `length` (restated: a start rule matches, or, up to the longest
 * searched line, a gate admits its text): 1, or 0 for a plain line (nothing to call back for),
 * -1 on error. The line's text becomes a str only for the start rules' pattern, when an opening
 * literal opens it. */
static int may_be_ruled_line(const Content *c, const Frame *done, double length) {
    if (c->gates == NULL || c->started == NULL) {
        return 1; /* no C table: asked in Python */
    }
    /* fold once, ask both tables; the start rules' match only when an opening literal opens
     * the line (_STARTED_LINES.may_match: for most lines, none does). The caller saw the copy
     * within the short-text limits, so its text is all in content.lines. */
    uint32_t opens = 0, found = 0;
    Collapsed line = lines_tail(c, done);
    Py_ssize_t n = gates_fold_points(line.out, line.len);
    int ruled = n < 0 || gates_scan(c->started, n, &opens) < 0 ? -1 : 0;
    if (ruled == 0 && length <= longest_ruled_line) {
        ruled = gates_scan(c->gates, n, &found) < 0 ? -1 : found != 0;
    }
    if (ruled == 0 && opens) {
        ruled = collapsed_matches(&line, line_starts);
    }
    return ruled;
}

/* A copied child `copy` (with `share`, and `done`'s counts below it) goes into the parent
 * frame's copy, unless it is a furniture line or what the label before it announced. 0 or -1. */
static int adopt(const Content *c, Frame *parent, PyObject *copy, const double *share, int marks, const Frame *done) {
    PyObject *tag = element_get(copy, ELEMENT_TAG);
    int asked = tag == NULL ? -1 : parent->follows != NULL ? 1 : is_kind(tag, KIND_FURNITURE);
    Py_XDECREF(tag);
    if (asked < 0) {
        return -1;
    }
    if (asked && parent->follows == NULL) { /* cleaning._is_unread_line: not read, so not asked */
        double length = share[i_text], links = share[i_links];
        asked = !(length == 0.0 || (links < length * promo_link_density && length > longest_plain_line)) &&
                done->elements <= line_read.elements && done->chars <= line_read.chars; /* else not short */
        if (asked) {
            asked = may_be_ruled_line(c, done, length);
            if (asked < 0) {
                return -1;
            }
        }
    }
    if (asked) {
        PyObject *list = vector_list(share);
        PyObject *follows = list == NULL ? NULL
                                         : PyObject_CallFunctionObjArgs(h_furniture, c->content, copy, list,
                                                                        parent->follows ? parent->follows : Py_None, NULL);
        Py_XDECREF(list);
        if (follows == NULL) {
            return -1;
        }
        Py_CLEAR(parent->follows);
        if (follows != Py_None) {
            parent->follows = follows;
        } else {
            Py_DECREF(follows);
        }
        int gone = PySet_Contains(c->gone, copy);
        if (gone) {
            lines_drop(c, done);
            return gone < 0 ? -1 : 0;
        }
    }
    if (done->elements > line_read.elements || done->chars > line_read.chars) {
        lines_drop(c, done); /* no block around it is short: none reads it */
    }
    if (element_set(copy, ELEMENT_PARENT, parent->copy) < 0 || PyList_Append(parent->kept, copy) < 0) {
        return -1;
    }
    parent->elements += 1 + done->elements;
    parent->chars += done->chars;
    parent->marks |= marks;
    if (!parent->has_total) {
        memcpy(parent->total, share, sizeof(double) * (size_t)width);
        parent->has_total = 1;
    } else {
        for (Py_ssize_t i = 0; i < width; i++) {
            parent->total[i] += share[i];
        }
    }
    return 0;
}

/* An element not copied (set aside, never copied, skipped): noted in content.left_out when the
 * copy is in place. 0 or -1. */
static int left_out(const Content *c, PyObject *node) {
    return c->left_out == NULL ? 0 : PyList_Append(c->left_out, node);
}

/* Whether the text of the top frame goes to content.lines: a copy at or around it may be read,
 * and is not past the short-text limits yet (counting what it holds so far). */
static int gathers_lines(const Stack *stack) {
    const Frame *frame = &stack->frames[stack->depth - 1];
    if (frame->reader < 0 || frame->chars > line_read.chars) {
        return 0;
    }
    const Frame *reader = &stack->frames[frame->reader];
    return reader->chars <= line_read.chars && reader->elements <= line_read.elements;
}

/* Visit the next child of the top frame: measure text, or push an element to copy. 0 or -1. */
static int visit_child(const Content *c, Stack *stack, PyObject *child) {
    Frame *frame = &stack->frames[stack->depth - 1];
    if (PyUnicode_CheckExact(child)) {
        Py_ssize_t length, commas;
        if (PyList_Append(frame->kept, child) < 0 || measure_text(child, &length, &commas) < 0) {
            return -1;
        }
        frame->text_length += length;
        frame->commas += commas;
        frame->chars += PyUnicode_GetLength(child);
        return gathers_lines(stack) ? collapse_into(child, c->lines) : 0;
    }
    int dropped = c->none_dropped ? 0 : PySet_Contains(c->dropped, child);
    if (dropped) {
        return dropped < 0 || left_out(c, child) < 0 ? -1 : 0;
    }
    PyObject *tag = element_get(child, ELEMENT_TAG);
    if (tag == NULL) {
        return -1;
    }
    uint32_t bits;
    int skip = kind(tag, &bits) < 0 ? -1 : (bits & KIND_NEVER_COPIED) != 0;
    if (skip == 0 && (bits & KIND_ASKED_BEFORE_COPY)) {
        skip = hook_says(h_skips, c->content, child, NULL, NULL);
    }
    int failed = skip < 0 || (skip ? left_out(c, child) < 0 : stack_push(c, stack, child, tag, c->measures->n, 0) < 0);
    Py_DECREF(tag);
    return failed ? -1 : 0;
}

/* The _Content attributes copy works on (borrowed: content holds them for the call). */
static int read_content(PyObject *content, Content *c) {
    PyObject **slots[] = {&c->vectors, &c->dropped, &c->gone, &c->targets, &c->data_tables};
    PyObject *names[] = {s_vectors, s_dropped, s_gone, s_targets, s_data_tables};
    enum { MEASURES, DICT, SET };
    int kinds[] = {MEASURES, SET, SET, DICT, SET};
    c->content = content;
    c->capsules[0] = c->capsules[1] = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        PyObject *value = PyObject_GetAttr(content, names[i]);
        if (value == NULL) {
            return -1;
        }
        int right = kinds[i] == MEASURES ? 1 : kinds[i] == DICT ? PyDict_Check(value) : PySet_Check(value);
        Py_DECREF(value); /* content keeps it alive: nothing here rebinds these attributes */
        if (!right) {
            PyErr_Format(PyExc_TypeError, "copy: content.%U has the wrong type", names[i]);
            return -1;
        }
        *slots[i] = value;
    }
    if ((c->measures = measures_of(c->vectors, width, "copy")) == NULL) {
        return -1;
    }
    c->none_dropped = PySet_Size(c->dropped) == 0; /* the hooks add to gone, never to dropped */
    PyObject **logs[] = {&c->undo, &c->left_out};
    PyObject *log_names[] = {s_undo, s_left_out};
    for (int i = 0; i < 2; i++) {
        PyObject *value = PyObject_GetAttr(content, log_names[i]);
        if (value == NULL) {
            return -1;
        }
        Py_DECREF(value); /* content keeps it alive, as above */
        if (value != Py_None && !PyList_Check(value)) {
            PyErr_Format(PyExc_TypeError, "copy: content.%U is neither None nor a list", log_names[i]);
            return -1;
        }
        *logs[i] = value == Py_None ? NULL : value;
    }
    if ((c->undo == NULL) != (c->left_out == NULL)) {
        PyErr_SetString(PyExc_TypeError, "copy: content.undo and content.left_out are both lists or both None");
        return -1;
    }
    PyObject *gates[] = {searched_lines, started_lines};
    const GatesTable **tables[] = {&c->gates, &c->started};
    for (int i = 0; i < 2; i++) {
        c->capsules[i] = PyObject_GetAttr(gates[i], s_table_attr);
        *tables[i] = NULL;
        if (c->capsules[i] == NULL) {
            return -1;
        }
        if (c->capsules[i] != Py_None && !PyCapsule_CheckExact(c->capsules[i])) {
            PyErr_SetString(PyExc_TypeError, "copy: a literal gates' table is not a capsule");
            return -1;
        }
        if (c->capsules[i] != Py_None && (*tables[i] = gates_table(c->capsules[i])) == NULL) {
            return -1;
        }
    }
    return 0;
}

static PyObject *copy_content(const Content *c, PyObject *node, int top_level);

static PyObject *copypass_copy(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *content, *node;
    int top_level;
    if (!PyArg_ParseTuple(args, "OOp:copy", &content, &node, &top_level)) {
        return NULL;
    }
    if (element_type == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_copypass.configure was not called");
        return NULL;
    }
    Content c;
    PyObject *result = read_content(content, &c) < 0 ? NULL : copy_content(&c, node, top_level);
    Py_XDECREF(c.capsules[0]);
    Py_XDECREF(c.capsules[1]);
    return result;
}

/* copypass_copy once the content is read. */
static PyObject *copy_content(const Content *cp, PyObject *node, int top_level) {
    Content c = *cp;
    PyObject *content = c.content;
    PyObject *tag = element_get(node, ELEMENT_TAG);
    if (tag == NULL) {
        return NULL;
    }
    if (!top_level) {
        uint32_t bits;
        int skip = kind(tag, &bits) < 0 ? -1 : (bits & KIND_NEVER_COPIED) != 0;
        if (skip == 0 && (bits & KIND_ASKED_BEFORE_COPY)) {
            skip = hook_says(h_skips, content, node, NULL, NULL);
        }
        if (skip) {
            Py_DECREF(tag);
            if (skip < 0 || left_out(&c, node) < 0) {
                return NULL;
            }
            Py_RETURN_NONE;
        }
    }
    Collapsed own_lines = {NULL, 0, 0, 0};
    c.lines = kept_lines_busy ? &own_lines : &kept_lines; /* a hook's copy inside a copy: its own */
    int kept = c.lines == &kept_lines;
    kept_lines_busy = 1;
    collapsed_start(c.lines);
    Stack stack = {NULL, 0, 0};
    int failed = stack_push(&c, &stack, node, tag, c.measures->n, top_level) < 0;
    Py_DECREF(tag);
    PyObject *result = NULL;
    double share[WIDTH_MAX];
    int marks = 0;
    while (!failed && stack.depth) {
        Frame *frame = &stack.frames[stack.depth - 1];
        if (frame->next < PyList_Size(frame->children)) {
            PyObject *child = PyList_GetItem(frame->children, frame->next++); /* bounds-checked */
            Py_XINCREF(child); /* held while the hooks run, whatever they do */
            failed = child == NULL || visit_child(&c, &stack, child) < 0;
            Py_XDECREF(child);
            continue;
        }
        int stays = finish(&c, frame, share, &marks);
        failed = stays < 0;
        if (failed) {
            break;
        }
        Frame done = *frame;
        stack.depth--;
        if (stack.depth && !stays) {
            lines_drop(&c, &done);
        } else if (stack.depth) {
            failed = adopt(&c, &stack.frames[stack.depth - 1], done.copy, share, marks, &done) < 0;
        } else if (stays) {
            PyObject *list = vector_list(share);
            result = list == NULL ? NULL : Py_BuildValue("(ON)", done.copy, list);
            failed = result == NULL;
        } else {
            result = Py_None;
            Py_INCREF(result);
        }
        frame_clear(&done);
    }
    stack_free(&stack);
    if (kept) {
        kept_lines_busy = 0;
        collapsed_done(&kept_lines);
    } else {
        free(own_lines.out);
    }
    if (failed) {
        Py_XDECREF(result);
        return NULL;
    }
    return result;
}

/* restore(undo): cleaning.restore_page's steps (cleaning._restore_python states them): each
 * element logged in `undo` by an in-place copy gets its four slots back. */
static PyObject *copypass_restore(PyObject *module, PyObject *undo) {
    (void)module;
    enum { LOGGED = 5 }; /* element, tag, attrs, children, parent */
    static const int slots[LOGGED - 1] = {ELEMENT_TAG, ELEMENT_ATTRS, ELEMENT_CHILDREN, ELEMENT_PARENT};
    if (!PyList_Check(undo)) {
        PyErr_SetString(PyExc_TypeError, "restore expects the list of slots an in-place copy kept");
        return NULL;
    }
    Py_ssize_t n = PyList_Size(undo);
    if (n % LOGGED) {
        PyErr_SetString(PyExc_ValueError,
                        "restore_page: the slots kept are not in fives (element, tag, attrs, children, parent)");
        return NULL;
    }
    if (element_type == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_copypass.configure was not called");
        return NULL;
    }
    for (Py_ssize_t at = 0; at < n; at += LOGGED) {
        PyObject *node = PyList_GetItem(undo, at); /* borrowed: the log holds them */
        for (int slot = 0; slot < LOGGED - 1; slot++) {
            if (node == NULL || element_set(node, slots[slot], PyList_GetItem(undo, at + 1 + slot)) < 0) {
                return NULL;
            }
        }
    }
    Py_RETURN_NONE;
}

static PyObject *copypass_configure(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *tables, *indexes, *hooks, *element, *names, *starts, *started, *searched, *fold, *translated, *skip,
        *limits;
    double longest, density, longest_ruled;
    long min_rows, min_columns, min_cells;
    PyObject *role, *not_data;
    ShortRead read;
    if (!PyArg_ParseTuple(args, "OO!O!O!(O!ddOOOdOOO!O)(lllUU):configure", &element, &PyTuple_Type, &tables,
                          &PyTuple_Type, &indexes, &PyTuple_Type, &hooks, &PyDict_Type, &names, &longest, &density,
                          &starts, &started, &searched, &longest_ruled, &fold, &translated, &PyFrozenSet_Type, &skip,
                          &limits, &min_rows, &min_columns, &min_cells, &role, &not_data) ||
        read_short_limits(limits, &read) < 0) {
        return NULL;
    }
    if (!PyCallable_Check(starts)) {
        PyErr_SetString(PyExc_TypeError, "configure: the line-start match is a callable");
        return NULL;
    }
    if (gates_configure_fold(fold, translated) < 0) {
        return NULL;
    }
    PyObject **table_slots[] = {&never_copied, &asked_before_copy,      &presentational,        &sized_elements,
                                &furniture_tags, &image_tags,         &headings,              &data_table_descendants,
                                &cleaned_conditionally, &counted};
    PyObject **hook_slots[] = {&h_skips,      &h_furniture,   &h_box,      &h_lazy_image,
                               &h_data_table, &h_link_weight, &h_box_name};
    Py_ssize_t *index_slots[] = {&i_text, &i_links, &i_commas, &i_heading, &i_list, &i_data_tables, &width};
    const Py_ssize_t tables_n = sizeof table_slots / sizeof table_slots[0];
    const Py_ssize_t hooks_n = sizeof hook_slots / sizeof hook_slots[0];
    const Py_ssize_t indexes_n = sizeof index_slots / sizeof index_slots[0];
    if (!PyType_Check(element) || PyTuple_Size(tables) != tables_n || PyTuple_Size(hooks) != hooks_n ||
        PyTuple_Size(indexes) != indexes_n) {
        PyErr_SetString(PyExc_TypeError, "configure(Element, tables, indexes, hooks, screens, data_table_rule): wrong shape");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < tables_n; i++) {
        PyObject *table = PyTuple_GetItem(tables, i);
        if (i == tables_n - 1 ? !PyDict_Check(table) : !PyFrozenSet_Check(table)) {
            PyErr_SetString(PyExc_TypeError, "configure: the tag tables are frozensets, the counted tags a dict");
            return NULL;
        }
    }
    int skipped_never_copied = PyObject_RichCompareBool(skip, PyTuple_GetItem(tables, 0), Py_LE);
    if (skipped_never_copied <= 0) {
        if (skipped_never_copied == 0) {
            PyErr_SetString(PyExc_ValueError, "configure: a tag Element.text skips is copied (the line screen would read "
                                              "its text): TEXT_CONTENT_SKIP must be within the never-copied tags");
        }
        return NULL;
    }
    for (Py_ssize_t i = 0; i < hooks_n; i++) {
        if (!PyCallable_Check(PyTuple_GetItem(hooks, i))) {
            PyErr_SetString(PyExc_TypeError, "configure: the hooks are callables");
            return NULL;
        }
    }
    allocfunc alloc = (allocfunc)PyType_GetSlot((PyTypeObject *)element, Py_tp_alloc);
    if (alloc == NULL) {
        PyErr_SetString(PyExc_TypeError, "configure: Element has no tp_alloc");
        return NULL;
    }
    if (read_vector_indexes(indexes, index_slots, indexes_n, WIDTH_MAX) < 0 || element_slots_find(element, alloc) < 0) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < tables_n; i++) {
        PyObject *table = PyTuple_GetItem(tables, i);
        Py_INCREF(table);
        Py_XDECREF(*table_slots[i]);
        *table_slots[i] = table;
    }
    for (Py_ssize_t i = 0; i < hooks_n; i++) {
        PyObject *hook = PyTuple_GetItem(hooks, i);
        Py_INCREF(hook);
        Py_XDECREF(*hook_slots[i]);
        *hook_slots[i] = hook;
    }
    str_kinds_clear(&kinds); /* answers of the previous tables */
    Py_INCREF(names);
    Py_XDECREF(box_names);
    box_names = names;
    data_min_rows = min_rows;
    data_min_columns = min_columns;
    data_min_cells = min_cells;
    Py_INCREF(role);
    Py_XDECREF(layout_role);
    layout_role = role;
    Py_INCREF(not_data);
    Py_XDECREF(not_data_value);
    not_data_value = not_data;
    longest_plain_line = longest;
    line_read = read;
    promo_link_density = density;
    longest_ruled_line = longest_ruled;
    PyObject **screen_slots[] = {&line_starts, &started_lines, &searched_lines, &text_skip};
    PyObject *screens[] = {starts, started, searched, skip};
    for (size_t i = 0; i < sizeof screens / sizeof screens[0]; i++) {
        Py_INCREF(screens[i]);
        Py_XDECREF(*screen_slots[i]);
        *screen_slots[i] = screens[i];
    }
    Py_INCREF(element);
    Py_XDECREF(element_type);
    element_type = element;
    element_alloc = alloc;
    Py_RETURN_NONE;
}

static PyMethodDef copypass_methods[] = {
    {"configure", copypass_configure, METH_VARARGS,
     "configure(Element, tables, indexes, hooks, screens, data_table_rule): the cleaner's tables, vector indexes, "
     "rule hooks "
     "and call-back screens."},
    {"configure_measures", measures_configure, METH_O,
     "configure_measures(Measures): the type of content.vectors (csrc/measures.h)."},
    {"copy", copypass_copy, METH_VARARGS, "copy(content, node, top_level): engine.cleaning._Content.copy, in C."},
    {"restore", copypass_restore, METH_O, "restore(undo): engine.cleaning.restore_page's steps, in C."},
    {"literal_table", gates_literal_table, METH_VARARGS,
     "literal_table(gates, proofs=(), openings=()): each gate's literals (proofs, openings), for gates_found."},
    {"gates_found", gates_found, METH_VARARGS,
     "gates_found(table, folded): bit i set when gate i's literals allow a match (LiteralGates.may_match)."},
    {"name_settler", gates_name_settler, METH_VARARGS,
     "name_settler(table, searches, verdicts, size, fold): a NameMemos group's settle, for names_settle and C."},
    {"names_settle", (PyCFunction)(void (*)(void))gates_names_settle, METH_FASTCALL,
     "names_settle(settler, value): NameMemos.settle (engine.article_rules)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef copypass_module = {
    PyModuleDef_HEAD_INIT, "_copypass", "The cleaner's copy walk and literal gates in C (guest only).", -1,
    copypass_methods,      NULL,        NULL,
    NULL,                  NULL,
};

PyMODINIT_FUNC PyInit__copypass(void) {
    struct {
        PyObject **slot;
        const char *name;
    } names[] = {
        {&s_class, "class"},     {&s_id, "id"},
        {&s_width, "width"},       {&s_height, "height"},   {&s_href, "href"},
        {&s_ul, "ul"},             {&s_ol, "ol"},           {&s_a, "a"},
        {&s_table, "table"},       {&s_caption, "caption"}, {&s_vectors, "vectors"}, {&s_dropped, "dropped"},
        {&s_gone, "gone"},         {&s_targets, "targets"}, {&s_data_tables, "data_tables"}, {&s_table_attr, "table"},
        {&s_tr, "tr"},             {&s_td, "td"},           {&s_role, "role"},       {&s_datatable, "datatable"},
        {&s_summary, "summary"},   {&s_rowspan, "rowspan"}, {&s_colspan, "colspan"},
        {&s_undo, "undo"},         {&s_left_out, "left_out"},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        *names[i].slot = PyUnicode_InternFromString(names[i].name);
        if (*names[i].slot == NULL) {
            return NULL;
        }
    }
    return PyModule_Create(&copypass_module);
}
