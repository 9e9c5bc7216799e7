/* _mdpass: the Markdown renderer's block and inline walks, in C, for the guest only.
 *
 * Why: engine.markdown's _MarkdownRenderer.blocks_into and .inline visit every node of the
 * content, and inside the component their bytecode per node (a type test, two set look-ups, a
 * dict look-up, a method call, _inline_text's call and regex test per text node) was most of the
 * Markdown pass, itself 7% of a sandboxed extraction and 20-30% on dense nested lists and
 * misnested inline markup. The walks are mechanical; every construct with rules of its own is
 * called back in Python, which stays the one statement of the rules:
 *   - a block construct with a handler (heading, list, quote, pre, table, hr, figure, dl) is
 *     called as ``handler(renderer, element, out)``, prefix_nesting counted around the
 *     prefixing ones as blocks_into does;
 *   - an inline element with a handler (br, img, code) likewise with the inline list;
 *   - a link (the element whose inline handler is ``link``) is walked here as ``link`` walks it:
 *     its content with ``renderer.in_link`` set (a link inside a link keeps its text only),
 *     then ``resolve_url`` of its href, the permalink test (``PERMALINK_SYMBOLS``) and
 *     ``[core](url)`` with spaces moved outside as ``_linked`` writes it, calling ``_linked``
 *     itself for a blank line inside or a parenthesis in the URL. Why: per link the Python
 *     handler took six Python calls (link, inline_string, inline_children, resolve_url,
 *     _lead/_trail, _destination) and ~8k links render over the corpora; now resolve_url is
 *     the one left;
 *   - a run of inline text is closed here as ``_paragraphs`` closes it (split at line breaks,
 *     collapsed, lines joined by HARD_BREAK), calling ``_escape_line_start`` for a line whose
 *     first character may start line markup, and ``_paragraphs`` for text with a lone surrogate;
 *   - a text node holding a character that may need escaping (``*`\[]_\<&``), or a lone
 *     surrogate, goes to ``_inline_text``; others are whitespace-collapsed with ``_collapse``
 *     (the C collapse_whitespace of _fastpass), or kept as they are when nothing is to collapse;
 *   - emphasis is wrapped here as ``_wrapped`` does, unless the content holds a blank line
 *     ("\n\n"), which ``_wrapped`` itself handles.
 *   Emphasis and links write their content into the list their parent writes into, and are
 *     wrapped there in place at their end (wrap_in_place, finish_link): the markers go in as
 *     pieces beside the core's first and last pieces, split where the core starts and ends,
 *     and the whole run is joined once, with its paragraph. Why: misnested inline markup wraps
 *     two emphases per unit, each a parts list, its join, the core's slices and a join of those
 *     (~5% of such a page, measured over three builds each).
 * Contract: blocks_into, inline and inline_children append to ``out`` what the Python methods
 * append (a test inside the guest renders both corpora, markup soup and hostile nestings both
 * ways). The tag sets, handler tables and helpers come from markdown.py at its import
 * (configure). No recursion: each walk keeps a heap stack of frames (the Python recursion
 * follows the nesting); linear in the nodes and the text.
 *
 *   configure(element_type, skipped_tags, block_tags, prefixing_tags, emphasis_markers,
 *             block_handlers, inline_handlers, inline_text, collapse, wrapped, paragraphs,
 *             escape_line_start, hard_break, max_prefix_nesting, link_handler, resolve_url,
 *             permalink_symbols, linked)
 *   blocks_into(renderer, children, out); inline(renderer, element, out);
 *   inline_children(renderer, children, out)
 * tables.c: table_rows(table), table_shape(table), table_block(renderer, rows, padding_max,
 * spanned_max), configure_tables(element_type, row_tag, row_group_tags, cell_tags); lists.c: a list
 * (list_block) for the block walk, nested_text(block) (_text), configure_lists(...); words.c:
 * count_words, cjk_count, configure_words.
 */
#include "mdpass.h"

#include "../element_slots.h" /* the Element slots read in place (static: this file's own) */
#include "../plain_url.h"      /* plain_url: the hrefs urls._resolve answers without urljoin */

/* From markdown.py (strong references, set once by configure). */
static PyObject *element_type, *skipped_tags, *block_tags, *prefixing_tags, *emphasis_markers, *block_handlers,
    *inline_handlers, *inline_text_py, *collapse_py, *wrapped_py, *paragraphs_py, *escape_line_start_py,
    *hard_break, *link_handler, *resolve_url_py, *permalink_symbols, *linked_py, *http_origin_py;
static Py_ssize_t max_prefix_nesting;
/* Interned names and constants. */
static PyObject *s_tag, *s_attrs, *s_children, *s_hidden, *s_space, *s_empty, *s_blank_line, *s_href, *s_get,
    *s_link_start, *s_link_middle, *s_link_end;

/* The renderer's slots (_MarkdownRenderer.__slots__), read and set in place (slots_probe.h): the
 * block walk reads and sets prefix_nesting per nested block and open_markers per inline run, which
 * through the attribute protocol was ~3.5% of a call on nested lists of short items. */
enum { RENDERER_IN_LINK, RENDERER_BASE_URL, RENDERER_OPEN_MARKERS, RENDERER_PREFIX_NESTING, RENDERER_SLOTS };
static PyObject *renderer_names[RENDERER_SLOTS]; /* interned */
static SlotsMet renderer_slots;

/* renderer.<slot> (new reference), or NULL with an error set. */
static PyObject *renderer_get(PyObject *renderer, int slot) {
    Py_ssize_t offset = slot_met(&renderer_slots, renderer, renderer_names, RENDERER_SLOTS, slot);
    return offset < 0 ? NULL : slot_read(renderer, offset, renderer_names[slot]);
}

/* renderer.<slot> = value (borrowed). 0 or -1. */
static int renderer_set(PyObject *renderer, int slot, PyObject *value) {
    Py_ssize_t offset = slot_met(&renderer_slots, renderer, renderer_names, RENDERER_SLOTS, slot);
    return offset < 0 ? -1 : slot_write(renderer, offset, renderer_names[slot], value);
}

/* One open element of a walk: its children (strong), the next one to visit, and where its
 * content goes. Inline frames: ``out`` (strong) takes the content, and is their parent's list:
 * an emphasis (``marker``, strong) or a link (``href``, strong) writes into it from index
 * ``start`` on and is wrapped there in place at its end (wrap_in_place, finish_link); with
 * ``spaced``, a block met inline, which gets a space before and after. Block frames: ``out`` is
 * the frame's inline run (NULL until it has one). */
typedef struct {
    PyObject *children;
    Py_ssize_t index;
    PyObject *out;
    PyObject *marker;
    PyObject *href;
    int spaced;
    Py_ssize_t start;
} Frame;

typedef struct {
    Frame *frames;
    Py_ssize_t len, cap;
} Stack;

static void clear_frame(Frame *frame) {
    Py_XDECREF(frame->children);
    Py_XDECREF(frame->out);
    Py_XDECREF(frame->marker);
    Py_XDECREF(frame->href);
}

static void clear_stack(Stack *stack) {
    while (stack->len) {
        clear_frame(&stack->frames[--stack->len]);
    }
    free(stack->frames);
}

