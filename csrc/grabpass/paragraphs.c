/* _grabpass, second half: article._paragraphs_from_div in C, for the guest only.
 *
 * Why: the grab calls it for every div that may hold inline content (17k calls a corpus
 * pass, the grab's costliest call-back): it wraps each run of inline children in a new <p>
 * (article._wrap_phrasing_runs), replaces a div holding one paragraph by it, and renames a
 * div of text to <p>. Each step is mechanical; Python stays their statement and the native
 * path, and a test inside the guest compares the two walks (tests/sandbox/test_c_grab.py).
 *
 * How: the div's children are classed once (inline or not, blank or not), the runs and what
 * the div's children become are planned in index arrays, and the new paragraphs' measures
 * (article._sum_measures, with both the page's and the attempt's measures) and every read
 * the later steps make are checked before anything changes. Whenever a measure is not a
 * (int, float, int) tuple or the div's parent link is not as the grab leaves it, nothing is
 * changed and the Python step decides. No recursion: whether a transparent element (<a>,
 * <del>, <ins>) is inline is answered with a heap stack over its subtree.
 */
#include "grabpass.h"

#include <string.h>

static PyObject *element_class, *phrasing_tags, *transparent_tags;
static allocfunc element_alloc; /* element_class's tp_alloc */
static Py_UCS4 comma_chars[32];
static Py_ssize_t comma_count;
static PyObject *s_class, *s_id, *s_p, *s_br;
/* Reusable buffers: the code points of one text node; the transparent-subtree stack. */
static Py_UCS4 *scratch;
static Py_ssize_t scratch_cap;

typedef struct {
    PyObject *children; /* strong */
    Py_ssize_t next;
} Level;

int element_is_phrasing(PyObject *node, PyObject *tag) {
    int found = PySet_Contains(phrasing_tags, tag);
    if (found) {
        return found;
    }
    if ((found = PySet_Contains(transparent_tags, tag)) <= 0) {
        return found;
    }
    Level *levels = NULL;
    Py_ssize_t depth = 0, cap = 0;
    int answer = 1;
    PyObject *open = node; /* the transparent element whose children are pushed next */
    while (answer == 1) {
        if (open != NULL) {
            PyObject *children = element_children(open, "grab");
            if (children == NULL || (depth == cap && grow((void **)&levels, &cap, sizeof(Level)))) {
                Py_XDECREF(children);
                answer = -1;
                break;
            }
            levels[depth].children = children;
            levels[depth++].next = 0;
            open = NULL;
        }
        if (!depth) {
            break; /* every child of every transparent element was inline */
        }
        Level *level = &levels[depth - 1];
        if (level->next >= PyList_Size(level->children)) {
            Py_DECREF(level->children);
            depth--;
            continue;
        }
        PyObject *child = PyList_GetItem(level->children, level->next++); /* borrowed, bounds-checked */
        if (child == NULL) {
            answer = -1;
        } else if (!PyUnicode_Check(child)) {
            PyObject *child_tag = element_get(child, ELEMENT_TAG);
            int inline_child = child_tag == NULL ? -1 : PySet_Contains(phrasing_tags, child_tag);
            if (inline_child == 0) {
                inline_child = PySet_Contains(transparent_tags, child_tag);
                if (inline_child > 0) {
                    open = child; /* held by its parent's list, which the stack holds */
                }
            }
            Py_XDECREF(child_tag);
            answer = inline_child < 0 ? -1 : inline_child;
        }
    }
    while (depth) {
        Py_DECREF(levels[--depth].children);
    }
    free(levels);
    return answer;
}

/* One child of the div, classed as _wrap_phrasing_runs asks: inline (is_phrasing), blank
 * (is_whitespace: "" or whitespace text, or a <br>) and inline content at all (text that is
 * not str.isspace, or an inline element). */
enum { INLINE = 1, BLANK = 2, CONTENT = 4 };

static int class_child(PyObject *child, unsigned char *kind) {
    if (PyUnicode_Check(child)) {
        Py_ssize_t n = PyUnicode_GetLength(child);
        int blank = n == 0 || all_space(child);
        *kind = INLINE | (blank ? BLANK : 0) | (n == 0 || !blank ? CONTENT : 0);
        return n < 0 ? -1 : 0;
    }
    PyObject *tag = element_get(child, ELEMENT_TAG);
    if (tag == NULL) {
        return -1;
    }
    int inline_child = element_is_phrasing(child, tag);
    *kind = (inline_child > 0 ? INLINE | CONTENT : 0) | (is_tag(tag, s_br) ? BLANK : 0);
    Py_DECREF(tag);
    return inline_child < 0 ? -1 : 0;
}

