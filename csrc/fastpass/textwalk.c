/* render_text's walk and writer in C: engine.plaintext.render_text_python, node for node.
 *
 * Why: the plain-text rendering runs on every extraction and visits every node of the content;
 * inside the component its bytecode per node (a stack pop, type tests, set look-ups, the
 * writer's break bookkeeping) was most of its cost, and on dense hostile markup it was 5-17%
 * of an extraction. The walk is mechanical; the three decisions that are not (a permalink
 * anchor's text, a <pre>'s code, a data table's lines) stay in Python and are called back.
 * The table's call-back (plaintext._table_text) decides layout or data and places the caption,
 * and hands the rows back here (table_lines: plaintext._table_lines in C), whose cells this walk
 * renders: a Python call per cell was a fifth of a page of thousands of cells.
 *
 * Contract: the same string as render_text_python before ``without_invisible`` (which the
 * Python caller applies). configure_text takes the Element class (whose slots are then read in
 * place, element_slots.h), the tag sets and the helpers from plaintext.py at its import, so the
 * rules are stated once. No recursion: an explicit heap stack of nodes
 * and end markers, as in the Python; linear in the nodes and the text. Whitespace collapsing
 * (" ".join(text.split()), and markdown.collapse_whitespace) runs over the text's UTF-8 bytes and
 * knows every space str.isspace knows (is_space); a string with a lone surrogate, which has no
 * UTF-8, goes through str.split.
 */
#include "fastpass.h"

#include "../element_slots.h" /* the Element slots read in place (static: this file's own) */

#include <stdlib.h>
#include <string.h>

/* From plaintext.py (strong references, set once by configure_text). */
static PyObject *skipped_tags, *block_tags, *line_tags, *line_containers;
static PyObject *is_permalink, *pre_text, *table_text;
static PyObject *s_tag, *s_attrs, *s_children, *s_hidden, *s_href, *s_br, *s_a, *s_pre, *s_table;
static PyObject *s_space, *s_newline, *s_blank_line, *s_empty;

/* What the walk asks of a tag, as bits: one dict look-up per element (tag_kinds, built by
 * configure_text from the four tag sets and the four tags with a step of their own) instead of
 * up to four set look-ups and three comparisons. A tag in no set has no entry: 0. */
enum {
    TAG_SKIPPED = 1,
    TAG_BLOCK = 2,
    TAG_LINE = 4,
    TAG_LINE_CONTAINER = 8,
    TAG_BR = 16,
    TAG_A = 32,
    TAG_PRE = 64,
    TAG_TABLE = 128,
};
static PyObject *tag_kinds; /* dict: tag -> int of TAG_* bits */

typedef struct {
    PyObject *node; /* strong; NULL for an end marker */
    int level;      /* end marker: the break to request */
    int capped;     /* end marker: whether the element pushed a cap */
} Entry;

typedef struct {
    Entry *entries;
    Py_ssize_t len, cap;
    int *caps;
    Py_ssize_t caps_len, caps_cap;
    PyObject *parts; /* list of str */
    int pending_break, pending_space;
    char *scratch; /* the collapsing buffer, reused for every text node */
    Py_ssize_t scratch_cap;
} Walk;

static int push(Walk *walk, PyObject *node, int level, int capped) {
    if (reserve((void **)&walk->entries, &walk->cap, sizeof(Entry), walk->len + 1)) {
        return -1;
    }
    Py_XINCREF(node);
    walk->entries[walk->len++] = (Entry){node, level, capped};
    return 0;
}

static int append(Walk *walk, PyObject *text) { return PyList_Append(walk->parts, text); }

static int has_parts(Walk *walk) { return PyList_Size(walk->parts) > 0; }

static int current_cap(Walk *walk) { return walk->caps[walk->caps_len - 1]; }

/* _TextWriter.request_break */
static void request_break(Walk *walk, int level) {
    int cap = current_cap(walk);
    if (level > cap) {
        level = cap;
    }
    if (level > walk->pending_break) {
        walk->pending_break = level;
    }
    walk->pending_space = 0;
}

