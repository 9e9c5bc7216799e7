/* What the files of the _mdpass module share: passes.h (fastscan.h's Limited API set-up,
 * is_space, grow, reserve), UTF-8 decoding and the module functions of
 * tables.c and words.c. */
#ifndef RIPTIDE_MDPASS_H
#define RIPTIDE_MDPASS_H

#include "../passes.h"

#include <string.h>

/* Decode the code point at bytes[*i] (valid UTF-8, as CPython's UTF-8 of a str is) and advance. */
static inline Py_UCS4 next_code_point(const unsigned char *bytes, Py_ssize_t size, Py_ssize_t *i) {
    unsigned char c = bytes[*i];
    Py_ssize_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (*i + length > size) { /* cannot happen with CPython's UTF-8; stop cleanly */
        *i = size;
        return ' ';
    }
    Py_UCS4 point = length == 1 ? c : length == 2 ? (c & 0x1F) : length == 3 ? (c & 0x0F) : (c & 0x07);
    for (Py_ssize_t k = 1; k < length; k++) {
        point = (point << 6) | (bytes[*i + k] & 0x3F);
    }
    *i += length;
    return point;
}

/* mdpass.c: _MarkdownRenderer.inline_line(cell) (the C walk), for table_block. New reference. */
PyObject *mdpass_cell_line(PyObject *renderer, PyObject *cell);

/* mdpass.c, for lists.c: the block walk (blocks_into) and its steps; 0 or -1, new references. */
int mdpass_walk_blocks(PyObject *renderer, PyObject *children, PyObject *out);
int mdpass_paragraphs(PyObject *inline_run, PyObject *out);
PyObject *mdpass_inline_text(PyObject *text);
int mdpass_is_all_space(PyObject *text);
int mdpass_tag_and_attrs(PyObject *element, PyObject **tag, PyObject **attrs);
int mdpass_skipped(PyObject *tag, PyObject *attrs);
int mdpass_append_new(PyObject *out, PyObject *value);

/* lists.c */
int lists_is_list_handler(PyObject *handler);
int lists_list_block(PyObject *renderer, PyObject *element, PyObject *out);
PyObject *lists_configure_lists(PyObject *self, PyObject *args);
PyObject *lists_nested_text(PyObject *self, PyObject *block);
int lists_init(void);

/* tables.c */
PyObject *tables_table_rows(PyObject *self, PyObject *table);
PyObject *tables_table_block(PyObject *self, PyObject *args);
PyObject *tables_table_shape(PyObject *self, PyObject *table);
PyObject *tables_configure_tables(PyObject *self, PyObject *args);
int tables_init(void);

/* words.c */
PyObject *words_count_words(PyObject *self, PyObject *text);
PyObject *words_configure_words(PyObject *self, PyObject *args);
PyObject *words_cjk_count(PyObject *self, PyObject *text);
PyObject *words_line_counts(PyObject *self, PyObject *text);
PyObject *words_configure_lines(PyObject *self, PyObject *args);

#endif
