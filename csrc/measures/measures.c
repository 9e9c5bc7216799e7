/* _measures: the Measures type, engine.cleaning._Content.vectors inside the guest (guest only).
 *
 * Why and how: csrc/measures.h. This file is the Python face of it: a mapping of element ->
 * vector in insertion order, as the dict it replaces was (len, [], []=, in, iteration over the
 * keys, get, keys, items), whose values are lists of floats made on reading. Entries are never
 * removed (the cleaner never removed one; del raises). The C passes (csrc/copypass,
 * csrc/cleanpass) work on the rows directly.
 *
 * Spans (Measures.spans()) is _Content.spans over the same rows: a mapping of element ->
 * (first, last) with the same operations, in row order. A span is set on an element that has a
 * row, and ends at that row (spans[node] = (first, row of node)); anything else raises.
 *
 *   Measures(width)
 */
#include "../measures.h"

/* Read a sequence of `m->width` numbers into `vector`. 0, or -1 with an error set. */
static int read_sequence(const Measures *m, PyObject *value, double *vector) {
    Py_ssize_t n = PySequence_Check(value) ? PySequence_Size(value) : -1;
    if (n < 0) {
        if (!PyErr_Occurred()) {
            PyErr_Format(PyExc_TypeError, "a measure vector is a sequence of numbers, not %R", (PyObject *)Py_TYPE(value));
        }
        return -1;
    }
    if (n != m->width) {
        PyErr_Format(PyExc_ValueError, "a measure vector holds %zd numbers, not %zd", m->width, n);
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PySequence_GetItem(value, i);
        vector[i] = item == NULL ? -1.0 : PyFloat_AsDouble(item);
        Py_XDECREF(item);
        if (PyErr_Occurred()) {
            return -1;
        }
    }
    return 0;
}

static PyObject *measures_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    Py_ssize_t width;
    static char *names[] = {"width", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "n:Measures", names, &width)) {
        return NULL;
    }
    if (width < 1 || width > MEASURES_WIDTH_MAX) {
        PyErr_Format(PyExc_ValueError, "Measures(width): width is 1 to %d, not %zd", MEASURES_WIDTH_MAX, width);
        return NULL;
    }
    allocfunc alloc = (allocfunc)PyType_GetSlot(type, Py_tp_alloc);
    Measures *m = (Measures *)alloc(type, 0);
    if (m == NULL) {
        return NULL;
    }
    m->width = width;
    m->n = m->cap = 0;
    m->rows = NULL;
    m->keys = NULL;
    m->firsts = NULL;
    m->spans = 0;
    m->slots = NULL;
    m->mask = -1;
    return (PyObject *)m;
}

static void measures_dealloc(PyObject *self) {
    Measures *m = (Measures *)self;
    PyTypeObject *type = Py_TYPE(self);
    for (Py_ssize_t row = 0; row < m->n; row++) {
        Py_DECREF(m->keys[row]);
    }
    free(m->rows);
    free(m->keys);
    free(m->firsts);
    free(m->slots);
    freefunc free_self = (freefunc)PyType_GetSlot(type, Py_tp_free);
    free_self(self);
    Py_DECREF(type);
}

static Py_ssize_t measures_length(PyObject *self) { return ((Measures *)self)->n; }

static int measures_assign(PyObject *self, PyObject *key, PyObject *value) {
    Measures *m = (Measures *)self;
    if (value == NULL) {
        PyErr_SetString(PyExc_TypeError, "a Measures keeps every entry (the cleaner never removes one)");
        return -1;
    }
    double vector[MEASURES_WIDTH_MAX];
    if (read_sequence(m, value, vector) < 0) {
        return -1;
    }
    return measures_put(m, key, vector) < 0 ? -1 : 0;
}

/* -- Spans: the spans over a Measures' rows ------------------------------------------------ */

typedef struct {
    PyObject_HEAD
    Measures *measures; /* strong */
} Spans;

static PyObject *spans_type;

static void spans_dealloc(PyObject *self) {
    PyTypeObject *type = Py_TYPE(self);
    Py_DECREF(((Spans *)self)->measures);
    freefunc free_self = (freefunc)PyType_GetSlot(type, Py_tp_free);
    free_self(self);
    Py_DECREF(type);
}

static Py_ssize_t spans_length(PyObject *self) { return ((Spans *)self)->measures->spans; }

/* -- The reads both mappings share ------------------------------------------------------- */

