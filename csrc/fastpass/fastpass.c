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
 *   metadata_candidates(elements)  engine.metadata.metadata_candidates, after
 *   configure_metadata(...)        metadata.py hands it the Element class, tags and hint words
 *   scan_body(elements, sources)   engine.metadata._scan_body_python, after both configure_metadata
 *   configure_scan(...)            and this (metadata.py hands it its steps, searches and cap)
 *   next_page_candidates(elements, prefix, stem, number)
 *                                  engine.pagination.next_page_candidates, after
 *   configure_next_page(...)       pagination.py hands it its rel word, prefixes and ends
 *   collapse_whitespace(text)      engine.markdown.collapse_whitespace (textwalk.c)
 *   render_text(root)              engine.plaintext.render_text_python (textwalk.c), after
 *   configure_text(...)            plaintext.py hands it its tag sets and helpers
 *   collect_links(anchors, base, origin)
 *                                  engine.links._links_python (links.c), after
 *   configure_links(...)           links.py hands it the Element and Link classes and its helpers
 *   pack_rows(records, names)      json.dumps of the records' rows, as engine.packed.pack_python
 *                                  writes them (packrows.c); None for a value it does not write
 */
#include "fastpass.h"

#include "../slots_probe.h"

#include <string.h>

/* Handed over by metadata.py at import (configure_metadata): the Element class (its tag and
 * attrs slots are then read in place), metadata.SCANNED_TAGS, and metadata.HINT_WORDS. */
#define MAX_HINTS 32
#define MAX_WORD_CHARS 32
static PyObject *element_type, *scanned_tags;
static Py_ssize_t tag_offset, attrs_offset; /* 0: not found, read by attribute */
static char hints[MAX_HINTS][MAX_WORD_CHARS + 1];
/* metadata.JSONLD_TYPE, REL_AUTHOR, REL_TAG */
static char jsonld_type[MAX_WORD_CHARS + 1], rel_author[MAX_WORD_CHARS + 1], rel_tag[MAX_WORD_CHARS + 1];
static size_t hint_count;
/* Which hints each byte may start (bit h: hints[h], either case): most characters are ruled out
 * by one look-up, and the others try only the hints with their first letter. */
static uint32_t starts_hint[256];

/* Interned attribute and key names, made once at import. */
static PyObject *s_tag, *s_attrs, *s_itemprop, *s_rel, *s_datetime, *s_class, *s_id, *s_aria_label;
static PyObject *s_href, *s_link, *s_script, *s_type, *s_next_rel;

/* Handed over by pagination.py at import (configure_next_page): its NEXT_REL, ABSOLUTE_PREFIXES,
 * DOT_SEGMENT and AUTHORITY_ENDS (kept as the characters that may follow "//"; the href's end, "", is
 * checked apart). */
#define MAX_PREFIXES 4
static char next_rel[MAX_WORD_CHARS + 1];
static char absolute_prefixes[MAX_PREFIXES][MAX_WORD_CHARS + 1];
static size_t absolute_prefix_count;
static char authority_ends[MAX_WORD_CHARS + 1];
static char dot_segment[MAX_WORD_CHARS + 1];

static int ascii_upper(int c) { return (c >= 'a' && c <= 'z') ? c - ('a' - 'A') : c; }

/* Whether ``word`` (ASCII lower case) starts at ``text[i]`` once ASCII letters are lower-cased. */
static int folded_at(const char *text, Py_ssize_t length, Py_ssize_t i, const char *word) {
    Py_ssize_t j = 0;
    while (word[j] && i + j < length && ascii_lower((unsigned char)text[i + j]) == word[j]) {
        j++;
    }
    return !word[j];
}

/* Whether ``text`` holds ``word`` once its ASCII letters are lower-cased. The UTF-8 bytes of
 * other characters are >= 0x80 and match no ASCII, as their lower case does not either (see
 * metadata_candidates' docstring for the two characters whose lower case holds ASCII). */
static int holds_folded(const char *text, Py_ssize_t length, const char *word) {
    for (Py_ssize_t i = 0; i < length; i++) {
        if (folded_at(text, length, i, word)) {
            return 1;
        }
    }
    return 0;
}

/* Whether ``text`` holds one of the hint words, ASCII letters lower-cased (as holds_folded). */
static int holds_hint(const char *text, Py_ssize_t length) {
    for (Py_ssize_t i = 0; i < length; i++) {
        for (uint32_t tried = starts_hint[(unsigned char)text[i]]; tried; tried &= tried - 1) {
            if (folded_at(text, length, i, hints[__builtin_ctz(tried)])) {
                return 1;
            }
        }
    }
    return 0;
}

/* The UTF-8 of ``value`` when it is a str (borrowed; NULL with no error when not a str or not
 * UTF-8). */
static const char *value_utf8(PyObject *value, Py_ssize_t *length) {
    if (!PyUnicode_Check(value)) {
        return NULL;
    }
    const char *text = PyUnicode_AsUTF8AndSize(value, length);
    if (text == NULL) {
        PyErr_Clear();
    }
    return text;
}

