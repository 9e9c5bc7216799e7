/* _artpass: the article pass's walk that prepares and measures a page, in C, for the guest only.
 *
 * Why: engine.article._prepare visits every node of the page once (drop scripts and styles,
 * measure each text node, sum the measures bottom-up) and was the engine's costliest Python
 * function inside the component. Its common steps are mechanical; this module runs them without
 * bytecode and calls back into Python for the rare steps that hold rules of their own: a
 * <noscript> to unwrap, an image without an obvious source, a run of <br>, an in-page link.
 * Most images have a source attribute (article_rules.IMAGE_SOURCE_ATTRIBUTES, read at configure):
 * those are kept without a call; and a node with two <br>s or more is handed to on_br_runs only
 * when the walk saw a run (a <br> another follows past blank text only) among its kept children,
 * or a <noscript> was unwrapped among them (the walk cannot tell what that added).
 * It is compiled for wasm32-wasi only and staged into the component by sandbox/build.py; the
 * host never loads it.
 *
 * Contract: prepare(...) leaves the tree, page.measures and page.holds_blocks exactly as
 * engine.article._prepare does (the statement of the rules, which stays the native path); a
 * test compares the two inside the guest on both corpora, markup soup and hostile nesting.
 * The tag sets and the comma characters come from Python at import (configure), not restated.
 * No recursion: an explicit heap stack of frames, one per open element, so any depth is walked;
 * linear time in the size of the tree (each child is visited once, each text node scanned once).
 *
 *   configure(element_class, non_content, media_elements, media_sources, div_to_p, commas,
 *             image_sources)
 *   prepare(body, measures, holds_blocks, on_noscript, on_br_runs, has_image_source, link_weight)
 *
 * The module also scores each attempt (score.c: score_configure, score).
 */
#include "artpass.h" /* passes.h (is_space: str.split's whitespace, grow, is_tag, measure_text_utf8), score.c */

#include <math.h>
#include <string.h>

/* The tables of engine.article_rules, set once by configure (as tag_kinds, below). */
static Py_UCS4 comma_chars[32];
static Py_ssize_t comma_count;
/* What the walk asks of a tag, as bits: the four tables' membership and the tags with a step of
 * their own. tag_kinds maps each tag named by either to its bits (configure builds it from the
 * tables), so that one dict look-up per element answers what took up to three set look-ups and
 * four string comparisons. */
enum {
    KIND_NON_CONTENT = 1,
    KIND_MEDIA_ELEMENT = 2,
    KIND_MEDIA_SOURCE = 4,
    KIND_DIV_TO_P = 8,
    KIND_NOSCRIPT = 16,
    KIND_IMG = 32,
    KIND_FONT = 64,
    KIND_BR = 128,
    KIND_A = 256,
};
static PyObject *tag_kinds;
/* article_rules.IMAGE_SOURCE_ATTRIBUTES (strong): an <img> holding one of them has a source. */
static PyObject *image_sources[8];
static Py_ssize_t image_source_count;
/* (0, 0.0, 0): the measure of every element without text, shared (a tuple is immutable, and no
 * reader asks which tuple it is), so most of the page's empty elements cost no tuple of their own. */
static PyObject *zero_measure;
/* The last measure tuple made, and its values: a wrapper around one element (a <td> in its <tr>,
 * a <div> around a <p>) measures what its child measured, and shares its tuple, as the empty
 * ones share zero_measure. Element-dense markup nests so (issue 12's nested tables: a tuple
 * and three numbers per element, a few per cent of a call). Strong; dropped when a walk ends. */
static struct {
    PyObject *tuple;
    Py_ssize_t text, commas;
    double links;
} last_measure;
/* Interned names. */
static PyObject *s_noscript, *s_img, *s_font, *s_br, *s_a, *s_span, *s_href;
/* A reusable buffer for the code points of one text node. */
static Py_UCS4 *scratch;
static Py_ssize_t scratch_cap;