/* One of the two mappings over a Measures' rows: its vectors (every row, read as a list of
 * floats) or its spans (the rows that have one, read as (first, last)). Each type's reads below
 * are these, given its view. */
typedef struct {
    const Measures *m;
    int spans;
} View;

static View vectors_view(PyObject *self) { return (View){(const Measures *)self, 0}; }
static View spans_view(PyObject *self) { return (View){((Spans *)self)->measures, 1}; }

/* Whether `row` is in the view. */
static int view_holds(View v, Py_ssize_t row) { return !v.spans || v.m->firsts[row] >= 0; }

/* The row of `key` in the view, or -1. */
static Py_ssize_t view_row(View v, PyObject *key) {
    Py_ssize_t row = measures_find(v.m, key);
    return row >= 0 && view_holds(v, row) ? row : -1;
}

/* What `row` reads as (new reference): its vector as a new list, or its (first, last). */
static PyObject *view_value(View v, Py_ssize_t row) {
    return v.spans ? Py_BuildValue("(nn)", v.m->firsts[row], row) : float_list(v.m->rows + row * v.m->width, v.m->width);
}

static PyObject *view_subscript(View v, PyObject *key) {
    Py_ssize_t row = view_row(v, key);
    if (row < 0) {
        PyErr_SetObject(PyExc_KeyError, key);
        return NULL;
    }
    return view_value(v, row);
}

/* The view's keys (or, with `items`, (key, value) pairs) in row order: a new list. */
static PyObject *view_list(View v, int items) {
    PyObject *list = PyList_New(0);
    for (Py_ssize_t row = 0; list != NULL && row < v.m->n; row++) {
        if (!view_holds(v, row)) {
            continue;
        }
        PyObject *value = items ? view_value(v, row) : NULL;
        PyObject *entry = !items ? (Py_INCREF(v.m->keys[row]), v.m->keys[row])
                                 : value == NULL ? NULL : PyTuple_Pack(2, v.m->keys[row], value);
        Py_XDECREF(value);
        if (entry == NULL || PyList_Append(list, entry) < 0) {
            Py_CLEAR(list);
        }
        Py_XDECREF(entry);
    }
    return list;
}

static PyObject *view_iter(View v) {
    PyObject *keys = view_list(v, 0);
    PyObject *iterator = keys == NULL ? NULL : PyObject_GetIter(keys);
    Py_XDECREF(keys);
    return iterator;
}

static PyObject *view_get(View v, PyObject *args) {
    PyObject *key, *fallback = Py_None;
    if (!PyArg_UnpackTuple(args, "get", 1, 2, &key, &fallback)) {
        return NULL;
    }
    Py_ssize_t row = view_row(v, key);
    if (row < 0) {
        Py_INCREF(fallback);
        return fallback;
    }
    return view_value(v, row);
}

static PyObject *measures_subscript(PyObject *self, PyObject *key) { return view_subscript(vectors_view(self), key); }
static int measures_contains(PyObject *self, PyObject *key) { return view_row(vectors_view(self), key) >= 0; }
static PyObject *measures_iter(PyObject *self) { return view_iter(vectors_view(self)); }
static PyObject *measures_get_method(PyObject *self, PyObject *args) { return view_get(vectors_view(self), args); }

/* The keys in insertion order (a new list). */
static PyObject *measures_keys(PyObject *self, PyObject *unused) {
    (void)unused;
    return view_list(vectors_view(self), 0);
}

/* (key, vector) pairs in insertion order (a new list). */
static PyObject *measures_items(PyObject *self, PyObject *unused) {
    (void)unused;
    return view_list(vectors_view(self), 1);
}

static PyObject *spans_subscript(PyObject *self, PyObject *key) { return view_subscript(spans_view(self), key); }
static int spans_contains(PyObject *self, PyObject *key) { return view_row(spans_view(self), key) >= 0; }
static PyObject *spans_iter(PyObject *self) { return view_iter(spans_view(self)); }
static PyObject *spans_get_method(PyObject *self, PyObject *args) { return view_get(spans_view(self), args); }

static PyObject *spans_keys(PyObject *self, PyObject *unused) {
    (void)unused;
    return view_list(spans_view(self), 0);
}

static PyObject *spans_items(PyObject *self, PyObject *unused) {
    (void)unused;
    return view_list(spans_view(self), 1);
}

