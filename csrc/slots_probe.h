/* Where a slotted Python class keeps its __slots__, for C that reads and writes them in place.
 *
 * Why: a slot read through the attribute protocol (the descriptor found through the type, then
 * called) costs more inside the component than the work many C walks do per object, and under the
 * Limited API a member descriptor's offset is not readable. The tree builder (treebuild.c), the
 * walks over elements (element_slots.h), the metadata scan (fastpass) and Markdown's nested blocks
 * (mdpass/lists.c) find the offsets this one way. Header-only.
 */
#ifndef RIPTIDE_SLOTS_PROBE_H
#define RIPTIDE_SLOTS_PROBE_H

#include "fastscan.h" /* Python.h (Limited API) */

#include <string.h>

/* Where each slot named in ``names`` (``count`` of them, at most SLOTS_PROBE_MAX) is stored in an
 * instance of the slotted class ``type``, made by ``alloc`` (its tp_alloc): every offset into
 * ``offsets``, or all of them 0 when one is not found (the attribute protocol is used then). 0, or
 * -1 on error. Not finding them is no error. Sets each slot of a probe instance to a marker and
 * finds the marker in the instance, so no layout is assumed. */
#define SLOTS_PROBE_MAX 8
static inline int slots_probe(PyObject *type, allocfunc alloc, PyObject *const *names, int count,
                              Py_ssize_t *offsets) {
    memset(offsets, 0, (size_t)count * sizeof *offsets);
    if (count > SLOTS_PROBE_MAX) {
        return 0;
    }
    PyObject *basicsize = PyObject_GetAttrString(type, "__basicsize__");
    Py_ssize_t size = basicsize == NULL ? -1 : PyLong_AsSsize_t(basicsize);
    Py_XDECREF(basicsize);
    if (size < 0) {
        return -1;
    }
    PyObject *probe = alloc((PyTypeObject *)type, 0);
    PyObject *markers[SLOTS_PROBE_MAX] = {NULL};
    int found = probe != NULL;
    for (int slot = 0; slot < count && found; slot++) {
        markers[slot] = PyList_New(0);
        found = markers[slot] != NULL && PyObject_SetAttr(probe, names[slot], markers[slot]) == 0;
    }
    Py_ssize_t at[SLOTS_PROBE_MAX] = {0};
    for (int slot = 0; slot < count && found; slot++) {
        for (Py_ssize_t offset = (Py_ssize_t)sizeof(PyObject); offset + (Py_ssize_t)sizeof(PyObject *) <= size;
             offset += (Py_ssize_t)sizeof(PyObject *)) {
            if (*(PyObject **)((char *)probe + offset) == markers[slot]) {
                at[slot] = offset;
            }
        }
        found = at[slot] != 0;
    }
    if (found) {
        memcpy(offsets, at, (size_t)count * sizeof *offsets);
    }
    PyErr_Clear(); /* not found: the attribute protocol then */
    Py_XDECREF(probe);
    for (int slot = 0; slot < count; slot++) {
        Py_XDECREF(markers[slot]);
    }
    return 0;
}

/* ``object``'s slot ``name`` (new reference): read in place at ``offset``, or by attribute when
 * ``offset`` is 0 (not found, or ``object`` is not of the probed class: the caller passes 0
 * then). NULL with AttributeError when the slot is unset, as the attribute protocol says. */
static inline PyObject *slot_read(PyObject *object, Py_ssize_t offset, PyObject *name) {
    if (!offset) {
        return PyObject_GetAttr(object, name);
    }
    PyObject *value = *(PyObject **)((char *)object + offset);
    if (value == NULL) {
        PyErr_SetObject(PyExc_AttributeError, name);
        return NULL;
    }
    Py_INCREF(value);
    return value;
}

/* ``object.<name> = value`` (value borrowed), in place at ``offset`` as slot_read reads. 0 or
 * -1. */
static inline int slot_write(PyObject *object, Py_ssize_t offset, PyObject *name, PyObject *value) {
    if (!offset) {
        return PyObject_SetAttr(object, name, value);
    }
    PyObject **at = (PyObject **)((char *)object + offset);
    PyObject *old = *at;
    Py_INCREF(value);
    *at = value;
    Py_XDECREF(old); /* last: this may free what the slot held */
    return 0;
}

/* The slots ``names`` of the class of the objects last met, for C handed instances of a class it
 * is not configured with (the Markdown renderer): probed when an instance of another class is met. */
typedef struct {
    PyObject *type; /* strong: the class probed, or NULL */
    Py_ssize_t offsets[SLOTS_PROBE_MAX];
} SlotsMet;

/* Where ``object`` keeps the slot ``slot`` of ``names`` (``count`` of them): its offset, 0 to read
 * it by attribute, -1 with an error set. */
static inline Py_ssize_t slot_met(SlotsMet *met, PyObject *object, PyObject *const *names, int count, int slot) {
    PyObject *type = (PyObject *)Py_TYPE(object);
    if (type != met->type) {
        allocfunc alloc = (allocfunc)PyType_GetSlot(Py_TYPE(object), Py_tp_alloc);
        if (alloc == NULL) {
            PyErr_Clear();
            memset(met->offsets, 0, sizeof met->offsets);
        } else if (slots_probe(type, alloc, names, count, met->offsets) < 0) {
            return -1;
        }
        Py_INCREF(type);
        Py_XDECREF(met->type);
        met->type = type;
    }
    return met->offsets[slot];
}

#endif
