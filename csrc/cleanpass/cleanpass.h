/* What the two halves of _cleanpass share: the measure vector's layout (configure) and the
 * tidy's functions, which tidy.c defines. */
#ifndef RIPTIDE_CLEANPASS_H
#define RIPTIDE_CLEANPASS_H

#include "../measures.h" /* Measures: content.vectors (and passes.h: Python.h, grow, reserve, is_tag) */

#define WIDTH_MAX 16

/* engine.cleaning's vector indexes and width (cleanpass.c's configure). */
extern Py_ssize_t i_text, i_links, i_heading, i_list, i_data_tables, i_img, i_embed, width;

/* A new list of `width` floats. */
PyObject *vector_list(const double *vector);

/* content.vectors (`vectors`, borrowed) as the Measures of this module's configure_measures and
 * width, or NULL with an error set naming `pass` (measures.h's state is per file: cleanpass.c
 * holds the configured type). */
Measures *cleanpass_measures(PyObject *vectors, const char *pass);

/* fishy.c: engine.cleaning._looks_fishy. What the verdict reads of the _Content during one
 * remove_where (strong references), and its walks' stack. */
typedef struct {
    PyObject *vectors, *gone, *data_tables;
    Measures *measures; /* vectors, as the Measures it is */
    uint8_t *memo;      /* per row of the vectors, for this pass: the two memos' answers (MEMO_*) */
    Py_ssize_t memo_n;
    uint8_t **path;     /* inside_data_table's walk: the memos of the ancestors passed */
    Py_ssize_t path_cap;
    PyObject *label_gate_capsule; /* article_rules.LABEL_WORDS_OPENINGS' C table, or None */
    LiteralTable *label_gate;      /* its LiteralTable (passes.h), NULL for None */
    long flags;
    double main_block_length;
    void *walk;
    Py_ssize_t walk_cap;
    PyObject *near_parent; /* the parent whose ancestors near_bits tells (strong), or NULL */
    int near_bits;
} Fishy;

/* cleaning._looks_fishy itself (configure_fishy), NULL before. */
extern PyObject *fishy_rule;
int fishy_read(PyObject *content, Fishy *f);
void fishy_clear(Fishy *f);
int looks_fishy(Fishy *f, PyObject *node, PyObject *tag);
PyObject *fishy_configure(PyObject *module, PyObject *args);

/* Each file's element_slots_find (csrc/element_slots.h: its state is per file), so that its
 * reads of tag, attrs, children and parent take the Element slots in place. 0 or -1. */
int cleanpass_slots_find(PyObject *type, allocfunc alloc);
int fishy_slots_find(PyObject *type, allocfunc alloc);
int tidy_slots_find(PyObject *type, allocfunc alloc);

/* tidy.c: engine.cleaning._tidy and _Content.compact. */
PyObject *tidy_configure(PyObject *module, PyObject *args);
PyObject *tidy_tidy(PyObject *module, PyObject *args);
PyObject *tidy_compact(PyObject *module, PyObject *args);

#endif