/* The UTF-8 of attrs[key] when it is a str (borrowed; NULL with no error when absent, not a str
 * or not UTF-8: a lone surrogate holds no ASCII word either); NULL with an error on failure. */
static const char *attribute_utf8(PyObject *attrs, PyObject *key, Py_ssize_t *length) {
    PyObject *value = PyDict_GetItemWithError(attrs, key); /* borrowed */
    return value == NULL ? NULL : value_utf8(value, length);
}

/* Whether the attribute value ``value`` is a str holding a hint: 1 or 0. */
static int attribute_holds_hint(PyObject *value) {
    Py_ssize_t length;
    const char *text = value_utf8(value, &length);
    return text != NULL && holds_hint(text, length);
}

/* Whether the body scan reads the rel value ``value`` (see metadata_candidates): it holds
 * REL_AUTHOR as written, or REL_TAG in any case. 1 or 0. */
static int reads_rel(PyObject *value) {
    Py_ssize_t length;
    const char *text = value_utf8(value, &length);
    if (text == NULL) {
        return 0;
    }
    size_t author_length = strlen(rel_author);
    for (Py_ssize_t i = 0; i + (Py_ssize_t)author_length <= length; i++) {
        if (memcmp(text + i, rel_author, author_length) == 0) {
            return 1;
        }
    }
    return holds_folded(text, length, rel_tag);
}

/* The attributes metadata_candidates reads, as read_attribute numbers them. */
enum { A_ITEMPROP, A_DATETIME, A_REL, A_CLASS, A_ID, A_ARIA_LABEL, READ_ATTRIBUTES };
static PyObject **const read_names[READ_ATTRIBUTES] = {&s_itemprop, &s_datetime, &s_rel,
                                                       &s_class,    &s_id,       &s_aria_label};
static Py_hash_t read_hashes[READ_ATTRIBUTES];

/* Which of read_names the attribute name ``key`` is (READ_ATTRIBUTES: none), as a dict look-up
 * finds it: the same object (the parser interns names), else an equal str of equal hash; -1
 * with an error on failure. */
static int read_attribute(PyObject *key) {
    for (int k = 0; k < READ_ATTRIBUTES; k++) {
        if (key == *read_names[k]) {
            return k;
        }
    }
    if (!PyUnicode_Check(key)) {
        return READ_ATTRIBUTES;
    }
    Py_hash_t hash = PyObject_Hash(key);
    if (hash == -1) {
        return -1;
    }
    for (int k = 0; k < READ_ATTRIBUTES; k++) {
        if (hash == read_hashes[k] && PyUnicode_Compare(key, *read_names[k]) == 0) {
            return k;
        }
    }
    return READ_ATTRIBUTES;
}

/* A slot of an element (new reference): read in place for an Element, else by attribute. */
static PyObject *element_slot(PyObject *node, Py_ssize_t offset, PyObject *name) {
    return slot_read(node, (PyObject *)Py_TYPE(node) == element_type ? offset : 0, name);
}

/* 1 if the body scan may take something from ``node`` (metadata.metadata_candidates), 0 if not,
 * -1 on error. */
