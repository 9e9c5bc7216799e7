/* _mdpass, third part: engine.markdown._MarkdownRenderer.list_block and _text in C, for the guest
 * only.
 *
 * Why: a list item cost ~20 Python calls inside the component (list_items' loop, _join_item_blocks,
 * _head, _all_str, the marker's f-string, _prefixed, _joined, _Nested's __init__): ~100k
 * instructions an item, 60% of a call on short items nested a few levels deep
 * (benchmarks/hostile_inputs.py closed-nested-lists), and every list of a real page pays it too.
 * The steps are mechanical; Python stays their statement and the native path, and the guest's
 * Markdown check renders both corpora, markup soup and the hostile nestings both ways
 * (tests/sandbox/test_c_mdpass.py).
 *
 * _text writes a _Nested block (what lists, quotes and definitions make) with every line's
 * prefixes: in Python, a call of _write per part and of _write_prefixed per text, ~40% of a call
 * on those nested lists once the lists themselves were in C.
 *
 * Contract: lists_list_block(renderer, element, out) appends to ``out`` what list_block appends,
 * the same str or _Nested blocks (_Nested made as its __init__ makes it). The C block walk calls it
 * for every list its handler table gives list_block. Called back: _start_number (an <ol>'s start
 * attribute), and _join_item_blocks for an item with a later block whose head opens with a
 * character outside ASCII while one head may open a list (``\d`` there is any Unicode decimal
 * digit). No recursion of its own: a nested list is reached through the block walk, one C frame
 * per level of list nesting, which the renderer caps (MAX_PREFIX_NESTING).
 *
 * nested_text(block) returns _text(block). Both without recursion of their own.
 *
 *   configure_lists(element_type, list_handler, list_tags, nested_class, join_item_blocks,
 *                   start_number, bullet_marker, bullet_indent, ordered_indent)
 *   nested_text(block) -> str
 */
#include "mdpass.h"

#include "../element_slots.h" /* the Element slots read in place */
#include "../element_text.h"  /* points_str */

static PyObject *list_handler, *list_tags, *nested_class, *join_item_blocks_py, *start_number_py, *bullet_marker;
static Py_ssize_t bullet_indent, ordered_indent;
static allocfunc nested_alloc; /* nested_class's tp_alloc */
static PyObject *s_ol, *s_li, *s_line_break, *s_blank_line, *s_no_text, *s_dot_space, *s_one_space, *s_one;

/* How many characters of a block's head (_head) decide whether it opens a list (_LIST_BLOCK:
 * "- ", or up to nine digits, a dot and a space). */
#define HEAD_READ 11

int lists_is_list_handler(PyObject *handler) { return list_handler != NULL && handler == list_handler; }

/* _Nested's slots: their names and where an instance keeps them (slots_probe.h; 0 when not
 * found, then they are read and set by attribute). Why in place: through the attribute protocol
 * the reads and writes of these slots were ~14% of a call on nested lists of short items (perf:
 * PyObject_GetAttr and PyObject_SetAttr under lists_list_block and nested_text). */
enum { NESTED_FIRST, NESTED_REST, NESTED_PARTS, NESTED_SLOTS };
static PyObject *nested_names[NESTED_SLOTS]; /* interned "first", "rest", "parts" */
static Py_ssize_t nested_offsets[NESTED_SLOTS];

/* A _Nested block's ``slot`` (new reference), naming what is wrong otherwise. */
static PyObject *nested_get(PyObject *block, int slot) {
    if ((PyObject *)Py_TYPE(block) != nested_class) {
        int nested = PyObject_IsInstance(block, nested_class);
        if (nested <= 0) {
            if (nested == 0) {
                PyErr_SetString(PyExc_TypeError, "markdown lists: a block is neither a str nor a _Nested");
            }
            return NULL;
        }
        return PyObject_GetAttr(block, nested_names[slot]); /* a subclass: by attribute */
    }
    return slot_read(block, nested_offsets[slot], nested_names[slot]);
}

