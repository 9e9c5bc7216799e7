/* engine.links._links_python's loop in C: the link list of the content, anchor for anchor.
 *
 * Why: on link-heavy pages the link list was the largest output pass. Inside the component each
 * link cost ~45k wasm instructions (issue 12's `a-around-table`, 14,530 links in 1 MB): about
 * half resolving the href in Python (the memo's miss, _resolve's checks and two regex matches
 * even for a plain "/path"), the rest the loop's attribute reads, the text walk called through
 * Element.text, and the record made through _link. This loop does the mechanical part in C and
 * calls back into Python for every decision that is not mechanical.
 *
 * Contract: the same list of equal Link records as links._links_python(anchors, base), in the
 * same order, with the same text fixes of earlier records. configure_links takes the Element
 * class (its slots read in place, element_slots.h), the Link class and links.py's helpers at
 * its import. Per anchor:
 * - the href (attrs["href"]; empty or missing: skipped, as in Python);
 * - its URL: the two shapes urls._resolve answers without urljoin, taken here when the href is
 *   printable ASCII without a '#' (then strip(), the tab/newline removal and the space encoding
 *   change nothing, and the page-plus-fragment test cannot apply): an absolute http(s) URL with
 *   a plain authority (_ABSOLUTE_HTTP) is itself, a root-relative "/path" without "//", "/." or
 *   "\" is the base's origin (urls.http_origin, given by the caller) plus the path, or itself
 *   without an http(s) base. Every other href is resolved by urls.resolve_url, called back;
 * - the record: a fresh URL gets Link(url, text) when the anchor has neither rel nor hreflang
 *   (what _link makes then), with its text from the C text walk (_fastscan.text, what
 *   Element.text runs in the guest) unless that is empty; an empty text, rel or hreflang go to
 *   links._anchor_text and links._link, called back. A repeated URL's record takes
 *   _anchor_text's answer when its text is empty.
 * No recursion; linear in the anchors and the URLs' length.
 */
#include "fastpass.h"

#include "../element_slots.h" /* the Element slots read in place (static: this file's own) */
#include "../plain_url.h"     /* plain_url: the hrefs urls._resolve answers without urljoin */

#include <string.h>

/* From links.py (strong references, set once by configure_links). */
static PyObject *link_type, *resolve_url, *make_link, *anchor_text, *text_walk, *text_skip;
static PyObject *s_href, *s_rel, *s_hreflang, *s_text;

/* The URL of ``href`` with its fragment dropped, or None: a new reference, NULL on error. */
static PyObject *link_url(PyObject *href, PyObject *base, PyObject *origin) {
    int taken;
    PyObject *url = plain_url(href, origin, &taken);
    if (!taken) {
        if (PyErr_Occurred()) {
            return NULL;
        }
        url = PyObject_CallFunctionObjArgs(resolve_url, href, base, NULL);
    }
    if (url == NULL || url == Py_None || !PyUnicode_Check(url)) {
        return url;
    }
    Py_ssize_t length = PyUnicode_GetLength(url);
    Py_ssize_t hash_at = length < 0 ? -2 : PyUnicode_FindChar(url, '#', 0, length, 1);
    if (hash_at < -1) {
        Py_DECREF(url);
        return NULL;
    }
    if (hash_at >= 0) {
        PyObject *cut = PyUnicode_Substring(url, 0, hash_at);
        Py_DECREF(url);
        return cut;
    }
    return url;
}

/* The record of an anchor seen first with ``url``: a new reference, NULL on error. */
static PyObject *new_link(PyObject *url, PyObject *node, PyObject *attrs) {
    int has_rel = PyDict_Contains(attrs, s_rel);
    int has_hreflang = has_rel ? 0 : PyDict_Contains(attrs, s_hreflang);
    if (has_rel < 0 || has_hreflang < 0) {
        return NULL;
    }
    if (has_rel || has_hreflang) {
        return PyObject_CallFunctionObjArgs(make_link, url, node, attrs, NULL);
    }
    PyObject *text = PyObject_CallFunctionObjArgs(text_walk, node, text_skip, NULL);
    int empty = text == NULL ? -1 : !PyUnicode_Check(text) || PyUnicode_GetLength(text) == 0;
    if (empty == 1) {
        Py_DECREF(text);
        text = PyObject_CallFunctionObjArgs(anchor_text, node, NULL);
    }
    if (text == NULL || empty < 0) {
        Py_XDECREF(text);
        return NULL;
    }
    PyObject *link = PyObject_CallFunctionObjArgs(link_type, url, text, NULL);
    Py_DECREF(text);
    return link;
}