static int is_candidate(PyObject *node, const void *context) {
    (void)context;
    PyObject *tag = element_slot(node, tag_offset, s_tag);
    if (tag == NULL) {
        return -1;
    }
    PyObject *attrs = element_slot(node, attrs_offset, s_attrs);
    if (attrs == NULL) {
        Py_DECREF(tag);
        return -1;
    }
    int found = 0;
    int scanned = scanned_tags == NULL ? 0 : PySet_Contains(scanned_tags, tag);
    if (scanned != 0) {
        found = scanned;
        if (scanned > 0 && is_tag(tag, s_script)) { /* only JSON-LD: the scan reads no other script */
            Py_ssize_t length;
            const char *type = PyDict_Check(attrs) ? attribute_utf8(attrs, s_type, &length) : NULL;
            found = type != NULL ? holds_folded(type, length, jsonld_type) : PyErr_Occurred() ? -1 : 0;
        }
        goto done;
    }
    if (!PyDict_Check(attrs) || PyDict_Size(attrs) == 0) {
        goto done;
    }
    /* One pass over the attributes (a handful) instead of a look-up per name: the value of each
     * name read, then the tests in metadata_candidates' order. */
    PyObject *read[READ_ATTRIBUTES] = {NULL};
    PyObject *key, *value;
    Py_ssize_t position = 0;
    while (PyDict_Next(attrs, &position, &key, &value)) {
        int which = read_attribute(key);
        if (which < 0) {
            found = -1;
            goto done;
        }
        if (which < READ_ATTRIBUTES) {
            read[which] = value; /* borrowed from attrs, which this holds */
        }
    }
    found = read[A_ITEMPROP] != NULL || read[A_DATETIME] != NULL;
    if (!found && read[A_REL] != NULL) {
        found = reads_rel(read[A_REL]);
    }
    const int hinted[] = {A_CLASS, A_ID, A_ARIA_LABEL};
    for (size_t k = 0; k < 3 && !found; k++) {
        found = read[hinted[k]] != NULL && attribute_holds_hint(read[hinted[k]]);
    }
done:
    Py_DECREF(tag);
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

/* What next_page_candidates hands each test: the UTF-8 of find_next_page's prefix and number. */
typedef struct {
    const char *prefix, *stem, *number;
    Py_ssize_t prefix_length, stem_length, number_length;
} NextPageWanted;

/* Whether ``word`` (ASCII) occurs in ``text[0:length]`` as written. */
static int holds_bytes(const char *text, Py_ssize_t length, const char *word, Py_ssize_t word_length) {
    for (Py_ssize_t i = 0; i + word_length <= length; i++) {
        if (memcmp(text + i, word, (size_t)word_length) == 0) {
            return 1;
        }
    }
    return 0;
}

/* pagination.NEXT_REL in rel.lower().split(): 1, 0 or -1. Most rels hold no "next" in any
 * ASCII case, which no lower() or split() can make (no other character lower-cases to ASCII
 * "n", "e", "x" or "t"): those are answered from the UTF-8; the others, and a rel without UTF-8
 * (a lone surrogate), by the Python expression itself, through the C API. */
static int rel_says_next(PyObject *rel) {
    Py_ssize_t length;
    const char *text = PyUnicode_AsUTF8AndSize(rel, &length);
    if (text == NULL) {
        PyErr_Clear();
    } else if (!holds_folded(text, length, next_rel)) {
        return 0;
    }
    PyObject *lowered = PyObject_CallMethod(rel, "lower", NULL);
    PyObject *tokens = lowered == NULL ? NULL : PyUnicode_Split(lowered, NULL, -1);
    int found = tokens == NULL ? -1 : PySequence_Contains(tokens, s_next_rel);
    Py_XDECREF(lowered);
    Py_XDECREF(tokens);
    return found;
}

/* Whether ``text[at:]`` starts with ``word[0:word_length]`` as written. */
static int starts_at(const char *text, Py_ssize_t length, Py_ssize_t at, const char *word, Py_ssize_t word_length) {
    return at + word_length <= length && memcmp(text + at, word, (size_t)word_length) == 0;
}

/* pagination.may_name_page(href, prefix, stem, number) on the UTF-8 of ``href``: 1 or 0. Plain
 * means printable ASCII but the space, and no "%" (any byte of another character is >= 0x80). */
static int may_name_page(const char *href, Py_ssize_t length, const NextPageWanted *wanted) {
    for (Py_ssize_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)href[i];
        if (c <= ' ' || c >= 0x7f || c == '%') {
            return 1;
        }
    }
    Py_ssize_t host_at = 0;
    for (size_t k = 0; k < absolute_prefix_count && !host_at; k++) {
        if (folded_at(href, length, 0, absolute_prefixes[k])) {
            host_at = (Py_ssize_t)strlen(absolute_prefixes[k]);
        }
    }
    int named = holds_bytes(href, length, wanted->number, wanted->number_length);
    if (host_at) {
        if (host_at == length || memchr(authority_ends, href[host_at], strlen(authority_ends)) != NULL) {
            return 1; /* "http:///x": the base's host */
        }
        Py_ssize_t path_at = wanted->prefix_length;
        if (length < path_at) {
            return 0;
        }
        for (Py_ssize_t i = 0; i < path_at; i++) {
            if (ascii_lower((unsigned char)href[i]) != (unsigned char)wanted->prefix[i]) {
                return 0;
            }
        }
        return starts_at(href, length, path_at, wanted->stem, wanted->stem_length) && named;
    }
    if (href[0] == '/' && (length == 1 || href[1] != '/')) {
        int dotted = holds_bytes(href, length, dot_segment, (Py_ssize_t)strlen(dot_segment));
        return (dotted || starts_at(href, length, 0, wanted->stem, wanted->stem_length)) && named;
    }
    return 1;
}

/* 1 if find_next_page looks further at ``node`` (pagination.next_page_candidates), 0 if not,
 * -1 on error. */
