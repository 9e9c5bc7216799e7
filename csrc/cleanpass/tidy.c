/* The cleaner's tidy (engine.cleaning._tidy) in C: half of _cleanpass, guest only.
 *
 * Why: the tidy is a post-order walk over the cleaned content, one Python call per element
 * with children, that for nearly every element only renames an <h1>, counts a <p> and copies
 * the child into the kept list. This walk does those steps without bytecode, with a heap stack
 * (no recursion, any depth), and calls back into cleaning.py for the steps with rules of their
 * own, each screened so that it is asked only when it may change something:
 *   _tidied_block: a div/section measuring no text (it may be released); the chain steps for one
 *     whose only child (no other text) is a div/section are restated (collapsed_block below);
 *   _drop_breaks_before_paragraphs: a kept list holding a <br>.
 * cleaning._unwrapped_table is restated here (unwrapped_table below): markup that wraps every
 * link or line in a one-cell layout table (issue 12's `a-around-table`: 14.5k of them per MB)
 * made it a Python frame and four child scans per table, ~18% of such a page's call. Its one
 * rule with depth, article_rules.is_phrasing of an <a>/<del>/<ins> child, is called back.
 * _Content.compact, which runs just before the tidy, is here too (compact below): one loop per
 * child of each parent that lost children, ~12% of the call on nested tables.
 * _Content.repeats_a_block (a p/h2…h6 measuring REPEATED_BLOCK_MIN…FURNITURE_LINE_MAX saying
 * what an earlier one said) is restated here (repeats_a_block below: 5.8k calls over the
 * corpora, each a Python frame for a child scan, a text walk and a set look-up): its text is
 * Element.text's C walk (dom.TEXT_WALK, called), remembered in content.seen_blocks as Python
 * remembers it.
 * dom.release_tree, for an empty <p> (no text, image or embed measured) and a repeated block, is
 * run here (release below: its walk is treewalk.c's, ../element_text.h's walk_release). Why: a
 * paragraph left open past the parser's depth cap leaves one empty <p> per unit of markup, and
 * each was a Python frame and a C call with parsed arguments (issue 12's `nested-quotes`:
 * thousands per 100 KB).
 * Contract: tidy(content, root) returns what _tidy(root, content) returns and leaves the tree
 * exactly as it does; the guest check (tests/sandbox/test_c_clean.py) compares the cleaned
 * trees.
 */
#include "cleanpass.h"
#include "../element_slots.h" /* the Element slots read in place */
#include "../element_text.h"  /* walk_release: dom.release_tree's walk */

#include <string.h>

/* cleaning's REPEATABLE_BLOCK_TAGS and the length window repeats_a_block reads. */
static PyObject *repeatable;
static double repeated_min, repeated_max;
/* The hooks: _tidied_block, _drop_breaks_before_paragraphs. */
static PyObject *h_block, *h_breaks;
/* article_rules.PHRASING_ELEMS, TRANSPARENT_PHRASING and is_phrasing (unwrapped_table's test). */
static PyObject *phrasing_tags, *transparent_tags, *h_phrasing;
/* What Element.short_text skips (dom.TEXT_CONTENT_SKIP) and how far it reads (dom.SHORT_TEXT_LIMITS). */
static PyObject *text_skip;
static ShortRead block_read;
/* The code points of a block's text repeats_a_block reads, kept between calls (COLLAPSED_KEPT). */
static Collapsed block_points;
static PyObject *s_tag, *s_children, *s_vectors, *s_h1, *s_h2, *s_p, *s_table, *s_div, *s_section, *s_br,
    *s_seen_blocks, *s_tbody, *s_tr, *s_td;

typedef struct {
    PyObject *node;     /* strong */
    PyObject *children; /* strong: node.children as the frame began */
    PyObject *out;      /* strong: the children kept */
    PyObject *current;  /* strong or NULL: the child whose subtree is being tidied */
    Py_ssize_t next, paragraphs;
    int changed, breaks;
} Frame;

typedef struct {
    Frame *frames;
    Py_ssize_t depth, cap;
} Stack;

static void frame_clear(Frame *frame) {
    Py_CLEAR(frame->node);
    Py_CLEAR(frame->children);
    Py_CLEAR(frame->out);
    Py_CLEAR(frame->current);
}