typedef struct {
    PyObject *node;     /* strong */
    PyObject *tag;      /* strong: its tag, after a <font> became a <span> */
    PyObject *children; /* strong: node.children as the walk found it */
    PyObject *kept;     /* strong: the children that stay; NULL while they are children[:kept_count] */
    Py_ssize_t kept_count; /* while kept is NULL: how many children stay so far (all visited) */
    Py_ssize_t next;    /* the next child to visit */
    Py_ssize_t text, commas, brs;
    double links;
    int holds_blocks, unwrapped, media_fallback;
    int kind;           /* tag_kind of tag */
    int called_back;    /* a hook had the node: its tag is read again at the end */
    int after_br;       /* the last kept child is a <br> (past blank text): a <br> now makes a run */
    int br_run;         /* a run of <br>s is among the kept children: on_br_runs has work */
} Frame;

typedef struct {
    Frame *frames;
    Py_ssize_t depth;
    Py_ssize_t cap;
} Stack;

/* engine.article_rules.text_measure of a text node: ',' and the non-ASCII commas count. */
static int measure_text(PyObject *text, Py_ssize_t *length, Py_ssize_t *commas) {
    return measure_text_utf8(text, &scratch, &scratch_cap, comma_chars, comma_count, length, commas);
}

/* The frame's kept children as a list of their own (made from children[:kept_count] the first
 * time: until a child is left out, the kept ones are the children visited). 0 or -1. */
static int kept_list(Frame *frame) {
    if (frame->kept == NULL) {
        frame->kept = PyList_GetSlice(frame->children, 0, frame->kept_count);
    }
    return frame->kept == NULL ? -1 : 0;
}

/* ``child`` (the frame's child at frame->next - 1) stays: counted while the kept children are
 * a prefix of the children, appended once they are not. 0 or -1. */
static int keep(Frame *frame, PyObject *child) {
    if (frame->kept == NULL && frame->kept_count == frame->next - 1) {
        frame->kept_count++;
        return 0;
    }
    return kept_list(frame) < 0 || PyList_Append(frame->kept, child) < 0 ? -1 : 0;
}

/* The KIND_ bits of ``tag`` (0 for a tag no table names), or -1 with an error set (a tag that
 * cannot be hashed, which the set look-ups of article._prepare also refuse). */
static int tag_kind(PyObject *tag) {
    PyObject *kind = PyDict_GetItemWithError(tag_kinds, tag); /* borrowed */
    if (kind == NULL) {
        return PyErr_Occurred() ? -1 : 0;
    }
    return (int)PyLong_AsLong(kind);
}

static int stack_push(Stack *stack, PyObject *node, PyObject *tag, int kind) {
    if (stack->depth == stack->cap && grow((void **)&stack->frames, &stack->cap, sizeof(Frame))) {
        return -1;
    }
    PyObject *children = element_get(node, ELEMENT_CHILDREN);
    if (children == NULL) {
        return -1;
    }
    if (!PyList_Check(children)) {
        Py_DECREF(children);
        PyErr_SetString(PyExc_TypeError, "prepare expects element children in a list");
        return -1;
    }
    int media = (kind & KIND_MEDIA_ELEMENT) != 0;
    Py_INCREF(node);
    Py_INCREF(tag);
    Frame *frame = &stack->frames[stack->depth++];
    memset(frame, 0, sizeof *frame);
    frame->node = node;
    frame->tag = tag;
    frame->children = children;
    frame->media_fallback = media;
    frame->kind = kind;
    return 0;
}

static void frame_clear(Frame *frame) {
    Py_CLEAR(frame->node);
    Py_CLEAR(frame->tag);
    Py_CLEAR(frame->children);
    Py_CLEAR(frame->kept);
}

static void stack_free(Stack *stack) {
    while (stack->depth) {
        frame_clear(&stack->frames[--stack->depth]);
    }
    free(stack->frames);
}

/* Read a (text, links, commas) measure returned by a hook into ``frame``. 0 or -1. */
static int take_measure(Frame *frame, PyObject *measure) {
    if (!PyTuple_Check(measure) || PyTuple_Size(measure) != 3) {
        PyErr_SetString(PyExc_TypeError, "a measure is a (text, links, commas) tuple");
        return -1;
    }
    Py_ssize_t text = PyLong_AsSsize_t(PyTuple_GetItem(measure, 0));
    double links = PyFloat_AsDouble(PyTuple_GetItem(measure, 1));
    Py_ssize_t commas = PyLong_AsSsize_t(PyTuple_GetItem(measure, 2));
    if (PyErr_Occurred()) {
        return -1;
    }
    frame->text = text;
    frame->links = links;
    frame->commas = commas;
    return 0;
}