/* Push a frame for ``element``'s children list (steals nothing: takes new references). */
static int push(Stack *stack, PyObject *children, PyObject *out, PyObject *marker, PyObject *href, int spaced) {
    if (!PyList_Check(children)) {
        PyErr_SetString(PyExc_TypeError, "markdown walk: children is not a list");
        return -1;
    }
    if (reserve((void **)&stack->frames, &stack->cap, sizeof(Frame), stack->len + 1)) {
        return -1;
    }
    Py_INCREF(children);
    Py_XINCREF(out);
    Py_XINCREF(marker);
    Py_XINCREF(href);
    Py_ssize_t start = out != NULL ? PyList_Size(out) : 0;
    stack->frames[stack->len++] = (Frame){children, 0, out, marker, href, spaced, start};
    return 0;
}

/* The next child of the top frame (borrowed; the frame holds its list), or NULL at its end. */
static PyObject *next_child(Frame *frame) {
    if (frame->index >= PyList_Size(frame->children)) {
        return NULL;
    }
    return PyList_GetItem(frame->children, frame->index++);
}

static PyObject *children_of(PyObject *element) { return element_get(element, ELEMENT_CHILDREN); }

static PyObject *call2(PyObject *function, PyObject *a, PyObject *b) {
    return PyObject_CallFunctionObjArgs(function, a, b, NULL);
}

/* Append the result of a call (new reference or NULL) to ``out``; 0 or -1. */
static int append_new(PyObject *out, PyObject *value) {
    if (value == NULL) {
        return -1;
    }
    int status = PyList_Append(out, value);
    Py_DECREF(value);
    return status;
}

/* _inline_text(text), new reference: collapsed here when it holds nothing to escape. */
static PyObject *inline_text(PyObject *text) {
    Py_ssize_t size;
    const char *bytes = PyUnicode_AsUTF8AndSize(text, &size);
    if (bytes == NULL) { /* a lone surrogate has no UTF-8: the Python function does it all */
        PyErr_Clear();
        return PyObject_CallFunctionObjArgs(inline_text_py, text, NULL);
    }
    int plain = 1; /* ASCII with no whitespace but lone spaces: collapsing leaves it as it is */
    for (Py_ssize_t i = 0; i < size; i++) {
        unsigned char c = (unsigned char)bytes[i];
        switch (c) {
        case '*': case '`': case '[': case ']': case '_': case '\\': case '<': case '&':
            return PyObject_CallFunctionObjArgs(inline_text_py, text, NULL);
        case ' ':
            if (i + 1 < size && bytes[i + 1] == ' ') {
                plain = 0;
            }
            break;
        default:
            if (c >= 0x80 || is_space(c)) {
                plain = 0;
            }
        }
    }
    if (plain) {
        Py_INCREF(text);
        return text;
    }
    return PyObject_CallFunctionObjArgs(collapse_py, text, NULL);
}

/* Whether ``text`` is a non-empty run of whitespace (str.isspace): 1, 0, or -1. */
static int is_all_space(PyObject *text) {
    Py_ssize_t n = PyUnicode_GetLength(text);
    if (n < 0) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!is_space(PyUnicode_ReadChar(text, i))) {
            return 0;
        }
    }
    return n > 0;
}

static int is_strip_char(Py_UCS4 c) { return c == ' ' || c == '\n'; }

/* Where ``inner.strip(" \n")`` starts and ends in ``inner`` (``_lead`` and ``_trail`` are what
 * is cut); its length, or -1 with an error set. */
static Py_ssize_t strip_bounds(PyObject *inner, Py_ssize_t *start, Py_ssize_t *end) {
    Py_ssize_t n = PyUnicode_GetLength(inner);
    if (n < 0) {
        return -1;
    }
    *start = 0;
    *end = n;
    while (*start < *end && is_strip_char(PyUnicode_ReadChar(inner, *start))) {
        (*start)++;
    }
    while (*end > *start && is_strip_char(PyUnicode_ReadChar(inner, *end - 1))) {
        (*end)--;
    }
    return n;
}

/* The join of ``inner``'s lead (before ``start``), ``open``, the core, the ``closing`` pieces
 * (up to three, NULL ones left out) and its trail (from ``end``). New reference.
 *
 * The pieces go in a tuple of their exact number, and a lead or trail that is empty is left
 * out: emphasis on misnested inline markup wraps twice per unit of markup, and a list grown
 * piece by piece (two reallocations) cost ~2,200 more wasm instructions per wrap. */
static PyObject *moved_outside(PyObject *inner, Py_ssize_t start, Py_ssize_t end, Py_ssize_t n, PyObject *open,
                               PyObject *closing[3]) {
    PyObject *pieces[7];
    Py_ssize_t count = 0;
    PyObject *lead = start > 0 ? PyUnicode_Substring(inner, 0, start) : NULL;
    PyObject *core = PyUnicode_Substring(inner, start, end);
    PyObject *trail = end < n ? PyUnicode_Substring(inner, end, n) : NULL;
    PyObject *result = NULL;
    if ((start > 0 && lead == NULL) || core == NULL || (end < n && trail == NULL)) {
        goto done;
    }
    if (lead != NULL) {
        pieces[count++] = lead;
    }
    pieces[count++] = open;
    pieces[count++] = core;
    for (int i = 0; i < 3; i++) {
        if (closing[i] != NULL) {
            pieces[count++] = closing[i];
        }
    }
    if (trail != NULL) {
        pieces[count++] = trail;
    }
    PyObject *joined = PyTuple_New(count);
    if (joined == NULL) {
        goto done;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_INCREF(pieces[i]);
        PyTuple_SetItem(joined, i, pieces[i]); /* steals; cannot fail on a new tuple in range */
    }
    result = PyUnicode_Join(s_empty, joined);
    Py_DECREF(joined);
done:
    Py_XDECREF(lead);
    Py_XDECREF(core);
    Py_XDECREF(trail);
    return result;
}

/* _wrapped(inner, marker): ``marker`` around the content with surrounding spaces and line
 * breaks moved outside, " " or "" when there is no content. New reference. */
static PyObject *wrapped(PyObject *inner, PyObject *marker) {
    Py_ssize_t start, end;
    Py_ssize_t n = strip_bounds(inner, &start, &end);
    if (n < 0) {
        return NULL;
    }
    if (start == end) {
        Py_INCREF(n ? s_space : s_empty);
        return n ? s_space : s_empty;
    }
    int blank = PyUnicode_Contains(inner, s_blank_line);
    if (blank < 0) {
        return NULL;
    }
    if (blank) { /* a blank line inside: _wrapped turns it into a line break */
        return call2(wrapped_py, inner, marker);
    }
    PyObject *closing[3] = {marker, NULL, NULL};
    return moved_outside(inner, start, end, n, marker, closing);
}

/* Where the core of the pieces ``out[from:]`` lies: their join stripped of " \n" at both ends,
 * as _wrapped strips it. Strip characters are ASCII, so byte offsets before the core's start
 * and after its end are character offsets too. */
typedef struct {
    Py_ssize_t first, first_at; /* the piece the core starts in, and its offset there */
    Py_ssize_t last, last_end;  /* the piece the core ends in, and the UTF-8 offset after it */
    Py_ssize_t last_size;       /* that piece's UTF-8 size */
    int chars;                  /* the join holds a character (an empty one wraps to "") */
    int blank;                  /* the join holds "\n\n" (_wrapped's own case) */
} Core;

/* Find the core of ``out[from:]``: 1, 0 when a piece is not a str or has no UTF-8 (a lone
 * surrogate: the caller then joins them as before), -1 on an error. */