/* _Nested(first, rest, parts) (new reference), made as its __init__ makes it: the class's
 * allocator, then its three slots set. Why: calling the class ran __init__'s bytecode in a frame
 * of its own, ~13% of a call on nested lists of short items (perf: type_call, object_vacall and
 * the frame's teardown). */
static PyObject *nested(PyObject *first, PyObject *rest, PyObject *parts) {
    PyObject *made = nested_alloc((PyTypeObject *)nested_class, 0);
    if (made == NULL) {
        return NULL;
    }
    PyObject *values[NESTED_SLOTS] = {first, rest, parts};
    for (int slot = 0; slot < NESTED_SLOTS; slot++) {
        if (slot_write(made, nested_offsets[slot], nested_names[slot], values[slot]) < 0) {
            Py_DECREF(made);
            return NULL;
        }
    }
    return made;
}

/* The first ``limit`` (at most HEAD_READ) code points of _head(block) into ``head``: their count,
 * or -1.
 * _head is first + _head(parts[0])[:16], so its start is each level's ``first`` in turn, then the
 * innermost str, as far as HEAD_READ (< 16) reaches. */
static Py_ssize_t head_start(PyObject *block, Py_UCS4 *head, Py_ssize_t limit) {
    Py_ssize_t n = 0;
    Py_INCREF(block);
    while (block != NULL && n < limit) {
        if (PyUnicode_Check(block)) {
            Py_ssize_t length = PyUnicode_GetLength(block);
            for (Py_ssize_t i = 0; i < length && n < limit; i++) {
                head[n++] = PyUnicode_ReadChar(block, i);
            }
            Py_DECREF(block);
            return PyErr_Occurred() ? -1 : n;
        }
        PyObject *first = nested_get(block, NESTED_FIRST);
        PyObject *parts = first == NULL ? NULL : nested_get(block, NESTED_PARTS);
        Py_DECREF(block);
        block = NULL;
        if (parts == NULL || !PyUnicode_Check(first) || !PyList_Check(parts)) {
            if (parts != NULL) {
                PyErr_SetString(PyExc_TypeError, "markdown lists: a _Nested block's first or parts has the wrong type");
            }
            Py_XDECREF(first);
            Py_XDECREF(parts);
            return -1;
        }
        Py_ssize_t length = PyUnicode_GetLength(first);
        for (Py_ssize_t i = 0; i < length && n < limit; i++) {
            head[n++] = PyUnicode_ReadChar(first, i);
        }
        if (PyList_Size(parts) > 0) {
            block = PyList_GetItem(parts, 0);
            Py_INCREF(block);
        }
        Py_DECREF(first);
        Py_DECREF(parts);
    }
    Py_XDECREF(block);
    return PyErr_Occurred() ? -1 : n;
}

enum { HEAD_PLAIN, HEAD_LIST, HEAD_UNSURE };

/* Whether _LIST_BLOCK matches a head's start: HEAD_LIST, HEAD_PLAIN, or HEAD_UNSURE (a character
 * outside ASCII where \d would read it, which may be a Unicode digit: Python decides). */
static int head_kind(const Py_UCS4 *head, Py_ssize_t n) {
    if (n == 0) {
        return HEAD_PLAIN;
    }
    if (head[0] >= 0x80) {
        return HEAD_UNSURE; /* not in _LIST_BLOCK_FIRST, but \d may match it */
    }
    if (head[0] == '-') {
        return n >= 2 && head[1] == ' ' ? HEAD_LIST : HEAD_PLAIN;
    }
    if (head[0] < '0' || head[0] > '9') {
        return HEAD_PLAIN;
    }
    Py_ssize_t digits = 0;
    while (digits < n && digits < 10 && head[digits] >= '0' && head[digits] <= '9') {
        digits++;
    }
    if (digits < n && digits < 10 && head[digits] >= 0x80) {
        return HEAD_UNSURE; /* a Unicode digit would lengthen the run */
    }
    return digits <= 9 && digits + 1 < n && head[digits] == '.' && head[digits + 1] == ' ' ? HEAD_LIST : HEAD_PLAIN;
}

