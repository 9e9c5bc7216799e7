/* Walks of a dom.Element tree, in C, for the guest component only: Element.text_content, .text,
 * Element.find and dom.release_tree.
 *
 * Why: after parsing moved into C, these were the hottest mechanical loops of dom.py in the
 * guest profile (every text measure, title, byline and heading reads text_content; find walks
 * whole subtrees). Both return a finished value and run no Python code during the walk, so
 * doing them eagerly in C cannot change what a caller sees (unlike Element.iter and walk,
 * lazy generators whose callers may edit the tree between steps, which stay in Python).
 *
 * Contract: the same result as dom's Python walks, node for node (pre-order, children in
 * order). No recursion: an explicit stack of (children list, next index) grows on the heap, so
 * any depth is walked; every allocation failure raises MemoryError. The stack holds a reference
 * to each children list it walks.
 */
#include "element_text.h" /* the walk, Collapsed, collapse_into, points_str (and fastscan.h) */

#include <stdlib.h>

/* A walk through treebuild.c's slots (children: any sequence, made a list). */
static Walk tree_walk(void) { return (Walk){treebuild_children, NULL, 0, 0}; }

/* walk_text with treebuild.c's reads (text_content's walk). */
static int tree_walk_text(PyObject *element, PyObject *skip, int (*visit)(PyObject *text, void *state), void *state) {
    return walk_text(element, skip, treebuild_children, treebuild_tag, visit, state);
}

static int append_piece(PyObject *text, void *parts) { return PyList_Append((PyObject *)parts, text); }

/* Whether a METH_FASTCALL function got exactly two arguments (a TypeError if not). */
static int two_args(const char *name, Py_ssize_t nargs) {
    if (nargs == 2) {
        return 1;
    }
    PyErr_Format(PyExc_TypeError, "%s() takes exactly 2 arguments (%zd given)", name, nargs);
    return 0;
}

/* text_content(element, skip) -> str: every text piece under `element`, in order, not entering
 * elements whose tag is in `skip` (dom.Element.text_content). */
PyObject *treewalk_text_content(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!two_args("text_content", nargs)) {
        return NULL;
    }
    PyObject *element = args[0], *skip = args[1];
    PyObject *parts = PyList_New(0), *result = NULL;
    if (parts != NULL && tree_walk_text(element, skip, append_piece, parts) == 0) {
        PyObject *empty = PyUnicode_FromString("");
        result = empty == NULL ? NULL : PyUnicode_Join(empty, parts);
        Py_XDECREF(empty);
    }
    Py_XDECREF(parts);
    return result;
}

/* The code-point buffer Element.text writes into, kept between calls (COLLAPSED_KEPT). */
static Py_UCS4 *text_out;
static Py_ssize_t text_cap;

/* Element.text's walk and collapse into the kept buffer, read within `limits` (NULL: all), made a
 * str; Py_None (new reference) when a limit stopped it (walk_short_text). */
static PyObject *collapsed_text(PyObject *element, PyObject *skip, const ShortRead *limits) {
    PyObject *result = NULL;
    /* Take the kept buffer for this call (a nested call, if any, finds none and makes its own). */
    Collapsed collapsed = {text_out, 0, text_cap, 0};
    text_out = NULL;
    text_cap = 0;
    int status = walk_short_text(element, skip, treebuild_children, treebuild_tag, collapse_into, &collapsed, limits);
    if (status == 0) {
        result = points_str(collapsed.out, collapsed.len);
    } else if (status == 1) {
        result = Py_NewRef(Py_None);
    }
    if (collapsed.cap <= COLLAPSED_KEPT && text_out == NULL) {
        text_out = collapsed.out;
        text_cap = collapsed.cap;
    } else {
        free(collapsed.out);
    }
    return result;
}

/* text(element, skip) -> str: " ".join(text_content(element, skip).split()) (dom.Element.text)
 * in one walk, without the joined text, its list of words, or a Python call per step.
 * METH_FASTCALL (no argument tuple): the copy and the grab call it for every short block. */
PyObject *treewalk_text(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!two_args("text", nargs)) {
        return NULL;
    }
    return collapsed_text(args[0], args[1], NULL);
}

/* short_text(element, skip, max_elements, max_chars) -> str | None: text(element, skip), or None
 * once the walk meets more than max_elements elements or max_chars characters
 * (dom.Element.short_text, whose limits are passed on each call). */