static int find_core(PyObject *out, Py_ssize_t from, Core *core) {
    *core = (Core){-1, 0, -1, 0, 0, 0, 0};
    Py_ssize_t count = PyList_Size(out);
    int after_newline = 0; /* the join so far ends with "\n" */
    for (Py_ssize_t i = from; i < count; i++) {
        PyObject *piece = PyList_GetItem(out, i); /* borrowed */
        if (piece == NULL) {
            return -1;
        }
        if (!PyUnicode_Check(piece)) {
            return 0;
        }
        Py_ssize_t size;
        const char *bytes = PyUnicode_AsUTF8AndSize(piece, &size);
        if (bytes == NULL) {
            PyErr_Clear();
            return 0;
        }
        if (size == 0) {
            continue;
        }
        core->chars = 1;
        const char *newline = memchr(bytes, '\n', (size_t)size);
        while (newline != NULL && !core->blank) {
            core->blank = (newline == bytes && after_newline) || (newline + 1 < bytes + size && newline[1] == '\n');
            newline = memchr(newline + 1, '\n', (size_t)(bytes + size - newline - 1));
        }
        after_newline = bytes[size - 1] == '\n';
        Py_ssize_t lo = 0, hi = size;
        while (lo < hi && is_strip_char((unsigned char)bytes[lo])) {
            lo++;
        }
        if (lo == hi) {
            continue;
        }
        while (is_strip_char((unsigned char)bytes[hi - 1])) {
            hi--;
        }
        if (core->first < 0) {
            core->first = i;
            core->first_at = lo;
        }
        core->last = i;
        core->last_end = hi;
        core->last_size = size;
    }
    return 1;
}

/* Put ``pieces`` (``count`` of them, NULL ones left out; borrowed) in place of ``out[at]``. */
static int splice(PyObject *out, Py_ssize_t at, PyObject **pieces, int count) {
    int placed = 0;
    for (int i = 0; i < count; i++) {
        if (pieces[i] == NULL) {
            continue;
        }
        if (placed == 0) {
            Py_INCREF(pieces[i]);
            if (PyList_SetItem(out, at, pieces[i]) < 0) { /* steals */
                return -1;
            }
        } else if (PyList_Insert(out, at + placed, pieces[i]) < 0) {
            return -1;
        }
        placed++;
    }
    return 0;
}

/* ``open`` before the core of the pieces (find_core) and ``closing`` (up to three, NULL ones left
 * out) after it, in place: the pieces before the core's first and after its last stay where they
 * are; the first is split where the core starts, the last where it ends. Their join is then what
 * moved_outside makes of the pieces' join. The inserts move only this frame's pieces, and frames
 * that wrap nest at most once per marker plus one link (a link inside a link is transparent),
 * so each piece moves a bounded number of times: linear. 0 or -1. */
static int wrap_core(PyObject *out, const Core *core, PyObject *open, PyObject *closing[3]) {
    PyObject *last = PyList_GetItem(out, core->last); /* borrowed */
    Py_ssize_t length = last != NULL ? PyUnicode_GetLength(last) : -1;
    if (length < 0) {
        return -1;
    }
    Py_ssize_t end = length - (core->last_size - core->last_end); /* in characters */
    Py_ssize_t start = core->first == core->last ? core->first_at : 0;
    PyObject *lead = NULL, *middle = NULL, *trail = NULL;
    int status = -1;
    if ((core->first == core->last && start > 0 && (lead = PyUnicode_Substring(last, 0, start)) == NULL) ||
        (end < length && (trail = PyUnicode_Substring(last, end, length)) == NULL) ||
        (middle = PyUnicode_Substring(last, start, end)) == NULL) {
        goto done;
    }
    if (core->first == core->last) {
        PyObject *pieces[7] = {lead, open, middle, closing[0], closing[1], closing[2], trail};
        status = splice(out, core->first, pieces, 7);
        goto done;
    }
    PyObject *ending[5] = {middle, closing[0], closing[1], closing[2], trail};
    if (splice(out, core->last, ending, 5) < 0) {
        goto done;
    }
    Py_CLEAR(middle);
    PyObject *first = PyList_GetItem(out, core->first); /* borrowed */
    length = first != NULL ? PyUnicode_GetLength(first) : -1;
    if (length < 0 || (core->first_at > 0 && (lead = PyUnicode_Substring(first, 0, core->first_at)) == NULL) ||
        (middle = PyUnicode_Substring(first, core->first_at, length)) == NULL) {
        goto done;
    }
    PyObject *opening[3] = {lead, open, middle};
    status = splice(out, core->first, opening, 3);
done:
    Py_XDECREF(lead);
    Py_XDECREF(middle);
    Py_XDECREF(trail);
    return status;
}

/* ``out[from:]`` replaced by one str (a new reference, stolen; NULL passes through). */
static int replace_all(PyObject *out, Py_ssize_t from, PyObject *value) {
    if (value == NULL) {
        return -1;
    }
    int status = PyList_SetSlice(out, from, PyList_Size(out), NULL) < 0 ? -1 : PyList_Append(out, value);
    Py_DECREF(value);
    return status;
}

/* The join of ``out[from:]`` (new reference). */
static PyObject *joined_from(PyObject *out, Py_ssize_t from) {
    PyObject *slice = PyList_GetSlice(out, from, PyList_Size(out));
    PyObject *text = slice != NULL ? PyUnicode_Join(s_empty, slice) : NULL;
    Py_XDECREF(slice);
    return text;
}

/* _wrapped(inner, marker) with ``inner`` the join of ``out[from:]``, written in place: the
 * pieces before the core's first and after its last stay where they are, the first is split
 * where the core starts and ``marker`` goes there, the last is split where it ends and the
 * marker goes there too. Its join is what _wrapped returns, and ``out`` gains at least one item
 * (an empty emphasis leaves " " or ""), as when the wrapped str was appended.
 *
 * Why in place: misnested inline markup wraps two emphases per unit of markup, and each was a
 * parts list, its join, the core's slices and a join of those; the pieces are now joined once,
 * with the paragraph (see the file's head for what it saved). 0 or -1. */
static int wrap_in_place(PyObject *out, Py_ssize_t from, PyObject *marker) {
    Core core;
    int found = find_core(out, from, &core);
    if (found < 0) {
        return -1;
    }
    if (!found) { /* not all str, or a lone surrogate: joined, then wrapped, as before */
        PyObject *inner = joined_from(out, from);
        PyObject *value = inner != NULL ? wrapped(inner, marker) : NULL;
        Py_XDECREF(inner);
        return replace_all(out, from, value);
    }
    if (core.first < 0) { /* no content: a space, or nothing */
        PyObject *value = core.chars ? s_space : s_empty;
        Py_INCREF(value);
        return replace_all(out, from, value);
    }
    if (core.blank) { /* _wrapped turns the blank line into a line break */
        PyObject *inner = joined_from(out, from);
        PyObject *value = inner != NULL ? call2(wrapped_py, inner, marker) : NULL;
        Py_XDECREF(inner);
        return replace_all(out, from, value);
    }
    PyObject *closing[3] = {marker, NULL, NULL};
    return wrap_core(out, &core, marker, closing);
}

/* Whether ``text`` holds one of the characters of ``chars`` (ASCII): 1, 0, or -1. */
static int holds_any(PyObject *text, const char *chars) {
    Py_ssize_t n = PyUnicode_GetLength(text);
    if (n < 0) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_ReadChar(text, i);
        if (c < 128 && c && strchr(chars, (int)c) != NULL) {
            return 1;
        }
    }
    return 0;
}