/* _joined(blocks, separator) (new reference): one str when every block is one, else a _Nested
 * without prefixes over the blocks with the separator between them. */
static PyObject *joined(PyObject *blocks, PyObject *separator) {
    Py_ssize_t n = PyList_Size(blocks);
    int all_str = 1;
    for (Py_ssize_t i = 0; i < n && all_str; i++) {
        all_str = PyUnicode_CheckExact(PyList_GetItem(blocks, i));
    }
    if (all_str) {
        return PyUnicode_Join(separator, blocks);
    }
    int separated = PyUnicode_GetLength(separator) > 0;
    PyObject *parts = PyList_New(0);
    for (Py_ssize_t i = 0; parts != NULL && i < n; i++) {
        if ((i && separated && PyList_Append(parts, separator) < 0) || PyList_Append(parts, PyList_GetItem(blocks, i)) < 0) {
            Py_CLEAR(parts);
        }
    }
    PyObject *block = parts == NULL ? NULL : nested(s_no_text, s_no_text, parts);
    Py_XDECREF(parts);
    return block;
}

/* _prefixed(block, first, rest) (new reference): a one-line str gets ``first`` in front; other
 * blocks are wrapped in a _Nested with the prefixes (a _Nested without prefixes lends its parts). */
static PyObject *prefixed(PyObject *block, PyObject *first, PyObject *rest) {
    if (PyUnicode_Check(block)) {
        Py_ssize_t found = PyUnicode_FindChar(block, '\n', 0, PyUnicode_GetLength(block), 1);
        if (found == -2) {
            return NULL;
        }
        if (found == -1) {
            return PyUnicode_Concat(first, block);
        }
    } else {
        PyObject *own_first = nested_get(block, NESTED_FIRST);
        PyObject *own_rest = own_first == NULL ? NULL : nested_get(block, NESTED_REST);
        int bare = own_rest == NULL ? -1 : !PyObject_IsTrue(own_first) && !PyObject_IsTrue(own_rest);
        Py_XDECREF(own_first);
        Py_XDECREF(own_rest);
        if (bare < 0 || PyErr_Occurred()) {
            return NULL;
        }
        if (bare) {
            PyObject *parts = nested_get(block, NESTED_PARTS);
            PyObject *made = parts == NULL ? NULL : nested(first, rest, parts);
            Py_XDECREF(parts);
            return made;
        }
    }
    PyObject *parts = PyList_New(1);
    if (parts == NULL) {
        return NULL;
    }
    Py_INCREF(block);
    PyList_SetItem(parts, 0, block); /* steals */
    PyObject *made = nested(first, rest, parts);
    Py_DECREF(parts);
    return made;
}

/* _join_item_blocks(blocks): the item's blocks as one (*body, new reference) and whether it is
 * loose (*loose). A later block that opens a list follows on the next line; any other after a
 * blank line, which makes the item loose. 0 or -1. */
