/* What the files of the _fastpass module share: passes.h (fastscan.h's Limited API set-up,
 * is_space, grow, reserve), the interning of attribute names, and textwalk.c's module functions. */
#ifndef RIPTIDE_FASTPASS_H
#define RIPTIDE_FASTPASS_H

#include "../passes.h"

typedef struct {
    PyObject **slot;
    const char *name;
} InternedName;

/* Intern each name into its slot (made once, at import); -1 with an exception set on failure. */
static inline int intern_names(const InternedName *names, size_t count) {
    for (size_t i = 0; i < count; i++) {
        *names[i].slot = PyUnicode_InternFromString(names[i].name);
        if (*names[i].slot == NULL) {
            return -1;
        }
    }
    return 0;
}

/* textwalk.c */
PyObject *textwalk_render_text(PyObject *self, PyObject *root);
PyObject *textwalk_configure_text(PyObject *self, PyObject *args);
PyObject *textwalk_collapse_whitespace(PyObject *self, PyObject *text);
int textwalk_init(void);

#endif