/* ``text.lstrip().startswith("#")``: 1 or 0 (-1 with an error set). */
static int starts_with_hash(PyObject *text) {
    Py_ssize_t n = PyUnicode_GetLength(text);
    if (n < 0) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_ReadChar(text, i);
        if (!is_space(c)) {
            return c == '#';
        }
    }
    return 0;
}

/* The href of a link (``attrs.get("href", "")``), new reference. */
static PyObject *href_of(PyObject *attrs) {
    if (PyDict_CheckExact(attrs)) {
        PyObject *href = PyDict_GetItemWithError(attrs, s_href); /* borrowed */
        if (href == NULL && PyErr_Occurred()) {
            return NULL;
        }
        href = href != NULL ? href : s_empty;
        Py_INCREF(href);
        return href;
    }
    return PyObject_CallMethodObjArgs(attrs, s_get, s_href, s_empty, NULL);
}

/* The start of _MarkdownRenderer.link: a link inside a link is walked for its text only (a
 * transparent frame); else ``in_link`` is set and a link frame walks the content into ``out``,
 * where finish_link makes it a link. 0 or -1. */
static int start_link(PyObject *renderer, Stack *stack, PyObject *element, PyObject *attrs, PyObject *out) {
    PyObject *in_link = renderer_get(renderer, RENDERER_IN_LINK);
    if (in_link == NULL) {
        return -1;
    }
    int nested = PyObject_IsTrue(in_link);
    Py_DECREF(in_link);
    if (nested < 0) {
        return -1;
    }
    PyObject *children = children_of(element);
    PyObject *href = children != NULL && !nested ? href_of(attrs) : NULL;
    int status = -1;
    if (children != NULL && nested) {
        status = push(stack, children, out, NULL, NULL, 0);
    } else if (href != NULL && renderer_set(renderer, RENDERER_IN_LINK, Py_True) == 0) {
        status = push(stack, children, out, NULL, href, 0);
    }
    Py_XDECREF(href);
    Py_XDECREF(children);
    return status;
}

/* The end of _MarkdownRenderer.link with its content joined as ``inner`` and its ``url``
 * resolved (NULL: no href): ``inner`` as it is (no URL or no text), nothing (a permalink
 * symbol linking into the page), or ``_linked(inner, core, url)``, written here when the core
 * has no blank line and the URL no parenthesis. Appended to ``out``; 0 or -1. */
static int link_of_inner(PyObject *inner, PyObject *href, PyObject *url, PyObject *out) {
    Py_ssize_t start, end;
    Py_ssize_t n = strip_bounds(inner, &start, &end);
    if (n < 0) {
        return -1;
    }
    int status = -1;
    PyObject *core = PyUnicode_Substring(inner, start, end);
    if (core == NULL) {
        goto done;
    }
    if (url == NULL || url == Py_None || start == end) {
        int permalink = PySet_Contains(permalink_symbols, core);
        if (permalink > 0) {
            permalink = starts_with_hash(href);
        }
        if (permalink >= 0) {
            status = permalink ? 0 : PyList_Append(out, inner);
        }
        goto done;
    }
    int blank = PyUnicode_Contains(core, s_blank_line);
    int parenthesis = blank == 0 ? holds_any(url, "()") : 0;
    if (blank < 0 || parenthesis < 0) {
        goto done;
    }
    if (blank || parenthesis) {
        status = append_new(out, PyObject_CallFunctionObjArgs(linked_py, inner, core, url, NULL));
    } else {
        PyObject *closing[3] = {s_link_middle, url, s_link_end};
        status = append_new(out, moved_outside(inner, start, end, n, s_link_start, closing));
    }
done:
    Py_XDECREF(core);
    return status;
}

/* The base whose origin was asked last (strong) and its origin (urls.http_origin: a str or None,
 * strong): a page's links share one base. */
static PyObject *origin_of_base, *base_origin;

/* urls.resolve_url(href, base): a plain href (plain_url.h) without a call, any other through
 * resolve_url. Why: on a page of links the call (its memo's miss, _resolve's checks and regex
 * matches) was ~15% of the Markdown walk's samples. New reference, or NULL with an error. */
static PyObject *resolved(PyObject *href, PyObject *base) {
    if (base != origin_of_base) {
        PyObject *origin = PyObject_CallFunctionObjArgs(http_origin_py, base, NULL);
        if (origin == NULL) {
            return NULL;
        }
        Py_XDECREF(base_origin);
        base_origin = origin;
        Py_INCREF(base);
        Py_XDECREF(origin_of_base);
        origin_of_base = base;
    }
    int taken;
    PyObject *url = plain_url(href, base_origin, &taken);
    return taken || PyErr_Occurred() ? url : call2(resolve_url_py, href, base);
}

/* The end of _MarkdownRenderer.link, its content the pieces ``out[from:]``: ``in_link``
 * cleared, ``href`` resolved, and ``[core](url)`` written in place (wrap_core) when the core
 * has text and no blank line and the URL is there with no parenthesis; else the pieces are
 * joined and replaced by what link_of_inner makes of them. 0 or -1. */
static int finish_link(PyObject *renderer, PyObject *out, Py_ssize_t from, PyObject *href) {
    if (renderer_set(renderer, RENDERER_IN_LINK, Py_False)) {
        return -1;
    }
    Core core;
    int found = find_core(out, from, &core);
    Py_ssize_t href_length = found < 0 ? -1 : PyUnicode_GetLength(href);
    if (href_length < 0) {
        return -1;
    }
    PyObject *url = NULL;
    if (href_length) {
        PyObject *base = renderer_get(renderer, RENDERER_BASE_URL);
        url = base != NULL ? resolved(href, base) : NULL;
        Py_XDECREF(base);
        if (url == NULL) {
            return -1;
        }
    }
    int status = -1;
    int parenthesis = url != NULL && url != Py_None ? holds_any(url, "()") : 0;
    if (parenthesis < 0) {
        goto done;
    }
    if (found && core.first >= 0 && !core.blank && url != NULL && url != Py_None && !parenthesis) {
        PyObject *closing[3] = {s_link_middle, url, s_link_end};
        status = wrap_core(out, &core, s_link_start, closing);
        goto done;
    }
    if (found && core.first < 0) { /* no text (an empty link the adoption agency made): kept as it is */
        int permalink = PySet_Contains(permalink_symbols, s_empty);
        if (permalink > 0) {
            permalink = starts_with_hash(href);
        }
        status = permalink < 0                           ? -1
                 : permalink                              ? PyList_SetSlice(out, from, PyList_Size(out), NULL)
                 : PyList_Size(out) > from ? 0 : PyList_Append(out, s_empty); /* the item appended before */
        goto done;
    }
    PyObject *inner = joined_from(out, from);
    if (inner != NULL && PyList_SetSlice(out, from, PyList_Size(out), NULL) == 0) {
        status = link_of_inner(inner, href, url, out);
    }
    Py_XDECREF(inner);
done:
    Py_XDECREF(url);
    return status;
}

/* The tag and attrs of an element (new references); -1 with an error set. */
static int tag_and_attrs(PyObject *element, PyObject **tag, PyObject **attrs) {
    *tag = element_get(element, ELEMENT_TAG);
    if (*tag == NULL) {
        return -1;
    }
    *attrs = element_get(element, ELEMENT_ATTRS);
    if (*attrs == NULL) {
        Py_CLEAR(*tag);
        return -1;
    }
    return 0;
}