static int is_next_page_candidate(PyObject *node, const void *context) {
    const NextPageWanted *wanted = context;
    PyObject *attrs = element_slot(node, attrs_offset, s_attrs);
    if (attrs == NULL) {
        return -1;
    }
    int keep = 0;
    PyObject *href = PyDict_Check(attrs) ? PyDict_GetItemWithError(attrs, s_href) : NULL; /* borrowed */
    if (href == NULL || !PyUnicode_Check(href) || PyUnicode_GetLength(href) == 0) {
        keep = PyErr_Occurred() ? -1 : 0;
        goto done;
    }
    PyObject *rel = PyDict_GetItemWithError(attrs, s_rel); /* borrowed */
    if (rel != NULL) {
        keep = rel_says_next(rel);
    } else if (PyErr_Occurred()) {
        keep = -1;
    }
    if (keep != 0) {
        goto done;
    }
    PyObject *tag = element_slot(node, tag_offset, s_tag);
    if (tag == NULL) {
        keep = -1;
        goto done;
    }
    int is_link = PyUnicode_Check(tag) && PyUnicode_Compare(tag, s_link) == 0;
    Py_DECREF(tag);
    keep = is_link ? 0 : holds_page_digit(href);
    if (keep > 0) {
        Py_ssize_t length;
        const char *text = PyUnicode_AsUTF8AndSize(href, &length);
        if (text == NULL) { /* a lone surrogate: not plain, so it may */
            PyErr_Clear();
        } else {
            keep = may_name_page(text, length, wanted);
        }
    }
done:
    Py_DECREF(attrs);
    return keep;
}

/* The elements of the list ``elements`` for which ``test`` gives 1, in order. */
static PyObject *filtered(PyObject *elements, int (*test)(PyObject *, const void *), const void *context,
                          const char *name) {
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
        int keep = test(node, context);
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

/* The offsets of the tag and attrs slots of ``type`` (slots_probe.h) into ``at``: 0 (both 0 when
 * not found: the slots are then read by attribute), -1 with an exception set on failure. */
static int find_slot_offsets(PyObject *type, Py_ssize_t at[2]) {
    allocfunc alloc = (allocfunc)PyType_GetSlot((PyTypeObject *)type, Py_tp_alloc);
    if (alloc == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_TypeError, "configure_metadata: the element type has no allocator");
        }
        return -1;
    }
    PyObject *names[2] = {s_tag, s_attrs};
    return slots_probe(type, alloc, names, 2, at);
}

/* Copy ``word`` (a str of ASCII lower case, 1 to MAX_WORD_CHARS long) into ``into``; -1 with
 * ValueError otherwise. */
static int take_word(PyObject *word, char *into) {
    Py_ssize_t length = 0;
    const char *text = word != NULL && PyUnicode_Check(word) ? PyUnicode_AsUTF8AndSize(word, &length) : NULL;
    int valid = text != NULL && length > 0 && length <= MAX_WORD_CHARS;
    for (Py_ssize_t i = 0; valid && i < length; i++) {
        valid = (unsigned char)text[i] < 0x80 && ascii_lower((unsigned char)text[i]) == text[i];
    }
    if (!valid) {
        PyErr_Clear();
        PyErr_SetString(PyExc_ValueError, "words are ASCII lower case, 1 to 32 characters");
        return -1;
    }
    memcpy(into, text, (size_t)length + 1);
    return 0;
}

/* configure_metadata(Element, SCANNED_TAGS, HINT_WORDS, (JSONLD_TYPE, REL_AUTHOR, REL_TAG)):
 * metadata.py's tables, once at its import. */
static PyObject *fastpass_configure_metadata(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *type, *tags, *words, *others;
    if (!PyArg_ParseTuple(args, "OOOO", &type, &tags, &words, &others)) {
        return NULL;
    }
    if (!PyType_Check(type) || !PyFrozenSet_Check(tags) || !PyTuple_Check(words) || PyTuple_Size(words) > MAX_HINTS ||
        !PyTuple_Check(others) || PyTuple_Size(others) != 3) {
        PyErr_SetString(PyExc_TypeError, "configure_metadata(type, frozenset, at most 32 words, 3 words)");
        return NULL;
    }
    Py_ssize_t count = PyTuple_Size(words);
    char taken[MAX_HINTS][MAX_WORD_CHARS + 1], jsonld[MAX_WORD_CHARS + 1], author[MAX_WORD_CHARS + 1],
        tag_word[MAX_WORD_CHARS + 1];
    for (Py_ssize_t h = 0; h < count; h++) {
        if (take_word(PyTuple_GetItem(words, h), taken[h])) {
            return NULL;
        }
    }
    if (take_word(PyTuple_GetItem(others, 0), jsonld) || take_word(PyTuple_GetItem(others, 1), author) ||
        take_word(PyTuple_GetItem(others, 2), tag_word)) {
        return NULL;
    }
    Py_ssize_t at[2];
    if (find_slot_offsets(type, at) < 0) {
        return NULL;
    }
    memset(starts_hint, 0, sizeof starts_hint);
    for (Py_ssize_t h = 0; h < count; h++) {
        memcpy(hints[h], taken[h], sizeof taken[h]);
        starts_hint[(unsigned char)hints[h][0]] |= (uint32_t)1 << h;
        starts_hint[(unsigned char)ascii_upper(hints[h][0])] |= (uint32_t)1 << h;
    }
    hint_count = (size_t)count;
    memcpy(jsonld_type, jsonld, sizeof jsonld);
    memcpy(rel_author, author, sizeof author);
    memcpy(rel_tag, tag_word, sizeof tag_word);
    tag_offset = at[0];
    attrs_offset = at[1];
    PyObject *old_type = element_type, *old_tags = scanned_tags;
    Py_INCREF(type);
    element_type = type;
    Py_INCREF(tags);
    scanned_tags = tags;
    Py_XDECREF(old_type);
    Py_XDECREF(old_tags);
    Py_RETURN_NONE;
}

