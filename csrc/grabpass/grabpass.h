/* What the two halves of _grabpass share: the walk (grab.c) hands each div it cannot rule out
 * to paragraphs.c, which turns it into paragraphs as article._paragraphs_from_div does. */
#ifndef RIPTIDE_GRABPASS_H
#define RIPTIDE_GRABPASS_H

#include "../passes.h" /* Python.h (Limited API), is_space, grow, is_tag, measure_text_node */
#include "../element_slots.h" /* the Element slots read and written in place (per file: static) */

/* 1 when ``text`` is a non-empty run of whitespace (str.isspace), else 0. */
static inline int all_space(PyObject *text) {
    Py_ssize_t n = PyUnicode_GetLength(text);
    if (n <= 0) {
        return 0;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!is_space(PyUnicode_ReadChar(text, i))) {
            return 0;
        }
    }
    return 1;
}

/* The attempt's collections a div's paragraphs go into (borrowed). */
typedef struct {
    PyObject *measures;      /* dict: the attempt's measures */
    PyObject *page_measures; /* dict: the page's measures */
    PyObject *holds_blocks;  /* set: the page's elements holding blocks */
    PyObject *to_score;      /* list: the attempt's elements to score */
} DivTarget;

/* Take the tables (dom.Element, PHRASING_ELEMS, TRANSPARENT_PHRASING, the non-ASCII commas).
 * 0 or -1. */
int paragraphs_configure(PyObject *element_class, PyObject *phrasing, PyObject *transparent, PyObject *commas);

/* article._paragraphs_from_div for ``div`` (at ``position`` among its parent's children, whose
 * list ``children`` is): 1 when done (*walked: the element the walk enters next, a new
 * reference), 0 when it left everything untouched for the Python step to decide (a measure or
 * a link of the tree is not as the article pass makes them), -1 on error. */
int paragraphs_from_div(const DivTarget *target, PyObject *div, PyObject *children, Py_ssize_t position,
                        PyObject **walked);

/* Whether an element child is inline (article_rules.is_phrasing; a transparent <a>, <del>,
 * <ins> when everything inside is): 1, 0, or -1 on error. */
int element_is_phrasing(PyObject *node, PyObject *tag);

#endif