/* Whether an element is skipped (SKIPPED_TAGS, or "hidden" in its attrs): 1, 0, or -1. */
static int skipped(PyObject *tag, PyObject *attrs) {
    int skip = PySet_Contains(skipped_tags, tag);
    if (skip == 0) {
        skip = PySequence_Contains(attrs, s_hidden);
    }
    return skip;
}

/* The start of _MarkdownRenderer.inline(element, out): skip, open an emphasis frame, call a
 * handler, or open a transparent (or spaced block) frame. 0 or -1. */
static int start_inline(PyObject *renderer, PyObject *open_markers, Stack *stack, PyObject *element, PyObject *out) {
    PyObject *tag, *attrs;
    if (tag_and_attrs(element, &tag, &attrs)) {
        return -1;
    }
    int status = -1;
    PyObject *children = NULL;
    int skip = skipped(tag, attrs);
    if (skip) {
        status = skip < 0 ? -1 : 0;
        goto done;
    }
    PyObject *marker = PyDict_GetItemWithError(emphasis_markers, tag); /* borrowed */
    if (marker == NULL && PyErr_Occurred()) {
        goto done;
    }
    if (marker != NULL) {
        int open = PySet_Contains(open_markers, marker);
        if (open < 0) {
            goto done;
        }
        if (!open) { /* its content goes into ``out`` from here on, wrapped there at its end */
            children = children_of(element);
            if (children != NULL && PySet_Add(open_markers, marker) == 0) {
                status = push(stack, children, out, marker, NULL, 0);
            }
            goto done;
        }
    }
    PyObject *handler = PyDict_GetItemWithError(inline_handlers, tag); /* borrowed */
    if (handler != NULL && handler == link_handler) {
        status = start_link(renderer, stack, element, attrs, out);
        goto done;
    }
    if (handler != NULL) {
        PyObject *answer = PyObject_CallFunctionObjArgs(handler, renderer, element, out, NULL);
        Py_XDECREF(answer);
        status = answer == NULL ? -1 : 0;
        goto done;
    }
    if (PyErr_Occurred()) {
        goto done;
    }
    int block = PySet_Contains(block_tags, tag);
    if (block < 0 || (block && PyList_Append(out, s_space))) {
        goto done;
    }
    children = children_of(element);
    if (children != NULL) {
        status = push(stack, children, out, NULL, NULL, block);
    }
done:
    Py_XDECREF(children);
    Py_DECREF(attrs);
    Py_DECREF(tag);
    return status;
}

/* Run the inline walk until the stack is back to ``floor`` frames. 0 or -1. */
static int run_inline(PyObject *renderer, PyObject *open_markers, Stack *stack, Py_ssize_t floor) {
    while (stack->len > floor) {
        Frame *frame = &stack->frames[stack->len - 1];
        PyObject *child = next_child(frame);
        if (child != NULL) {
            Py_INCREF(child);
            int status = PyUnicode_Check(child) ? append_new(frame->out, inline_text(child))
                                                : start_inline(renderer, open_markers, stack, child, frame->out);
            Py_DECREF(child);
            if (status) {
                return -1;
            }
            continue;
        }
        Frame done = *frame;
        stack->len--;
        int status = 0;
        if (done.marker != NULL) { /* an emphasis: close the marker, wrap its pieces */
            status = PySet_Discard(open_markers, done.marker) < 0 ? -1 : wrap_in_place(done.out, done.start, done.marker);
        } else if (done.href != NULL) { /* a link: made a link in place */
            status = finish_link(renderer, done.out, done.start, done.href);
        } else if (done.spaced) {
            status = PyList_Append(done.out, s_space);
        }
        clear_frame(&done);
        if (status) {
            return -1;
        }
    }
    return 0;
}

static PyObject *open_markers_of(PyObject *renderer) {
    PyObject *markers = renderer_get(renderer, RENDERER_OPEN_MARKERS);
    if (markers != NULL && !PyAnySet_Check(markers)) {
        Py_DECREF(markers);
        PyErr_SetString(PyExc_TypeError, "markdown walk: open_markers is not a set");
        return NULL;
    }
    return markers;
}