/* The length in bytes of the whitespace character (str.isspace) starting at ``bytes[i]`` of a
 * UTF-8 string of ``length`` bytes, 0 if the character there is not whitespace. The non-ASCII
 * ones of is_space, encoded: U+0085 U+00A0 (C2 xx), U+1680 (E1 9A 80), U+2000-U+200A U+2028
 * U+2029 U+202F (E2 80 xx), U+205F (E2 81 9F), U+3000 (E3 80 80). */
static Py_ssize_t space_bytes(const unsigned char *bytes, Py_ssize_t i, Py_ssize_t length) {
    unsigned char c = bytes[i];
    if (c < 0x80) {
        return is_space(c);
    }
    if (c == 0xC2 && i + 1 < length) {
        return (bytes[i + 1] == 0x85 || bytes[i + 1] == 0xA0) ? 2 : 0;
    }
    if (i + 2 >= length) {
        return 0;
    }
    unsigned char b = bytes[i + 1], d = bytes[i + 2];
    if (c == 0xE1) {
        return (b == 0x9A && d == 0x80) ? 3 : 0;
    }
    if (c == 0xE2 && b == 0x80) {
        return (d <= 0x8A || d == 0xA8 || d == 0xA9 || d == 0xAF) ? 3 : 0;
    }
    if (c == 0xE2 && b == 0x81) {
        return d == 0x9F ? 3 : 0;
    }
    if (c == 0xE3) {
        return (b == 0x80 && d == 0x80) ? 3 : 0;
    }
    return 0;
}

/* ``text`` with each run of whitespace made one space; with ``strip``, none at either end
 * (" ".join(text.split())). New reference. */
static PyObject *collapse(PyObject *text, int strip, char **scratch, Py_ssize_t *scratch_cap) {
    Py_ssize_t size;
    const char *bytes = PyUnicode_AsUTF8AndSize(text, &size);
    if (bytes == NULL) { /* a lone surrogate has no UTF-8: let str.split do it */
        PyErr_Clear();
        PyObject *words = PyObject_CallMethod(text, "split", NULL);
        if (words == NULL) {
            return NULL;
        }
        PyObject *joined = PyUnicode_Join(s_space, words);
        Py_DECREF(words);
        if (joined == NULL || strip || PyUnicode_GetLength(text) == 0) {
            return joined;
        }
        int lead = is_space(PyUnicode_ReadChar(text, 0));
        int trail = is_space(PyUnicode_ReadChar(text, PyUnicode_GetLength(text) - 1));
        PyObject *padded = PyUnicode_FromFormat("%s%U%s", lead ? " " : "", joined,
                                                trail && PyUnicode_GetLength(joined) ? " " : "");
        Py_DECREF(joined);
        return padded;
    }
    if (reserve((void **)scratch, scratch_cap, 1, size + 1)) {
        return NULL;
    }
    const unsigned char *in = (const unsigned char *)bytes;
    char *out = *scratch;
    Py_ssize_t written = 0;
    int gap = 0;
    for (Py_ssize_t i = 0; i < size;) {
        Py_ssize_t space = space_bytes(in, i, size);
        if (space) {
            gap = 1;
            i += space;
            continue;
        }
        if (gap && (written || !strip)) {
            out[written++] = ' ';
        }
        gap = 0;
        out[written++] = (char)in[i++];
    }
    if (gap && !strip) {
        out[written++] = ' ';
    }
    if (written == size && memcmp(out, in, (size_t)size) == 0) { /* already collapsed: no copy */
        Py_INCREF(text);
        return text;
    }
    return PyUnicode_DecodeUTF8(out, written, NULL);
}

static PyObject *collapsed(Walk *walk, PyObject *text) {
    return collapse(text, 1, &walk->scratch, &walk->scratch_cap);
}

/* markdown.collapse_whitespace, in C. */
PyObject *textwalk_collapse_whitespace(PyObject *self, PyObject *text) {
    (void)self;
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "collapse_whitespace expects a str");
        return NULL;
    }
    char *scratch = NULL;
    Py_ssize_t cap = 0;
    PyObject *result = collapse(text, 0, &scratch, &cap);
    free(scratch);
    return result;
}