/* A <noscript> child: on_noscript(noscript, parent, kept) unwraps it into ``kept`` or not. */
static int visit_noscript(Frame *frame, PyObject *child, PyObject *on_noscript) {
    if (kept_list(frame) < 0) {
        return -1;
    }
    frame->called_back = 1;
    Py_ssize_t before = PyList_Size(frame->kept);
    PyObject *measure = PyObject_CallFunctionObjArgs(on_noscript, child, frame->node, frame->kept, NULL);
    if (measure == NULL) {
        return -1;
    }
    int failed = 0;
    if (measure != Py_None) {
        failed = take_measure(frame, measure);
        if (PyList_Size(frame->kept) > before) {
            frame->holds_blocks = frame->unwrapped = 1;
        }
    }
    Py_DECREF(measure);
    return failed ? -1 : 0;
}

/* 1 if an <img> child stays (it has a source), 0 if not, -1 on error. One of
 * IMAGE_SOURCE_ATTRIBUTES answers; without them has_image_source searches the values. */
static int image_stays(PyObject *child, PyObject *has_image_source) {
    PyObject *attrs = element_get(child, ELEMENT_ATTRS);
    if (attrs == NULL) {
        return -1;
    }
    if (PyDict_CheckExact(attrs)) {
        for (Py_ssize_t i = 0; i < image_source_count; i++) {
            int found = PyDict_Contains(attrs, image_sources[i]);
            if (found) {
                Py_DECREF(attrs);
                return found;
            }
        }
    }
    PyObject *answer = PyObject_CallFunctionObjArgs(has_image_source, attrs, NULL);
    Py_DECREF(attrs);
    if (answer == NULL) {
        return -1;
    }
    int stays = PyObject_IsTrue(answer);
    Py_DECREF(answer);
    return stays;
}

/* The links of an <a> whose text is ``text``: text * link_weight(anchor), asked of Python only
 * when href starts with '#' (link_weight is 1.0 otherwise) and there is text (the weight is 1.0
 * or HASH_LINK_WEIGHT, finite and positive: no text, no link text). 0 or -1. */
static int anchor_links(PyObject *anchor, Py_ssize_t text, PyObject *link_weight, double *links) {
    if (text == 0) {
        *links = 0.0;
        return 0;
    }
    PyObject *attrs = element_get(anchor, ELEMENT_ATTRS);
    if (attrs == NULL) {
        return -1;
    }
    double weight = 1.0;
    int ask = !PyDict_Check(attrs); /* not an Element's dict: let Python read it */
    if (!ask) {
        PyObject *href = PyDict_GetItemWithError(attrs, s_href); /* borrowed */
        ask = href != NULL && PyUnicode_Check(href) && PyUnicode_GetLength(href) > 0 &&
              PyUnicode_ReadChar(href, 0) == '#';
    }
    int failed = PyErr_Occurred() != NULL;
    if (!failed && ask) {
        PyObject *answer = PyObject_CallFunctionObjArgs(link_weight, anchor, NULL);
        weight = answer == NULL ? -1.0 : PyFloat_AsDouble(answer);
        failed = answer == NULL || PyErr_Occurred() != NULL;
        Py_XDECREF(answer);
    }
    Py_DECREF(attrs);
    *links = (double)text * weight;
    return failed ? -1 : 0;
}

/* The frame's children are all visited: finish the node as _prepare's tail does, store its
 * measure. 0 or -1. */