static int spans_assign(PyObject *self, PyObject *key, PyObject *value) {
    Measures *m = ((Spans *)self)->measures;
    if (value == NULL) {
        PyErr_SetString(PyExc_TypeError, "the spans keep every entry (the cleaner never removes one)");
        return -1;
    }
    Py_ssize_t first, last;
    if (!PyTuple_Check(value) || !PyArg_ParseTuple(value, "nn", &first, &last)) {
        if (!PyErr_Occurred() || PyErr_ExceptionMatches(PyExc_TypeError)) {
            PyErr_Clear();
            PyErr_Format(PyExc_TypeError, "a span is a (first, last) tuple of ints, not %R", value);
        }
        return -1;
    }
    Py_ssize_t row = measures_find(m, key);
    if (row < 0) {
        PyErr_SetString(PyExc_KeyError, "a span is set on an element measured already (its vector first)");
        return -1;
    }
    if (last != row || first < 0 || first > row) {
        PyErr_Format(PyExc_ValueError, "a span ends at its element's row (%zd) and begins at or before it, not (%zd, %zd)",
                     row, first, last);
        return -1;
    }
    measures_set_first(m, row, first);
    return 0;
}

static PyMethodDef spans_methods[] = {
    {"get", spans_get_method, METH_VARARGS, "get(element, default=None): its (first, last), or default."},
    {"keys", spans_keys, METH_NOARGS, "The elements with a span, in row order (a list)."},
    {"items", spans_items, METH_NOARGS, "(element, (first, last)) pairs in row order (a list)."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot spans_slots[] = {
    {Py_tp_dealloc, spans_dealloc},
    {Py_mp_length, spans_length},
    {Py_mp_subscript, spans_subscript},
    {Py_mp_ass_subscript, spans_assign},
    {Py_sq_contains, spans_contains},
    {Py_tp_iter, spans_iter},
    {Py_tp_methods, spans_methods},
    {Py_tp_doc, "The spans of a Measures' rows: element -> (first, last) (Measures.spans())."},
    {0, NULL},
};

static PyType_Spec spans_spec = {
    "riptide.engine._measures.Spans", sizeof(Spans), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    spans_slots,
};

static PyObject *measures_spans(PyObject *self, PyObject *unused) {
    (void)unused;
    allocfunc alloc = (allocfunc)PyType_GetSlot((PyTypeObject *)spans_type, Py_tp_alloc);
    Spans *spans = (Spans *)alloc((PyTypeObject *)spans_type, 0);
    if (spans != NULL) {
        Py_INCREF(self);
        spans->measures = (Measures *)self;
    }
    return (PyObject *)spans;
}

static PyMethodDef measures_methods[] = {
    {"spans", measures_spans, METH_NOARGS, "The spans over these rows (a Spans mapping: _Content.spans)."},
    {"get", measures_get_method, METH_VARARGS, "get(element, default=None): its vector (a new list), or default."},
    {"keys", measures_keys, METH_NOARGS, "The elements measured, in insertion order (a list)."},
    {"items", measures_items, METH_NOARGS, "(element, vector) pairs in insertion order (a list)."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot measures_slots[] = {
    {Py_tp_new, measures_new},
    {Py_tp_dealloc, measures_dealloc},
    {Py_mp_length, measures_length},
    {Py_mp_subscript, measures_subscript},
    {Py_mp_ass_subscript, measures_assign},
    {Py_sq_contains, measures_contains},
    {Py_tp_iter, measures_iter},
    {Py_tp_methods, measures_methods},
    {Py_tp_doc, "Measures(width): element -> vector of `width` floats, in insertion order, rows in C memory."},
    {0, NULL},
};

static PyType_Spec measures_spec = {
    "riptide.engine._measures.Measures", sizeof(Measures), 0, Py_TPFLAGS_DEFAULT, measures_slots,
};

static struct PyModuleDef measures_module = {
    PyModuleDef_HEAD_INIT, "_measures", "The cleaner's measure vectors in C memory (guest only).", -1, NULL,
};

PyMODINIT_FUNC PyInit__measures(void) {
    PyObject *module = PyModule_Create(&measures_module);
    PyObject *type = module == NULL ? NULL : PyType_FromSpec(&measures_spec);
    if (type == NULL || PyModule_AddObject(module, "Measures", type) < 0) {
        Py_XDECREF(type);
        Py_XDECREF(module);
        return NULL;
    }
    spans_type = PyType_FromSpec(&spans_spec);
    if (spans_type == NULL) {
        Py_DECREF(module);
        return NULL;
    }
    Py_INCREF(spans_type); /* the module's reference; this file keeps its own */
    if (PyModule_AddObject(module, "Spans", spans_type) < 0) {
        Py_DECREF(spans_type);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
