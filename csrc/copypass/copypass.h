/* What the two halves of _copypass share: the module's functions that gates.c defines. */
#ifndef RIPTIDE_COPYPASS_H
#define RIPTIDE_COPYPASS_H

#include "../passes.h" /* Python.h (Limited API), is_space, grow, is_tag, measure_text_node */

/* gates.c: the literal gates of engine.literal_gate.LiteralGates. */
PyObject *gates_literal_table(PyObject *module, PyObject *args);
PyObject *gates_found(PyObject *module, PyObject *args);
PyObject *gates_names_settle(PyObject *module, PyObject *args);

#endif