static int finish(Frame *frame, PyObject *measures, PyObject *holds, PyObject *on_br_runs,
                  PyObject *link_weight) {
    int br_runs = frame->brs > 1 && (frame->br_run || frame->unwrapped); /* else on_br_runs keeps them */
    if (br_runs) {
        if (kept_list(frame) < 0) {
            return -1;
        }
        frame->called_back = 1;
        PyObject *done = PyObject_CallFunctionObjArgs(on_br_runs, frame->node, frame->kept, NULL);
        if (done == NULL) {
            return -1;
        }
        if (!PyTuple_Check(done) || PyTuple_Size(done) != 2 || !PyList_Check(PyTuple_GetItem(done, 0))) {
            Py_DECREF(done);
            PyErr_SetString(PyExc_TypeError, "on_br_runs returns (kept, made_paragraph)");
            return -1;
        }
        PyObject *kept = PyTuple_GetItem(done, 0);
        int made = PyObject_IsTrue(PyTuple_GetItem(done, 1));
        Py_INCREF(kept);
        Py_DECREF(frame->kept);
        frame->kept = kept;
        Py_DECREF(done);
        if (made < 0) {
            return -1;
        }
        frame->holds_blocks |= made;
    }
    Py_ssize_t kept_count = frame->kept == NULL ? frame->kept_count : PyList_Size(frame->kept);
    if (kept_count != PyList_Size(frame->children) || br_runs || frame->unwrapped) {
        if (kept_list(frame) < 0 || element_set(frame->node, ELEMENT_CHILDREN, frame->kept) < 0) {
            return -1;
        }
    }
    if (frame->holds_blocks && PySet_Add(holds, frame->node) < 0) {
        return -1;
    }
    int anchor = (frame->kind & KIND_A) != 0;
    if (frame->called_back) { /* the hooks (the <br> runs) may have renamed it */
        PyObject *tag = element_get(frame->node, ELEMENT_TAG);
        int kind = tag == NULL ? -1 : tag_kind(tag);
        Py_XDECREF(tag);
        if (kind < 0) {
            return -1;
        }
        anchor = (kind & KIND_A) != 0;
    }
    if (anchor && anchor_links(frame->node, frame->text, link_weight, &frame->links) < 0) {
        return -1;
    }
    if (frame->text == 0 && frame->commas == 0 && frame->links == 0.0 && !signbit(frame->links)) {
        return PyDict_SetItem(measures, frame->node, zero_measure);
    }
    if (last_measure.tuple != NULL && frame->text == last_measure.text && frame->commas == last_measure.commas &&
        memcmp(&frame->links, &last_measure.links, sizeof(double)) == 0) {
        return PyDict_SetItem(measures, frame->node, last_measure.tuple);
    }
    PyObject *measure = PyTuple_New(3); /* (text, links, commas), made directly: no format to parse */
    PyObject *text = measure == NULL ? NULL : PyLong_FromSsize_t(frame->text);
    PyObject *links = text == NULL ? NULL : PyFloat_FromDouble(frame->links);
    PyObject *commas = links == NULL ? NULL : PyLong_FromSsize_t(frame->commas);
    if (commas == NULL) {
        Py_XDECREF(measure);
        Py_XDECREF(text);
        Py_XDECREF(links);
        return -1;
    }
    PyTuple_SetItem(measure, 0, text); /* steal: cannot fail on a new tuple of three */
    PyTuple_SetItem(measure, 1, links);
    PyTuple_SetItem(measure, 2, commas);
    int failed = PyDict_SetItem(measures, frame->node, measure);
    Py_XDECREF(last_measure.tuple);
    last_measure.tuple = measure; /* takes the reference */
    last_measure.text = frame->text;
    last_measure.commas = frame->commas;
    last_measure.links = frame->links;
    return failed;
}

/* Visit the next child of the top frame. 1 when an element child was pushed, 0 otherwise,
 * -1 on error. */