/* A (int, float, int) measure as text, links and commas: 1, 0 when it is not one (or too big
 * for C), -1 on error. A missing one is (0, 0.0, 0), as measures.get(child, _NO_MEASURE) is. */
static int read_measure(PyObject *measures, PyObject *node, Py_ssize_t *text, double *links, Py_ssize_t *commas) {
    PyObject *measure = PyDict_GetItemWithError(measures, node); /* borrowed */
    if (measure == NULL) {
        *text = *commas = 0;
        *links = 0.0;
        return PyErr_Occurred() ? -1 : 1;
    }
    if (!PyTuple_Check(measure) || PyTuple_Size(measure) != 3) {
        return 0;
    }
    PyObject *items[3] = {PyTuple_GetItem(measure, 0), PyTuple_GetItem(measure, 1), PyTuple_GetItem(measure, 2)};
    if (!PyLong_CheckExact(items[0]) || !PyFloat_CheckExact(items[1]) || !PyLong_CheckExact(items[2])) {
        return 0;
    }
    *text = PyLong_AsSsize_t(items[0]);
    *commas = *text == -1 && PyErr_Occurred() ? -1 : PyLong_AsSsize_t(items[2]);
    if (*commas == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        return 0;
    }
    *links = PyFloat_AsDouble(items[1]);
    return 1;
}

/* The sums of article._sum_measures over children[members[0..count)], in ``measures``: 1, 0
 * when a measure is not one, -1 on error. */
static int sum_measures(PyObject *measures, PyObject *children, const Py_ssize_t *members, Py_ssize_t count,
                        Py_ssize_t *text, double *links, Py_ssize_t *commas) {
    *text = *commas = 0;
    *links = 0.0;
    for (Py_ssize_t m = 0; m < count; m++) {
        PyObject *child = PyList_GetItem(children, members[m]); /* borrowed, bounds-checked */
        Py_ssize_t child_text, child_commas;
        double child_links = 0.0;
        int read;
        if (child == NULL) {
            return -1;
        }
        if (PyUnicode_Check(child)) {
            read = measure_text_utf8(child, &scratch, &scratch_cap, comma_chars, comma_count, &child_text,
                                     &child_commas) < 0
                       ? -1
                       : 1;
        } else {
            read = read_measure(measures, child, &child_text, &child_links, &child_commas);
        }
        if (read <= 0) {
            return read;
        }
        if (child_text > PY_SSIZE_T_MAX / 4 || child_commas > PY_SSIZE_T_MAX / 4) {
            return 0; /* let Python add numbers this big */
        }
        *text += child_text;
        *links += child_links;
        *commas += child_commas;
    }
    return 1;
}

/* The plan of _wrap_phrasing_runs for one div: what its children become (``out``: a child's
 * index, or -1 - k for the k-th new paragraph) and each paragraph's members (its children,
 * members[first[k]..kept[k]); members up to first[k + 1] were appended, then trimmed as blank,
 * and keep the paragraph as their parent, as in Python). */
#define PLAN_LOCAL 16
typedef struct {
    unsigned char *kind;
    Py_ssize_t *out, *members, *first, *kept;
    Py_ssize_t out_count, paragraphs;
    /* Each paragraph's measure in the page's (2k) and the attempt's (2k + 1) measures. */
    Py_ssize_t *texts, *commas;
    double *links;
    /* Where the arrays are: ``local`` for a div of up to PLAN_LOCAL children, else ``heap``. Why:
     * eight allocations per div were ~2% of a call on nested divs of short text. */
    void *heap;
    double local[(2 * (PLAN_LOCAL + 1) * sizeof(double) + (8 * (PLAN_LOCAL + 1) + 1) * sizeof(Py_ssize_t) +
                  PLAN_LOCAL + 1) / sizeof(double) + 1];
} Plan;

static void plan_free(Plan *plan) { free(plan->heap); }