/* _TextWriter.text */
static int write_text(Walk *walk, PyObject *text) {
    Py_ssize_t length = PyUnicode_GetLength(text);
    if (length < 0) {
        return -1;
    }
    PyObject *core = collapsed(walk, text);
    if (core == NULL) {
        return -1;
    }
    int status = 0;
    if (PyUnicode_GetLength(core) == 0) {
        if (length) {
            walk->pending_space = 1;
        }
        goto done;
    }
    if (walk->pending_break) {
        if (has_parts(walk) && append(walk, walk->pending_break == 2 ? s_blank_line : s_newline)) {
            goto fail;
        }
        walk->pending_break = 0;
    } else if (has_parts(walk) && (walk->pending_space || is_space(PyUnicode_ReadChar(text, 0)))) {
        if (append(walk, s_space)) {
            goto fail;
        }
    }
    if (append(walk, core)) {
        goto fail;
    }
    walk->pending_space = is_space(PyUnicode_ReadChar(text, length - 1));
    goto done;
fail:
    status = -1;
done:
    Py_DECREF(core);
    return status;
}

/* _TextWriter.verbatim: a block written as it is (code, a table's lines). */
static int write_verbatim(Walk *walk, PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "render_text: a helper returned a non-str");
        return -1;
    }
    if (PyUnicode_GetLength(text) == 0) {
        return 0;
    }
    request_break(walk, 2);
    if (has_parts(walk) && walk->pending_break &&
        append(walk, walk->pending_break == 2 ? s_blank_line : s_newline)) {
        return -1;
    }
    walk->pending_break = 0;
    if (append(walk, text)) {
        return -1;
    }
    request_break(walk, 2);
    return 0;
}

static int push_caps(Walk *walk, int cap) {
    if (reserve((void **)&walk->caps, &walk->caps_cap, sizeof(int), walk->caps_len + 1)) {
        return -1;
    }
    walk->caps[walk->caps_len++] = cap;
    return 0;
}

/* Push ``element``'s children, last first (so the first pops first). */
static int push_children(Walk *walk, PyObject *element) {
    PyObject *children = element_children(element, "render_text");
    if (children == NULL) {
        return -1;
    }
    int status = 0;
    for (Py_ssize_t i = PyList_Size(children) - 1; i >= 0 && status == 0; i--) {
        status = push(walk, PyList_GetItem(children, i), 0, 0);
    }
    Py_DECREF(children);
    return status;
}

/* 1 when the anchor is an in-page permalink to drop, 0 if not, -1 on error. */
static int dropped_anchor(PyObject *element, PyObject *attrs) {
    PyObject *href = PyDict_GetItemWithError(attrs, s_href); /* borrowed */
    if (href == NULL) {
        return PyErr_Occurred() ? -1 : 0;
    }
    if (!PyUnicode_Check(href) || PyUnicode_GetLength(href) == 0 || PyUnicode_ReadChar(href, 0) != '#') {
        return 0;
    }
    PyObject *answer = PyObject_CallFunctionObjArgs(is_permalink, element, NULL);
    if (answer == NULL) {
        return -1;
    }
    int truth = PyObject_IsTrue(answer);
    Py_DECREF(answer);
    return truth;
}

/* The TAG_* bits of ``tag`` (0 for a tag in no set), or -1 with an error set. */
static long kinds_of(PyObject *tag) {
    PyObject *kinds = PyDict_GetItemWithError(tag_kinds, tag); /* borrowed */
    if (kinds == NULL) {
        return PyErr_Occurred() ? -1 : 0;
    }
    return PyLong_AsLong(kinds);
}

