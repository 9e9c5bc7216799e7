/* The conditional pass's verdict (engine.cleaning._looks_fishy) in C: part of _cleanpass, guest only.
 *
 * Why: remove_where (cleanpass.c) called _looks_fishy back once per form, fieldset, table, list
 * and div of the content (13.6k calls over the two corpora), and each call read the measure
 * vector, walked up for a data table, a <code> and a <figure>, weighed the class and id
 * (article_rules.class_weight), read the live text of a short element and, last, walked down
 * for paragraph-like text (_has_textish_text): all bytecode, a fifth of the cleaner's guest
 * time besides the copy. This file states the same tests in the same order without bytecode,
 * reading the Python rule's thresholds, tag sets, memos and patterns (configure_fishy); the
 * patterns (AD_WORDS, LOADING_WORDS) are matched by calling their ``match``, only for a label
 * opening with one of their literals (LABEL_WORDS_OPENINGS' C table, passes.h), and a class or id
 * value no memo holds yet is judged by its NameMemo.found_in, as class_weight does.
 *
 * Contract: looks_fishy(f, node, tag) answers what _looks_fishy(node, tag, content) answers; the
 * Python function stays the statement of the rule and the native path. The answers its memos
 * (content.inside_data_table, textish_below: dicts keyed by element) remember, this file keeps
 * in a byte per row of the content's vectors for one remove_where, so they stay empty inside the
 * guest: two dict look-ups and a store per element read cost about a twentieth of a call on
 * nested tables. textish_below is per pass in Python too; inside_data_table's answers, which
 * Python keeps for every pass, do not change between passes (the data tables are set when
 * copied, and a removal moves no element), so each pass working them out again answers alike.
 * remove_where runs this verdict when handed _looks_fishy itself (any other callable is called
 * back). The guest check (tests/sandbox/test_c_clean.py) compares the cleaned content both ways.
 * Walks use heap arrays (no recursion); the memos keep each walk linear over a pass, as in
 * Python.
 *
 *   configure_fishy(looks_fishy, tables, memos, (ad_match, loading_match, label_openings), thresholds,
 *                   indexes)
 */
#include "cleanpass.h"
#include "../element_text.h"  /* live_text's collapse */
#include "../element_slots.h" /* the Element slots read in place */

#include <math.h>
#include <string.h>

/* cleaning._looks_fishy itself: remove_where runs this file's verdict when handed it. */
PyObject *fishy_rule;
/* article_rules.TEXTISH_TAGS, NON_CONTENT_TAGS. */
static PyObject *textish_tags, *non_content_tags;
/* class_weight's memos (NEGATIVE_NAME, POSITIVE_NAME), its flag and points. */
static NameMemo negative, positive;
static long weight_flag, class_weight_points;
/* AD_WORDS.match, LOADING_WORDS.match, and their opening gate (article_rules.LABEL_WORDS_OPENINGS,
 * whose C table is read per remove_where: tests may swap it). */
static PyObject *ad_match, *loading_match, *label_openings;
static PyObject *s_table_attr;
/* _looks_fishy's thresholds (cleaning's constants) and has_ancestor_tag's depth. */
static double short_label, min_commas_to_keep, list_text_ratio, li_allowance, max_heading_density,
    min_content_length, low_weight_link_density, high_weight_link_density, min_p_per_img, min_content_weight;
static long near_ancestor_depth;
/* The vector indexes cleanpass.c's configure does not take. */
static Py_ssize_t i_commas, i_p, i_li, i_input;
static PyObject *s_tag, *s_attrs, *s_parent, *s_children, *s_class, *s_id, *s_table, *s_ul, *s_ol, *s_code,
    *s_figure, *s_empty, *s_flags, *s_main_block, *s_vectors, *s_gone,
    *s_data_tables;

/* A walk's stack: (element, its children list, the next child) per open element, borrowed (the
 * content's tree holds them and nothing changes it while a verdict is made). */