/* Lay out the plan's arrays for ``count`` children in one block. 0, or -1 with MemoryError. */
static int plan_alloc(Plan *plan, Py_ssize_t count) {
    size_t n = (size_t)count + 1;
    if (n > (size_t)PY_SSIZE_T_MAX / 64) {
        PyErr_NoMemory();
        return -1;
    }
    /* the doubles first, then the Py_ssize_t arrays, then the bytes: each stays aligned */
    size_t sizes = (2 * n) * sizeof(double) + (n + n + (n + 1) + n + 2 * n + 2 * n) * sizeof(Py_ssize_t) + n;
    char *block = (char *)plan->local;
    if (sizes > sizeof plan->local) {
        block = plan->heap = malloc(sizes);
        if (block == NULL) {
            PyErr_NoMemory();
            return -1;
        }
    }
    plan->links = (double *)block;
    Py_ssize_t *at = (Py_ssize_t *)(block + 2 * n * sizeof(double));
    plan->out = at;
    plan->members = at += n;
    plan->first = at += n;
    plan->kept = at += n + 1;
    plan->texts = at += n;
    plan->commas = at += 2 * n;
    plan->kind = (unsigned char *)(at + 2 * n);
    return 0;
}

/* Class the children and plan the runs: 1 when there is inline content (*made paragraphs may
 * still be 0), 0 when there is none, -1 on error. */
static int plan_runs(Plan *plan, PyObject *children, Py_ssize_t count) {
    if (plan_alloc(plan, count) < 0) {
        return -1;
    }
    int content = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *child = PyList_GetItem(children, i); /* borrowed, bounds-checked */
        if (child == NULL || class_child(child, &plan->kind[i]) < 0) {
            return -1;
        }
        content = content || (plan->kind[i] & CONTENT);
    }
    if (!content) {
        return 0;
    }
    Py_ssize_t members = 0, open = -1; /* the paragraph being filled */
    for (Py_ssize_t i = 0; i < count; i++) {
        unsigned char kind = plan->kind[i];
        if (kind & INLINE) {
            if (open < 0 && (kind & BLANK)) {
                plan->out[plan->out_count++] = i;
                continue;
            }
            if (open < 0) {
                open = plan->paragraphs++;
                plan->first[open] = members;
                plan->out[plan->out_count++] = -1 - open;
            }
            plan->members[members++] = i;
            plan->kept[open] = members;
            continue;
        }
        if (open >= 0) { /* trim the blank children ending the run: they leave it */
            while (plan->kept[open] > plan->first[open] && (plan->kind[plan->members[plan->kept[open] - 1]] & BLANK)) {
                plan->kept[open]--;
            }
            open = -1;
        }
        plan->out[plan->out_count++] = i;
    }
    plan->first[plan->paragraphs] = members;
    return 1;
}

/* What has_single_child_tag(div, "p") answers once the div's children are the plan's ``out``:
 * the index of that child, -1 - k for the k-th new paragraph, or PY_SSIZE_T_MIN for none. */
static Py_ssize_t planned_only_paragraph(const Plan *plan, PyObject *children, int *failed) {
    Py_ssize_t only = PY_SSIZE_T_MIN;
    for (Py_ssize_t o = 0; o < plan->out_count; o++) {
        Py_ssize_t entry = plan->out[o];
        PyObject *child = entry >= 0 ? PyList_GetItem(children, entry) : NULL; /* borrowed */
        if (entry >= 0 && child == NULL) {
            *failed = 1;
            return PY_SSIZE_T_MIN;
        }
        if (child != NULL && PyUnicode_Check(child)) {
            if (!all_space(child)) {
                return PY_SSIZE_T_MIN;
            }
        } else if (only != PY_SSIZE_T_MIN) {
            return PY_SSIZE_T_MIN;
        } else {
            only = entry;
        }
    }
    if (only == PY_SSIZE_T_MIN || only < 0) {
        return only;
    }
    PyObject *tag = element_get(PyList_GetItem(children, only), ELEMENT_TAG);
    if (tag == NULL) {
        *failed = 1;
        return PY_SSIZE_T_MIN;
    }
    int p = is_tag(tag, s_p);
    Py_DECREF(tag);
    return p ? only : PY_SSIZE_T_MIN;
}

/* Element("p", attrs, div) (new reference): made in place (tp_alloc, then the slots __init__
 * sets) when the slots were found, else by calling the class (a Python frame per paragraph). */