static PyObject *fastpass_metadata_candidates(PyObject *self, PyObject *elements) {
    (void)self;
    if (scanned_tags == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "metadata_candidates before configure_metadata");
        return NULL;
    }
    return filtered(elements, is_candidate, NULL, "metadata_candidates");
}

/* configure_next_page(NEXT_REL, ABSOLUTE_PREFIXES, AUTHORITY_ENDS, DOT_SEGMENT): pagination.py's
 * words, once at its import. The prefixes are ASCII lower case; the ends "" and single
 * characters; the dot segment ASCII. */
static PyObject *fastpass_configure_next_page(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *rel, *prefixes, *ends, *dot;
    if (!PyArg_ParseTuple(args, "UO!O!U", &rel, &PyTuple_Type, &prefixes, &PyTuple_Type, &ends, &dot) ||
        PyTuple_Size(prefixes) > MAX_PREFIXES || PyTuple_Size(ends) > MAX_WORD_CHARS) {
        PyErr_Clear();
        PyErr_SetString(PyExc_TypeError, "configure_next_page(str, at most 4 prefixes, at most 32 ends, str)");
        return NULL;
    }
    char word[MAX_WORD_CHARS + 1], taken[MAX_PREFIXES][MAX_WORD_CHARS + 1], end_chars[MAX_WORD_CHARS + 1],
        dot_word[MAX_WORD_CHARS + 1];
    if (take_word(rel, word) || take_word(dot, dot_word)) {
        return NULL;
    }
    for (Py_ssize_t k = 0; k < PyTuple_Size(prefixes); k++) {
        if (take_word(PyTuple_GetItem(prefixes, k), taken[k])) {
            return NULL;
        }
    }
    size_t end_count = 0;
    for (Py_ssize_t k = 0; k < PyTuple_Size(ends); k++) {
        PyObject *end = PyTuple_GetItem(ends, k);
        Py_ssize_t length = PyUnicode_Check(end) ? PyUnicode_GetLength(end) : -1;
        if (length == 1 && PyUnicode_ReadChar(end, 0) < 0x80) {
            end_chars[end_count++] = (char)PyUnicode_ReadChar(end, 0);
        } else if (length != 0) {
            PyErr_SetString(PyExc_ValueError, "authority ends are \"\" or one ASCII character");
            return NULL;
        }
    }
    end_chars[end_count] = 0;
    memcpy(next_rel, word, sizeof word);
    memcpy(absolute_prefixes, taken, sizeof taken);
    absolute_prefix_count = (size_t)PyTuple_Size(prefixes);
    memcpy(authority_ends, end_chars, sizeof end_chars);
    memcpy(dot_segment, dot_word, sizeof dot_word);
    PyObject *old = s_next_rel;
    s_next_rel = rel;
    Py_INCREF(rel);
    Py_XDECREF(old);
    Py_RETURN_NONE;
}

static PyObject *fastpass_next_page_candidates(PyObject *self, PyObject *args) {
    (void)self;
    if (s_next_rel == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "next_page_candidates before configure_next_page");
        return NULL;
    }
    PyObject *elements, *prefix, *stem, *number;
    if (!PyArg_ParseTuple(args, "OUUU", &elements, &prefix, &stem, &number)) {
        return NULL;
    }
    NextPageWanted wanted;
    wanted.prefix = PyUnicode_AsUTF8AndSize(prefix, &wanted.prefix_length);
    wanted.stem = wanted.prefix == NULL ? NULL : PyUnicode_AsUTF8AndSize(stem, &wanted.stem_length);
    wanted.number = wanted.stem == NULL ? NULL : PyUnicode_AsUTF8AndSize(number, &wanted.number_length);
    if (wanted.number == NULL) {
        return NULL;
    }
    return filtered(elements, is_next_page_candidate, &wanted, "next_page_candidates");
}

/* -- scan_body: metadata._scan_body_python's loop over the candidates, in C --------------------
 *
 * Why: ~24k candidates on the shared corpora, each costing the Python loop a dozen attribute
 * reads, a joined and lower-cased hint string and a call; here the same steps run without
 * bytecode. The rules stay metadata.py's: it hands over (configure_scan) _take_head_element,
 * _HEAD_LIKE, the search methods of BYLINE_HINT and DATE_HINT, MAX_CANDIDATES and
 * BREADCRUMB_HINT, which this calls (ANY_HINT is asked as the prefilter asks it: hint_text);
 * only the loop's own steps are copied (see _scan_body_python, in the same order). */