/* node.children (new reference), or NULL with TypeError when it is not a list. */
static PyObject *children_of(PyObject *node) { return element_children(node, "tidy"); }

/* Whether text holds a character str.strip() keeps: 1, 0, or -1 on error. */
static int has_text(PyObject *text) {
    Py_ssize_t n = PyUnicode_GetLength(text);
    if (n < 0) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_ReadChar(text, i);
        if (c == (Py_UCS4)-1 && PyErr_Occurred()) {
            return -1;
        }
        if (!is_space(c)) {
            return 1;
        }
    }
    return 0;
}

/* cleaning._single_element_child(node) into *only (borrowed from node's children; NULL for
 * none). 0 or -1. */
static int single_element_child(PyObject *node, PyObject **only) {
    *only = NULL;
    PyObject *children = children_of(node);
    if (children == NULL) {
        return -1;
    }
    Py_ssize_t n = PyList_Size(children);
    int failed = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *child = PyList_GetItem(children, i);
        if (PyUnicode_CheckExact(child)) {
            int text = has_text(child);
            failed = text < 0;
            if (text) {
                *only = NULL;
                break;
            }
        } else if (*only != NULL) {
            *only = NULL;
            break;
        } else {
            *only = child;
        }
    }
    Py_DECREF(children); /* node keeps the list, and it the child, for the caller's look */
    return failed ? -1 : 0;
}

/* Call a hook and read its truth: 1, 0, or -1 on error. */
static int hook_says(PyObject *hook, PyObject *a, PyObject *b, PyObject *c) {
    PyObject *answer = PyObject_CallFunctionObjArgs(hook, a, b, c, NULL);
    if (answer == NULL) {
        return -1;
    }
    int truth = PyObject_IsTrue(answer);
    Py_DECREF(answer);
    return truth;
}

/* How release tells and writes elements: through the slots (element_slots.h). */
static int is_element(PyObject *node) { return (PyObject *)Py_TYPE(node) == element_slots.type; }
static int clear_parent(PyObject *element) { return element_set(element, ELEMENT_PARENT, Py_None); }

/* dom.release_tree(element): its parent link and those of every element under it cleared. */
static int release(PyObject *element) {
    return clear_parent(element) < 0 ? -1 : walk_release(element, children_of, is_element, clear_parent);
}

/* The only element child of `node` when its tag is `name` or `other` (NULL: no other name)
 * (borrowed), else NULL; -1 on error. */
static int only_child_tagged(PyObject *node, PyObject *name, PyObject *other, PyObject **only) {
    if (single_element_child(node, only) < 0) {
        return -1;
    }
    if (*only == NULL) {
        return 0;
    }
    int same = element_tag_is(*only, name);
    if (same == 0 && other != NULL) {
        same = element_tag_is(*only, other);
    }
    if (same <= 0) {
        *only = NULL;
    }
    return same < 0 ? -1 : 0;
}

/* cleaning._cut_path(outer, inner), then inner.parent = node: `inner` replaces `outer` among
 * node's children, and the parent links between them are cut (so the elements left between are
 * freed by reference counting). 0 or -1. */
static int replace_path(PyObject *outer, PyObject *inner, PyObject *node) {
    PyObject *between = element_get(inner, ELEMENT_PARENT);
    int failed = between == NULL;
    while (!failed && between != Py_None && between != outer) {
        PyObject *above = element_get(between, ELEMENT_PARENT);
        failed = above == NULL || element_set(between, ELEMENT_PARENT, Py_None) < 0;
        Py_DECREF(between);
        between = above;
    }
    Py_XDECREF(between);
    return failed || element_set(inner, ELEMENT_PARENT, node) < 0 ? -1 : 0;
}

/* article_rules.is_phrasing of every child of `cell`: 1, 0, or -1 on error. Text and the
 * PHRASING_ELEMS tags are inline; an <a>, <del> or <ins> is asked of is_phrasing itself. */