static int join_item_blocks(PyObject *blocks, PyObject **body, int *loose) {
    Py_ssize_t n = PyList_Size(blocks);
    *loose = 0;
    if (n == 1) {
        *body = PyList_GetItem(blocks, 0);
        Py_INCREF(*body);
        return 0;
    }
    /* whether a later block's head opens with a character of _LIST_BLOCK_FIRST: for most items,
     * none does, and the heads are read no further (an item past the depth cap holds a block per
     * unit of markup) */
    int maybe = 0, unsure = 0, status = 0;
    for (Py_ssize_t i = 1; i < n && !maybe; i++) {
        Py_UCS4 head[1];
        Py_ssize_t read = head_start(PyList_GetItem(blocks, i), head, 1);
        if (read < 0) {
            return -1;
        }
        maybe = read > 0 && (head[0] == '-' || (head[0] >= '0' && head[0] <= '9'));
    }
    /* then each later block's kind, on the stack for the common few and on the heap past them */
    char few[16];
    char *kinds = !maybe || n - 1 <= (Py_ssize_t)sizeof few ? few : malloc((size_t)(n - 1));
    if (kinds == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 1; maybe && i < n && status == 0; i++) {
        Py_UCS4 head[HEAD_READ];
        Py_ssize_t read = head_start(PyList_GetItem(blocks, i), head, HEAD_READ);
        if (read < 0) {
            status = -1;
            break;
        }
        kinds[i - 1] = (char)head_kind(head, read);
        unsure |= kinds[i - 1] == HEAD_UNSURE;
    }
    if (status == 0 && maybe && unsure) { /* _LIST_BLOCK.match runs on every head: Python's \d */
        PyObject *answer = PyObject_CallFunctionObjArgs(join_item_blocks_py, blocks, NULL);
        PyObject *first = NULL, *second = NULL;
        status = answer != NULL && PyTuple_Check(answer) && PyTuple_Size(answer) == 2 ? 0 : -1;
        if (status == 0) {
            first = PyTuple_GetItem(answer, 0);
            second = PyTuple_GetItem(answer, 1);
            *loose = PyObject_IsTrue(second);
            status = *loose < 0 ? -1 : 0;
        } else if (answer != NULL) {
            PyErr_SetString(PyExc_TypeError, "markdown lists: _join_item_blocks did not answer a pair");
        }
        if (status == 0) {
            *body = first;
            Py_INCREF(first);
        }
        Py_XDECREF(answer);
    } else if (status == 0 && !maybe) { /* no head may open a list: blank lines between all */
        *body = joined(blocks, s_blank_line);
        *loose = 1;
        status = *body == NULL ? -1 : 0;
    } else if (status == 0) {
        PyObject *parts = PyList_New(0);
        status = parts == NULL || PyList_Append(parts, PyList_GetItem(blocks, 0)) < 0 ? -1 : 0;
        for (Py_ssize_t i = 1; i < n && status == 0; i++) {
            int is_list = kinds[i - 1] == HEAD_LIST;
            *loose |= !is_list;
            status = PyList_Append(parts, is_list ? s_line_break : s_blank_line) < 0 ||
                             PyList_Append(parts, PyList_GetItem(blocks, i)) < 0
                         ? -1
                         : 0;
        }
        *body = status == 0 ? joined(parts, s_no_text) : NULL;
        status = *body == NULL ? -1 : 0;
        Py_XDECREF(parts);
    }
    if (kinds != few) {
        free(kinds);
    }
    return status;
}

/* _MarkdownRenderer.list_items(element): each non-empty item's blocks; stray text and elements
 * are items of their own, and a list right inside the list belongs to the item before it.
 * New reference, or NULL. */