static PyObject *scan_take_head, *scan_head_like, *scan_byline_hint, *scan_date_hint;
static PyObject *scan_breadcrumb_word, *s_rel_author, *s_rel_tag;
static Py_ssize_t scan_max;
static PyObject *s_meta, *s_h1, *s_h2, *s_time, *s_a, *s_lower, *s_split, *s_space, *s_empty;
static PyObject *s_headings, *s_h1s, *s_itemprops, *s_times, *s_bylines, *s_tag_links, *s_dated, *s_breadcrumb;

/* The lists and dict of a metadata._Sources that the scan fills (new references). */
typedef struct {
    PyObject *sources, *headings, *h1s, *itemprops, *times, *bylines, *tag_links, *dated;
} ScanInto;

/* Append ``node`` to ``list`` unless it holds scan_max already (as each ``len(...) <
 * MAX_CANDIDATES`` test); 1 appended, 0 full, -1 on error. */
static int append_capped(PyObject *list, PyObject *node) {
    if (PyList_Size(list) >= scan_max) {
        return 0;
    }
    return PyList_Append(list, node) < 0 ? -1 : 1;
}

/* ``value.lower()`` (new reference). */
static PyObject *lowered(PyObject *value) { return PyObject_CallMethodObjArgs(value, s_lower, NULL); }

/* ``value.lower().split()`` (new reference). */
static PyObject *lowered_words(PyObject *value) {
    PyObject *lower = lowered(value);
    PyObject *words = lower == NULL ? NULL : PyObject_CallMethodObjArgs(lower, s_split, NULL);
    Py_XDECREF(lower);
    return words;
}

/* Whether ``search(text)`` finds something: 1 or 0, -1 on error. */
static int searched(PyObject *search, PyObject *text) {
    PyObject *match = PyObject_CallFunctionObjArgs(search, text, NULL);
    if (match == NULL) {
        return -1;
    }
    int found = match != Py_None;
    Py_DECREF(match);
    return found;
}

/* attrs.get(name, "") (borrowed). */
static PyObject *attribute_or_empty(PyObject *attrs, PyObject *name) {
    PyObject *value = PyDict_GetItemWithError(attrs, name);
    return value != NULL || PyErr_Occurred() ? value : s_empty;
}

/* metadata._classify_hinted; 0, or -1 on error. */
static int classify_hinted(PyObject *node, PyObject *hints, ScanInto *into) {
    int found = PyList_Size(into->bylines) < scan_max ? searched(scan_byline_hint, hints) : 0;
    if (found > 0) {
        found = PyList_Append(into->bylines, node);
    } else if (found == 0 && PyList_Size(into->dated) < scan_max) {
        found = searched(scan_date_hint, hints);
        found = found > 0 ? PyList_Append(into->dated, node) : found;
    }
    if (found < 0) {
        return -1;
    }
    PyObject *breadcrumb = PyObject_GetAttr(into->sources, s_breadcrumb);
    if (breadcrumb == NULL) {
        return -1;
    }
    int unset = breadcrumb == Py_None;
    Py_DECREF(breadcrumb);
    if (unset) {
        int holds = PySequence_Contains(hints, scan_breadcrumb_word);
        if (holds < 0 || (holds && PyObject_SetAttr(into->sources, s_breadcrumb, node) < 0)) {
            return -1;
        }
    }
    return 0;
}

/* The class, id and aria-label of ``attrs`` joined by spaces and lower-cased when one of them
 * holds a hint (new reference); Py_None (borrowed) when none does: ``len(hints) > 2 and
 * ANY_HINT.search(hints)`` is false then. A hint cannot span the joining spaces, so this asks
 * each part as metadata_candidates' C copy does (holds_hint: the same answers, see its
 * docstring) instead of searching the joined string; NULL on error. */
static PyObject *hint_text(PyObject *attrs) {
    PyObject *parts = PyTuple_New(3);
    PyObject *names[] = {s_class, s_id, s_aria_label};
    int hinted = 0;
    for (int k = 0; parts != NULL && k < 3; k++) {
        PyObject *part = attribute_or_empty(attrs, names[k]);
        if (part == NULL) {
            Py_CLEAR(parts);
            break;
        }
        hinted = hinted || attribute_holds_hint(part);
        Py_INCREF(part);
        PyTuple_SetItem(parts, k, part);
    }
    if (parts == NULL || !hinted) {
        Py_XDECREF(parts);
        return parts == NULL ? NULL : Py_None;
    }
    PyObject *joined = PyUnicode_Join(s_space, parts);
    Py_DECREF(parts);
    PyObject *lower = joined == NULL ? NULL : lowered(joined);
    Py_XDECREF(joined);
    return lower;
}

