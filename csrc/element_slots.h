/* Direct reads and writes of engine.dom.Element's __slots__ (tag, attrs, children, parent), for
 * the C walks that visit or make an Element per step (csrc/copypass/copy.c, csrc/grabpass/).
 *
 * Why: those walks did a few PyObject_GetAttr/SetAttr per element (the slot descriptor found
 * through the type, then called), which inside the component were a large part of what the
 * copy walk and the grab cost per element: the cost per KB of element-dense markup (issue 12,
 * `forms-under-deep-div`: ~47 elements per KB) is mostly that per-element cost. Under the
 * Limited API the slots' offsets are not readable, so element_slots_find locates them with
 * slots_probe.h. When that fails, or for an object that is not exactly an
 * Element (a test's stand-in), every access falls back to the attribute protocol.
 *
 * Header-only (static state per module that includes it); element_slots_find before any use.
 */
#ifndef RIPTIDE_ELEMENT_SLOTS_H
#define RIPTIDE_ELEMENT_SLOTS_H

#include "passes.h"      /* Python.h (Limited API) */
#include "slots_probe.h" /* slots_probe */

#include <string.h>

enum { ELEMENT_TAG, ELEMENT_ATTRS, ELEMENT_CHILDREN, ELEMENT_PARENT, ELEMENT_SLOTS };

static const char *const element_slot_names[ELEMENT_SLOTS] = {"tag", "attrs", "children", "parent"};

static struct {
    PyObject *type;                        /* strong: dom.Element, or NULL before element_slots_find */
    PyObject *names[ELEMENT_SLOTS];        /* strong: the interned slot names */
    Py_ssize_t offsets[ELEMENT_SLOTS];     /* 0: unknown, the attribute protocol is used */
} element_slots;

/* Find the slots of `type` (dom.Element), made by `alloc` (its tp_alloc) (slots_probe). 0, or -1
 * on error. */
static inline int element_slots_find(PyObject *type, allocfunc alloc) {
    for (int slot = 0; slot < ELEMENT_SLOTS; slot++) {
        if (element_slots.names[slot] == NULL &&
            (element_slots.names[slot] = PyUnicode_InternFromString(element_slot_names[slot])) == NULL) {
            return -1;
        }
    }
    Py_INCREF(type);
    Py_XDECREF(element_slots.type);
    element_slots.type = type;
    return slots_probe(type, alloc, element_slots.names, ELEMENT_SLOTS, element_slots.offsets);
}

/* element_slots_find for the class ``type`` with its own tp_alloc; -1 with TypeError (naming
 * ``caller``) when it has none. */
static inline int element_slots_of_type(PyObject *type, const char *caller) {
    allocfunc alloc = (allocfunc)PyType_GetSlot((PyTypeObject *)type, Py_tp_alloc);
    if (alloc == NULL) {
        PyErr_Format(PyExc_TypeError, "%s: Element has no tp_alloc", caller);
        return -1;
    }
    return element_slots_find(type, alloc);
}

/* The offset of `slot` in `node`, or 0 when it is read through the attribute protocol. */
static inline Py_ssize_t element_slot_offset(PyObject *node, int slot) {
    return (PyObject *)Py_TYPE(node) == element_slots.type ? element_slots.offsets[slot] : 0;
}

/* node.<slot> (new reference), or NULL with AttributeError when it is unset. */
static inline PyObject *element_get(PyObject *node, int slot) {
    return slot_read(node, element_slot_offset(node, slot), element_slots.names[slot]);
}

/* node.tag (new reference): element_get as a one-argument function, for the walks that take an
 * element's reads as functions (../element_text.h). */
static inline PyObject *element_tag_of(PyObject *node) { return element_get(node, ELEMENT_TAG); }

/* node.children (new reference) when it is a list; else NULL with the AttributeError of an unset
 * slot, or a TypeError saying that ``caller`` (the pass, for the message) expects a list. Every
 * walk reads children this way: a tree edited from Python into another shape is refused, not
 * read past its end. */
static inline PyObject *element_children(PyObject *node, const char *caller) {
    PyObject *children = element_get(node, ELEMENT_CHILDREN);
    if (children != NULL && !PyList_Check(children)) {
        Py_DECREF(children);
        PyErr_Format(PyExc_TypeError, "%s expects element children in a list", caller);
        return NULL;
    }
    return children;
}

/* node.attrs (new reference) when it is a dict; else NULL with the AttributeError of an unset
 * slot, or a TypeError saying that ``caller`` expects a dict: element_children's twin, for the
 * passes that read attributes with the PyDict calls. */
static inline PyObject *element_attrs(PyObject *node, const char *caller) {
    PyObject *attrs = element_get(node, ELEMENT_ATTRS);
    if (attrs != NULL && !PyDict_Check(attrs)) {
        Py_DECREF(attrs);
        PyErr_Format(PyExc_TypeError, "%s expects element attributes in a dict", caller);
        return NULL;
    }
    return attrs;
}

/* Whether node's tag is the (interned) name ``name`` (is_tag): 1, 0, or -1. */
static inline int element_tag_is(PyObject *node, PyObject *name) {
    PyObject *tag = element_get(node, ELEMENT_TAG);
    int same = tag == NULL ? -1 : is_tag(tag, name);
    Py_XDECREF(tag);
    return same;
}

/* node.<slot> = value (value borrowed). 0 or -1. */
static inline int element_set(PyObject *node, int slot, PyObject *value) {
    return slot_write(node, element_slot_offset(node, slot), element_slots.names[slot], value);
}

#endif