PyObject *treewalk_short_text(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 4) {
        PyErr_Format(PyExc_TypeError, "short_text() takes exactly 4 arguments (%zd given)", nargs);
        return NULL;
    }
    ShortRead limits = {PyLong_AsSsize_t(args[2]), PyLong_AsSsize_t(args[3])};
    if ((limits.elements == -1 || limits.chars == -1) && PyErr_Occurred()) {
        return NULL;
    }
    return collapsed_text(args[0], args[1], &limits);
}

/* find(element, tags) -> Element | None: the first descendant element, in document order, whose
 * tag is one of `tags` (a tuple; empty: any element) (dom.Element.find). */
PyObject *treewalk_find(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *element, *tags;
    if (!PyArg_ParseTuple(args, "OO!:find", &element, &PyTuple_Type, &tags)) {
        return NULL;
    }
    Py_ssize_t wanted = PyTuple_Size(tags);
    Walk walk = tree_walk();
    int failed = walk_enter(&walk, element);
    PyObject *node, *found = NULL;
    while (!failed && found == NULL && (node = walk_next(&walk)) != NULL) {
        if (!treebuild_is_element(node)) {
            continue;
        }
        PyObject *tag = treebuild_tag(node);
        failed = tag == NULL;
        for (Py_ssize_t i = 0; i < wanted && !failed && found == NULL; i++) {
            int equal = PyObject_RichCompareBool(tag, PyTuple_GetItem(tags, i), Py_EQ);
            failed = equal < 0;
            found = equal > 0 ? node : NULL;
        }
        Py_XDECREF(tag);
        if (!failed && found == NULL) {
            found = wanted == 0 ? node : NULL;
            failed = found == NULL && walk_enter(&walk, node);
        }
    }
    found = failed ? NULL : found != NULL ? found : Py_None;
    Py_XINCREF(found); /* before the walk lets go of the list holding it */
    walk_free(&walk);
    return found;
}

/* release(root, elements, walk): dom.release_tree. Clears the parent link of `root`, of each of
 * `elements` (any iterable) and, when `walk` is true, of every element under `root` that
 * Element.iter yields (children of type Element only), writing the slot in place. Clearing a
 * link may free the old parent; the walk holds each children list it reads, so no node it
 * visits goes with it. */
PyObject *treewalk_release(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *root, *elements;
    int walk_tree;
    if (!PyArg_ParseTuple(args, "OOp:release", &root, &elements, &walk_tree)) {
        return NULL;
    }
    if (treebuild_clear_parent(root)) {
        return NULL;
    }
    int failed = 0;
    if (PyList_Check(elements)) { /* the parser's body_elements: read in place, no iterator */
        for (Py_ssize_t i = 0; !failed && i < PyList_Size(elements); i++) {
            PyObject *item = PyList_GetItem(elements, i);
            Py_INCREF(item); /* held: clearing its link may free what holds the list */
            failed = treebuild_clear_parent(item);
            Py_DECREF(item);
        }
    } else {
        PyObject *iterator = PyObject_GetIter(elements);
        if (iterator == NULL) {
            return NULL;
        }
        PyObject *item;
        while (!failed && (item = PyIter_Next(iterator)) != NULL) {
            failed = treebuild_clear_parent(item);
            Py_DECREF(item);
        }
        Py_DECREF(iterator);
    }
    if (failed || PyErr_Occurred()) {
        return NULL;
    }
    if (walk_tree && walk_release(root, treebuild_children, treebuild_is_element, treebuild_clear_parent)) {
        return NULL;
    }
    Py_RETURN_NONE;
}

/* release_subtrees(roots): dom.release_subtrees. release(root, (), True) of each of `roots` (a
 * list), in one call and one walk's stack: most are single elements, for which a stack apiece
 * (a malloc and a free) would cost more than the rest of their release. */
PyObject *treewalk_release_subtrees(PyObject *module, PyObject *roots) {
    (void)module;
    if (!PyList_Check(roots)) {
        PyErr_SetString(PyExc_TypeError, "release_subtrees expects a list of elements");
        return NULL;
    }
    Walk walk = {treebuild_children, NULL, 0, 0};
    int failed = 0;
    for (Py_ssize_t i = 0; !failed && i < PyList_Size(roots); i++) {
        PyObject *root = PyList_GetItem(roots, i);
        Py_INCREF(root); /* held: clearing its link may free what holds the list */
        failed = treebuild_clear_parent(root) ||
                 walk_release_on(&walk, root, treebuild_is_element, treebuild_clear_parent);
        Py_DECREF(root);
    }
    walk_free(&walk);
    if (failed) {
        return NULL;
    }
    Py_RETURN_NONE;
}