static int all_phrasing(PyObject *cell) {
    PyObject *children = children_of(cell);
    if (children == NULL) {
        return -1;
    }
    int answer = 1;
    for (Py_ssize_t i = 0, n = PyList_Size(children); i < n && answer == 1; i++) {
        PyObject *child = PyList_GetItem(children, i);
        if (PyUnicode_CheckExact(child)) {
            continue;
        }
        PyObject *tag = element_get(child, ELEMENT_TAG);
        answer = tag == NULL ? -1 : PySet_Contains(phrasing_tags, tag);
        if (answer == 0) {
            answer = PySet_Contains(transparent_tags, tag);
            if (answer > 0) {
                answer = hook_says(h_phrasing, child, NULL, NULL);
            }
        }
        Py_XDECREF(tag);
    }
    Py_DECREF(children);
    return answer;
}

/* cleaning._unwrapped_table(table, node): what stands in `table`'s place among `node`'s
 * children, the only cell of a one-row, one-cell table (renamed <p> when it holds only
 * phrasing content, else <div>; the parent links between it and the table cut; its parent
 * `node`), or the table. New reference, or NULL on error. */
static PyObject *unwrapped_table(PyObject *table, PyObject *node) {
    PyObject *body, *cell = NULL; /* borrowed: the table holds them */
    if (single_element_child(table, &body) < 0) {
        return NULL;
    }
    int tbody = body == NULL ? 0 : element_tag_is(body, s_tbody);
    if (tbody < 0 || (tbody && single_element_child(body, &body) < 0)) {
        return NULL;
    }
    if (body != NULL) {
        int tr = element_tag_is(body, s_tr);
        if (tr < 0 || (tr && only_child_tagged(body, s_td, NULL, &cell) < 0)) {
            return NULL;
        }
    }
    if (cell == NULL) {
        Py_INCREF(table);
        return table;
    }
    Py_INCREF(cell);
    int phrasing = all_phrasing(cell);
    int failed = phrasing < 0 || element_set(cell, ELEMENT_TAG, phrasing ? s_p : s_div) < 0;
    if (failed || replace_path(table, cell, node) < 0) {
        Py_DECREF(cell);
        return NULL;
    }
    return cell;
}

/* cleaning._tidied_block(block, node, vector) for a block that measures text (or is not
 * measured): the innermost of a div/section-in-div/section chain, which takes the attributes of
 * the blocks around it (the outer one's winning), its parent links to `block` cut and its parent
 * `node`; or the block. The other case, a block measuring no text, may be released: that one
 * is asked of the Python function (rare). Why here: every <div><div>… wrapper of the content
 * (div soup) asked it, a Python frame per wrapper. New reference, or NULL on error. */
static PyObject *collapsed_block(PyObject *block, PyObject *node) {
    PyObject *inner = block;
    Py_INCREF(inner);
    int failed = 0;
    for (;;) {
        PyObject *only; /* borrowed: inner's children hold it */
        if (only_child_tagged(inner, s_div, s_section, &only) < 0) {
            failed = 1;
            break;
        }
        if (only == NULL) {
            break;
        }
        /* only.attrs = {**only.attrs, **inner.attrs} when inner has any: a new dict, as the copy
         * may share the page's (csrc/copypass/copy.c, kept_attributes) */
        PyObject *outer_attrs = element_get(inner, ELEMENT_ATTRS);
        Py_ssize_t outer_count = outer_attrs == NULL ? -1 : PyObject_Size(outer_attrs);
        PyObject *inner_attrs = outer_count <= 0 ? NULL : element_get(only, ELEMENT_ATTRS);
        PyObject *merged = inner_attrs == NULL ? NULL : PyDict_New();
        if (outer_count < 0) {
            failed = 1;
        } else if (outer_count > 0) {
            failed = merged == NULL || PyDict_Update(merged, inner_attrs) < 0 ||
                     PyDict_Update(merged, outer_attrs) < 0 || element_set(only, ELEMENT_ATTRS, merged) < 0;
        }
        Py_XDECREF(merged);
        Py_XDECREF(outer_attrs);
        Py_XDECREF(inner_attrs);
        if (failed) {
            break;
        }
        Py_INCREF(only);
        Py_DECREF(inner); /* the tree still holds it */
        inner = only;
    }
    if (!failed && inner != block) {
        failed = replace_path(block, inner, node) < 0;
    }
    if (failed) {
        Py_DECREF(inner);
        return NULL;
    }
    return inner;
}

/* _Content.compact(): each parent in `emptied` gets a new children list without the elements in
 * `gone` (whose parent links are cut), and `emptied` is emptied. */
