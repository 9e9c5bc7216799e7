/* What the two halves of _cleanpass share: the measure vector's layout (configure) and the
 * tidy's functions, which tidy.c defines. */
#ifndef RIPTIDE_CLEANPASS_H
#define RIPTIDE_CLEANPASS_H

#include "../passes.h" /* Python.h (Limited API), is_space, grow, reserve, is_tag */

#define WIDTH_MAX 16

/* engine.cleaning's vector indexes and width (cleanpass.c's configure). */
extern Py_ssize_t i_text, i_links, i_heading, i_list, i_data_tables, i_img, i_embed, width;

/* Read a list of `width` numbers into `vector`. 0 or -1. */
int read_vector(PyObject *list, double *vector);

/* tidy.c: engine.cleaning._tidy. */
PyObject *tidy_configure(PyObject *module, PyObject *args);
PyObject *tidy_tidy(PyObject *module, PyObject *args);

#endif
