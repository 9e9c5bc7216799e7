/* _artpass, second half: the article pass's scoring (engine.article._score), in C, for the
 * guest only.
 *
 * Why: every attempt scores each paragraph into up to SCORE_ANCESTOR_LEVELS ancestors, giving
 * each new candidate its initial score (the tag's base score and the class weight, whose
 * class/id patterns article_rules.NameMemo remembers), then scales every candidate by its
 * link density: ~25k initial scores and 40k class weights a corpus pass, all mechanical.
 * Python stays the statement of the rules and the native path; a test inside the guest
 * compares the scores of both (tests/sandbox/test_c_grab.py).
 *
 * Exactness: the arithmetic is Python's, in the same order, on doubles (Python's floats);
 * points and divisors are small ints, exact as doubles. When the scores are not empty at the
 * start, or a measure is not (int, float, int) within C's range, the scores are left empty
 * and score() answers False: the Python loop then scores (and raises what it raises).
 *
 *   score_configure(element_class, tag_base_score, negative_memo, positive_memo, weight_flag, weight,
 *                   min_scored_paragraph, ancestor_levels)
 *   score(to_score, measures, scores, flags) -> bool
 */
#include "artpass.h"

/* engine.article_rules' tables and constants, set once by score_configure. */
static PyObject *tag_base_score;
static NameMemo negative, positive;
static long weight_flag, class_weight_points, min_scored_paragraph, ancestor_levels;
static PyObject *s_class, *s_id;

