/* markdown.table_rows in C, for the guest only.
 *
 * Why: the Markdown renderer and the plain-text writer both ask table_rows of every table of
 * the content, and a table left open past the parser's depth cap takes a row per unit of markup
 * (1 MB of nested tables: one table of ~24,000 one-cell rows, 5% of that page's sandboxed
 * extraction in table_rows_python's Python call and list comprehension per row).
 *
 * Contract: table_rows(table) is markdown.table_rows_python(table): a new list holding, for each
 * ROW_TAG child of the table and of its ROW_GROUP_TAGS children (Element children only, in
 * source order), the list of that row's CELL_TAGS Element children, rows without cells left
 * out. The Element class and the tags come from markdown.py at its import (configure_tables).
 * One pass over the children of the table, its row groups and its rows: linear in them.
 */
#include "mdpass.h"

/* From markdown.py (strong references, set once by configure_tables). */
static PyObject *element_class, *row_tag, *row_group_tags, *cell_tags;
static PyObject *s_tag_name, *s_children_name;

/* The children list of an element (new reference), or NULL with an error set. */
static PyObject *children_list(PyObject *element) {
    PyObject *children = PyObject_GetAttr(element, s_children_name);
    if (children != NULL && !PyList_Check(children)) {
        Py_DECREF(children);
        PyErr_SetString(PyExc_TypeError, "table_rows: children is not a list");
        return NULL;
    }
    return children;
}

/* The tag of ``node`` when it is an Element (new reference in *tag, else NULL); 0 or -1. */
static int element_tag(PyObject *node, PyObject **tag) {
    *tag = NULL;
    if ((PyObject *)Py_TYPE(node) != element_class) {
        return 0;
    }
    *tag = PyObject_GetAttr(node, s_tag_name);
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
    int answer = PyObject_RichCompareBool(tag, row_tag, Py_EQ);
    Py_DECREF(tag);
    return answer;
}

/* markdown._append_row: the row's cells, appended to ``rows`` when there is one; 0 or -1. */
static int append_row(PyObject *row, PyObject *rows) {
    PyObject *children = children_list(row);
    if (children == NULL) {
        return -1;
    }
    PyObject *cells = PyList_New(0);
    int status = cells == NULL ? -1 : 0;
    for (Py_ssize_t i = 0; status == 0 && i < PyList_Size(children); i++) {
        PyObject *child = PyList_GetItem(children, i); /* borrowed; the list is held */
        PyObject *tag;
        if (child == NULL || element_tag(child, &tag)) {
            status = -1;
        } else if (tag != NULL) {
            int cell = PySet_Contains(cell_tags, tag);
            Py_DECREF(tag);
            status = cell < 0 ? -1 : cell ? PyList_Append(cells, child) : 0;
        }
    }
    if (status == 0 && PyList_Size(cells) > 0) {
        status = PyList_Append(rows, cells);
    }
    Py_XDECREF(cells);
    Py_DECREF(children);
    return status;
}

/* The rows of a row group (thead, tbody, tfoot) appended to ``rows``; 0 or -1. */
static int append_group_rows(PyObject *group, PyObject *rows) {
    PyObject *children = children_list(group);
    if (children == NULL) {
        return -1;
    }
    int status = 0;
    for (Py_ssize_t i = 0; status == 0 && i < PyList_Size(children); i++) {
        PyObject *child = PyList_GetItem(children, i); /* borrowed; the list is held */
        int row = child == NULL ? -1 : is_row(child);
        status = row < 0 ? -1 : row ? append_row(child, rows) : 0;
    }
    Py_DECREF(children);
    return status;
}

/* The step of table_rows_python for one child of the table; 0 or -1. */
static int visit_table_child(PyObject *child, PyObject *rows) {
    PyObject *tag;
    if (element_tag(child, &tag)) {
        return -1;
    }
    if (tag == NULL) {
        return 0;
    }
    int status = PyObject_RichCompareBool(tag, row_tag, Py_EQ);
    if (status > 0) {
        status = append_row(child, rows);
    } else if (status == 0) {
        status = PySet_Contains(row_group_tags, tag);
        status = status < 0 ? -1 : status ? append_group_rows(child, rows) : 0;
    }
    Py_DECREF(tag);
    return status;
}

PyObject *tables_table_rows(PyObject *self, PyObject *table) {
    (void)self;
    if (element_class == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "table_rows: configure_tables was not called");
        return NULL;
    }
    PyObject *children = children_list(table);
    if (children == NULL) {
        return NULL;
    }
    PyObject *rows = PyList_New(0);
    int status = rows == NULL ? -1 : 0;
    for (Py_ssize_t i = 0; status == 0 && i < PyList_Size(children); i++) {
        PyObject *child = PyList_GetItem(children, i); /* borrowed; the list is held */
        status = child == NULL ? -1 : visit_table_child(child, rows);
    }
    Py_DECREF(children);
    if (status) {
        Py_XDECREF(rows);
        return NULL;
    }
    return rows;
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
    if (s_tag_name == NULL) {
        s_tag_name = PyUnicode_InternFromString("tag");
        s_children_name = PyUnicode_InternFromString("children");
        if (s_tag_name == NULL || s_children_name == NULL) {
            return NULL;
        }
    }
    PyObject **slots[] = {&element_class, &row_tag, &row_group_tags, &cell_tags};
    for (int i = 0; i < 4; i++) {
        PyObject *old = *slots[i];
        Py_INCREF(given[i]);
        *slots[i] = given[i];
        Py_XDECREF(old);
    }
    Py_RETURN_NONE;
}