/* A repeated URL: its record takes the anchor's text when its own is empty. 0 or -1. */
static int fill_text(PyObject *known, PyObject *node) {
    PyObject *text = PyObject_GetAttr(known, s_text);
    int has_text = text == NULL ? -1 : PyObject_IsTrue(text);
    Py_XDECREF(text);
    if (has_text) {
        return has_text < 0 ? -1 : 0;
    }
    PyObject *found = PyObject_CallFunctionObjArgs(anchor_text, node, NULL);
    int status = found == NULL ? -1 : PyObject_SetAttr(known, s_text, found);
    Py_XDECREF(found);
    return status;
}

/* One anchor of the loop. 0 or -1. */
static int add_anchor(PyObject *node, PyObject *base, PyObject *origin, PyObject *links, PyObject *by_url) {
    PyObject *attrs = element_attrs(node, "collect_links");
    if (attrs == NULL) {
        return -1;
    }
    int status = -1;
    PyObject *url = NULL;
    PyObject *href = PyDict_GetItemWithError(attrs, s_href); /* borrowed */
    int usable = href == NULL ? (PyErr_Occurred() ? -1 : 0) : PyObject_IsTrue(href);
    if (usable <= 0) {
        status = usable;
        goto done;
    }
    url = link_url(href, base, origin);
    if (url == NULL || url == Py_None) {
        status = url == NULL ? -1 : 0;
        goto done;
    }
    PyObject *known = PyDict_GetItemWithError(by_url, url); /* borrowed */
    if (known != NULL) {
        status = fill_text(known, node);
        goto done;
    }
    if (PyErr_Occurred()) {
        goto done;
    }
    PyObject *link = new_link(url, node, attrs);
    if (link != NULL) {
        status = PyDict_SetItem(by_url, url, link) || PyList_Append(links, link) ? -1 : 0;
        Py_DECREF(link);
    }
done:
    Py_XDECREF(url);
    Py_DECREF(attrs);
    return status;
}

/* collect_links(anchors, base, origin) -> list[Link]: engine.links._links_python(anchors, base),
 * ``origin`` being urls.http_origin(base). */
PyObject *links_collect(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *anchors, *base, *origin;
    if (!PyArg_ParseTuple(args, "OUO:collect_links", &anchors, &base, &origin)) {
        return NULL;
    }
    if (link_type == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "collect_links: configure_links was not called");
        return NULL;
    }
    if (origin != Py_None && !PyUnicode_Check(origin)) {
        PyErr_SetString(PyExc_TypeError, "collect_links: the origin is a str or None");
        return NULL;
    }
    PyObject *iterator = PyObject_GetIter(anchors);
    PyObject *links = iterator == NULL ? NULL : PyList_New(0);
    PyObject *by_url = links == NULL ? NULL : PyDict_New();
    if (by_url == NULL) {
        Py_XDECREF(links);
        Py_XDECREF(iterator);
        return NULL;
    }
    PyObject *node;
    int status = 0;
    while (status == 0 && (node = PyIter_Next(iterator)) != NULL) {
        status = add_anchor(node, base, origin, links, by_url);
        Py_DECREF(node);
    }
    Py_DECREF(by_url);
    Py_DECREF(iterator);
    if (status || PyErr_Occurred()) {
        Py_DECREF(links);
        return NULL;
    }
    return links;
}

/* configure_links(Element, Link, resolve_url, link, anchor_text, text, text_skip): links.py's
 * classes and helpers (once, at its import). */
PyObject *links_configure(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *element, *given[6];
    if (!PyArg_ParseTuple(args, "OOOOOOO:configure_links", &element, &given[0], &given[1], &given[2], &given[3],
                          &given[4], &given[5])) {
        return NULL;
    }
    if (!PyType_Check(element) || !PyType_Check(given[0])) {
        PyErr_SetString(PyExc_TypeError, "configure_links: the first two arguments are the Element and Link classes");
        return NULL;
    }
    for (int i = 1; i < 5; i++) {
        if (!PyCallable_Check(given[i])) {
            PyErr_SetString(PyExc_TypeError, "configure_links: arguments 3-6 are callables");
            return NULL;
        }
    }
    if (element_slots_of_type(element, "configure_links") < 0) {
        return NULL;
    }
    PyObject **const slots[] = {&link_type, &resolve_url, &make_link, &anchor_text, &text_walk, &text_skip};
    keep_references(slots, given, 6);
    Py_RETURN_NONE;
}

int links_init(void) {
    const InternedName names[] = {
        {&s_href, "href"}, {&s_rel, "rel"}, {&s_hreflang, "hreflang"}, {&s_text, "text"},
    };
    return intern_names(names, sizeof(names) / sizeof(names[0]));
}