typedef struct {
    PyObject *node, *children;
    Py_ssize_t next;
} Open;

void fishy_clear(Fishy *f) {
    Py_CLEAR(f->vectors);
    Py_CLEAR(f->gone);
    Py_CLEAR(f->data_tables);
    free(f->memo);
    f->memo = NULL;
    free(f->path);
    f->path = NULL;
    Py_CLEAR(f->label_gate_capsule);
    f->label_gate = NULL;
    free(f->walk);
    f->walk = NULL;
    f->walk_cap = 0;
    Py_CLEAR(f->near_parent);
}

/* The content's attributes the verdict reads (strong references), for one remove_where. 0 or -1. */
int fishy_read(PyObject *content, Fishy *f) {
    memset(f, 0, sizeof *f);
    if (fishy_rule == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_cleanpass.configure_fishy was not called");
        return -1;
    }
    PyObject **slots[] = {&f->vectors, &f->gone, &f->data_tables};
    PyObject *names[] = {s_vectors, s_gone, s_data_tables};
    enum { MEASURES, DICT, SET };
    int kinds[] = {MEASURES, SET, SET};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        PyObject *value = PyObject_GetAttr(content, names[i]);
        *slots[i] = value;
        if (value == NULL || (kinds[i] == DICT && !PyDict_Check(value)) || (kinds[i] == SET && !PySet_Check(value))) {
            if (value != NULL) {
                PyErr_Format(PyExc_TypeError, "looks_fishy: content.%U has the wrong type", names[i]);
            }
            fishy_clear(f);
            return -1;
        }
    }
    if ((f->measures = cleanpass_measures(f->vectors, "looks_fishy")) == NULL) {
        fishy_clear(f);
        return -1;
    }
    f->memo_n = f->measures->n; /* a pass adds no element */
    if ((f->memo = calloc((size_t)f->memo_n + 1, 1)) == NULL) {
        PyErr_NoMemory();
        fishy_clear(f);
        return -1;
    }
    f->label_gate_capsule = PyObject_GetAttr(label_openings, s_table_attr);
    if (f->label_gate_capsule == NULL || literal_table_of(f->label_gate_capsule, &f->label_gate) < 0) {
        fishy_clear(f);
        return -1;
    }
    PyObject *flags = PyObject_GetAttr(content, s_flags);
    f->flags = flags == NULL ? -1 : PyLong_AsLong(flags);
    Py_XDECREF(flags);
    PyObject *main_block = PyErr_Occurred() ? NULL : PyObject_GetAttr(content, s_main_block);
    f->main_block_length = main_block == NULL ? -1.0 : PyFloat_AsDouble(main_block);
    Py_XDECREF(main_block);
    if (PyErr_Occurred()) {
        fishy_clear(f);
        return -1;
    }
    return 0;
}


/* node's children list (new reference), checked. */
static PyObject *children_of(PyObject *node) { return element_children(node, "looks_fishy"); }

/* What article_rules.has_ancestor_tag(node, tag) (its default depth) says for "code" and for
 * "figure", as NEAR_CODE and NEAR_FIGURE bits; -1 on error. One walk up from the parent answers
 * both, and its answer is kept for that parent (f->near_parent): siblings share their
 * ancestors. Why: a run of sibling blocks (thousands of small forms side by side) asked two
 * walks each: 1.8% of such a page, medians of three builds. */