static PyObject *new_paragraph(PyObject *attrs, PyObject *div) {
    if (element_alloc == NULL || element_slots.offsets[ELEMENT_TAG] == 0) {
        return PyObject_CallFunctionObjArgs(element_class, s_p, attrs, div, NULL);
    }
    PyObject *paragraph = element_alloc((PyTypeObject *)element_class, 0);
    PyObject *children = paragraph == NULL ? NULL : PyList_New(0);
    int failed = children == NULL || element_set(paragraph, ELEMENT_TAG, s_p) < 0 ||
                 element_set(paragraph, ELEMENT_ATTRS, attrs) < 0 || element_set(paragraph, ELEMENT_CHILDREN, children) < 0 ||
                 element_set(paragraph, ELEMENT_PARENT, div) < 0;
    Py_XDECREF(children); /* the paragraph holds it */
    if (failed) {
        Py_XDECREF(paragraph);
        return NULL;
    }
    return paragraph;
}

/* Make the planned paragraphs and give the div its new children: a list of the paragraphs
 * made (new reference), or NULL on error. */
static PyObject *make_paragraphs(const Plan *plan, PyObject *div, PyObject *children) {
    PyObject *made = PyList_New(plan->paragraphs);
    PyObject *out = made == NULL ? NULL : PyList_New(plan->out_count);
    int failed = out == NULL;
    for (Py_ssize_t k = 0; k < plan->paragraphs && !failed; k++) {
        PyObject *attrs = PyDict_New();
        PyObject *paragraph = attrs == NULL ? NULL : new_paragraph(attrs, div);
        Py_XDECREF(attrs);
        PyObject *own = paragraph == NULL ? NULL : PyList_New(plan->kept[k] - plan->first[k]);
        failed = own == NULL;
        for (Py_ssize_t m = plan->first[k]; m < plan->first[k + 1] && !failed; m++) {
            PyObject *child = PyList_GetItem(children, plan->members[m]); /* borrowed, bounds-checked */
            failed = child == NULL || (!PyUnicode_Check(child) && element_set(child, ELEMENT_PARENT, paragraph) < 0);
            if (!failed && m < plan->kept[k]) {
                Py_INCREF(child);
                failed = PyList_SetItem(own, m - plan->first[k], child) < 0;
            }
        }
        failed = failed || element_set(paragraph, ELEMENT_CHILDREN, own) < 0;
        Py_XDECREF(own);
        if (paragraph != NULL && PyList_SetItem(made, k, paragraph) < 0) { /* steals it */
            failed = 1;
        }
    }
    for (Py_ssize_t o = 0; o < plan->out_count && !failed; o++) {
        Py_ssize_t entry = plan->out[o];
        PyObject *item = entry >= 0 ? PyList_GetItem(children, entry) : PyList_GetItem(made, -1 - entry);
        Py_XINCREF(item);
        failed = item == NULL || PyList_SetItem(out, o, item) < 0;
    }
    failed = failed || element_set(div, ELEMENT_CHILDREN, out) < 0;
    Py_XDECREF(out);
    if (failed) {
        Py_XDECREF(made);
        return NULL;
    }
    return made;
}

/* Store each new paragraph's measures (measure_paragraphs's sums) in the page's and the
 * attempt's, then note that the div holds blocks. 0 or -1. */
static int store_measures(const Plan *plan, const DivTarget *target, PyObject *div, PyObject *made) {
    PyObject *dicts[2] = {target->page_measures, target->measures};
    for (Py_ssize_t k = 0; k < plan->paragraphs; k++) {
        PyObject *paragraph = PyList_GetItem(made, k); /* borrowed, bounds-checked */
        if (paragraph == NULL) {
            return -1;
        }
        PyObject *measure = NULL;
        for (int d = 0; d < 2; d++) {
            Py_ssize_t at = 2 * k + d;
            int same = d == 1 && plan->texts[at] == plan->texts[at - 1] &&
                       memcmp(&plan->links[at], &plan->links[at - 1], sizeof(double)) == 0 &&
                       plan->commas[at] == plan->commas[at - 1]; /* one (immutable) tuple for both */
            if (!same) {
                Py_XDECREF(measure);
                measure = measure_tuple(plan->texts[at], plan->links[at], plan->commas[at]);
            }
            if (measure == NULL || PyDict_SetItem(dicts[d], paragraph, measure) < 0) {
                Py_XDECREF(measure);
                return -1;
            }
        }
        Py_DECREF(measure);
    }
    return PySet_Add(target->holds_blocks, div);
}