static int visit_child(Stack *stack, PyObject *child, PyObject *on_noscript, PyObject *has_image_source) {
    Frame *frame = &stack->frames[stack->depth - 1];
    if (PyUnicode_Check(child)) {
        if (frame->media_fallback) {
            return 0; /* what a browser without <audio>/<video> shows: no reader sees it */
        }
        if (keep(frame, child) < 0) {
            return -1;
        }
        Py_ssize_t length, commas;
        if (measure_text(child, &length, &commas) < 0) {
            return -1;
        }
        frame->text += length;
        frame->commas += commas;
        frame->after_br = frame->after_br && !length; /* blank text (length 0) keeps a run open */
        return 0;
    }
    PyObject *tag = element_get(child, ELEMENT_TAG);
    if (tag == NULL) {
        return -1;
    }
    int kind = tag_kind(tag);
    int dropped = 0, pushed = 0, failed = kind < 0;
    if (!failed && frame->media_fallback) {
        dropped = !(kind & KIND_MEDIA_SOURCE);
    }
    if (!failed && !dropped && (kind & KIND_NON_CONTENT)) {
        dropped = 1;
        failed = (kind & KIND_NOSCRIPT) && visit_noscript(frame, child, on_noscript) < 0;
    }
    if (!failed && !dropped && (kind & KIND_IMG)) {
        int stays = image_stays(child, has_image_source);
        failed = stays < 0;
        dropped = !stays;
    }
    if (!failed && !dropped) {
        if (kind & KIND_FONT) {
            Py_INCREF(s_span);
            Py_DECREF(tag);
            tag = s_span;
            kind = tag_kind(tag);
            failed = kind < 0 || element_set(child, ELEMENT_TAG, s_span) < 0;
        } else if (kind & KIND_BR) {
            frame->brs++;
            frame->br_run |= frame->after_br;
        }
        frame->after_br = (kind & KIND_BR) != 0;
        failed = failed || keep(frame, child) < 0 || stack_push(stack, child, tag, kind) < 0;
        pushed = !failed;
    }
    Py_DECREF(tag);
    return failed ? -1 : pushed;
}

static PyObject *artpass_prepare(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *body, *measures, *holds, *on_noscript, *on_br_runs, *has_image_source, *link_weight;
    if (!PyArg_ParseTuple(args, "OO!O!OOOO:prepare", &body, &PyDict_Type, &measures, &PySet_Type, &holds,
                          &on_noscript, &on_br_runs, &has_image_source, &link_weight)) {
        return NULL;
    }
    if (tag_kinds == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_artpass.configure was not called");
        return NULL;
    }
    Stack stack = {NULL, 0, 0};
    PyObject *tag = element_get(body, ELEMENT_TAG);
    int kind = tag == NULL ? -1 : tag_kind(tag);
    int failed = kind < 0 || stack_push(&stack, body, tag, kind) < 0;
    Py_XDECREF(tag);
    while (!failed && stack.depth) {
        Frame *frame = &stack.frames[stack.depth - 1];
        if (frame->next < PyList_Size(frame->children)) {
            PyObject *child = PyList_GetItem(frame->children, frame->next++); /* bounds-checked */
            Py_XINCREF(child); /* held while the callbacks run, whatever they do to the list */
            failed = child == NULL || visit_child(&stack, child, on_noscript, has_image_source) < 0;
            Py_XDECREF(child);
            continue;
        }
        failed = finish(frame, measures, holds, on_br_runs, link_weight) < 0;
        if (failed) {
            break;
        }
        Frame done = *frame;
        stack.depth--;
        if (stack.depth) {
            Frame *parent = &stack.frames[stack.depth - 1];
            parent->text += done.text;
            parent->links += done.links;
            parent->commas += done.commas;
            if (!parent->holds_blocks) {
                parent->holds_blocks = done.holds_blocks || (done.kind & KIND_DIV_TO_P);
            }
        }
        frame_clear(&done);
    }
    stack_free(&stack);
    Py_CLEAR(last_measure.tuple);
    if (failed) {
        return NULL;
    }
    Py_RETURN_NONE;
}

/* tag_kinds[name] |= kind. 0 or -1. */
static int add_kind(PyObject *kinds, PyObject *name, int kind) {
    PyObject *known = PyDict_GetItemWithError(kinds, name); /* borrowed */
    long bits = known == NULL ? 0 : PyLong_AsLong(known);
    PyObject *value = PyErr_Occurred() ? NULL : PyLong_FromLong(bits | kind);
    int failed = value == NULL || PyDict_SetItem(kinds, name, value) < 0;
    Py_XDECREF(value);
    return failed ? -1 : 0;
}