/* article._initial_score: the tag's base score plus article_rules.class_weight. 0 or -1. */
static int initial_score(PyObject *node, long flags, long *score) {
    PyObject *tag = element_get(node, ELEMENT_TAG);
    PyObject *base = tag == NULL ? NULL : PyDict_GetItemWithError(tag_base_score, tag); /* borrowed */
    Py_XDECREF(tag);
    if (base == NULL && PyErr_Occurred()) {
        return -1;
    }
    *score = base == NULL ? 0 : PyLong_AsLong(base);
    if (*score == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (!(flags & weight_flag)) {
        return 0;
    }
    PyObject *attrs = element_get(node, ELEMENT_ATTRS);
    if (attrs == NULL) {
        return -1;
    }
    PyObject *keys[2] = {s_class, s_id};
    int failed = !PyDict_Check(attrs);
    for (int k = 0; k < 2 && !failed; k++) {
        PyObject *value = PyDict_GetItemWithError(attrs, keys[k]); /* borrowed */
        if (value == NULL) {
            failed = PyErr_Occurred() != NULL;
            continue;
        }
        int truthy = PyObject_IsTrue(value);
        int bad = truthy > 0 ? name_memo_found_in(&negative, value) : 0;
        int good = truthy > 0 && bad >= 0 ? name_memo_found_in(&positive, value) : 0;
        failed = truthy < 0 || bad < 0 || good < 0;
        *score += (good - bad) * class_weight_points;
    }
    if (!PyDict_Check(attrs)) {
        PyErr_SetString(PyExc_TypeError, "score expects element attributes in a dict");
    }
    Py_DECREF(attrs);
    return failed ? -1 : 0;
}

/* An int as a C long: 1, 0 when it is not an exact int or too big (Python then scores). */
static int small_int(PyObject *value, long *out) {
    if (value == NULL || !PyLong_CheckExact(value)) {
        return 0;
    }
    *out = PyLong_AsLong(value);
    if (*out == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        return 0;
    }
    return *out > -(1L << 30) && *out < (1L << 30);
}

/* The (text, links, commas) measure of ``node``: 1, 0 when missing or not (int, float, int)
 * within C's range, -1 on error. */
static int read_measure(PyObject *measures, PyObject *node, long *text, double *links, long *commas) {
    PyObject *measure = PyDict_GetItemWithError(measures, node); /* borrowed */
    if (measure == NULL) {
        return PyErr_Occurred() ? -1 : 0;
    }
    if (!PyTuple_Check(measure) || PyTuple_Size(measure) != 3 || !PyFloat_CheckExact(PyTuple_GetItem(measure, 1))) {
        return 0;
    }
    *links = PyFloat_AsDouble(PyTuple_GetItem(measure, 1));
    return small_int(PyTuple_GetItem(measure, 0), text) && small_int(PyTuple_GetItem(measure, 2), commas);
}

/* Add one paragraph's points to its ancestors (the first loop of _score). 1, 0 (Python
 * decides), -1 on error. */
static int score_paragraph(PyObject *element, PyObject *measures, PyObject *scores, long flags) {
    long text, commas;
    double links;
    int read = read_measure(measures, element, &text, &links, &commas);
    if (read <= 0) {
        return read;
    }
    if (text < min_scored_paragraph) {
        return 1;
    }
    long points = 2 + commas + (text / 100 < 3 ? text / 100 : 3); /* text > 0: // is / */
    PyObject *ancestor = element_get(element, ELEMENT_PARENT);
    for (long level = 0; ancestor != NULL && level < ancestor_levels; level++) {
        PyObject *above = ancestor == Py_None ? NULL : element_get(ancestor, ELEMENT_PARENT);
        if (ancestor == Py_None || above == NULL || above == Py_None) {
            Py_XDECREF(above);
            break; /* the <html> root is never a candidate */
        }
        PyObject *known = PyDict_GetItemWithError(scores, ancestor); /* borrowed */
        double score;
        long initial = 0;
        if (known != NULL) {
            score = PyFloat_AsDouble(known); /* a float this loop stored */
        } else if (PyErr_Occurred() || initial_score(ancestor, flags, &initial) < 0) {
            Py_DECREF(above);
            Py_CLEAR(ancestor);
            break;
        } else {
            score = (double)initial;
        }
        long divisor = level == 0 ? 1 : level == 1 ? 2 : level * 3;
        PyObject *sum = PyFloat_FromDouble(score + (double)points / (double)divisor);
        int failed = sum == NULL || PyDict_SetItem(scores, ancestor, sum) < 0;
        Py_XDECREF(sum);
        Py_DECREF(ancestor);
        ancestor = above;
        if (failed) {
            Py_CLEAR(ancestor);
            break;
        }
    }
    Py_XDECREF(ancestor);
    return PyErr_Occurred() ? -1 : 1;
}

/* Scale each candidate by its link density (the second loop of _score). 1, 0, -1. */
static int scale_by_link_density(PyObject *measures, PyObject *scores) {
    Py_ssize_t pos = 0;
    PyObject *candidate, *score;
    while (PyDict_Next(scores, &pos, &candidate, &score)) { /* only values change below */
        long text, commas;
        double links;
        int read = read_measure(measures, candidate, &text, &links, &commas);
        if (read <= 0) {
            return read;
        }
        if (text) {
            PyObject *scaled = PyFloat_FromDouble(PyFloat_AsDouble(score) * (1 - links / (double)text));
            int failed = scaled == NULL || PyDict_SetItem(scores, candidate, scaled) < 0;
            Py_XDECREF(scaled);
            if (failed) {
                return -1;
            }
        }
    }
    return 1;
}

PyObject *artpass_score(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *to_score, *measures, *scores;
    long flags;
    if (!PyArg_ParseTuple(args, "O!O!O!l:score", &PyList_Type, &to_score, &PyDict_Type, &measures, &PyDict_Type,
                          &scores, &flags)) {
        return NULL;
    }
    if (tag_base_score == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_artpass.score_configure was not called");
        return NULL;
    }
    if (PyDict_Size(scores)) {
        Py_RETURN_FALSE;
    }
    int done = 1;
    for (Py_ssize_t i = 0; i < PyList_Size(to_score) && done > 0; i++) {
        PyObject *element = PyList_GetItem(to_score, i); /* borrowed, bounds-checked */
        done = element == NULL ? -1 : score_paragraph(element, measures, scores, flags);
    }
    if (done > 0) {
        done = scale_by_link_density(measures, scores);
    }
    if (done < 0) {
        return NULL;
    }
    if (!done) {
        PyDict_Clear(scores);
        Py_RETURN_FALSE;
    }
    Py_RETURN_TRUE;
}

PyObject *artpass_score_configure(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *element_class, *base, *memos[2];
    if (!PyArg_ParseTuple(args, "O!O!OOllll:score_configure", &PyType_Type, &element_class, &PyDict_Type, &base,
                          &memos[0], &memos[1], &weight_flag, &class_weight_points, &min_scored_paragraph,
                          &ancestor_levels)) {
        return NULL;
    }
    if (element_slots_of_type(element_class, "score_configure") < 0) {
        return NULL;
    }
    if (name_memo_take(&negative, memos[0]) < 0 || name_memo_take(&positive, memos[1]) < 0) {
        return NULL;
    }
    if (s_class == NULL) {
        struct {
            PyObject **slot;
            const char *name;
        } names[] = {{&s_class, "class"}, {&s_id, "id"}};
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
            *names[i].slot = PyUnicode_InternFromString(names[i].name);
            if (*names[i].slot == NULL) {
                return NULL;
            }
        }
    }
    Py_INCREF(base);
    Py_XDECREF(tag_base_score);
    tag_base_score = base;
    Py_RETURN_NONE;
}