static PyObject *list_items(PyObject *renderer, PyObject *element) {
    PyObject *children = element_get(element, ELEMENT_CHILDREN);
    PyObject *items = children == NULL ? NULL : PyList_New(0);
    if (items == NULL || !PyList_Check(children)) {
        if (items != NULL) {
            PyErr_SetString(PyExc_TypeError, "markdown lists: children is not a list");
        }
        Py_XDECREF(children);
        Py_XDECREF(items);
        return NULL;
    }
    int status = 0;
    for (Py_ssize_t i = 0; status == 0 && i < PyList_Size(children); i++) {
        PyObject *child = PyList_GetItem(children, i); /* borrowed: the list is held */
        PyObject *blocks = PyList_New(0);
        if (child == NULL || blocks == NULL) {
            Py_XDECREF(blocks);
            status = -1;
            break;
        }
        PyObject *tag = NULL;
        if (PyUnicode_Check(child)) {
            int space = mdpass_is_all_space(child);
            PyObject *run = space ? NULL : PyList_New(0);
            status = space < 0 || (!space && (run == NULL || mdpass_append_new(run, mdpass_inline_text(child)) < 0 ||
                                              mdpass_paragraphs(run, blocks) < 0))
                         ? -1
                         : 0;
            Py_XDECREF(run);
        } else {
            PyObject *attrs;
            int skip = mdpass_tag_and_attrs(child, &tag, &attrs) ? -1 : mdpass_skipped(tag, attrs);
            if (skip == 0) {
                int item = is_tag(tag, s_li);
                PyObject *inner = item ? element_get(child, ELEMENT_CHILDREN) : PyList_New(1);
                if (inner != NULL && !item) {
                    Py_INCREF(child);
                    PyList_SetItem(inner, 0, child); /* steals */
                }
                skip = inner == NULL || mdpass_walk_blocks(renderer, inner, blocks) < 0 ? -1 : 0;
                Py_XDECREF(inner);
            }
            if (tag != NULL) {
                Py_DECREF(attrs);
            }
            status = skip < 0 ? -1 : 0;
            if (skip) {
                Py_DECREF(blocks);
                Py_XDECREF(tag);
                continue;
            }
        }
        if (status == 0 && PyList_Size(blocks)) {
            Py_ssize_t held = PyList_Size(items);
            int in_list = tag != NULL && held ? PySet_Contains(list_tags, tag) : 0;
            if (in_list < 0) {
                status = -1;
            } else if (in_list) {
                PyObject *last = PyList_GetItem(items, held - 1);
                status = PyList_SetSlice(last, PyList_Size(last), PyList_Size(last), blocks);
            } else {
                status = PyList_Append(items, blocks);
            }
        }
        Py_XDECREF(tag);
        Py_DECREF(blocks);
    }
    Py_DECREF(children);
    if (status) {
        Py_DECREF(items);
        return NULL;
    }
    return items;
}

/* An item's indent: " " * max(least, len(marker)) (new reference). */
static PyObject *spaces(Py_ssize_t least, PyObject *marker) {
    Py_ssize_t width = PyUnicode_GetLength(marker);
    return width < 0 ? NULL : PySequence_Repeat(s_one_space, least > width ? least : width);
}

/* _MarkdownRenderer.list_block(element, out). 0 or -1. */
int lists_list_block(PyObject *renderer, PyObject *element, PyObject *out) {
    PyObject *items = list_items(renderer, element);
    if (items == NULL) {
        return -1;
    }
    Py_ssize_t n = PyList_Size(items);
    if (n == 0) {
        Py_DECREF(items);
        return 0;
    }
    PyObject *tag = element_get(element, ELEMENT_TAG);
    int ordered = tag != NULL && is_tag(tag, s_ol);
    Py_XDECREF(tag);
    PyObject *number = NULL; /* an <ol>'s next number */
    if (tag != NULL && ordered) {
        number = PyObject_CallFunctionObjArgs(start_number_py, element, NULL);
    }
    PyObject *rendered = tag == NULL || (ordered && number == NULL) ? NULL : PyList_New(0);
    PyObject *indent = rendered == NULL || ordered ? NULL : spaces(bullet_indent, bullet_marker);
    int status = rendered == NULL || (!ordered && indent == NULL) ? -1 : 0, loose = 0;
    for (Py_ssize_t i = 0; status == 0 && i < n; i++) {
        PyObject *body;
        int item_loose;
        if (join_item_blocks(PyList_GetItem(items, i), &body, &item_loose) < 0) {
            status = -1;
            break;
        }
        loose |= item_loose;
        PyObject *marker = bullet_marker, *item_indent = indent;
        Py_INCREF(marker);
        Py_XINCREF(item_indent);
        if (ordered) {
            Py_DECREF(marker);
            PyObject *digits = PyObject_Str(number);
            marker = digits == NULL ? NULL : PyUnicode_Concat(digits, s_dot_space);
            Py_XDECREF(digits);
            item_indent = marker == NULL ? NULL : spaces(ordered_indent, marker);
        }
        PyObject *item = item_indent == NULL ? NULL : prefixed(body, marker, item_indent);
        status = item == NULL || PyList_Append(rendered, item) < 0 ? -1 : 0;
        Py_XDECREF(item);
        Py_XDECREF(marker);
        Py_XDECREF(item_indent);
        Py_DECREF(body);
        if (status == 0 && ordered) {
            PyObject *next = PyNumber_Add(number, s_one);
            Py_DECREF(number);
            number = next;
            status = number == NULL ? -1 : 0;
        }
    }
    if (status == 0) {
        status = mdpass_append_new(out, joined(rendered, loose ? s_blank_line : s_line_break));
    }
    Py_XDECREF(indent);
    Py_XDECREF(rendered);
    Py_XDECREF(number);
    Py_DECREF(items);
    return status;
}