/* One candidate of _scan_body_python's loop: 0, or -1 on error. */
static int scan_one(PyObject *node, PyObject *tag, PyObject *attrs, ScanInto *into) {
    if (!PyDict_Check(attrs)) {
        PyErr_SetString(PyExc_TypeError, "scan_body: an element's attrs is not a dict");
        return -1;
    }
    int head = PySet_Contains(scan_head_like, tag);
    if (head < 0) {
        return -1;
    }
    if (head) {
        PyObject *done = PyObject_CallFunctionObjArgs(scan_take_head, node, into->sources, NULL);
        if (done == NULL) {
            return -1;
        }
        Py_DECREF(done);
        int itemprop = is_tag(tag, s_meta) ? PyDict_Contains(attrs, s_itemprop) : 0;
        if (itemprop <= 0) {
            return itemprop;
        }
    }
    int h1 = is_tag(tag, s_h1);
    if ((h1 || is_tag(tag, s_h2)) && PyList_Size(into->headings) < scan_max) {
        if (PyList_Append(into->headings, node) < 0 || (h1 && PyList_Append(into->h1s, node) < 0)) {
            return -1;
        }
    }
    if (PyDict_Size(attrs) == 0) {
        return 0;
    }
    PyObject *itemprop = PyDict_GetItemWithError(attrs, s_itemprop); /* borrowed */
    if (itemprop == NULL && PyErr_Occurred()) {
        return -1;
    }
    int truthy = itemprop == NULL ? 0 : PyObject_IsTrue(itemprop);
    if (truthy < 0) {
        return -1;
    }
    if (truthy) {
        PyObject *props = lowered_words(itemprop);
        if (props == NULL) {
            return -1;
        }
        for (Py_ssize_t i = 0; i < PyList_Size(props); i++) {
            PyObject *prop = PyList_GetItem(props, i);
            int known = PyDict_Contains(into->itemprops, prop);
            if (known < 0 || (!known && PyDict_SetItem(into->itemprops, prop, node) < 0)) {
                Py_DECREF(props);
                return -1;
            }
        }
        Py_DECREF(props);
    }
    if (is_tag(tag, s_time)) {
        int dated = PyDict_Contains(attrs, s_datetime);
        if (dated < 0 || (dated && append_capped(into->times, node) < 0)) {
            return -1;
        }
    }
    PyObject *rel = attribute_or_empty(attrs, s_rel); /* borrowed */
    if (rel == NULL) {
        return -1;
    }
    int author = PySequence_Contains(rel, s_rel_author);
    if (author == 0 && truthy) {
        author = PySequence_Contains(itemprop, s_rel_author);
    }
    if (author != 0) {
        return author < 0 || append_capped(into->bylines, node) < 0 ? -1 : 0;
    }
    if (is_tag(tag, s_a) && PyList_Size(into->tag_links) < scan_max) {
        PyObject *words = lowered_words(rel);
        int tagged = words == NULL ? -1 : PySequence_Contains(words, s_rel_tag);
        Py_XDECREF(words);
        if (tagged < 0 || (tagged && PyList_Append(into->tag_links, node) < 0)) {
            return -1;
        }
    }
    PyObject *hints = hint_text(attrs);
    if (hints == NULL || hints == Py_None) {
        return hints == NULL ? -1 : 0;
    }
    int result = classify_hinted(node, hints, into);
    Py_DECREF(hints);
    return result;
}

/* scan_body(elements, sources): metadata._scan_body_python(elements, sources), in C. */
static PyObject *fastpass_scan_body(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *elements;
    ScanInto into = {NULL};
    if (!PyArg_ParseTuple(args, "OO", &elements, &into.sources)) {
        return NULL;
    }
    if (scan_take_head == NULL || scanned_tags == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "scan_body before configure_metadata and configure_scan");
        return NULL;
    }
    PyObject *candidates = filtered(elements, is_candidate, NULL, "scan_body");
    if (candidates == NULL) {
        return NULL;
    }
    PyObject **fields[] = {&into.headings, &into.h1s, &into.itemprops, &into.times,
                           &into.bylines,  &into.tag_links, &into.dated};
    PyObject *names[] = {s_headings, s_h1s, s_itemprops, s_times, s_bylines, s_tag_links, s_dated};
    int failed = 0;
    for (size_t k = 0; k < sizeof names / sizeof names[0] && !failed; k++) {
        *fields[k] = PyObject_GetAttr(into.sources, names[k]);
        failed = *fields[k] == NULL || (k == 2 ? !PyDict_Check(*fields[k]) : !PyList_Check(*fields[k]));
    }
    if (failed && !PyErr_Occurred()) {
        PyErr_SetString(PyExc_TypeError, "scan_body: sources holds lists and an itemprops dict");
    }
    for (Py_ssize_t i = 0; !failed && i < PyList_Size(candidates); i++) {
        PyObject *node = PyList_GetItem(candidates, i); /* borrowed: candidates holds it */
        PyObject *tag = element_slot(node, tag_offset, s_tag);
        PyObject *attrs = tag == NULL ? NULL : element_slot(node, attrs_offset, s_attrs);
        failed = attrs == NULL || scan_one(node, tag, attrs, &into) < 0;
        Py_XDECREF(tag);
        Py_XDECREF(attrs);
    }
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        Py_XDECREF(*fields[k]);
    }
    Py_DECREF(candidates);
    if (failed) {
        return NULL;
    }
    Py_RETURN_NONE;
}