/* One element popped off the stack. */
static int visit(Walk *walk, PyObject *element) {
    PyObject *tag = element_get(element, ELEMENT_TAG);
    if (tag == NULL) {
        return -1;
    }
    PyObject *attrs = element_get(element, ELEMENT_ATTRS);
    if (attrs == NULL) {
        Py_DECREF(tag);
        return -1;
    }
    int status = -1;
    if (!PyDict_Check(attrs)) {
        PyErr_SetString(PyExc_TypeError, "render_text: attrs is not a dict");
        goto done;
    }
    long kinds = kinds_of(tag);
    if (kinds < 0) {
        goto done;
    }
    int skip = (kinds & TAG_SKIPPED) != 0;
    if (!skip && (skip = PyDict_Contains(attrs, s_hidden)) < 0) {
        goto done;
    }
    if (skip) {
        status = 0;
        goto done;
    }
    if (!(kinds & TAG_BLOCK)) {
        if (kinds & TAG_BR) {
            request_break(walk, walk->pending_break + 1 < 2 ? walk->pending_break + 1 : 2);
            status = 0;
        } else if ((kinds & TAG_A) && (skip = dropped_anchor(element, attrs)) != 0) {
            status = skip < 0 ? -1 : 0;
        } else {
            status = push_children(walk, element);
        }
        goto done;
    }
    PyObject *helper = (kinds & TAG_PRE) ? pre_text : (kinds & TAG_TABLE) ? table_text : NULL;
    if (helper != NULL) {
        PyObject *text = PyObject_CallFunctionObjArgs(helper, element, NULL);
        if (text == NULL) {
            goto done;
        }
        if (text != Py_None) { /* a table's None: a layout table, walked as a block below */
            status = write_verbatim(walk, text);
            Py_DECREF(text);
            goto done;
        }
        Py_DECREF(text);
    }
    int capped = (kinds & TAG_LINE_CONTAINER) != 0;
    int level = (kinds & TAG_LINE) ? 1 : 2;
    /* _TextWriter.start_block */
    int cap = current_cap(walk);
    if ((level < cap ? level : cap) > walk->pending_break) {
        walk->pending_break = level < cap ? level : cap;
    }
    walk->pending_space = 0;
    if (capped && push_caps(walk, 1)) {
        goto done;
    }
    if (push(walk, NULL, level, capped) == 0) {
        status = push_children(walk, element);
    }
done:
    Py_DECREF(attrs);
    Py_DECREF(tag);
    return status;
}

PyObject *textwalk_render_text(PyObject *self, PyObject *root) {
    (void)self;
    if (block_tags == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "render_text: configure_text was not called");
        return NULL;
    }
    Walk walk = {0};
    PyObject *result = NULL;
    walk.parts = PyList_New(0);
    if (walk.parts == NULL || push_caps(&walk, 2) || push(&walk, root, 0, 0)) {
        goto done;
    }
    while (walk.len) {
        Entry entry = walk.entries[--walk.len];
        int status;
        if (entry.node == NULL) { /* _TextWriter.end_block */
            if (entry.capped && walk.caps_len > 1) {
                walk.caps_len--;
            }
            request_break(&walk, entry.level);
            continue;
        }
        status = PyUnicode_Check(entry.node) ? write_text(&walk, entry.node) : visit(&walk, entry.node);
        Py_DECREF(entry.node);
        if (status) {
            goto done;
        }
    }
    result = PyUnicode_Join(s_empty, walk.parts);
done:
    while (walk.len) {
        Py_XDECREF(walk.entries[--walk.len].node);
    }
    free(walk.entries);
    free(walk.caps);
    free(walk.scratch);
    Py_XDECREF(walk.parts);
    return result;
}

/* Whether the walk of ``element`` writes just its one child, a text: the element is neither skipped
 * nor hidden nor one with a step of its own (br, a, pre, table), and that child is a str. 1 with
 * *text set (new reference), 0, or -1. Why: most table cells are that, and a walk of its own
 * (its stack, its parts list, its join) cost more than the cell's text. */