/* configure_lists(element_type, list_handler, list_tags, nested_class, join_item_blocks,
 * start_number, bullet_marker, bullet_indent, ordered_indent) */
PyObject *lists_configure_lists(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *given[6], *element; /* the handler, the tags, _Nested, the two call-backs, the bullet */
    Py_ssize_t bullet, ordered;
    if (!PyArg_ParseTuple(args, "O!OO!O!OOUnn:configure_lists", &PyType_Type, &element, &given[0], &PyFrozenSet_Type,
                          &given[1], &PyType_Type, &given[2], &given[3], &given[4], &given[5], &bullet, &ordered)) {
        return NULL;
    }
    if (!PyCallable_Check(given[0]) || !PyCallable_Check(given[3]) || !PyCallable_Check(given[4])) {
        PyErr_SetString(PyExc_TypeError, "configure_lists: the list handler, _join_item_blocks and _start_number are "
                                         "callables");
        return NULL;
    }
    allocfunc alloc = (allocfunc)PyType_GetSlot((PyTypeObject *)element, Py_tp_alloc);
    allocfunc made_by = (allocfunc)PyType_GetSlot((PyTypeObject *)given[2], Py_tp_alloc);
    if (alloc == NULL || made_by == NULL || element_slots_find(element, alloc) < 0) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_TypeError, "configure_lists: Element or _Nested has no tp_alloc");
        }
        return NULL;
    }
    PyObject **slots[] = {&list_handler, &list_tags, &nested_class, &join_item_blocks_py, &start_number_py,
                          &bullet_marker};
    hold_all(slots, given, sizeof slots / sizeof slots[0]);
    nested_alloc = made_by;
    if (slots_probe(nested_class, nested_alloc, nested_names, NESTED_SLOTS, nested_offsets) < 0) {
        return NULL;
    }
    bullet_indent = bullet;
    ordered_indent = ordered;
    Py_RETURN_NONE;
}

/* The interned names and constants this file uses; 0 or -1. */
int lists_init(void) {
    const InternedName names[] = {
        {&nested_names[NESTED_FIRST], "first"},
        {&nested_names[NESTED_REST], "rest"},
        {&nested_names[NESTED_PARTS], "parts"},
        {&s_ol, "ol"},        {&s_li, "li"},          {&s_line_break, "\n"},
        {&s_blank_line, "\n\n"}, {&s_no_text, ""},       {&s_dot_space, ". "},
        {&s_one_space, " "},
    };
    if (intern_names(names, sizeof(names) / sizeof(names[0]))) {
        return -1;
    }
    s_one = PyLong_FromLong(1);
    return s_one == NULL ? -1 : 0;
}

/* -- _text: a _Nested block written out ---------------------------------------------------------- */

/* The code points written so far. */
typedef struct {
    Py_UCS4 *points;
    Py_ssize_t len, cap;
} Written;

