/* What the two halves of _artpass share: the module's functions that score.c defines. */
#ifndef RIPTIDE_ARTPASS_H
#define RIPTIDE_ARTPASS_H

#include "../passes.h" /* Python.h (Limited API), is_space, grow, is_tag, measure_text_node */
#include "../element_slots.h" /* the Element slots read in place (static: each file its own) */

/* score.c: engine.article._score. */
PyObject *artpass_score_configure(PyObject *module, PyObject *args);
PyObject *artpass_score(PyObject *module, PyObject *args);

#endif