static int single_text(PyObject *element, PyObject **text) {
    *text = NULL;
    PyObject *tag = element_get(element, ELEMENT_TAG);
    long kinds = tag == NULL ? -1 : kinds_of(tag);
    Py_XDECREF(tag);
    if (kinds < 0) {
        return -1;
    }
    if (kinds & (TAG_SKIPPED | TAG_BR | TAG_A | TAG_PRE | TAG_TABLE)) {
        return 0;
    }
    PyObject *attrs = element_get(element, ELEMENT_ATTRS);
    int hidden = attrs == NULL ? -1 : PyDict_Check(attrs) ? PyDict_Contains(attrs, s_hidden) : 1;
    Py_XDECREF(attrs);
    if (hidden) {
        return hidden < 0 ? -1 : 0;
    }
    PyObject *children = element_get(element, ELEMENT_CHILDREN);
    if (children == NULL) {
        return -1;
    }
    if (PyList_Check(children) && PyList_Size(children) == 1 && PyUnicode_Check(PyList_GetItem(children, 0))) {
        *text = PyList_GetItem(children, 0);
        Py_INCREF(*text);
    }
    Py_DECREF(children);
    return *text != NULL;
}

/* One cell of a table row: render_text(cell) (the walk above, ``soft_hyphen`` removed as
 * without_invisible does) on one line (" ".join(text.split())). New reference. */
static PyObject *cell_line(PyObject *cell, PyObject *soft_hyphen, char **scratch, Py_ssize_t *scratch_cap) {
    PyObject *text = NULL;
    int single = single_text(cell, &text);
    if (single < 0) {
        return NULL;
    }
    if (single) { /* the walk would write this text collapsed, and nothing else */
        int hyphenated = PyUnicode_Contains(text, soft_hyphen);
        PyObject *line = hyphenated ? NULL : collapse(text, 1, scratch, scratch_cap);
        Py_DECREF(text);
        if (hyphenated <= 0) {
            return line;
        }
    }
    text = textwalk_render_text(NULL, cell);
    int hyphenated = text == NULL ? -1 : PyUnicode_Contains(text, soft_hyphen);
    if (hyphenated > 0) {
        PyObject *shown = PyUnicode_Replace(text, soft_hyphen, s_empty, -1);
        Py_DECREF(text);
        text = shown;
    }
    if (text == NULL || hyphenated < 0) {
        Py_XDECREF(text);
        return NULL;
    }
    PyObject *line = collapse(text, 1, scratch, scratch_cap);
    Py_DECREF(text);
    return line;
}

/* plaintext._table_lines(rows), given CELL_SEPARATOR and SOFT_HYPHEN: per row with text, its
 * cells' lines joined by the separator, the empty cells after the last with text left out (what
 * str.rstrip leaves: a cell's line neither starts nor ends with a space). New reference. */
PyObject *textwalk_table_lines(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *rows, *separator, *soft_hyphen;
    if (!PyArg_ParseTuple(args, "O!UU:table_lines", &PyList_Type, &rows, &separator, &soft_hyphen)) {
        return NULL;
    }
    if (block_tags == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "table_lines: configure_text was not called");
        return NULL;
    }
    char *scratch = NULL;
    Py_ssize_t scratch_cap = 0;
    PyObject *lines = PyList_New(0);
    for (Py_ssize_t i = 0; lines != NULL && i < PyList_Size(rows); i++) {
        PyObject *row = PyList_GetItem(rows, i); /* borrowed; rows is held by the caller */
        if (!PyList_Check(row)) {
            PyErr_SetString(PyExc_TypeError, "table_lines: a row is not a list");
            Py_CLEAR(lines);
            break;
        }
        Py_ssize_t count = PyList_Size(row), shown = 0; /* shown: the cells up to the last with text */
        PyObject *cells = PyList_New(count);
        for (Py_ssize_t k = 0; cells != NULL && k < count; k++) {
            PyObject *line = cell_line(PyList_GetItem(row, k), soft_hyphen, &scratch, &scratch_cap);
            if (line == NULL) {
                Py_CLEAR(cells);
                break;
            }
            shown = PyUnicode_GetLength(line) ? k + 1 : shown;
            PyList_SetItem(cells, k, line); /* steals the reference */
        }
        PyObject *kept = cells == NULL || !shown ? NULL : PyList_GetSlice(cells, 0, shown);
        PyObject *joined = kept == NULL ? NULL : PyUnicode_Join(separator, kept);
        if (cells == NULL || (shown && joined == NULL) || (joined != NULL && PyList_Append(lines, joined))) {
            Py_CLEAR(lines);
        }
        Py_XDECREF(joined);
        Py_XDECREF(kept);
        Py_XDECREF(cells);
    }
    free(scratch);
    return lines;
}