/* Append ``text``'s first ``n`` code points (all of them when n < 0). 0 or -1. */
static int write_str(Written *w, PyObject *text, Py_ssize_t n) {
    Py_ssize_t length = PyUnicode_GetLength(text);
    if (length < 0 || reserve((void **)&w->points, &w->cap, sizeof(Py_UCS4), w->len + length + 1)) {
        return -1;
    }
    if (length && PyUnicode_AsUCS4(text, w->points + w->len, w->cap - w->len, 0) == NULL) {
        return -1;
    }
    w->len += n < 0 || n > length ? length : n;
    return 0;
}

/* len(text.rstrip()), or -1. */
static Py_ssize_t rstripped_length(PyObject *text) {
    Py_ssize_t n = PyUnicode_GetLength(text);
    while (n > 0 && is_space(PyUnicode_ReadChar(text, n - 1))) {
        n--;
    }
    return PyErr_Occurred() ? -1 : n;
}

/* _write_prefixed(text, out, lead, rest): ``lead``, then the text with ``rest`` after each line
 * break (``rest.rstrip()`` before a blank line, nothing after a last one: the next line is the
 * caller's to prefix), as _after_breaks' replacements come out. *ended: whether the text ends with
 * a line break. 0 or -1. */
static int write_prefixed(Written *w, PyObject *text, PyObject *lead, PyObject *rest, int *ended) {
    Py_ssize_t n = PyUnicode_GetLength(text), rest_n = PyUnicode_GetLength(rest);
    if (n < 0 || rest_n < 0 || (PyUnicode_GetLength(lead) > 0 && write_str(w, lead, -1) < 0)) {
        return -1;
    }
    Py_ssize_t start = w->len;
    if (write_str(w, text, -1) < 0) {
        return -1;
    }
    *ended = n > 0 && w->points[w->len - 1] == '\n';
    if (rest_n == 0) {
        return 0;
    }
    Py_ssize_t breaks = 0;
    for (Py_ssize_t i = start; i < w->len; i++) {
        breaks += w->points[i] == '\n';
    }
    if (breaks == 0) {
        return 0;
    }
    /* the text moves to the end of room for a prefix per break, and is copied back forward */
    Py_ssize_t blank_n = rstripped_length(rest);
    Py_UCS4 prefix[64], *own = rest_n <= 64 ? prefix : malloc(sizeof(Py_UCS4) * (size_t)rest_n);
    if (blank_n < 0 || own == NULL || PyUnicode_AsUCS4(rest, own, rest_n, 0) == NULL ||
        reserve((void **)&w->points, &w->cap, sizeof(Py_UCS4), w->len + n + breaks * rest_n + 1)) {
        if (own == NULL) {
            PyErr_NoMemory();
        }
        if (own != prefix) {
            free(own);
        }
        return -1;
    }
    Py_UCS4 *source = w->points + w->cap - n; /* the text's copy, read ahead of the writes */
    memmove(source, w->points + start, sizeof(Py_UCS4) * (size_t)n);
    Py_ssize_t at = start;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = source[i];
        w->points[at++] = c;
        if (c == '\n' && i + 1 < n) {
            Py_ssize_t k = source[i + 1] == '\n' ? blank_n : rest_n;
            memcpy(w->points + at, own, sizeof(Py_UCS4) * (size_t)k);
            at += k;
        }
    }
    w->len = at;
    if (own != prefix) {
        free(own);
    }
    return 0;
}

/* One _Nested block being written: its parts, the next one, the prefix of the next line it
 * starts, the prefix of its other lines, whether the last part written ended a line. */
typedef struct {
    PyObject *parts, *prefix, *rest;
    Py_ssize_t next;
    int ended;
} Level;