enum { NEAR_CODE = 1, NEAR_FIGURE = 2 };
static int near_ancestors(Fishy *f, PyObject *node) {
    PyObject *parent = element_get(node, ELEMENT_PARENT);
    if (parent == NULL || (parent == f->near_parent && parent != Py_None)) {
        Py_XDECREF(parent);
        return parent == NULL ? -1 : f->near_bits;
    }
    Py_XDECREF(f->near_parent);
    f->near_parent = parent; /* takes the reference */
    int bits = 0;
    PyObject *at = parent;
    Py_INCREF(at);
    for (long depth = 0; at != Py_None && bits != (NEAR_CODE | NEAR_FIGURE); depth++) {
        if (near_ancestor_depth >= 0 && near_ancestor_depth < depth) {
            break;
        }
        PyObject *tag = element_get(at, ELEMENT_TAG);
        int code = tag == NULL ? -1 : is_tag(tag, s_code);
        int figure = code < 0 ? -1 : is_tag(tag, s_figure);
        Py_XDECREF(tag);
        PyObject *above = code < 0 || figure < 0 ? NULL : element_get(at, ELEMENT_PARENT);
        Py_DECREF(at);
        if (above == NULL) {
            Py_CLEAR(f->near_parent);
            return -1;
        }
        bits |= (code ? NEAR_CODE : 0) | (figure ? NEAR_FIGURE : 0);
        at = above;
    }
    Py_DECREF(at);
    f->near_bits = bits;
    return bits;
}

/* The bits of a row's memo byte: an answer of inside_data_table, of has_textish_text; a label
 * read past the short-text limits (_Content.long_labels). */
enum { MEMO_INSIDE_KNOWN = 1, MEMO_INSIDE = 2, MEMO_TEXTISH_KNOWN = 4, MEMO_TEXTISH = 8, MEMO_LONG_LABEL = 16 };

/* The memo byte of `node` (its row's), or NULL for an element without a row (not remembered). */
static uint8_t *memo_of(const Fishy *f, PyObject *node) {
    Py_ssize_t row = measures_find(f->measures, node);
    return row >= 0 && row < f->memo_n ? &f->memo[row] : NULL;
}

/* cleaning._inside_data_table(node, content), remembering the answers along the way: 1, 0, or -1. */
static int inside_data_table(Fishy *f, PyObject *node) {
    PyObject *ancestor = element_get(node, ELEMENT_PARENT); /* strong */
    Py_ssize_t n = 0;
    int inside = 0, failed = ancestor == NULL;
    while (!failed && ancestor != Py_None) {
        uint8_t *memo = memo_of(f, ancestor);
        if (memo != NULL && (*memo & MEMO_INSIDE_KNOWN)) {
            inside = (*memo & MEMO_INSIDE) != 0;
            break;
        }
        int table = element_tag_is(ancestor, s_table);
        if (table > 0) {
            table = PySet_Contains(f->data_tables, ancestor);
            if (table > 0) {
                inside = 1;
                break;
            }
        }
        if (table < 0 || (memo != NULL && reserve((void **)&f->path, &f->path_cap, sizeof *f->path, n + 1))) {
            failed = 1;
            break;
        }
        if (memo != NULL) {
            f->path[n++] = memo;
        }
        PyObject *above = element_get(ancestor, ELEMENT_PARENT);
        Py_DECREF(ancestor);
        ancestor = above;
        failed = ancestor == NULL;
    }
    Py_XDECREF(ancestor);
    for (Py_ssize_t i = 0; i < n && !failed; i++) {
        *f->path[i] |= MEMO_INSIDE_KNOWN | (inside ? MEMO_INSIDE : 0);
    }
    return failed ? -1 : inside;
}

/* article_rules.class_weight(attrs, flags). 0 or -1 (into *weight). */
static int class_weight(const Fishy *f, PyObject *node, long *weight) {
    *weight = 0;
    if (!(f->flags & weight_flag)) {
        return 0;
    }
    PyObject *attrs = element_attrs(node, "looks_fishy");
    if (attrs == NULL) {
        return -1;
    }
    int failed = 0;
    PyObject *keys[2] = {s_class, s_id};
    for (int k = 0; k < 2 && !failed; k++) {
        PyObject *value = PyDict_GetItemWithError(attrs, keys[k]); /* borrowed */
        if (value == NULL) {
            failed = PyErr_Occurred() != NULL;
            continue;
        }
        Py_INCREF(value); /* held while a memo's found_in runs */
        int truthy = PyObject_IsTrue(value);
        int bad = truthy > 0 ? name_memo_found_in(&negative, value) : 0;
        int good = truthy > 0 && bad >= 0 ? name_memo_found_in(&positive, value) : 0;
        Py_DECREF(value);
        failed = truthy < 0 || bad < 0 || good < 0;
        *weight += (good - bad) * class_weight_points;
    }
    Py_DECREF(attrs);
    return failed ? -1 : 0;
}

