/* What the files of the _mdpass module share: passes.h (fastscan.h's Limited API set-up,
 * is_space, grow, reserve) and words.c's module functions. */
#ifndef RIPTIDE_MDPASS_H
#define RIPTIDE_MDPASS_H

#include "../passes.h"

#include <string.h>

/* words.c */
PyObject *words_count_words(PyObject *self, PyObject *text);
PyObject *words_configure_words(PyObject *self, PyObject *args);

#endif