/* Measure every new paragraph in both dicts (into the plan): 1, 0 when a measure is not one
 * C adds (Python then decides), or -1 on error. */
static int measure_paragraphs(Plan *plan, const DivTarget *target, PyObject *children) {
    PyObject *dicts[2] = {target->page_measures, target->measures};
    for (Py_ssize_t k = 0; k < plan->paragraphs; k++) {
        for (int d = 0; d < 2; d++) {
            Py_ssize_t at = 2 * k + d;
            int ok = sum_measures(dicts[d], children, plan->members + plan->first[k], plan->kept[k] - plan->first[k],
                                  &plan->texts[at], &plan->links[at], &plan->commas[at]);
            if (ok <= 0) {
                return ok;
            }
        }
    }
    return 1;
}

/* The div's lone paragraph takes its place (the last step of _paragraphs_from_div, when the
 * div's text is mostly unlinked): returns the paragraph (new reference), NULL on error. */
static PyObject *replace_by_paragraph(const DivTarget *target, PyObject *div, PyObject *parent, Py_ssize_t position,
                                      PyObject *only) {
    PyObject *siblings = element_get(parent, ELEMENT_CHILDREN);
    int failed = siblings == NULL;
    if (!failed) {
        Py_INCREF(only);
        failed = PyList_SetItem(siblings, position, only) < 0; /* steals ``only``; bounds-checked */
        Py_DECREF(siblings);
    }
    failed = failed || element_set(only, ELEMENT_PARENT, parent) < 0;
    PyObject *attrs = failed ? NULL : element_get(only, ELEMENT_ATTRS);
    int empty = attrs == NULL ? -1 : !PyObject_IsTrue(attrs);
    Py_XDECREF(attrs);
    failed = failed || empty < 0;
    if (!failed && empty) { /* keep "share-bar"/"ad" style names for the cleaner to see */
        PyObject *div_attrs = element_get(div, ELEMENT_ATTRS);
        PyObject *kept = div_attrs == NULL || !PyDict_Check(div_attrs) ? NULL : PyDict_New();
        Py_ssize_t pos = 0;
        PyObject *key, *value;
        failed = kept == NULL;
        while (!failed && PyDict_Next(div_attrs, &pos, &key, &value)) {
            if (PyUnicode_Check(key) && (PyUnicode_Compare(key, s_class) == 0 || PyUnicode_Compare(key, s_id) == 0)) {
                failed = PyDict_SetItem(kept, key, value) < 0;
            }
        }
        if (div_attrs != NULL && !PyDict_Check(div_attrs)) {
            PyErr_SetString(PyExc_TypeError, "grab expects element attributes in a dict");
        }
        failed = failed || element_set(only, ELEMENT_ATTRS, kept) < 0;
        Py_XDECREF(kept);
        Py_XDECREF(div_attrs);
    }
    failed = failed || element_set(div, ELEMENT_PARENT, Py_None) < 0 || PyList_Append(target->to_score, only) < 0;
    if (failed) {
        return NULL;
    }
    Py_INCREF(only);
    return only;
}

/* The checks made before the div changes: the div's parent and its list for the lone
 * paragraph's replacement (*parent, a new reference) and whether that replacement happens
 * (*replace). 1 ready, 0 leave it to Python, -1 on error. */
static int check_replacement(const DivTarget *target, PyObject *div, Py_ssize_t position, PyObject **parent,
                             int *replace) {
    Py_ssize_t text, commas;
    double links;
    *replace = 0;
    *parent = NULL;
    PyObject *measure = PyDict_GetItemWithError(target->measures, div); /* borrowed */
    if (measure == NULL) {
        return PyErr_Occurred() ? -1 : 0; /* Python raises its KeyError */
    }
    int read = read_measure(target->measures, div, &text, &links, &commas);
    if (read <= 0) {
        return read;
    }
    if (text && !(links / (double)text < 0.25)) {
        return 1;
    }
    *parent = element_get(div, ELEMENT_PARENT);
    if (*parent == NULL) {
        return -1;
    }
    PyObject *siblings = *parent == Py_None ? NULL : element_get(*parent, ELEMENT_CHILDREN);
    int fits = siblings != NULL && PyList_Check(siblings) && position < PyList_Size(siblings);
    if (siblings == NULL && PyErr_Occurred()) {
        PyErr_Clear(); /* Python says what is wrong */
    }
    Py_XDECREF(siblings);
    if (!fits) {
        Py_CLEAR(*parent);
        return 0;
    }
    *replace = 1;
    return 1;
}