/* Add ``bit`` to the kinds of every tag of ``tags`` (a set) in ``kinds``. 0 or -1. */
static int add_kind(PyObject *kinds, PyObject *tags, long bit) {
    PyObject *iterator = PyObject_GetIter(tags);
    if (iterator == NULL) {
        return -1;
    }
    PyObject *tag;
    int status = 0;
    while (status == 0 && (tag = PyIter_Next(iterator)) != NULL) {
        PyObject *known = PyDict_GetItemWithError(kinds, tag); /* borrowed */
        long value = known != NULL ? PyLong_AsLong(known) : 0;
        PyObject *updated = PyErr_Occurred() ? NULL : PyLong_FromLong(value | bit);
        status = updated == NULL || PyDict_SetItem(kinds, tag, updated) ? -1 : 0;
        Py_XDECREF(updated);
        Py_DECREF(tag);
    }
    Py_DECREF(iterator);
    return status || PyErr_Occurred() ? -1 : 0;
}

/* The tag_kinds dict of the four tag sets (TAG_SKIPPED, TAG_BLOCK, TAG_LINE, TAG_LINE_CONTAINER)
 * and the tags br, a, pre and table. New reference. */
static PyObject *tag_kinds_of(PyObject *const sets[4]) {
    PyObject *kinds = PyDict_New();
    PyObject *own = kinds == NULL ? NULL : Py_BuildValue("{OlOlOlOl}", s_br, (long)TAG_BR, s_a, (long)TAG_A, s_pre,
                                                          (long)TAG_PRE, s_table, (long)TAG_TABLE);
    const long bits[4] = {TAG_SKIPPED, TAG_BLOCK, TAG_LINE, TAG_LINE_CONTAINER};
    int status = own == NULL ? -1 : PyDict_Update(kinds, own);
    for (int i = 0; i < 4 && status == 0; i++) {
        status = add_kind(kinds, sets[i], bits[i]);
    }
    Py_XDECREF(own);
    if (status) {
        Py_XDECREF(kinds);
        return NULL;
    }
    return kinds;
}

PyObject *textwalk_configure_text(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *element, *given[7];
    if (!PyArg_ParseTuple(args, "OOOOOOOO:configure_text", &element, &given[0], &given[1], &given[2], &given[3],
                          &given[4], &given[5], &given[6])) {
        return NULL;
    }
    if (!PyType_Check(element)) {
        PyErr_SetString(PyExc_TypeError, "configure_text: the first argument is the Element class");
        return NULL;
    }
    for (int i = 0; i < 4; i++) {
        if (!PyAnySet_Check(given[i])) {
            PyErr_SetString(PyExc_TypeError, "configure_text: arguments 2-5 are tag sets");
            return NULL;
        }
    }
    for (int i = 4; i < 7; i++) {
        if (!PyCallable_Check(given[i])) {
            PyErr_SetString(PyExc_TypeError, "configure_text: the last three arguments are callables");
            return NULL;
        }
    }
    if (element_slots_of_type(element, "configure_text") < 0) {
        return NULL;
    }
    PyObject *kinds = tag_kinds_of(given);
    if (kinds == NULL) {
        return NULL;
    }
    Py_XDECREF(tag_kinds);
    tag_kinds = kinds;
    PyObject **const slots[] = {&skipped_tags, &block_tags, &line_tags, &line_containers,
                                &is_permalink, &pre_text,   &table_text};
    keep_references(slots, given, 7);
    Py_RETURN_NONE;
}

int textwalk_init(void) {
    const InternedName names[] = {
        {&s_tag, "tag"},   {&s_attrs, "attrs"},     {&s_children, "children"}, {&s_hidden, "hidden"},
        {&s_href, "href"}, {&s_br, "br"},           {&s_a, "a"},               {&s_pre, "pre"},
        {&s_table, "table"}, {&s_space, " "},       {&s_newline, "\n"},        {&s_blank_line, "\n\n"},
        {&s_empty, ""},
    };
    return intern_names(names, sizeof(names) / sizeof(names[0]));
}