PyObject *tidy_compact(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *emptied, *gone;
    if (!PyArg_ParseTuple(args, "O!O!:compact", &PySet_Type, &emptied, &PySet_Type, &gone)) {
        return NULL;
    }
    PyObject *parents = PyObject_GetIter(emptied);
    if (parents == NULL) {
        return NULL;
    }
    int failed = 0;
    PyObject *parent;
    while (!failed && (parent = PyIter_Next(parents)) != NULL) {
        PyObject *children = children_of(parent);
        PyObject *kept = children == NULL ? NULL : PyList_New(0);
        failed = kept == NULL;
        for (Py_ssize_t i = 0, n = failed ? 0 : PyList_Size(children); i < n && !failed; i++) {
            PyObject *child = PyList_GetItem(children, i);
            int out = PyUnicode_CheckExact(child) ? 0 : PySet_Contains(gone, child);
            failed = out < 0 || (out ? element_set(child, ELEMENT_PARENT, Py_None) : PyList_Append(kept, child)) < 0;
        }
        failed = failed || element_set(parent, ELEMENT_CHILDREN, kept) < 0;
        Py_XDECREF(kept);
        Py_XDECREF(children);
        Py_DECREF(parent);
    }
    Py_DECREF(parents);
    if (failed || PyErr_Occurred() || PySet_Clear(emptied) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

/* _Content.repeats_a_block(element) once its tag and length are in the window: 1 when no
 * repeatable block sits in it and its text was seen before, else 0 (a new text is remembered);
 * -1 on error. */
static int repeats_a_block(PyObject *content, PyObject *element) {
    PyObject *children = children_of(element);
    if (children == NULL) {
        return -1;
    }
    int nested = 0;
    for (Py_ssize_t i = 0, n = PyList_Size(children); i < n && !nested; i++) {
        PyObject *child = PyList_GetItem(children, i);
        if (PyUnicode_Check(child)) {
            continue;
        }
        PyObject *tag = element_get(child, ELEMENT_TAG);
        nested = tag == NULL ? -1 : PySet_Contains(repeatable, tag);
        Py_XDECREF(tag);
    }
    Py_DECREF(children);
    if (nested) { /* <h2><h2>…</h2></h2>: the inner one was seen, the outer is not a repeat */
        return nested < 0 ? -1 : 0;
    }
    /* Element.short_text (a block past its limits is no short paragraph: not a repeat, not seen) */
    collapsed_start(&block_points);
    int read = walk_short_text(element, text_skip, children_of, element_tag_of, collapse_into, &block_points, &block_read);
    PyObject *text = read == 0 ? points_str(block_points.out, block_points.len) : NULL;
    collapsed_done(&block_points);
    if (read != 0) {
        return read == 1 ? 0 : -1;
    }
    PyObject *seen = text == NULL ? NULL : PyObject_GetAttr(content, s_seen_blocks);
    int repeats = text == NULL || seen == NULL ? -1 : !PySet_Check(seen) ? -2 : PySet_Contains(seen, text);
    if (repeats == -2) {
        PyErr_SetString(PyExc_TypeError, "tidy: content.seen_blocks is a set");
        repeats = -1;
    }
    if (repeats == 0 && PySet_Add(seen, text) < 0) {
        repeats = -1;
    }
    Py_XDECREF(text);
    Py_XDECREF(seen);
    return repeats;
}

/* The post-order steps of _tidy for one child element of the top frame (its subtree tidied).
 * Steals `element`. 0 or -1. */
static int step(PyObject *content, Measures *vectors, Frame *frame, PyObject *element) {
    PyObject *tag = element_get(element, ELEMENT_TAG);
    double values[WIDTH_MAX] = {0};
    int measured = tag != NULL && measures_get(vectors, element, values); /* vectors.get(element) */
    int failed = tag == NULL;
    int dropped = 0;
    if (failed) {
        /* reported below */
    } else if (is_tag(tag, s_h1)) {
        failed = PyObject_SetAttr(element, s_tag, s_h2) < 0;
    } else if (is_tag(tag, s_p)) {
        if (measured && values[i_text] == 0.0 && values[i_img] == 0.0 && values[i_embed] == 0.0) {
            failed = release(element) < 0;
            dropped = 1;
        } else {
            frame->paragraphs++;
        }
    } else {
        /* unwrapped_table and collapsed_block look for the only child themselves: a table or
         * block without one comes back as it is. */
        int table = is_tag(tag, s_table);
        int block = !table && (is_tag(tag, s_div) || is_tag(tag, s_section));
        if (table || block) {
            PyObject *kept;
            if (table) {
                kept = unwrapped_table(element, frame->node);
            } else if (!measured || values[i_text] != 0.0) {
                kept = collapsed_block(element, frame->node);
            } else { /* may be released: _tidied_block decides */
                PyObject *vector = vector_list(values);
                kept = vector == NULL ? NULL
                                      : PyObject_CallFunctionObjArgs(h_block, element, frame->node, vector, NULL);
                Py_XDECREF(vector);
            }
            failed = kept == NULL;
            if (kept == Py_None) {
                Py_DECREF(kept);
                dropped = 1;
            } else if (kept != NULL && kept != element) {
                Py_DECREF(element);
                element = kept;
                frame->changed = 1;
                if (table) {
                    PyObject *now = element_get(element, ELEMENT_TAG);
                    failed = now == NULL;
                    frame->paragraphs += now != NULL && is_tag(now, s_p);
                    Py_XDECREF(now);
                }
            } else {
                Py_XDECREF(kept);
            }
        }
    }
    if (!failed && !dropped) {
        Py_DECREF(tag);
        tag = element_get(element, ELEMENT_TAG);
        failed = tag == NULL;
    }
    if (!failed && !dropped && measured && values[i_text] >= repeated_min && values[i_text] <= repeated_max) {
        int repeatable_tag = PySet_Contains(repeatable, tag);
        int repeats = repeatable_tag <= 0 ? repeatable_tag : repeats_a_block(content, element);
        failed = repeats < 0 || (repeats && release(element) < 0);
        dropped = repeats > 0;
    }
    if (!failed && !dropped) {
        frame->breaks = frame->breaks || is_tag(tag, s_br);
        failed = PyList_Append(frame->out, element) < 0;
    }
    frame->changed = frame->changed || dropped;
    Py_XDECREF(tag);
    Py_DECREF(element);
    return failed ? -1 : 0;
}

static int push(Stack *stack, PyObject *node) {
    if (stack->depth == stack->cap && grow((void **)&stack->frames, &stack->cap, sizeof(Frame))) {
        return -1;
    }
    PyObject *children = children_of(node);
    PyObject *out = children == NULL ? NULL : PyList_New(0);
    if (out == NULL) {
        Py_XDECREF(children);
        return -1;
    }
    Frame *frame = &stack->frames[stack->depth++];
    memset(frame, 0, sizeof *frame);
    Py_INCREF(node);
    frame->node = node;
    frame->children = children;
    frame->out = out;
    return 0;
}

/* The end of _tidy for the top frame: drop <br> before <p>, set the kept children. Its
 * paragraphs, or -1 on error. */
static Py_ssize_t finish(Frame *frame) {
    if (frame->breaks) {
        int dropped = hook_says(h_breaks, frame->out, NULL, NULL);
        if (dropped < 0) {
            return -1;
        }
        frame->changed = frame->changed || dropped;
    }
    if (frame->changed && PyObject_SetAttr(frame->node, s_children, frame->out) < 0) {
        return -1;
    }
    return frame->paragraphs;
}

/* Visit the top frame's next child: keep text, tidy an element's subtree first, or step. 0 or -1. */
static int visit(PyObject *content, Measures *vectors, Stack *stack) {
    Frame *frame = &stack->frames[stack->depth - 1];
    PyObject *child = PyList_GetItem(frame->children, frame->next++); /* bounds-checked by the caller */
    if (child == NULL) {
        return -1;
    }
    if (PyUnicode_CheckExact(child)) {
        return PyList_Append(frame->out, child);
    }
    PyObject *below = children_of(child);
    if (below == NULL) {
        return -1;
    }
    Py_ssize_t n = PyList_Size(below);
    int inner = n > 1 || (n == 1 && !PyUnicode_CheckExact(PyList_GetItem(below, 0)));
    Py_DECREF(below);
    Py_INCREF(child);
    if (!inner) {
        return step(content, vectors, frame, child);
    }
    frame->current = child;
    return push(stack, child);
}

PyObject *tidy_tidy(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *content, *root;
    if (!PyArg_ParseTuple(args, "OO:tidy", &content, &root)) {
        return NULL;
    }
    if (h_block == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_cleanpass.configure_tidy was not called");
        return NULL;
    }
    PyObject *held = PyObject_GetAttr(content, s_vectors);
    Measures *vectors = held == NULL ? NULL : cleanpass_measures(held, "tidy");
    if (vectors == NULL) {
        Py_XDECREF(held);
        return NULL;
    }
    Stack stack = {NULL, 0, 0};
    int failed = push(&stack, root) < 0;
    Py_ssize_t paragraphs = 0;
    while (!failed && stack.depth) {
        Frame *frame = &stack.frames[stack.depth - 1];
        if (frame->next < PyList_Size(frame->children)) {
            failed = visit(content, vectors, &stack) < 0;
            continue;
        }
        Py_ssize_t found = finish(frame);
        failed = found < 0;
        frame_clear(frame);
        stack.depth--;
        if (failed) {
            break;
        }
        if (!stack.depth) {
            paragraphs = found;
            break;
        }
        Frame *parent = &stack.frames[stack.depth - 1];
        PyObject *current = parent->current; /* its reference passes to step */
        parent->current = NULL;
        parent->paragraphs += found;
        failed = step(content, vectors, parent, current) < 0;
    }
    while (stack.depth) {
        frame_clear(&stack.frames[--stack.depth]);
    }
    free(stack.frames);
    Py_DECREF(held);
    return failed ? NULL : PyLong_FromSsize_t(paragraphs);
}

PyObject *tidy_configure(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *tags, *hooks, *limits, *skip, *phrasing, *transparent, *is_phrasing;
    double low, high;
    ShortRead read;
    if (!PyArg_ParseTuple(args, "O!ddO!(OO!)(O!O!O):configure_tidy", &PyFrozenSet_Type, &tags, &low, &high,
                          &PyTuple_Type, &hooks, &limits, &PyFrozenSet_Type, &skip, &PyFrozenSet_Type, &phrasing,
                          &PyFrozenSet_Type, &transparent, &is_phrasing) ||
        read_short_limits(limits, &read) < 0) {
        return NULL;
    }
    PyObject **slots[] = {&h_block, &h_breaks};
    const Py_ssize_t hooks_n = sizeof slots / sizeof slots[0];
    if (PyTuple_Size(hooks) != hooks_n || !PyCallable_Check(is_phrasing)) {
        PyErr_SetString(PyExc_TypeError, "configure_tidy: two hooks and is_phrasing");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < hooks_n; i++) {
        if (!PyCallable_Check(PyTuple_GetItem(hooks, i))) {
            PyErr_SetString(PyExc_TypeError, "configure_tidy: the hooks are callables");
            return NULL;
        }
    }
    if (s_tag == NULL) {
        struct {
            PyObject **slot;
            const char *name;
        } names[] = {
            {&s_tag, "tag"}, {&s_children, "children"}, {&s_vectors, "vectors"}, {&s_h1, "h1"},
            {&s_h2, "h2"},   {&s_p, "p"},               {&s_table, "table"},     {&s_div, "div"},
            {&s_section, "section"}, {&s_br, "br"},    {&s_seen_blocks, "seen_blocks"},
            {&s_tbody, "tbody"},     {&s_tr, "tr"},    {&s_td, "td"},
        };
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
            if (*names[i].slot == NULL && (*names[i].slot = PyUnicode_InternFromString(names[i].name)) == NULL) {
                return NULL;
            }
        }
    }
    for (Py_ssize_t i = 0; i < hooks_n; i++) {
        PyObject *old = *slots[i];
        *slots[i] = PyTuple_GetItem(hooks, i);
        Py_INCREF(*slots[i]);
        Py_XDECREF(old);
    }
    PyObject **held[] = {&repeatable, &text_skip, &phrasing_tags, &transparent_tags, &h_phrasing};
    PyObject *given[] = {tags, skip, phrasing, transparent, is_phrasing};
    hold_all(held, given, sizeof held / sizeof held[0]);
    repeated_min = low;
    repeated_max = high;
    block_read = read;
    Py_RETURN_NONE;
}

/* Find dom.Element's slots for this file's reads (element_slots.h: static state per file). 0 or -1. */
int tidy_slots_find(PyObject *type, allocfunc alloc) { return element_slots_find(type, alloc); }
