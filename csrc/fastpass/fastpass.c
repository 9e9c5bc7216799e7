/* _fastpass: mechanical inner loops of the engine's passes, in C, for the guest component only.
 *
 * Why: inside the component each Python bytecode costs ~2.5x native, and a few passes still
 * loop over every element of a page in Python to keep a handful of them. This module runs such
 * loops without any bytecode. It is compiled for wasm32-wasi only and staged into the component
 * by sandbox/build.py (one module per folder of csrc/); the host never loads it.
 *
 * Contract: each function returns exactly what the pure-Python function it names returns;
 * that function is the statement of the rules, and a test compares the two inside the guest on
 * both corpora and on markup soup. Guarantees: no recursion, linear time in the input.
 *
 *   metadata_candidates(elements)  engine.metadata.metadata_candidates
 *   next_page_candidates(elements) engine.pagination.next_page_candidates
 *   collapse_whitespace(text)      engine.markdown.collapse_whitespace (textwalk.c)
 *   render_text(root)              engine.plaintext.render_text_python (textwalk.c), after
 *   configure_text(...)            plaintext.py hands it its tag sets and helpers
 */
#include "fastpass.h"

#include <string.h>

/* metadata.SCANNED_TAGS */
static const char *const SCANNED_TAGS[] = {"meta", "link", "script", "base", "title", "h1", "h2"};
#define SCANNED_TAG_COUNT (sizeof(SCANNED_TAGS) / sizeof(SCANNED_TAGS[0]))
/* metadata.ANY_HINT's words */
static const char *const HINTS[] = {"byline", "author",     "writ",  "date",  "time", "publish",
                                    "posted", "meta",       "breadcrumb", "datum", "fecha"};
#define HINT_COUNT (sizeof(HINTS) / sizeof(HINTS[0]))

/* Interned attribute and key names, made once at import. */
static PyObject *s_tag, *s_attrs, *s_itemprop, *s_rel, *s_datetime, *s_class, *s_id, *s_aria_label;
static PyObject *s_href, *s_link;

static int ascii_lower(int c) { return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c; }

/* Derived from the two tables above at import: which bytes start a hint (either case), and
 * which lengths a scanned tag has (bit n: some tag is n long); most characters and most tags
 * are then ruled out by one look-up. */
static unsigned char starts_hint[256];
static uint32_t scanned_lengths;

static void derive_quick_tests(void) {
    for (size_t h = 0; h < HINT_COUNT; h++) {
        unsigned char first = (unsigned char)HINTS[h][0];
        starts_hint[first] = 1;
        starts_hint[first - 'a' + 'A'] = 1;
    }
    for (size_t t = 0; t < SCANNED_TAG_COUNT; t++) {
        scanned_lengths |= (uint32_t)1 << strlen(SCANNED_TAGS[t]);
    }
}

/* Whether ``text`` holds one of HINTS once its ASCII letters are lower-cased. The UTF-8 bytes of
 * other characters are >= 0x80 and match no hint, as their lower case does not either (see
 * metadata_candidates' docstring for the two characters whose lower case holds ASCII). */
static int holds_hint(const char *text, Py_ssize_t length) {
    for (Py_ssize_t i = 0; i < length; i++) {
        if (!starts_hint[(unsigned char)text[i]]) {
            continue;
        }
        int first = ascii_lower((unsigned char)text[i]);
        for (size_t h = 0; h < HINT_COUNT; h++) {
            const char *hint = HINTS[h];
            if (hint[0] != first) {
                continue;
            }
            Py_ssize_t j = 1;
            while (hint[j] && i + j < length && ascii_lower((unsigned char)text[i + j]) == hint[j]) {
                j++;
            }
            if (!hint[j]) {
                return 1;
            }
        }
    }
    return 0;
}

/* 1 if attrs[key] is a str holding a hint, 0 if not (or absent), -1 on error. */
static int attribute_holds_hint(PyObject *attrs, PyObject *key) {
    PyObject *value = PyDict_GetItemWithError(attrs, key); /* borrowed */
    if (value == NULL) {
        return PyErr_Occurred() ? -1 : 0;
    }
    if (!PyUnicode_Check(value)) {
        return 0;
    }
    Py_ssize_t length;
    const char *text = PyUnicode_AsUTF8AndSize(value, &length);
    if (text == NULL) { /* a lone surrogate cannot be UTF-8: it is no hint either */
        PyErr_Clear();
        return 0;
    }
    return holds_hint(text, length);
}

static int is_scanned_tag(PyObject *tag) {
    if (!PyUnicode_Check(tag)) {
        return 0;
    }
    Py_ssize_t length = PyUnicode_GetLength(tag);
    if (length < 0 || length > 31 || !(scanned_lengths >> length & 1)) {
        PyErr_Clear();
        return 0;
    }
    for (size_t t = 0; t < SCANNED_TAG_COUNT; t++) {
        if (PyUnicode_CompareWithASCIIString(tag, SCANNED_TAGS[t]) == 0) {
            return 1;
        }
    }
    return 0;
}

