/* markdown.table_rows and markdown.table_shape in C, for the guest only.
 *
 * Why: the Markdown renderer and the plain-text writer both ask of every table of the content
 * whether it lays out content or holds data, and a table left open past the parser's depth cap
 * takes a row per unit of markup (1 MB of nested tables: one table of ~24,000 one-cell rows).
 * table_rows_python's Python call and list comprehension per row were 5% of that page's
 * sandboxed extraction; in C, the list per row and its freeing (twice: Markdown and plain text)
 * were still ~7%, to learn only that the table has fewer than two columns. table_shape counts
 * the rows and cells without making a list.
 *
 * Contract: table_rows(table) is markdown.table_rows_python(table): a new list holding, for each
 * ROW_TAG child of the table and of its ROW_GROUP_TAGS children (Element children only, in
 * source order), the list of that row's CELL_TAGS Element children, rows without cells left
 * out. table_shape(table) is markdown.table_shape_python(table): (len(rows), the most cells in
 * one of them, 0 when there is none) of those rows. Both run the one walk below (visit_rows),
 * which either collects or counts. The Element class and the tags come from markdown.py at its
 * import (configure_tables). One pass over the children of the table, its row groups and its
 * rows: linear in them.
 */
#include "mdpass.h"

#include "../element_slots.h" /* the Element slots read in place (static: this file's own) */

/* From markdown.py (strong references, set once by configure_tables). */
static PyObject *element_class, *row_tag, *row_group_tags, *cell_tags;

/* What the walk does with each row: appends its cells to ``rows`` (a list), or, when ``rows``
 * is NULL, counts the rows with cells and the most cells in one. */
typedef struct {
    PyObject *rows;
    Py_ssize_t count, widest;
} Rows;

/* The tag of ``node`` when it is an Element (new reference in *tag, else NULL); 0 or -1. */
static int element_tag(PyObject *node, PyObject **tag) {
    *tag = NULL;
    if ((PyObject *)Py_TYPE(node) != element_class) {
        return 0;
    }
    *tag = element_get(node, ELEMENT_TAG);
    return *tag == NULL ? -1 : 0;
}

/* Whether ``node`` is an Element whose tag is row_tag: 1, 0, or -1. */
static int is_row(PyObject *node) {
    PyObject *tag;
    if (element_tag(node, &tag)) {
        return -1;
    }
    if (tag == NULL) {
        return 0;
    }
    int answer = is_tag(tag, row_tag);
    Py_DECREF(tag);
    return answer;
}

/* markdown._append_row: the row's cells, taken by ``into`` when there is one; 0 or -1. */
static int visit_row(PyObject *row, Rows *into) {
    PyObject *children = element_children(row, "table_rows");
    if (children == NULL) {
        return -1;
    }
    PyObject *cells = into->rows == NULL ? NULL : PyList_New(0);
    int status = into->rows != NULL && cells == NULL ? -1 : 0;
    Py_ssize_t count = 0;
    for (Py_ssize_t i = 0; status == 0 && i < PyList_Size(children); i++) {
        PyObject *child = PyList_GetItem(children, i); /* borrowed; the list is held */
        PyObject *tag;
        if (child == NULL || element_tag(child, &tag)) {
            status = -1;
        } else if (tag != NULL) {
            int cell = PySet_Contains(cell_tags, tag);
            Py_DECREF(tag);
            status = cell < 0 ? -1 : !cell ? 0 : cells != NULL ? PyList_Append(cells, child) : 0;
            count += cell > 0;
        }
    }
    if (status == 0 && count > 0) {
        if (cells != NULL) {
            status = PyList_Append(into->rows, cells);
        } else {
            into->count++;
            into->widest = count > into->widest ? count : into->widest;
        }
    }
    Py_XDECREF(cells);
    Py_DECREF(children);
    return status;
}

/* The rows of a row group (thead, tbody, tfoot), taken by ``into``; 0 or -1. */
static int visit_group_rows(PyObject *group, Rows *into) {
    PyObject *children = element_children(group, "table_rows");
    if (children == NULL) {
        return -1;
    }
    int status = 0;
    for (Py_ssize_t i = 0; status == 0 && i < PyList_Size(children); i++) {
        PyObject *child = PyList_GetItem(children, i); /* borrowed; the list is held */
        int row = child == NULL ? -1 : is_row(child);
        status = row < 0 ? -1 : row ? visit_row(child, into) : 0;
    }
    Py_DECREF(children);
    return status;
}

/* The step of table_rows_python for one child of the table; 0 or -1. */
static int visit_table_child(PyObject *child, Rows *into) {
    PyObject *tag;
    if (element_tag(child, &tag)) {
        return -1;
    }
    if (tag == NULL) {
        return 0;
    }
    int status = is_tag(tag, row_tag);
    if (status > 0) {
        status = visit_row(child, into);
    } else if (status == 0) {
        status = PySet_Contains(row_group_tags, tag);
        status = status < 0 ? -1 : status ? visit_group_rows(child, into) : 0;
    }
    Py_DECREF(tag);
    return status;
}

/* Every row of ``table``, taken by ``into``; 0 or -1. */
static int visit_rows(PyObject *table, Rows *into) {
    if (element_class == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "table_rows: configure_tables was not called");
        return -1;
    }
    PyObject *children = element_children(table, "table_rows");
    if (children == NULL) {
        return -1;
    }
    int status = 0;
    for (Py_ssize_t i = 0; status == 0 && i < PyList_Size(children); i++) {
        PyObject *child = PyList_GetItem(children, i); /* borrowed; the list is held */
        status = child == NULL ? -1 : visit_table_child(child, into);
    }
    Py_DECREF(children);
    return status;
}

PyObject *tables_table_rows(PyObject *self, PyObject *table) {
    (void)self;
    Rows into = {PyList_New(0), 0, 0};
    if (into.rows == NULL || visit_rows(table, &into)) {
        Py_XDECREF(into.rows);
        return NULL;
    }
    return into.rows;
}

PyObject *tables_table_shape(PyObject *self, PyObject *table) {
    (void)self;
    Rows into = {NULL, 0, 0};
    if (visit_rows(table, &into)) {
        return NULL;
    }
    return Py_BuildValue("(nn)", into.count, into.widest);
}

PyObject *tables_configure_tables(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *given[4];
    if (!PyArg_ParseTuple(args, "OOOO:configure_tables", &given[0], &given[1], &given[2], &given[3])) {
        return NULL;
    }
    if (!PyType_Check(given[0]) || !PyUnicode_Check(given[1]) || !PyAnySet_Check(given[2]) ||
        !PyAnySet_Check(given[3])) {
        PyErr_SetString(PyExc_TypeError, "configure_tables: the Element class, the row tag (a str), the row "
                                         "group tags and the cell tags (sets)");
        return NULL;
    }
    PyObject **slots[] = {&element_class, &row_tag, &row_group_tags, &cell_tags};
    for (int i = 0; i < 4; i++) {
        PyObject *old = *slots[i];
        Py_INCREF(given[i]);
        *slots[i] = given[i];
        Py_XDECREF(old);
    }
    if (element_slots_of_type(element_class, "configure_tables") < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}
