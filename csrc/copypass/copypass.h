/* What the two halves of _copypass share: the module's functions that gates.c defines. */
#ifndef RIPTIDE_COPYPASS_H
#define RIPTIDE_COPYPASS_H

#include "../passes.h" /* Python.h (Limited API), is_space, grow, is_tag, measure_text_node */

/* gates.c: the literal gates of engine.literal_gate.LiteralGates. */
PyObject *gates_literal_table(PyObject *module, PyObject *args);
PyObject *gates_found(PyObject *module, PyObject *args);
/* name_settler: a NameMemos group's settle (a capsule holding a NameSettler, passes.h);
 * names_settle(settler, value) calls it (METH_FASTCALL). */
PyObject *gates_name_settler(PyObject *module, PyObject *args);
PyObject *gates_names_settle(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
/* For copy.c: hand over literal_gate.fold and FOLDED_FOR_IGNORECASE (0 or -1); then the gates of
 * the capsule `table` that may match the unfolded `text`, as LiteralGates.may_match's mask
 * (0 or -1). */
int gates_configure_fold(PyObject *fold, PyObject *translated);
int gates_admit(PyObject *table, PyObject *text, uint32_t *found);
/* The same in steps, for a text asked of several tables: gates_fold folds `text` (or
 * gates_fold_points its `n` code points, making no str for an ASCII text) into the module's
 * text buffer (its length, or -1); gates_scan answers for `table` (gates_table of a capsule, read
 * once per walk: the capsule's name check is a strcmp) on the `n` code points folded last
 * (0 or -1). */
typedef struct GatesTable GatesTable;
Py_ssize_t gates_fold(PyObject *text);
Py_ssize_t gates_fold_points(const Py_UCS4 *points, Py_ssize_t n);
const GatesTable *gates_table(PyObject *capsule);
int gates_scan(const GatesTable *table, Py_ssize_t n, uint32_t *found);

#endif