/* Start writing the _Nested ``block`` with the enclosing ``lead`` and ``rest`` on a new level. */
static int enter(Level **levels, Py_ssize_t *depth, Py_ssize_t *cap, PyObject *block, PyObject *lead, PyObject *rest) {
    if (reserve((void **)levels, cap, sizeof(Level), *depth + 1)) {
        return -1;
    }
    PyObject *first = nested_get(block, NESTED_FIRST);
    PyObject *own_rest = first == NULL ? NULL : nested_get(block, NESTED_REST);
    PyObject *parts = own_rest == NULL ? NULL : nested_get(block, NESTED_PARTS);
    PyObject *prefix = parts == NULL ? NULL : PyUnicode_Concat(lead, first);
    PyObject *all_rest = prefix == NULL ? NULL : PyUnicode_Concat(rest, own_rest);
    Py_XDECREF(first);
    Py_XDECREF(own_rest);
    if (all_rest == NULL || !PyList_Check(parts)) {
        if (all_rest != NULL) {
            PyErr_SetString(PyExc_TypeError, "markdown: a _Nested block's parts is not a list");
        }
        Py_XDECREF(parts);
        Py_XDECREF(prefix);
        Py_XDECREF(all_rest);
        return -1;
    }
    (*levels)[(*depth)++] = (Level){parts, prefix, all_rest, 0, 0};
    return 0;
}

static void level_clear(Level *level) {
    Py_CLEAR(level->parts);
    Py_CLEAR(level->prefix);
    Py_CLEAR(level->rest);
}

/* After a part: the next line starts with the level's rest if the part ended one, else with
 * nothing. 0 or -1. */
static int after_part(Level *level, int ended) {
    level->ended = ended;
    PyObject *next = ended ? level->rest : s_no_text;
    Py_INCREF(next);
    Py_DECREF(level->prefix);
    level->prefix = next;
    return 0;
}

/* nested_text(block): _text(block). */
PyObject *lists_nested_text(PyObject *self, PyObject *block) {
    (void)self;
    if (PyUnicode_Check(block)) {
        Py_INCREF(block);
        return block;
    }
    if (nested_class == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_mdpass: configure_lists was not called");
        return NULL;
    }
    Written w = {NULL, 0, 0};
    Level *levels = NULL;
    Py_ssize_t depth = 0, cap = 0;
    int status = enter(&levels, &depth, &cap, block, s_no_text, s_no_text);
    while (status == 0 && depth) {
        Level *level = &levels[depth - 1];
        if (level->next >= PyList_Size(level->parts)) {
            int ended = level->ended;
            level_clear(level);
            if (--depth) {
                status = after_part(&levels[depth - 1], ended);
            }
            continue;
        }
        Py_ssize_t index = level->next++;
        PyObject *part = PyList_GetItem(level->parts, index); /* borrowed: the level holds the list */
        if (part == NULL) {
            status = -1;
        } else if (PyUnicode_Check(part)) {
            Py_ssize_t n = PyUnicode_GetLength(part);
            if (n == 0) {
                continue;
            }
            if (index && level->ended && PyUnicode_ReadChar(part, 0) == '\n') { /* a blank line */
                Py_ssize_t kept = rstripped_length(level->prefix);
                PyObject *stripped = kept < 0 ? NULL : PyUnicode_Substring(level->prefix, 0, kept);
                if (stripped == NULL) {
                    status = -1;
                    break;
                }
                Py_DECREF(level->prefix);
                level->prefix = stripped;
            }
            int ended = 0;
            status = write_prefixed(&w, part, level->prefix, level->rest, &ended) < 0 ? -1 : after_part(level, ended);
        } else {
            Py_INCREF(part); /* held while the levels may move */
            PyObject *lead = level->prefix, *rest = level->rest;
            Py_INCREF(lead);
            Py_INCREF(rest);
            status = enter(&levels, &depth, &cap, part, lead, rest);
            Py_DECREF(lead);
            Py_DECREF(rest);
            Py_DECREF(part);
        }
    }
    while (depth) {
        level_clear(&levels[--depth]);
    }
    free(levels);
    PyObject *text = status == 0 ? points_str(w.points, w.len) : NULL;
    free(w.points);
    return text;
}
