/* Element.iter and Element.walk as C iterators, for the guest component only.
 *
 * Why: after parsing and text_content moved into C, these two generators were the hottest dom.py
 * loops left in the guest profile (each step of a Python generator is a frame resume plus a
 * few bytecodes per element, and every caller of the engine's tree walks uses them).
 *
 * Contract: the same elements in the same order as dom._iter_python and dom._walk_python, also
 * when the caller edits the tree between steps, because each step reads the tree at the moment
 * the generator would: iter reads the children of the element it last yielded on the *next*
 * step (after the caller had it), walk reads them *before* yielding it; both read the starting
 * element's children on the first step, not on creation. No recursion: the pending elements
 * sit on a heap stack (strong references), as in the generators' own lists.
 */
#include "fastscan.h"

#include <stdlib.h>

typedef struct {
    PyObject_HEAD
    PyObject *start;   /* the element iterated under, until the first step */
    PyObject *tags;    /* iter: the wanted tags (tuple; empty: every element) */
    PyObject *tag_set; /* iter: the same tags as a frozenset when there are SET_FROM_TAGS or more, all
                        * of them exact str (NULL otherwise): one look-up per element then, not one
                        * comparison per tag (collect_links and collect_media ask for five or six) */
    PyObject *skip;    /* walk: tags not entered nor yielded (NULL for iter) */
    PyObject *pending; /* iter: the element yielded last, whose children the next step reads */
    PyObject **stack;
    Py_ssize_t depth;
    Py_ssize_t cap;
} ElementIterator;

static PyObject *iterator_type;

/* How many wanted tags make a look-up in a set cheaper than comparing with each. */
#define SET_FROM_TAGS 3

/* Push the Element children of `element`, last first (so that the first pops first). */
static int push_children(ElementIterator *it, PyObject *element) {
    PyObject *children = treebuild_children(element);
    if (children == NULL) {
        return -1;
    }
    for (Py_ssize_t i = PyList_Size(children) - 1; i >= 0; i--) {
        PyObject *child = PyList_GetItem(children, i);
        if (!treebuild_is_element(child)) {
            continue;
        }
        if (it->depth == it->cap && grow((void **)&it->stack, &it->cap, sizeof(PyObject *))) {
            Py_DECREF(children);
            return -1;
        }
        Py_INCREF(child);
        it->stack[it->depth++] = child;
    }
    Py_DECREF(children);
    return 0;
}

/* Does `element`'s tag decide for it: iter: one of `tags` (1), walk: not in `skip` (1)? */
static int wanted(const ElementIterator *it, PyObject *element) {
    PyObject *tag = treebuild_tag(element);
    if (tag == NULL) {
        return -1;
    }
    int answer;
    if (it->skip != NULL) {
        answer = PySequence_Contains(it->skip, tag);
        answer = answer < 0 ? -1 : !answer;
    } else if (it->tag_set != NULL && PyUnicode_CheckExact(tag)) { /* str == str: same hash, so in the set */
        answer = PySet_Contains(it->tag_set, tag);
    } else {
        Py_ssize_t count = PyTuple_Size(it->tags);
        answer = count == 0;
        for (Py_ssize_t i = 0; i < count && !answer; i++) {
            answer = PyObject_RichCompareBool(tag, PyTuple_GetItem(it->tags, i), Py_EQ);
        }
    }
    Py_DECREF(tag);
    return answer;
}

static PyObject *iterator_next(PyObject *self) {
    ElementIterator *it = (ElementIterator *)self;
    PyObject *expand = it->start != NULL ? it->start : it->pending;
    it->start = it->pending = NULL;
    if (expand != NULL) {
        int failed = push_children(it, expand);
        Py_DECREF(expand);
        if (failed) {
            return NULL;
        }
    }
    while (it->depth) {
        PyObject *node = it->stack[--it->depth];
        int yield = wanted(it, node);
        int failed = yield < 0;
        if (!failed && it->skip != NULL) { /* walk: skipped subtrees are not entered */
            failed = yield && push_children(it, node);
        } else if (!failed && yield) { /* iter: its children are read on the next step */
            Py_INCREF(node);
            it->pending = node;
        } else if (!failed) {
            failed = push_children(it, node);
        }
        if (failed) {
            Py_DECREF(node);
            return NULL;
        }
        if (yield) {
            return node;
        }
        Py_DECREF(node);
    }
    return NULL; /* exhausted: StopIteration */
}

static void iterator_dealloc(PyObject *self) {
    ElementIterator *it = (ElementIterator *)self;
    PyTypeObject *type = Py_TYPE(self);
    Py_XDECREF(it->start);
    Py_XDECREF(it->tags);
    Py_XDECREF(it->tag_set);
    Py_XDECREF(it->skip);
    Py_XDECREF(it->pending);
    while (it->depth) {
        Py_DECREF(it->stack[--it->depth]);
    }
    free(it->stack);
    PyObject_Free(self);
    Py_DECREF(type);
}

static PyType_Slot iterator_slots[] = {
    {Py_tp_dealloc, iterator_dealloc},
    {Py_tp_iter, PyObject_SelfIter},
    {Py_tp_iternext, iterator_next},
    {0, NULL},
};

static PyType_Spec iterator_spec = {
    "riptide.engine._fastscan.ElementIterator", sizeof(ElementIterator), 0, Py_TPFLAGS_DEFAULT, iterator_slots,
};

int treeiter_add_type(PyObject *module) {
    iterator_type = PyType_FromSpec(&iterator_spec);
    if (iterator_type == NULL) {
        return -1;
    }
    Py_INCREF(iterator_type);
    if (PyModule_AddObject(module, "ElementIterator", iterator_type) < 0) {
        Py_DECREF(iterator_type);
        return -1;
    }
    return 0;
}

static PyObject *new_iterator(PyObject *start, PyObject *tags, PyObject *skip) {
    ElementIterator *it = PyObject_New(ElementIterator, (PyTypeObject *)iterator_type);
    if (it == NULL) {
        return NULL;
    }
    Py_INCREF(start);
    Py_XINCREF(tags);
    Py_XINCREF(skip);
    it->start = start;
    it->tags = tags;
    it->tag_set = NULL;
    it->skip = skip;
    it->pending = NULL;
    it->stack = NULL;
    it->depth = it->cap = 0;
    return (PyObject *)it;
}

/* iter(element, tags: tuple) -> iterator: dom.Element.iter. */
PyObject *treeiter_iter(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *element, *tags;
    if (!PyArg_ParseTuple(args, "OO!:iter", &element, &PyTuple_Type, &tags)) {
        return NULL;
    }
    PyObject *it = new_iterator(element, tags, NULL);
    Py_ssize_t count = PyTuple_Size(tags);
    int all_str = it != NULL && count >= SET_FROM_TAGS;
    for (Py_ssize_t i = 0; i < count && all_str; i++) {
        all_str = PyUnicode_CheckExact(PyTuple_GetItem(tags, i));
    }
    if (all_str && (((ElementIterator *)it)->tag_set = PyFrozenSet_New(tags)) == NULL) {
        Py_CLEAR(it);
    }
    return it;
}

/* walk(element, skip) -> iterator: dom.Element.walk. */
PyObject *treeiter_walk(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *element, *skip;
    if (!PyArg_ParseTuple(args, "OO:walk", &element, &skip)) {
        return NULL;
    }
    return new_iterator(element, NULL, skip);
}