/* configure_scan(_take_head_element, _HEAD_LIKE, BYLINE_HINT.search, DATE_HINT.search,
 * MAX_CANDIDATES, BREADCRUMB_HINT): metadata.py's, once at its import. */
static PyObject *fastpass_configure_scan(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *take, *head_like, *byline_hint, *date_hint, *breadcrumb;
    Py_ssize_t most;
    if (!PyArg_ParseTuple(args, "OOOOnU", &take, &head_like, &byline_hint, &date_hint, &most, &breadcrumb)) {
        return NULL;
    }
    if (!PyFrozenSet_Check(head_like) || !PyCallable_Check(take) || !PyCallable_Check(byline_hint) ||
        !PyCallable_Check(date_hint) || most < 0) {
        PyErr_SetString(PyExc_TypeError, "configure_scan(callable, frozenset, 2 callables, int >= 0, str)");
        return NULL;
    }
    PyObject *rel_author_word = PyUnicode_FromString(rel_author), *rel_tag_word = PyUnicode_FromString(rel_tag);
    if (rel_author_word == NULL || rel_tag_word == NULL) {
        Py_XDECREF(rel_author_word);
        Py_XDECREF(rel_tag_word);
        return NULL;
    }
    PyObject **slots[] = {&scan_take_head, &scan_head_like, &scan_byline_hint, &scan_date_hint,
                          &scan_breadcrumb_word};
    PyObject *values[] = {take, head_like, byline_hint, date_hint, breadcrumb};
    keep_references(slots, values, sizeof values / sizeof values[0]);
    Py_XDECREF(s_rel_author);
    s_rel_author = rel_author_word;
    Py_XDECREF(s_rel_tag);
    s_rel_tag = rel_tag_word;
    scan_max = most;
    Py_RETURN_NONE;
}

static PyMethodDef fastpass_methods[] = {
    {"next_page_candidates", fastpass_next_page_candidates, METH_VARARGS,
     "engine.pagination.next_page_candidates, in C."},
    {"configure_next_page", fastpass_configure_next_page, METH_VARARGS,
     "Take pagination.py's next rel word, absolute URL prefixes, authority ends and dot segment (once, at import)."},
    {"collapse_whitespace", textwalk_collapse_whitespace, METH_O,
     "engine.markdown.collapse_whitespace, in C."},
    {"render_text", textwalk_render_text, METH_O, "engine.plaintext.render_text_python, in C."},
    {"table_lines", textwalk_table_lines, METH_VARARGS,
     "engine.plaintext._table_lines(rows), in C: table_lines(rows, cell_separator, soft_hyphen)."},
    {"configure_text", textwalk_configure_text, METH_VARARGS,
     "Take plaintext.py's tag sets and helpers (once, at its import)."},
    {"metadata_candidates", fastpass_metadata_candidates, METH_O,
     "engine.metadata.metadata_candidates, in C."},
    {"configure_metadata", fastpass_configure_metadata, METH_VARARGS,
     "Take metadata.py's Element class, scanned tags and hint words (once, at its import)."},
    {"scan_body", fastpass_scan_body, METH_VARARGS, "engine.metadata._scan_body_python, in C."},
    {"configure_scan", fastpass_configure_scan, METH_VARARGS,
     "Take metadata.py's head-element step, hint searches, cap and breadcrumb word (once, at its import)."},
    {"collect_links", links_collect, METH_VARARGS, "engine.links._links_python, in C (links.c)."},
    {"configure_links", links_configure, METH_VARARGS,
     "Take links.py's Element and Link classes and helpers (once, at its import)."},
    {"pack_rows", packrows_pack_rows, METH_VARARGS, "engine.packed's rows as json.dumps writes them (packrows.c)."},
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
        {&s_href, "href"}, {&s_link, "link"}, {&s_script, "script"}, {&s_type, "type"},
        {&s_meta, "meta"}, {&s_h1, "h1"}, {&s_h2, "h2"}, {&s_time, "time"}, {&s_a, "a"},
        {&s_lower, "lower"}, {&s_split, "split"}, {&s_space, " "}, {&s_empty, ""},
        {&s_headings, "headings"}, {&s_h1s, "h1s"}, {&s_itemprops, "itemprops"}, {&s_times, "times"},
        {&s_bylines, "bylines"}, {&s_tag_links, "tag_links"}, {&s_dated, "dated"}, {&s_breadcrumb, "breadcrumb"},
    };
    if (intern_names(names, sizeof(names) / sizeof(names[0])) || textwalk_init() || links_init()) {
        return NULL;
    }
    for (int k = 0; k < READ_ATTRIBUTES; k++) {
        if ((read_hashes[k] = PyObject_Hash(*read_names[k])) == -1) {
            return NULL;
        }
    }
    return PyModule_Create(&fastpass_module);
}
