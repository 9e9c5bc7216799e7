/* What the files of the _fastpass module share: passes.h (fastscan.h's Limited API set-up,
 * is_space, grow, reserve, intern_names), keep_references, and the module functions of
 * textwalk.c, links.c and packrows.c. */
#ifndef RIPTIDE_FASTPASS_H
#define RIPTIDE_FASTPASS_H

#include "../passes.h"

/* Keep a strong reference to each of ``values`` in its slot, dropping the one the slot held
 * (what each configure_* function does with what its Python module hands it). */
static inline void keep_references(PyObject **const slots[], PyObject *const values[], size_t count) {
    for (size_t i = 0; i < count; i++) {
        PyObject *old = *slots[i];
        Py_INCREF(values[i]);
        *slots[i] = values[i];
        Py_XDECREF(old);
    }
}

/* textwalk.c */
PyObject *textwalk_render_text(PyObject *self, PyObject *root);
PyObject *textwalk_configure_text(PyObject *self, PyObject *args);
PyObject *textwalk_collapse_whitespace(PyObject *self, PyObject *text);
PyObject *textwalk_table_lines(PyObject *self, PyObject *args);
int textwalk_init(void);

/* links.c */
PyObject *links_collect(PyObject *self, PyObject *args);
PyObject *links_configure(PyObject *self, PyObject *args);
int links_init(void);

/* packrows.c */
PyObject *packrows_pack_rows(PyObject *self, PyObject *args);

#endif
