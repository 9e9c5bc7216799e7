/* What the two halves of _copypass share: the module's functions that gates.c defines. */
#ifndef RIPTIDE_COPYPASS_H
#define RIPTIDE_COPYPASS_H

#include "../fastscan.h" /* Python.h (Limited API), is_space and grow */

/* gates.c: the literal gates of engine.literal_gate.LiteralGates. */
PyObject *gates_literal_table(PyObject *module, PyObject *args);
PyObject *gates_found(PyObject *module, PyObject *args);

#endif
