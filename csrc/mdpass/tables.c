/* markdown.table_rows, markdown.table_shape and markdown._table_block in C, for the guest only.
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
 *
 * table_block(renderer, rows, padding_max, spanned_max) is markdown._table_block(renderer, rows)
 * with TABLE_PADDING_MAX and MAX_SPANNED_COLUMNS given: the data table's GFM lines, each cell's
 * line by the inline walk (mdpass_cell_line), "" when no cell has text. Why: its loop made a
 * Python call or two per cell and per row (the line, the span, the row's join), a third of a
 * sandboxed extraction of a page of thousands of cells. A span that is there is read with
 * str.strip (rare), the rest here.
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

/* The strings table_block writes (interned at import, tables_init). */
static PyObject *s_pipe, *s_escaped_pipe, *s_cell_gap, *s_row_open, *s_row_close, *s_rule, *s_newline, *s_none,
    *s_colspan;

/* markdown._colspan(cell): the columns a cell spans, 1 to 100; or -1. Why so: the attribute, stripped,
 * must be ASCII digits (str.isdigit and str.isascii) worth more than 0, and counts at most 100. */
static Py_ssize_t colspan(PyObject *cell) {
    PyObject *attrs = element_attrs(cell, "table_block");
    if (attrs == NULL) {
        return -1;
    }
    PyObject *value = PyDict_GetItemWithError(attrs, s_colspan); /* borrowed; attrs is held */
    if (value == NULL) {
        Py_DECREF(attrs);
        return PyErr_Occurred() ? -1 : 1;
    }
    PyObject *span = PyObject_CallMethod(value, "strip", NULL); /* rare: str.strip's own spaces */
    Py_DECREF(attrs);
    if (span == NULL) {
        return -1;
    }
    Py_ssize_t length = PyUnicode_GetLength(span), columns = 0;
    for (Py_ssize_t i = 0; i < length && columns >= 0; i++) {
        Py_UCS4 c = PyUnicode_ReadChar(span, i);
        columns = c < '0' || c > '9' ? -1 : columns > 100 ? columns : columns * 10 + (Py_ssize_t)(c - '0');
    }
    Py_DECREF(span);
    if (PyErr_Occurred()) {
        return -1;
    }
    return length == 0 || columns <= 0 ? 1 : columns > 100 ? 100 : columns;
}

/* One row's cells, as _table_block makes them: each cell's inline line with "|" escaped, and an
 * empty cell per further column it spans while the row is at most ``spanned_max`` wide. Sets
 * *any when a cell has text. New reference. */
static PyObject *row_cells(PyObject *renderer, PyObject *row, Py_ssize_t spanned_max, int *any) {
    if (!PyList_Check(row)) {
        PyErr_SetString(PyExc_TypeError, "table_block: a row is not a list");
        return NULL;
    }
    PyObject *cells = PyList_New(0);
    for (Py_ssize_t i = 0; cells != NULL && i < PyList_Size(row); i++) {
        PyObject *cell = PyList_GetItem(row, i); /* borrowed; the row is held by the caller */
        PyObject *line = cell == NULL ? NULL : mdpass_cell_line(renderer, cell);
        int piped = line == NULL ? -1 : PyUnicode_Contains(line, s_pipe);
        if (piped > 0) {
            PyObject *escaped = PyUnicode_Replace(line, s_pipe, s_escaped_pipe, -1);
            Py_DECREF(line);
            line = escaped;
        }
        Py_ssize_t span = line == NULL || piped < 0 ? -1 : colspan(cell);
        int status = span < 0 ? -1 : PyList_Append(cells, line);
        *any |= status == 0 && PyUnicode_GetLength(line) > 0;
        for (Py_ssize_t k = 1; status == 0 && k < span && PyList_Size(cells) < spanned_max; k++) {
            status = PyList_Append(cells, s_none);
        }
        Py_XDECREF(line);
        if (status) {
            Py_CLEAR(cells);
        }
    }
    return cells;
}

/* markdown._table_row(cells, width): "| a | b |", padded with empty cells to ``width``. New
 * reference. */