int paragraphs_from_div(const DivTarget *target, PyObject *div, PyObject *children, Py_ssize_t position,
                        PyObject **walked) {
    Py_ssize_t count = PyList_Size(children);
    Plan plan; /* plan_alloc lays out the arrays */
    plan.heap = NULL;
    plan.out_count = plan.paragraphs = 0;
    int content = count < 0 ? -1 : plan_runs(&plan, children, count);
    int failed = content < 0, ready = !failed, replace = 0;
    PyObject *parent = NULL, *made = NULL, *only = NULL;
    if (!failed && plan.paragraphs) {
        int measured = measure_paragraphs(&plan, target, children);
        failed = measured < 0;
        ready = measured > 0;
    }
    Py_ssize_t only_at = PY_SSIZE_T_MIN;
    if (!failed && ready) {
        if (!plan.paragraphs) { /* nothing wrapped: the div's children stay as they are */
            plan.out_count = count;
            for (Py_ssize_t i = 0; i < count; i++) {
                plan.out[i] = i;
            }
        }
        only_at = planned_only_paragraph(&plan, children, &failed);
    }
    if (!failed && ready && only_at != PY_SSIZE_T_MIN) {
        int checked = check_replacement(target, div, position, &parent, &replace);
        failed = checked < 0;
        ready = checked > 0;
    }
    if (failed || !ready) {
        plan_free(&plan);
        return failed ? -1 : 0;
    }
    /* Checked: from here on the div changes as the Python step changes it. */
    if (plan.paragraphs) {
        made = make_paragraphs(&plan, div, children);
        failed = made == NULL || store_measures(&plan, target, div, made) < 0;
    }
    if (!failed && replace) {
        only = only_at >= 0 ? PyList_GetItem(children, only_at) : PyList_GetItem(made, -1 - only_at); /* borrowed */
        *walked = only == NULL ? NULL : replace_by_paragraph(target, div, parent, position, only);
        failed = *walked == NULL;
    } else if (!failed) {
        int holds = plan.paragraphs ? 1 : PySet_Contains(target->holds_blocks, div);
        failed = holds < 0;
        if (!failed && !holds) { /* a div of text is a paragraph */
            failed = element_set(div, ELEMENT_TAG, s_p) < 0 || PyList_Append(target->to_score, div) < 0;
        }
        if (!failed) {
            Py_INCREF(div);
            *walked = div;
        }
    }
    Py_XDECREF(parent);
    Py_XDECREF(made);
    plan_free(&plan);
    return failed ? -1 : 1;
}

int paragraphs_configure(PyObject *element, PyObject *phrasing, PyObject *transparent, PyObject *commas) {
    if (s_p == NULL) {
        struct {
            PyObject **slot;
            const char *name;
        } names[] = {
            {&s_class, "class"}, {&s_id, "id"},       {&s_p, "p"},               {&s_br, "br"},
        };
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
            *names[i].slot = PyUnicode_InternFromString(names[i].name);
            if (*names[i].slot == NULL) {
                return -1;
            }
        }
    }
    if (read_comma_chars(commas, comma_chars, sizeof comma_chars / sizeof comma_chars[0], &comma_count) < 0) {
        return -1;
    }
    allocfunc alloc = PyType_Check(element) ? (allocfunc)PyType_GetSlot((PyTypeObject *)element, Py_tp_alloc) : NULL;
    if (alloc != NULL && element_slots_find(element, alloc) < 0) {
        return -1;
    }
    element_alloc = alloc;
    PyObject **slots[] = {&element_class, &phrasing_tags, &transparent_tags};
    PyObject *tables[] = {element, phrasing, transparent};
    for (size_t i = 0; i < 3; i++) {
        Py_INCREF(tables[i]);
        Py_XDECREF(*slots[i]);
        *slots[i] = tables[i];
    }
    return 0;
}
