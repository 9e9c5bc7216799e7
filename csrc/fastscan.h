/* What the C core's two halves share: the tokenizer's records (fastscan.c) and the tree builder
 * that reads them (treebuild.c). See fastscan.c for the record layout. */
#ifndef RIPTIDE_FASTSCAN_H
#define RIPTIDE_FASTSCAN_H

#define Py_LIMITED_API 0x030B0000
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>
#include <stdlib.h>

enum { TOKEN_TEXT = 0, TOKEN_START = 1, TOKEN_END = 2, TOKEN_RAW = 3 };

typedef struct {
    int32_t *data;
    size_t len;
    size_t cap;
} Output;

/* One document's records, the opaque object `scan` hands dom.py (inside a capsule): everything
 * `build` needs, so that the caller can read `start_tag_count` before paying for a tree. */
typedef struct {
    Py_UCS4 *text;      /* the document's code points (PyMem), indexed by the records */
    int32_t n;          /* its length */
    Output out;         /* the records */
    Py_ssize_t start_tags;
    PyObject *html;     /* the document (strong): records slice their strings from it */
    PyObject *unescape; /* html.unescape (strong), for text and attribute values with '&' */
} Records;

#define RECORDS_CAPSULE "riptide._fastscan.records"

/* Python's `\s` for str patterns and str.strip()/str.isspace() (Py_UNICODE_ISSPACE). */
static inline int is_space(Py_UCS4 c) {
    if (c < 128) {
        return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
    }
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
           c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Double the capacity of a heap array (32 items at first); -1 with MemoryError set if that fails. */
static inline int grow(void **items, Py_ssize_t *cap, size_t item_size) {
    Py_ssize_t wanted = *cap ? *cap * 2 : 32;
    void *grown = wanted > PY_SSIZE_T_MAX / (Py_ssize_t)item_size ? NULL : realloc(*items, (size_t)wanted * item_size);
    if (grown == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    *items = grown;
    *cap = wanted;
    return 0;
}

/* The name at [start, end) lower-cased as str.lower() does, interned (new reference). */
PyObject *lowered_name(const Records *records, int32_t start, int32_t end);
/* lowered_name, and in *id the name's tag id when its entry of the name cache knows it (-1: ask
 * the builder's dict), the entry in *slot (NULL: not cached). An entry keeps a configured id
 * (treebuild_configured_id) for good, and the id the builder gave another name in this document
 * (remember_tag_id; tag_id_document, which the builder advances per document, tells which):
 * a tag's id then costs no dict look-up. */
typedef struct CachedName CachedName;
extern uint32_t tag_id_document;
PyObject *lowered_tag_name(const Records *records, int32_t start, int32_t end, int32_t *id, CachedName **slot);
void remember_tag_id(CachedName *slot, PyObject *name, int32_t id);
/* dom.parse_attrs of one start tag's `count` attribute records (new reference). */
PyObject *attributes_dict(const Records *records, const int32_t *record, int32_t count);
/* The text [start, end), decoded as html.unescape does (csrc/charref.c) when it holds '&' and
 * `decode` is set (new ref). */
PyObject *text_slice(const Records *records, int32_t start, int32_t end, int decode);

/* charref.c: html.unescape of text[start:end] in C with Python's tables (`unescape`, the
 * definition, for what C leaves to it; `html` is the str `text` holds), new reference. */
PyObject *charref_decode(const Py_UCS4 *text, Py_ssize_t start, Py_ssize_t end, PyObject *html, PyObject *unescape);
PyObject *charref_configure(PyObject *module, PyObject *args);
PyObject *charref_unescape(PyObject *module, PyObject *args);

/* treebuild.c: the module functions `configure` and `build`. */
PyObject *treebuild_configure(PyObject *module, PyObject *args);
PyObject *treebuild_build(PyObject *module, PyObject *capsule);
int treebuild_add_constants(PyObject *module);
/* The id `configure` gave the tag name `name`, or -1 (not one of them, or not configured yet);
 * never leaves an error set. */
int32_t treebuild_configured_id(PyObject *name);
/* What treebuild.c knows of the Element class, for treewalk.c. */
int treebuild_is_element(PyObject *node);
PyObject *treebuild_children(PyObject *element); /* as a list: new reference, or NULL */
PyObject *treebuild_tag(PyObject *element);      /* new reference, or NULL (error set) */
int treebuild_clear_parent(PyObject *element);   /* element.parent = None; 0, or -1 (error set) */

/* treeiter.c: the module functions `iter` and `walk`, and their iterator type. */
int treeiter_add_type(PyObject *module);
PyObject *treeiter_iter(PyObject *module, PyObject *args);
PyObject *treeiter_walk(PyObject *module, PyObject *args);

/* treewalk.c: the module functions `text_content`, `text`, `find` and `release`. */
PyObject *treewalk_text_content(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
PyObject *treewalk_text(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
PyObject *treewalk_short_text(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
PyObject *treewalk_find(PyObject *module, PyObject *args);
PyObject *treewalk_release(PyObject *module, PyObject *args);
PyObject *treewalk_release_subtrees(PyObject *module, PyObject *roots);

#endif