static PyObject *table_row(PyObject *cells, Py_ssize_t width) {
    PyObject *joined = PyUnicode_Join(s_cell_gap, cells);
    PyObject *parts = joined == NULL ? NULL : PyList_New(0);
    int status = parts == NULL || PyList_Append(parts, s_row_open) || PyList_Append(parts, joined) ? -1 : 0;
    for (Py_ssize_t k = PyList_Size(cells); status == 0 && k < width; k++) {
        status = PyList_Append(parts, s_cell_gap); /* an empty cell: its gap and nothing */
    }
    status = status || PyList_Append(parts, s_row_close);
    PyObject *row = status ? NULL : PyUnicode_Join(s_none, parts);
    Py_XDECREF(joined);
    Py_XDECREF(parts);
    return row;
}

/* markdown._table_block(renderer, rows) with TABLE_PADDING_MAX and MAX_SPANNED_COLUMNS given: the
 * table's GFM lines, "" when no cell has text. New reference. */
PyObject *tables_table_block(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *renderer, *rows;
    Py_ssize_t padding_max, spanned_max;
    if (!PyArg_ParseTuple(args, "OO!nn:table_block", &renderer, &PyList_Type, &rows, &padding_max, &spanned_max)) {
        return NULL;
    }
    if (element_class == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "table_block: configure_tables was not called");
        return NULL;
    }
    PyObject *grid = PyList_New(0);
    long long width = 0, cells = 0; /* 64 bits: width times rows overflows wasm32's Py_ssize_t */
    for (Py_ssize_t i = 0; grid != NULL && i < PyList_Size(rows); i++) {
        int any = 0;
        PyObject *row = row_cells(renderer, PyList_GetItem(rows, i), spanned_max, &any);
        int status = row == NULL ? -1 : any ? PyList_Append(grid, row) : 0;
        if (status == 0 && any) {
            width = PyList_Size(row) > width ? PyList_Size(row) : width;
            cells += PyList_Size(row);
        }
        Py_XDECREF(row);
        if (status) {
            Py_CLEAR(grid);
        }
    }
    if (grid == NULL || PyList_Size(grid) == 0) {
        if (grid != NULL) {
            Py_DECREF(grid);
            Py_INCREF(s_none);
            return s_none;
        }
        return NULL;
    }
    Py_ssize_t count = PyList_Size(grid);
    int padded = width * (long long)count <= (long long)padding_max * cells;
    PyObject *lines = PyList_New(0);
    PyObject *rule = lines == NULL ? NULL : PyList_New((Py_ssize_t)width);
    for (Py_ssize_t k = 0; rule != NULL && k < (Py_ssize_t)width; k++) {
        Py_INCREF(s_rule);
        PyList_SetItem(rule, k, s_rule); /* steals the reference */
    }
    /* the header padded to the width, the rule, then the body rows, padded while that stays
     * within padding_max times the cells (width 0: as they are) */
    int status = rule == NULL ? -1 : 0;
    for (Py_ssize_t i = -1; status == 0 && i < count; i++) {
        PyObject *row = i < 0 ? PyList_GetItem(grid, 0) : i == 0 ? rule : PyList_GetItem(grid, i);
        PyObject *line = table_row(row, i <= 0 || padded ? (Py_ssize_t)width : 0);
        status = line == NULL ? -1 : PyList_Append(lines, line);
        Py_XDECREF(line);
    }
    PyObject *block = status ? NULL : PyUnicode_Join(s_newline, lines);
    Py_XDECREF(rule);
    Py_XDECREF(lines);
    Py_DECREF(grid);
    return block;
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
    hold_all(slots, given, sizeof slots / sizeof slots[0]);
    if (element_slots_of_type(element_class, "configure_tables") < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

int tables_init(void) {
    const InternedName strings[] = {{&s_pipe, "|"},      {&s_escaped_pipe, "\\|"}, {&s_cell_gap, " | "},
                                    {&s_row_open, "| "}, {&s_row_close, " |"},     {&s_rule, "---"},
                                    {&s_newline, "\n"}, {&s_none, ""},            {&s_colspan, "colspan"}};
    return intern_names(strings, sizeof(strings) / sizeof(strings[0]));
}