/* Push an element onto a walk. 0 or -1. */
static int walk_push(Fishy *f, Py_ssize_t *n, PyObject *node) {
    PyObject *children = children_of(node);
    if (children == NULL) {
        return -1;
    }
    Py_DECREF(children); /* node holds it */
    if (reserve((void **)&f->walk, &f->walk_cap, sizeof(Open), *n + 1)) {
        return -1;
    }
    Open *open = &((Open *)f->walk)[(*n)++];
    open->node = node;
    open->children = children;
    open->next = 0;
    return 0;
}

/* The code points of the label live_short_text reads, kept between calls (COLLAPSED_KEPT). */
static Collapsed label_points;
/* How far a label is read (dom.SHORT_TEXT_LIMITS). */
static ShortRead label_read;

/* _Content.live_short_text(node) (new reference): its pieces collapsed as they are read (" ".join
 * of the joined pieces' split, ../element_text.h), one str made of them, no list of pieces or
 * words; Py_None once the walk meets more elements or characters than label_read allows
 * (dom.short_text_of's walk: each element met counts, gone or not). */
static PyObject *live_short_text(Fishy *f, PyObject *node) {
    Py_ssize_t n = 0, elements = 0, chars = 0;
    collapsed_start(&label_points);
    int failed = walk_push(f, &n, node) < 0, over = 0;
    while (!failed && !over && n) {
        Open *open = &((Open *)f->walk)[n - 1];
        if (open->next >= PyList_Size(open->children)) {
            n--;
            continue;
        }
        PyObject *child = PyList_GetItem(open->children, open->next++);
        if (PyUnicode_Check(child)) {
            over = (chars += PyUnicode_GetLength(child)) > label_read.chars;
            failed = !over && collapse_into(child, &label_points) < 0;
            continue;
        }
        if (++elements > label_read.elements) {
            over = 1;
            break;
        }
        int skip = PySet_Contains(f->gone, child);
        if (skip == 0) {
            PyObject *tag = element_tag_of(child);
            skip = tag == NULL ? -1 : PySet_Contains(non_content_tags, tag);
            Py_XDECREF(tag);
        }
        const uint8_t *memo = skip == 0 ? memo_of(f, child) : NULL;
        if (memo != NULL && (*memo & MEMO_LONG_LABEL)) {
            over = 1; /* its own read met more: all it met lies below it */
            break;
        }
        failed = skip < 0 || (!skip && walk_push(f, &n, child) < 0);
    }
    PyObject *label = failed ? NULL : over ? Py_NewRef(Py_None) : points_str(label_points.out, label_points.len);
    collapsed_done(&label_points);
    uint8_t *memo = over ? memo_of(f, node) : NULL;
    if (memo != NULL) {
        *memo |= MEMO_LONG_LABEL; /* for the rest of this pass (see _Content.live_short_text) */
    }
    return label;
}

/* Whether `match` (a pattern's match) matches `text`: 1, 0, or -1. */
static int matches(PyObject *match, PyObject *text) {
    PyObject *found = PyObject_CallFunctionObjArgs(match, text, NULL);
    if (found == NULL) {
        return -1;
    }
    int yes = found != Py_None;
    Py_DECREF(found);
    return yes;
}