/* The end of a walk: free the stack, let go of open_markers, None or NULL by ``status``. */
static PyObject *finish(Stack *stack, PyObject *open_markers, int status) {
    clear_stack(stack);
    Py_DECREF(open_markers);
    if (status) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static int check_list(PyObject *list, const char *what) {
    if (!PyList_Check(list)) {
        PyErr_Format(PyExc_TypeError, "markdown walk: %s is not a list", what);
        return -1;
    }
    return 0;
}

static int configured(void) {
    if (block_tags == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_mdpass: configure was not called");
        return 0;
    }
    return 1;
}

/* _MarkdownRenderer.inline(element, out), or, with ``element`` NULL, the loop over
 * ``children`` that inline_string runs. */
static PyObject *walk_inline(PyObject *renderer, PyObject *element, PyObject *children, PyObject *out) {
    if (!configured() || check_list(out, "out")) {
        return NULL;
    }
    PyObject *open_markers = open_markers_of(renderer);
    if (open_markers == NULL) {
        return NULL;
    }
    Stack stack = {0};
    int status = element != NULL ? start_inline(renderer, open_markers, &stack, element, out)
                                 : push(&stack, children, out, NULL, NULL, 0);
    if (status == 0) {
        status = run_inline(renderer, open_markers, &stack, 0);
    }
    return finish(&stack, open_markers, status);
}

static PyObject *mdpass_inline(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *renderer, *element, *out;
    if (!PyArg_ParseTuple(args, "OOO:inline", &renderer, &element, &out)) {
        return NULL;
    }
    return walk_inline(renderer, element, NULL, out);
}

static PyObject *mdpass_inline_children(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *renderer, *children, *out;
    if (!PyArg_ParseTuple(args, "OOO:inline_children", &renderer, &children, &out)) {
        return NULL;
    }
    return walk_inline(renderer, NULL, children, out);
}

/* " ".join(text.split()) of a new reference (stolen; NULL passes through): the one-line form
 * of an inline rendering, by the str methods inline_line uses. New reference or NULL. */
static PyObject *one_line(PyObject *text) {
    if (text == NULL) {
        return NULL;
    }
    PyObject *words = PyUnicode_Split(text, NULL, -1);
    Py_DECREF(text);
    if (words == NULL) {
        return NULL;
    }
    PyObject *line = PyUnicode_Join(s_space, words);
    Py_DECREF(words);
    return line;
}

/* _MarkdownRenderer.inline_line(element), or inline_line_within(element, marker) when
 * ``marker`` is given: the inline walk of the children, joined and put on one line, in one call.
 * Why: table cells, headings, captions and terms ask it (~13 per page on the corpora), and in
 * Python it was three frames around the C walk plus the split and joins. New reference. */
/* An element whose one child is text with no character to escape (``*`[]_\\<&``), as in most
 * table cells: its inline line is " ".join(text.split()) (the walk's _collapse only rewrites
 * whitespace runs, which the split drops anyway), and the text itself when it is ASCII with lone
 * spaces inside only. Why: the walk's set-up (its stack, the open markers, a parts list, a join)
 * cost more than such a cell's line. 1 with *line set (new reference), 0 when the walk is
 * needed, or -1. */
static int single_text_line(PyObject *element, PyObject **line) {
    *line = NULL;
    PyObject *children = children_of(element);
    if (children == NULL) {
        return -1;
    }
    PyObject *text = PyList_Check(children) && PyList_Size(children) == 1 ? PyList_GetItem(children, 0) : NULL;
    Py_ssize_t size = 0;
    const char *bytes = text != NULL && PyUnicode_Check(text) ? PyUnicode_AsUTF8AndSize(text, &size) : NULL;
    if (bytes == NULL) { /* not one text child, or a lone surrogate: the walk does it */
        PyErr_Clear();
        Py_DECREF(children);
        return 0;
    }
    int plain = size == 0 || (bytes[0] != ' ' && bytes[size - 1] != ' ');
    for (Py_ssize_t i = 0; i < size; i++) {
        unsigned char c = (unsigned char)bytes[i];
        switch (c) {
        case '*': case '`': case '[': case ']': case '_': case '\\': case '<': case '&':
            Py_DECREF(children);
            return 0;
        case ' ':
            plain = plain && bytes[i + 1] != ' '; /* bytes[size] is the UTF-8's NUL */
            break;
        default:
            plain = plain && c < 0x80 && !is_space(c);
        }
    }
    Py_INCREF(text);
    Py_DECREF(children); /* the text is held on its own now */
    *line = plain ? text : one_line(text);
    return *line == NULL ? -1 : 1;
}

static PyObject *inline_line_of(PyObject *renderer, PyObject *element, PyObject *marker) {
    if (marker == Py_None) {
        PyObject *line;
        int single = single_text_line(element, &line);
        if (single) {
            return single < 0 ? NULL : line;
        }
    }
    PyObject *markers = NULL; /* the open_markers set, held only while ``marker`` is opened here */
    if (marker != Py_None) {
        markers = open_markers_of(renderer);
        int open = markers != NULL ? PySet_Contains(markers, marker) : -1;
        if (open != 0) {
            Py_XDECREF(markers);
            markers = NULL;
            if (open < 0) {
                return NULL;
            }
        } else if (PySet_Add(markers, marker) < 0) {
            Py_DECREF(markers);
            return NULL;
        }
    }
    PyObject *children = children_of(element);
    PyObject *parts = children != NULL ? PyList_New(0) : NULL;
    PyObject *walked = parts != NULL ? walk_inline(renderer, NULL, children, parts) : NULL;
    Py_XDECREF(children);
    if (markers != NULL) { /* closed again whatever the walk did, its error kept */
        PyObject *type, *value, *traceback;
        PyErr_Fetch(&type, &value, &traceback);
        if (PySet_Discard(markers, marker) < 0) {
            Py_CLEAR(walked);
        }
        if (type != NULL) {
            PyErr_Restore(type, value, traceback);
        }
        Py_DECREF(markers);
    }
    if (walked == NULL) {
        Py_XDECREF(parts);
        return NULL;
    }
    Py_DECREF(walked);
    PyObject *text = PyUnicode_Join(s_empty, parts);
    Py_DECREF(parts);
    return one_line(text);
}

static PyObject *mdpass_inline_line(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *renderer, *element, *marker = Py_None;
    if (!PyArg_ParseTuple(args, "OO|O:inline_line", &renderer, &element, &marker)) {
        return NULL;
    }
    return inline_line_of(renderer, element, marker);
}

PyObject *mdpass_cell_line(PyObject *renderer, PyObject *cell) {
    if (!configured()) {
        return NULL;
    }
    return inline_line_of(renderer, cell, Py_None);
}

/* _has_block_child(element): 1, 0, or -1. */
static int has_block_child(PyObject *element) {
    PyObject *children = children_of(element);
    if (children == NULL || check_list(children, "children")) {
        Py_XDECREF(children);
        return -1;
    }
    int found = 0;
    for (Py_ssize_t i = 0; i < PyList_Size(children) && found == 0; i++) {
        PyObject *child = PyList_GetItem(children, i); /* borrowed; the list is held */
        if (child == NULL) {
            found = -1;
        } else if ((PyObject *)Py_TYPE(child) == element_type) {
            PyObject *tag = element_get(child, ELEMENT_TAG);
            found = tag == NULL ? -1 : PySet_Contains(block_tags, tag);
            Py_XDECREF(tag);
        }
    }
    Py_DECREF(children);
    return found;
}

/* The renderer's prefix_nesting; -1 with an error set. */
static Py_ssize_t prefix_nesting(PyObject *renderer) {
    PyObject *value = renderer_get(renderer, RENDERER_PREFIX_NESTING);
    if (value == NULL) {
        return -1;
    }
    Py_ssize_t nesting = PyLong_AsSsize_t(value);
    Py_DECREF(value);
    return nesting;
}

static int set_prefix_nesting(PyObject *renderer, Py_ssize_t nesting) {
    PyObject *value = PyLong_FromSsize_t(nesting);
    if (value == NULL) {
        return -1;
    }
    int status = renderer_set(renderer, RENDERER_PREFIX_NESTING, value);
    Py_DECREF(value);
    return status;
}

/* A collapsed line (UTF-8, not empty) as a str, through _escape_line_start when its first
 * character may start line markup (ASCII "#+->=~" or a digit, or any non-ASCII character, which
 * may be a Unicode digit). ``whole``: the str whose UTF-8 the line is, when it is all of it (then
 * no new str is made). New reference. */
static PyObject *finished_line(const char *line, Py_ssize_t size, PyObject *whole) {
    PyObject *text = whole;
    if (text != NULL) {
        Py_INCREF(text);
    } else {
        text = PyUnicode_DecodeUTF8(line, size, NULL);
    }
    unsigned char first = (unsigned char)line[0];
    if (text == NULL || !(first >= 0x80 || strchr("#+->=~0123456789", first) != NULL)) {
        return text;
    }
    PyObject *escaped = PyObject_CallFunctionObjArgs(escape_line_start_py, text, NULL);
    Py_DECREF(text);
    return escaped;
}

/* End a paragraph: its one line (``*single``, stolen) appended to ``out`` as it is
 * (HARD_BREAK.join of one line is that line), or HARD_BREAK.join(lines) with ``lines`` emptied.
 * 0 or -1. */
static int flush_lines(PyObject **single, PyObject *lines, PyObject *out) {
    if (*single != NULL) {
        PyObject *line = *single;
        *single = NULL;
        return append_new(out, line);
    }
    if (append_new(out, PyUnicode_Join(hard_break, lines))) {
        return -1;
    }
    return PyList_SetSlice(lines, 0, PyList_Size(lines), NULL);
}

/* Add a finished line (new reference, or NULL) to the paragraph: as ``*single`` when it is the
 * paragraph's first, else into ``*lines`` (made when first needed), the first one moved there
 * too. 0 or -1. */
static int add_line(PyObject *line, PyObject **single, PyObject **lines) {
    if (line == NULL) {
        return -1;
    }
    if (*single == NULL && (*lines == NULL || PyList_Size(*lines) == 0)) {
        *single = line;
        return 0;
    }
    if (*lines == NULL && (*lines = PyList_New(0)) == NULL) {
        Py_DECREF(line);
        return -1;
    }
    if (*single != NULL) {
        int moved = PyList_Append(*lines, *single);
        Py_CLEAR(*single);
        if (moved) {
            Py_DECREF(line);
            return -1;
        }
    }
    return append_new(*lines, line);
}

/* _paragraphs(inline, out): the run's text split at line breaks, each line whitespace-collapsed
 * (str.split's whitespace) and escaped at its start, lines joined by HARD_BREAK, a blank line
 * ending a paragraph. One pass over the text's UTF-8; a text with a lone surrogate goes to the
 * Python function. A paragraph of one line (most) is appended without a list or a join, and a
 * text that is already its one collapsed line is not copied. 0 or -1. */
static int paragraphs(PyObject *inline_run, PyObject *out) {
    PyObject *text = PyUnicode_Join(s_empty, inline_run);
    if (text == NULL) {
        return -1;
    }
    Py_ssize_t size;
    const char *utf8 = PyUnicode_AsUTF8AndSize(text, &size);
    if (utf8 == NULL) {
        PyErr_Clear();
        Py_DECREF(text);
        PyObject *answer = call2(paragraphs_py, inline_run, out);
        Py_XDECREF(answer);
        return answer == NULL ? -1 : 0;
    }
    const unsigned char *bytes = (const unsigned char *)utf8;
    char *line = malloc((size_t)size + 1);
    PyObject *lines = NULL, *single = NULL;
    int status = line == NULL ? -1 : 0;
    if (line == NULL) {
        PyErr_NoMemory();
    }
    Py_ssize_t written = 0;
    int gap = 0;
    for (Py_ssize_t i = 0; status == 0 && i <= size;) {
        if (i == size || bytes[i] == '\n') { /* the end of a line */
            if (written) {
                int whole = i == size && written == size && memcmp(line, bytes, (size_t)size) == 0;
                status = add_line(finished_line(line, written, whole ? text : NULL), &single, &lines);
            } else if (single != NULL || (lines != NULL && PyList_Size(lines))) {
                status = flush_lines(&single, lines, out);
            }
            written = gap = 0;
            i++;
            continue;
        }
        Py_ssize_t start = i;
        Py_UCS4 c = bytes[i] < 0x80 ? bytes[i++] : next_code_point(bytes, size, &i);
        if (is_space(c)) {
            gap = 1;
            continue;
        }
        /* the ASCII that follows up to a space is copied with it: one copy per word, not per
         * character (a call per character was most of this loop inside the component) */
        while (i < size && bytes[i] < 0x80 && !is_space(bytes[i])) {
            i++;
        }
        if (gap && written) {
            line[written++] = ' ';
        }
        gap = 0;
        memcpy(line + written, bytes + start, (size_t)(i - start));
        written += i - start;
    }
    if (status == 0 && (single != NULL || (lines != NULL && PyList_Size(lines)))) {
        status = flush_lines(&single, lines, out);
    }
    free(line);
    Py_XDECREF(single);
    Py_XDECREF(lines);
    Py_DECREF(text);
    return status;
}

/* Close the frame's inline run, if it has one: _paragraphs(inline, out). 0 or -1. */
static int close_run(Frame *frame, PyObject *out) {
    if (frame->out == NULL || PyList_Size(frame->out) == 0) {
        return 0;
    }
    int status = paragraphs(frame->out, out);
    Py_CLEAR(frame->out);
    return status;
}

/* The frame's inline run, made when first needed (borrowed), or NULL. */
static PyObject *run_of(Frame *frame) {
    if (frame->out == NULL) {
        frame->out = PyList_New(0);
    }
    return frame->out;
}

/* One element child met by blocks_into. 0 or -1. */
static int visit_block_child(PyObject *renderer, PyObject *open_markers, Stack *stack, PyObject *child, PyObject *out) {
    PyObject *tag, *attrs;
    if (tag_and_attrs(child, &tag, &attrs)) {
        return -1;
    }
    int status = -1;
    int skip = skipped(tag, attrs);
    if (skip) {
        status = skip < 0 ? -1 : 0;
        goto done;
    }
    PyObject *handler = PyDict_GetItemWithError(block_handlers, tag); /* borrowed */
    if (handler == NULL && PyErr_Occurred()) {
        goto done;
    }
    if (handler == NULL) {
        int block = PySet_Contains(block_tags, tag);
        if (block == 0) {
            block = has_block_child(child);
        }
        if (block < 0) {
            goto done;
        }
        if (!block) { /* inline content: the walk runs on the frame's run, above this frame */
            PyObject *run = run_of(&stack->frames[stack->len - 1]);
            if (run == NULL) {
                goto done;
            }
            Py_ssize_t floor = stack->len;
            Stack *inline_stack = stack; /* inline frames go on top and are all gone on return */
            status = start_inline(renderer, open_markers, inline_stack, child, run);
            if (status == 0) {
                status = run_inline(renderer, open_markers, inline_stack, floor);
            }
            goto done;
        }
    }
    if (close_run(&stack->frames[stack->len - 1], out)) {
        goto done;
    }
    int prefixing = PySet_Contains(prefixing_tags, tag);
    if (prefixing < 0) {
        goto done;
    }
    Py_ssize_t nesting = 0;
    if (prefixing && handler != NULL && (nesting = prefix_nesting(renderer)) < 0 && PyErr_Occurred()) {
        goto done;
    }
    if (handler == NULL || (prefixing && nesting >= max_prefix_nesting)) { /* a transparent container */
        PyObject *children = children_of(child);
        if (children != NULL) {
            status = push(stack, children, NULL, NULL, NULL, 0);
            Py_DECREF(children);
        }
        goto done;
    }
    if (prefixing && set_prefix_nesting(renderer, nesting + 1)) {
        goto done;
    }
    if (lists_is_list_handler(handler)) { /* list_block: in C (lists.c) */
        if (lists_list_block(renderer, child, out) < 0) {
            goto done;
        }
    } else {
        PyObject *answer = PyObject_CallFunctionObjArgs(handler, renderer, child, out, NULL);
        if (answer == NULL) {
            goto done;
        }
        Py_DECREF(answer);
    }
    if (prefixing) {
        nesting = prefix_nesting(renderer);
        if ((nesting < 0 && PyErr_Occurred()) || set_prefix_nesting(renderer, nesting - 1)) {
            goto done;
        }
    }
    status = 0;
done:
    Py_DECREF(attrs);
    Py_DECREF(tag);
    return status;
}

/* _MarkdownRenderer.blocks_into(children, out). */
static PyObject *mdpass_blocks_into(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *renderer, *children, *out;
    if (!PyArg_ParseTuple(args, "OOO:blocks_into", &renderer, &children, &out)) {
        return NULL;
    }
    if (mdpass_walk_blocks(renderer, children, out) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

int mdpass_walk_blocks(PyObject *renderer, PyObject *children, PyObject *out) {
    if (!configured() || check_list(out, "out")) {
        return -1;
    }
    PyObject *open_markers = open_markers_of(renderer);
    if (open_markers == NULL) {
        return -1;
    }
    Stack stack = {0};
    int status = push(&stack, children, NULL, NULL, NULL, 0);
    while (status == 0 && stack.len) {
        Frame *frame = &stack.frames[stack.len - 1];
        PyObject *child = next_child(frame);
        if (child == NULL) {
            status = close_run(frame, out);
            clear_frame(&stack.frames[--stack.len]);
            continue;
        }
        Py_INCREF(child);
        if (PyUnicode_Check(child)) {
            int keep = frame->out != NULL && PyList_Size(frame->out) > 0;
            if (!keep) {
                keep = is_all_space(child);
                keep = keep < 0 ? -1 : !keep;
            }
            if (keep < 0) {
                status = -1;
            } else if (keep) {
                PyObject *run = run_of(frame);
                status = run == NULL ? -1 : append_new(run, inline_text(child));
            }
        } else {
            status = visit_block_child(renderer, open_markers, &stack, child, out);
        }
        Py_DECREF(child);
    }
    PyObject *done = finish(&stack, open_markers, status);
    Py_XDECREF(done);
    return done == NULL ? -1 : 0;
}

/* For lists.c: the walk's own steps, as list_items takes them. */
int mdpass_paragraphs(PyObject *inline_run, PyObject *out) { return paragraphs(inline_run, out); }
PyObject *mdpass_inline_text(PyObject *text) { return inline_text(text); }
int mdpass_is_all_space(PyObject *text) { return is_all_space(text); }
int mdpass_tag_and_attrs(PyObject *element, PyObject **tag, PyObject **attrs) {
    return tag_and_attrs(element, tag, attrs);
}
int mdpass_skipped(PyObject *tag, PyObject *attrs) { return skipped(tag, attrs); }
int mdpass_append_new(PyObject *out, PyObject *value) { return append_new(out, value); }

static PyObject *mdpass_configure(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *given[18];
    Py_ssize_t max_nesting;
    if (!PyArg_ParseTuple(args, "OOOOOOOOOOOOOnOOOOO:configure", &given[0], &given[1], &given[2], &given[3], &given[4],
                          &given[5], &given[6], &given[7], &given[8], &given[9], &given[10], &given[11], &given[12],
                          &max_nesting, &given[13], &given[14], &given[15], &given[16], &given[17])) {
        return NULL;
    }
    if (!PyCallable_Check(given[13]) || !PyCallable_Check(given[14]) || !PyAnySet_Check(given[15]) ||
        !PyCallable_Check(given[16]) || !PyCallable_Check(given[17])) {
        PyErr_SetString(PyExc_TypeError, "configure: arguments 15-19 are the link handler, resolve_url, the "
                                         "permalink symbols (a set), _linked and http_origin");
        return NULL;
    }
    allocfunc alloc = PyType_Check(given[0]) ? (allocfunc)PyType_GetSlot((PyTypeObject *)given[0], Py_tp_alloc) : NULL;
    if (alloc == NULL) {
        PyErr_SetString(PyExc_TypeError, "configure: the first argument is the Element class");
        return NULL;
    }
    for (int i = 1; i < 4; i++) {
        if (!PyAnySet_Check(given[i])) {
            PyErr_SetString(PyExc_TypeError, "configure: arguments 2-4 are tag sets");
            return NULL;
        }
    }
    for (int i = 4; i < 7; i++) {
        if (!PyDict_Check(given[i])) {
            PyErr_SetString(PyExc_TypeError, "configure: arguments 5-7 are dicts by tag");
            return NULL;
        }
    }
    for (int i = 7; i < 12; i++) {
        if (!PyCallable_Check(given[i])) {
            PyErr_SetString(PyExc_TypeError, "configure: arguments 8-12 are callables");
            return NULL;
        }
    }
    if (!PyUnicode_Check(given[12])) {
        PyErr_SetString(PyExc_TypeError, "configure: argument 13 is the hard break (a str)");
        return NULL;
    }
    PyObject **slots[] = {&element_type,     &skipped_tags,   &block_tags,      &prefixing_tags, &emphasis_markers,
                          &block_handlers,   &inline_handlers, &inline_text_py, &collapse_py,    &wrapped_py,
                          &paragraphs_py,    &escape_line_start_py, &hard_break, &link_handler, &resolve_url_py,
                          &permalink_symbols, &linked_py, &http_origin_py};
    hold_all(slots, given, sizeof slots / sizeof slots[0]);
    max_prefix_nesting = max_nesting;
    Py_CLEAR(origin_of_base); /* asked again of the new http_origin */
    Py_CLEAR(base_origin);
    if (element_slots_find(element_type, alloc) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef mdpass_methods[] = {
    {"configure", mdpass_configure, METH_VARARGS, "Take markdown.py's tables and helpers (once, at its import)."},
    {"blocks_into", mdpass_blocks_into, METH_VARARGS, "engine.markdown._MarkdownRenderer.blocks_into, in C."},
    {"inline", mdpass_inline, METH_VARARGS, "engine.markdown._MarkdownRenderer.inline, in C."},
    {"inline_children", mdpass_inline_children, METH_VARARGS,
     "The loop of engine.markdown._MarkdownRenderer.inline_string, in C."},
    {"inline_line", mdpass_inline_line, METH_VARARGS,
     "engine.markdown._MarkdownRenderer.inline_line (and inline_line_within with a marker), in C."},
    {"table_rows", tables_table_rows, METH_O, "engine.markdown.table_rows_python, in C."},
    {"table_block", tables_table_block, METH_VARARGS,
     "engine.markdown._table_block(renderer, rows), in C: table_block(renderer, rows, padding_max, "
     "spanned_max)."},
    {"table_shape", tables_table_shape, METH_O, "engine.markdown.table_shape_python, in C."},
    {"nested_text", lists_nested_text, METH_O, "engine.markdown._text(block), in C."},
    {"configure_lists", lists_configure_lists, METH_VARARGS,
     "Take markdown.py's list handler, list tags, _Nested and list call-backs (once, at its import)."},
    {"configure_tables", tables_configure_tables, METH_VARARGS,
     "Take markdown.py's Element class and table tags (once, at its import)."},
    {"count_words", words_count_words, METH_O, "engine.plaintext.count_words_python's common branch, in C."},
    {"cjk_count", words_cjk_count, METH_O, "len(engine.plaintext._CJK_CHAR.findall(text)), in C."},
    {"line_counts", words_line_counts, METH_O, "engine.quality._line_counts_python(text), in C."},
    {"configure_lines", words_configure_lines, METH_VARARGS,
     "Take quality.py's sentence ends and closers (once, at its import)."},
    {"configure_words", words_configure_words, METH_VARARGS,
     "Take plaintext.py's word characters and spaceless ranges (once, at its import)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef mdpass_module = {
    PyModuleDef_HEAD_INIT, "_mdpass", "The Markdown renderer's walks and the word count (guest only).", -1, mdpass_methods, NULL, NULL,
    NULL,                  NULL,
};

PyMODINIT_FUNC PyInit__mdpass(void) {
    const InternedName names[] = {
        {&s_tag, "tag"},       {&s_attrs, "attrs"},   {&s_children, "children"},
        {&s_hidden, "hidden"}, {&renderer_names[RENDERER_OPEN_MARKERS], "open_markers"},
        {&renderer_names[RENDERER_PREFIX_NESTING], "prefix_nesting"},
        {&s_space, " "},       {&s_empty, ""},        {&s_blank_line, "\n\n"},
        {&renderer_names[RENDERER_IN_LINK], "in_link"}, {&renderer_names[RENDERER_BASE_URL], "base_url"},
        {&s_href, "href"},     {&s_get, "get"},
        {&s_link_start, "["},  {&s_link_middle, "]("}, {&s_link_end, ")"},
    };
    if (intern_names(names, sizeof(names) / sizeof(names[0])) || tables_init() || lists_init()) {
        return NULL;
    }
    return PyModule_Create(&mdpass_module);
}