static PyObject *artpass_configure(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *element_class, *tables[4], *commas, *sources;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!UO!:configure", &PyType_Type, &element_class, &PyFrozenSet_Type,
                          &tables[0], &PyFrozenSet_Type, &tables[1], &PyFrozenSet_Type, &tables[2], &PyFrozenSet_Type,
                          &tables[3], &commas, &PyTuple_Type, &sources)) {
        return NULL;
    }
    if (element_slots_of_type(element_class, "configure") < 0) {
        return NULL;
    }
    Py_ssize_t source_count = PyTuple_Size(sources);
    if (source_count > (Py_ssize_t)(sizeof image_sources / sizeof image_sources[0])) {
        PyErr_SetString(PyExc_ValueError, "too many image source attributes");
        return NULL;
    }
    if (zero_measure == NULL && (zero_measure = Py_BuildValue("(ndn)", (Py_ssize_t)0, 0.0, (Py_ssize_t)0)) == NULL) {
        return NULL;
    }
    if (read_comma_chars(commas, comma_chars, sizeof comma_chars / sizeof comma_chars[0], &comma_count) < 0) {
        return NULL;
    }
    PyObject *kinds = PyDict_New();
    int failed = kinds == NULL;
    const int table_kinds[4] = {KIND_NON_CONTENT, KIND_MEDIA_ELEMENT, KIND_MEDIA_SOURCE, KIND_DIV_TO_P};
    for (size_t i = 0; i < 4 && !failed; i++) {
        PyObject *iterator = PyObject_GetIter(tables[i]), *name;
        failed = iterator == NULL;
        while (!failed && (name = PyIter_Next(iterator)) != NULL) {
            failed = add_kind(kinds, name, table_kinds[i]);
            Py_DECREF(name);
        }
        Py_XDECREF(iterator);
        failed = failed || PyErr_Occurred() != NULL;
    }
    PyObject *const named[] = {s_noscript, s_img, s_font, s_br, s_a};
    const int named_kinds[] = {KIND_NOSCRIPT, KIND_IMG, KIND_FONT, KIND_BR, KIND_A};
    for (size_t i = 0; i < sizeof named / sizeof named[0] && !failed; i++) {
        failed = add_kind(kinds, named[i], named_kinds[i]);
    }
    if (failed) {
        Py_XDECREF(kinds);
        return NULL;
    }
    Py_XDECREF(tag_kinds);
    tag_kinds = kinds;
    for (Py_ssize_t i = 0; i < image_source_count; i++) {
        Py_CLEAR(image_sources[i]);
    }
    for (Py_ssize_t i = 0; i < source_count; i++) {
        image_sources[i] = PyTuple_GetItem(sources, i);
        Py_INCREF(image_sources[i]);
    }
    image_source_count = source_count;
    Py_RETURN_NONE;
}

static PyMethodDef artpass_methods[] = {
    {"configure", artpass_configure, METH_VARARGS,
     "configure(element_class, non_content, media_elements, media_sources, div_to_p, commas, image_sources): "
     "the Element class and the rule tables."},
    {"prepare", artpass_prepare, METH_VARARGS,
     "prepare(body, measures, holds_blocks, on_noscript, on_br_runs, has_image_source, link_weight): "
     "engine.article._prepare, in C."},
    {"score_configure", artpass_score_configure, METH_VARARGS,
     "score_configure(element_class, tag_base_score, negative_memo, positive_memo, weight_flag, weight, min_scored_paragraph, "
     "ancestor_levels): the scoring rules' tables."},
    {"score", artpass_score, METH_VARARGS,
     "score(to_score, measures, scores, flags) -> bool: engine.article._score, in C (False: left to Python)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef artpass_module = {
    PyModuleDef_HEAD_INIT, "_artpass", "The article pass's prepare walk and scoring in C (guest only).", -1,
    artpass_methods,       NULL,       NULL,
    NULL,                  NULL,
};

PyMODINIT_FUNC PyInit__artpass(void) {
    struct {
        PyObject **slot;
        const char *name;
    } names[] = {
        {&s_noscript, "noscript"}, {&s_img, "img"}, {&s_font, "font"}, {&s_br, "br"},
        {&s_a, "a"},               {&s_span, "span"}, {&s_href, "href"},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        *names[i].slot = PyUnicode_InternFromString(names[i].name);
        if (*names[i].slot == NULL) {
            return NULL;
        }
    }
    return PyModule_Create(&artpass_module);
}