/* vectors[node][i_text] into *text. 0 or -1. */
static int measured_text(const Fishy *f, PyObject *node, double *text) {
    double vector[WIDTH_MAX];
    if (!measures_get(f->measures, node, vector)) {
        PyErr_SetString(PyExc_KeyError, "looks_fishy: an element without a measure");
        return -1;
    }
    *text = vector[i_text];
    return 0;
}

/* Remember `textish` as the answer of `node`. */
static void remember_textish(const Fishy *f, PyObject *node, int textish) {
    uint8_t *memo = memo_of(f, node);
    if (memo != NULL) {
        *memo |= MEMO_TEXTISH_KNOWN | (textish ? MEMO_TEXTISH : 0);
    }
}

/* The remembered answer of `node`: 1, 0, or 2 when none is. */
static int known_textish(const Fishy *f, PyObject *node) {
    const uint8_t *memo = memo_of(f, node);
    return memo == NULL || !(*memo & MEMO_TEXTISH_KNOWN) ? 2 : (*memo & MEMO_TEXTISH) != 0;
}

/* cleaning._has_textish_text(node, text, content), remembering answers in textish_below: 1, 0, or -1. */
static int has_textish_text(Fishy *f, PyObject *node, double text) {
    if (!text) {
        return 0;
    }
    int known = known_textish(f, node);
    if (known != 2) {
        return known;
    }
    Py_ssize_t n = 0;
    if (walk_push(f, &n, node) < 0) {
        return -1;
    }
    while (n) {
        Open *open = &((Open *)f->walk)[n - 1];
        if (open->next >= PyList_Size(open->children)) {
            remember_textish(f, open->node, 0);
            n--;
            continue;
        }
        PyObject *child = PyList_GetItem(open->children, open->next++);
        if (PyUnicode_Check(child)) {
            continue;
        }
        int skip = PySet_Contains(f->gone, child);
        double below = 0.0;
        if (skip == 0) {
            skip = measured_text(f, child, &below) < 0 ? -1 : !below;
        }
        if (skip) {
            if (skip < 0) {
                return -1;
            }
            continue;
        }
        PyObject *tag = element_tag_of(child);
        int answer = tag == NULL ? -1 : PySet_Contains(textish_tags, tag);
        Py_XDECREF(tag);
        if (answer == 0) {
            answer = known_textish(f, child); /* 2: not known */
        }
        if (answer < 0) {
            return -1;
        }
        if (answer == 1) {
            for (Py_ssize_t i = 0; i < n; i++) {
                remember_textish(f, ((Open *)f->walk)[i].node, 1);
            }
            return 1;
        }
        if (answer == 2 && walk_push(f, &n, child) < 0) {
            return -1;
        }
    }
    return 0;
}

/* The element children of `node` not gone, counted; `limit` stops the count early. 0 or -1. */
static int count_live_elements(const Fishy *f, PyObject *children, Py_ssize_t limit, Py_ssize_t *count) {
    *count = 0;
    Py_ssize_t n = PyList_Size(children);
    for (Py_ssize_t i = 0; i < n && *count < limit; i++) {
        PyObject *child = PyList_GetItem(children, i);
        if (PyUnicode_Check(child)) {
            continue;
        }
        int gone = PySet_Contains(f->gone, child);
        if (gone < 0) {
            return -1;
        }
        *count += !gone;
    }
    return 0;
}

/* cleaning._is_image_list(node, images, list_items, gone): 1, 0, or -1. */
static int is_image_list(const Fishy *f, PyObject *node, double images, double list_items) {
    PyObject *children = children_of(node);
    if (children == NULL) {
        return -1;
    }
    Py_ssize_t n = PyList_Size(children);
    int image_list = 1;
    for (Py_ssize_t i = 0; i < n && image_list > 0; i++) {
        PyObject *item = PyList_GetItem(children, i);
        if (PyUnicode_Check(item)) {
            continue;
        }
        int gone = PySet_Contains(f->gone, item);
        PyObject *below = gone ? NULL : children_of(item);
        Py_ssize_t live = 0;
        if (gone < 0 || (!gone && (below == NULL || count_live_elements(f, below, 2, &live) < 0))) {
            image_list = -1;
        } else if (live > 1) {
            image_list = 0;
        }
        Py_XDECREF(below);
    }
    Py_DECREF(children);
    return image_list <= 0 ? image_list : images == list_items;
}

