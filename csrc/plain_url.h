/* urls.resolve_url for the two plain shapes of href, without a Python call: an absolute http(s)
 * URL with a plain authority is itself, a root-relative "/path" is the base's origin plus it.
 *
 * Why a header: the link list (csrc/fastpass/links.c) and the Markdown walk (csrc/mdpass/) both
 * resolve each link's href, and on a page of links the Python call (the memo's miss, _resolve's
 * checks and two regex matches even for a plain "/path") was most of a link's cost. One
 * statement of the shapes serves both. Every other href goes to urls.resolve_url, called back.
 *
 * Contract: for an href taken here, the answer equals urls.resolve_url(href, base) where
 * ``origin`` is urls.http_origin(base). Taken only when the href is printable ASCII without a
 * '#' (then strip(), the tab/newline removal and the space encoding change nothing, and the
 * page-plus-fragment test cannot apply). Header-only (static functions per file that includes it).
 */
#ifndef RIPTIDE_PLAIN_URL_H
#define RIPTIDE_PLAIN_URL_H

#include "passes.h" /* Python.h (Limited API), ascii_lower */

#include <string.h>

/* Whether ``text`` starts with ``prefix`` (ASCII lower case) once ASCII letters are lower-cased. */
static inline int starts_folded(const char *text, Py_ssize_t length, const char *prefix) {
    Py_ssize_t i = 0;
    for (; prefix[i]; i++) {
        if (i >= length || ascii_lower((unsigned char)text[i]) != prefix[i]) {
            return 0;
        }
    }
    return 1;
}

/* urls._ABSOLUTE_HTTP.match for printable ASCII: "http://" or "https://" in any case, one or
 * more characters other than / ? # \ @ [ ], then the end or one of / ? #. */
static inline int is_absolute_http(const char *href, Py_ssize_t length) {
    Py_ssize_t start;
    if (starts_folded(href, length, "https://")) {
        start = 8;
    } else if (starts_folded(href, length, "http://")) {
        start = 7;
    } else {
        return 0;
    }
    Py_ssize_t end = start;
    while (end < length && !strchr("/?#\\@[]", href[end])) {
        end++;
    }
    return end > start && (end == length || strchr("/?#", href[end]) != NULL);
}

/* Whether the href (UTF-8 ``text``) is a "/path" urls._resolve joins to the origin: not "//",
 * and without "/." or "\". */
static inline int is_plain_root_relative(const char *href, Py_ssize_t length) {
    if (length == 0 || href[0] != '/' || (length > 1 && href[1] == '/')) {
        return 0;
    }
    for (Py_ssize_t i = 0; i < length; i++) {
        if (href[i] == '\\' || (href[i] == '/' && i + 1 < length && href[i + 1] == '.')) {
            return 0;
        }
    }
    return 1;
}

/* urls.resolve_url(href, base) for the two plain shapes (see the file's comment): a new
 * reference, or NULL without an exception when the href is not one of them (the caller calls
 * resolve_url), or NULL with one. ``origin`` is urls.http_origin(base): a str, or None. */
static inline PyObject *plain_url(PyObject *href, PyObject *origin, int *taken) {
    *taken = 0;
    if (!PyUnicode_Check(href)) {
        return NULL;
    }
    Py_ssize_t length;
    const char *text = PyUnicode_AsUTF8AndSize(href, &length);
    if (text == NULL) { /* a lone surrogate: no UTF-8, Python decides */
        PyErr_Clear();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c <= ' ' || c >= 0x7f || c == '#') {
            return NULL;
        }
    }
    if (is_absolute_http(text, length)) {
        *taken = 1;
        Py_INCREF(href);
        return href;
    }
    if (!is_plain_root_relative(text, length)) {
        return NULL;
    }
    *taken = 1;
    if (origin == Py_None) {
        Py_INCREF(href);
        return href;
    }
    return PyUnicode_Concat(origin, href);
}

#endif