/* 1 if the body scan may take something from ``node``, 0 if not, -1 on error. */
static int is_candidate(PyObject *node) {
    PyObject *tag = PyObject_GetAttr(node, s_tag);
    if (tag == NULL) {
        return -1;
    }
    int scanned = is_scanned_tag(tag);
    Py_DECREF(tag);
    if (scanned) {
        return 1;
    }
    PyObject *attrs = PyObject_GetAttr(node, s_attrs);
    if (attrs == NULL) {
        return -1;
    }
    int found = 0;
    if (!PyDict_Check(attrs) || PyDict_Size(attrs) == 0) {
        goto done;
    }
    PyObject *const present[] = {s_itemprop, s_rel, s_datetime};
    for (size_t k = 0; k < 3 && !found; k++) {
        found = PyDict_Contains(attrs, present[k]);
    }
    PyObject *const hinted[] = {s_class, s_id, s_aria_label};
    for (size_t k = 0; k < 3 && !found; k++) {
        found = attribute_holds_hint(attrs, hinted[k]);
    }
done:
    Py_DECREF(attrs);
    return found;
}

/* Whether ``text`` holds a digit from 1 to 9 (pagination._PAGE_DIGIT); -1 on error. */
static int holds_page_digit(PyObject *text) {
    Py_ssize_t length;
    const char *bytes = PyUnicode_AsUTF8AndSize(text, &length);
    if (bytes != NULL) { /* ASCII digits are single UTF-8 bytes, never inside another character */
        for (Py_ssize_t i = 0; i < length; i++) {
            if (bytes[i] >= '1' && bytes[i] <= '9') {
                return 1;
            }
        }
        return 0;
    }
    PyErr_Clear(); /* a lone surrogate: read the code points */
    length = PyUnicode_GetLength(text);
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 c = PyUnicode_ReadChar(text, i);
        if (c == (Py_UCS4)-1 && PyErr_Occurred()) {
            return -1;
        }
        if (c >= '1' && c <= '9') {
            return 1;
        }
    }
    return 0;
}

/* 1 if find_next_page looks further at ``node``, 0 if not, -1 on error. */
static int is_next_page_candidate(PyObject *node) {
    PyObject *attrs = PyObject_GetAttr(node, s_attrs);
    if (attrs == NULL) {
        return -1;
    }
    int keep = 0;
    PyObject *href = PyDict_Check(attrs) ? PyDict_GetItemWithError(attrs, s_href) : NULL; /* borrowed */
    if (href == NULL || !PyUnicode_Check(href) || PyUnicode_GetLength(href) == 0) {
        keep = PyErr_Occurred() ? -1 : 0;
        goto done;
    }
    keep = PyDict_Contains(attrs, s_rel);
    if (keep != 0) {
        goto done;
    }
    PyObject *tag = PyObject_GetAttr(node, s_tag);
    if (tag == NULL) {
        keep = -1;
        goto done;
    }
    int is_link = PyUnicode_Check(tag) && PyUnicode_Compare(tag, s_link) == 0;
    Py_DECREF(tag);
    keep = is_link ? 0 : holds_page_digit(href);
done:
    Py_DECREF(attrs);
    return keep;
}

/* The elements of the list ``elements`` for which ``test`` gives 1, in order. */
static PyObject *filtered(PyObject *elements, int (*test)(PyObject *), const char *name) {
    if (!PyList_Check(elements)) {
        PyErr_Format(PyExc_TypeError, "%s expects a list of elements", name);
        return NULL;
    }
    PyObject *kept = PyList_New(0);
    if (kept == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PyList_Size(elements); i++) {
        PyObject *node = PyList_GetItem(elements, i); /* borrowed */
        if (node == NULL) {
            goto fail;
        }
        Py_INCREF(node);
        int keep = test(node);
        if (keep > 0 && PyList_Append(kept, node) < 0) {
            keep = -1;
        }
        Py_DECREF(node);
        if (keep < 0) {
            goto fail;
        }
    }
    return kept;
fail:
    Py_DECREF(kept);
    return NULL;
}

static PyObject *fastpass_metadata_candidates(PyObject *self, PyObject *elements) {
    (void)self;
    return filtered(elements, is_candidate, "metadata_candidates");
}

static PyObject *fastpass_next_page_candidates(PyObject *self, PyObject *elements) {
    (void)self;
    return filtered(elements, is_next_page_candidate, "next_page_candidates");
}

static PyMethodDef fastpass_methods[] = {
    {"next_page_candidates", fastpass_next_page_candidates, METH_O,
     "engine.pagination.next_page_candidates, in C."},
    {"collapse_whitespace", textwalk_collapse_whitespace, METH_O,
     "engine.markdown.collapse_whitespace, in C."},
    {"render_text", textwalk_render_text, METH_O, "engine.plaintext.render_text_python, in C."},
    {"configure_text", textwalk_configure_text, METH_VARARGS,
     "Take plaintext.py's tag sets and helpers (once, at its import)."},
    {"metadata_candidates", fastpass_metadata_candidates, METH_O,
     "engine.metadata.metadata_candidates, in C."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef fastpass_module = {
    PyModuleDef_HEAD_INIT, "_fastpass", "C inner loops of the engine's passes (guest only).", -1,
    fastpass_methods,      NULL,        NULL,
    NULL,                  NULL,
};

PyMODINIT_FUNC PyInit__fastpass(void) {
    const InternedName names[] = {
        {&s_tag, "tag"}, {&s_attrs, "attrs"}, {&s_itemprop, "itemprop"}, {&s_rel, "rel"},
        {&s_datetime, "datetime"}, {&s_class, "class"}, {&s_id, "id"}, {&s_aria_label, "aria-label"},
        {&s_href, "href"}, {&s_link, "link"},
    };
    if (intern_names(names, sizeof(names) / sizeof(names[0])) || textwalk_init()) {
        return NULL;
    }
    derive_quick_tests();
    return PyModule_Create(&fastpass_module);
}