/* Python's float floor division by a positive divisor (paragraphs // 3). */
static double floor_divide(double a, double b) {
    double mod = fmod(a, b);
    double div = (a - mod) / b;
    if (mod && (mod < 0)) {
        div -= 1.0;
    }
    double floored = floor(div);
    if (div - floored > 0.5) {
        floored += 1.0;
    }
    return floored;
}

/* cleaning._looks_fishy(node, tag, content): 1, 0, or -1. */
int looks_fishy(Fishy *f, PyObject *node, PyObject *tag) {
    double v[WIDTH_MAX];
    if (!measures_get(f->measures, node, v)) {
        PyErr_SetString(PyExc_KeyError, "looks_fishy: an element without a measure");
        return -1;
    }
    double text = v[i_text];
    if (is_tag(tag, s_table)) {
        int data = PySet_Contains(f->data_tables, node);
        if (data) {
            return data < 0 ? -1 : 0;
        }
    }
    int kept = inside_data_table(f, node);
    int near = kept == 0 ? near_ancestors(f, node) : 0;
    if (kept < 0 || near < 0) {
        return -1;
    }
    if (kept || (near & NEAR_CODE)) {
        return 0;
    }
    if (v[i_data_tables]) {
        return 0;
    }
    long weight;
    if (class_weight(f, node, &weight) < 0) {
        return -1;
    }
    if (weight < 0) {
        return 1;
    }
    if (v[i_commas] >= min_commas_to_keep || v[i_embed]) {
        return 0;
    }
    if (text < short_label) {
        PyObject *label = text ? live_short_text(f, node) : (Py_INCREF(s_empty), s_empty);
        uint32_t opens = label != Py_None; /* None: past the short-text limits, not a label */
        int labelled = label == NULL || (opens && f->label_gate != NULL &&
                                         f->label_gate->admit(f->label_gate, label, &opens) < 0)
                           ? -1
                           : 0;
        if (labelled == 0 && opens) {
            labelled = matches(ad_match, label);
        }
        if (labelled == 0 && opens) {
            labelled = matches(loading_match, label);
        }
        Py_XDECREF(label);
        if (labelled) {
            return labelled;
        }
    }
    int is_list = is_tag(tag, s_ul) || is_tag(tag, s_ol) || (text && v[i_list] / text > list_text_ratio);
    double paragraphs = v[i_p], images = v[i_img], items = v[i_li] - li_allowance;
    double link_density = text ? v[i_links] / text : 0.0;
    double heading_density = text ? v[i_heading] / text : 0.0;
    int in_figure = (near & NEAR_FIGURE) != 0;
    double w = (double)weight;
    int fishy = (!in_figure && images > 1 && paragraphs / images < min_p_per_img) ||
                (!is_list && items > paragraphs) || v[i_input] > floor_divide(paragraphs, 3.0) ||
                (!is_list && !in_figure && heading_density < max_heading_density && text < min_content_length &&
                 (images == 0 || images > 2) && link_density > 0) ||
                (!is_list && w < min_content_weight && link_density > low_weight_link_density &&
                 (text < f->main_block_length || link_density > high_weight_link_density)) ||
                (w >= min_content_weight && link_density > high_weight_link_density);
    if (!fishy && images == 0) {
        int textish = has_textish_text(f, node, text);
        if (textish < 0) {
            return -1;
        }
        fishy = !textish;
    }
    if (fishy && is_list) {
        int image_list = is_image_list(f, node, images, v[i_li]);
        if (image_list) {
            return image_list < 0 ? -1 : 0;
        }
    }
    return fishy;
}

PyObject *fishy_configure(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *rule, *textish, *non_content, *limits, *memos[2], *ad, *loading, *openings, *indexes;
    double *threshold_slots[] = {&short_label,          &min_commas_to_keep,       &list_text_ratio,
                                 &li_allowance,         &max_heading_density,      &min_content_length,
                                 &low_weight_link_density, &high_weight_link_density, &min_p_per_img,
                                 &min_content_weight};
    double thresholds[10];
    long flag, points, depth;
    if (!PyArg_ParseTuple(args, "O(O!O!O)(OOll)(OOO)(dddddddddd)lO!:configure_fishy", &rule, &PyFrozenSet_Type,
                          &textish, &PyFrozenSet_Type, &non_content, &limits, &memos[0], &memos[1], &flag, &points, &ad,
                          &loading, &openings, &thresholds[0], &thresholds[1], &thresholds[2], &thresholds[3], &thresholds[4],
                          &thresholds[5], &thresholds[6], &thresholds[7], &thresholds[8], &thresholds[9], &depth,
                          &PyTuple_Type, &indexes) ||
        read_short_limits(limits, &label_read) < 0) {
        return NULL;
    }
    if (!PyCallable_Check(rule) || !PyCallable_Check(ad) || !PyCallable_Check(loading)) {
        PyErr_SetString(PyExc_TypeError, "configure_fishy: the rule and the patterns' match are callables");
        return NULL;
    }
    Py_ssize_t fishy_width;
    Py_ssize_t *index_slots[] = {&i_commas, &i_p, &i_li, &i_input, &fishy_width};
    if (read_vector_indexes(indexes, index_slots, 5, WIDTH_MAX) < 0) {
        return NULL;
    }
    if (fishy_width != width) {
        PyErr_SetString(PyExc_ValueError, "configure_fishy: the vector width differs from configure's");
        return NULL;
    }
    if (name_memo_take(&negative, memos[0]) < 0 || name_memo_take(&positive, memos[1]) < 0) {
        return NULL;
    }
    if (s_tag == NULL) {
        struct {
            PyObject **slot;
            const char *name;
        } names[] = {
            {&s_tag, "tag"},         {&s_attrs, "attrs"},   {&s_parent, "parent"},
            {&s_children, "children"}, {&s_class, "class"}, {&s_id, "id"},
            {&s_table, "table"},     {&s_ul, "ul"},         {&s_ol, "ol"},
            {&s_code, "code"},       {&s_figure, "figure"}, {&s_empty, ""},
            {&s_flags, "flags"},
            {&s_main_block, "main_block_length"}, {&s_vectors, "vectors"},
            {&s_gone, "gone"},       {&s_data_tables, "data_tables"}, {&s_table_attr, "table"},
        };
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
            *names[i].slot = PyUnicode_InternFromString(names[i].name);
            if (*names[i].slot == NULL) {
                return NULL;
            }
        }
    }
    PyObject **slots[] = {&fishy_rule, &textish_tags, &non_content_tags, &ad_match, &loading_match, &label_openings};
    PyObject *given[] = {rule, textish, non_content, ad, loading, openings};
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++) {
        Py_INCREF(given[i]);
        Py_XDECREF(*slots[i]);
        *slots[i] = given[i];
    }
    for (size_t i = 0; i < sizeof threshold_slots / sizeof threshold_slots[0]; i++) {
        *threshold_slots[i] = thresholds[i];
    }
    weight_flag = flag;
    class_weight_points = points;
    near_ancestor_depth = depth;
    Py_RETURN_NONE;
}

/* Find dom.Element's slots for this file's reads (element_slots.h: static state per file). 0 or -1. */
int fishy_slots_find(PyObject *type, allocfunc alloc) { return element_slots_find(type, alloc); }
