/* The tree builder of riptide.engine.dom, in C, for the guest component only.
 *
 * Why: after the C tokenizer, dom.build's per-token loop (and Element.__init__ per element) was
 * the largest Python loop left in the guest. This reads the tokenizer's int32 records and makes
 * the tree directly: Element objects, their children lists and attribute dicts, the element
 * lists of the Document, with no Python bytecode per token.
 *
 * Contract: the same tree as dom._build_python for the same records, rule for rule (implied
 * ends, scope boundaries, the open_at positions, MAX_DEPTH, head/body placement, joining of split
 * text, RCDATA, link elements, body_elements order, element count). The rule *tables* are not
 * restated here: dom.py hands them over once (`configure`) from its frozensets. Guarantees: no
 * recursion; time linear in the records (a scope question is a few look-ups and a binary search
 * in the per-tag position arrays, as in dom.py, never a walk of the stack); every allocation
 * failure ends the build with MemoryError and frees what was made.
 *
 * Elements: the cheapest way under the Limited API to make an instance of a Python class with
 * __slots__ is its tp_alloc plus direct writes into the slots, whose offsets `configure` finds
 * with slots_probe.h (no layout is assumed). If that ever fails, each slot is set by
 * PyObject_SetAttr instead.
 */
#include "fastscan.h"
#include "slots_probe.h"

#include <stdlib.h>
#include <string.h>

/* Per-tag flags, composed by dom.py from its tag sets (exported as module constants). */
enum {
    FLAG_VOID = 1,
    FLAG_RAW_TEXT = 2,
    FLAG_RCDATA = 4,
    FLAG_HEAD = 8,
    FLAG_LINK = 16,
    FLAG_CLOSES_P = 32,
    FLAG_SCOPE_BOUNDARY = 64,
};
#define NOT_OPENED (FLAG_VOID | FLAG_RAW_TEXT | FLAG_RCDATA)

/* An implied-end rule: a start tag closes the outermost open `closes` above the nearest open
 * `boundaries` (dom._Builder._close_within). */
typedef struct {
    int32_t *closes;
    int32_t close_count;
    int32_t *boundaries;
    int32_t boundary_count;
} Rule;

enum { SLOT_TAG, SLOT_ATTRS, SLOT_CHILDREN, SLOT_PARENT, SLOT_COUNT };
static const char *const SLOT_NAMES[SLOT_COUNT] = {"tag", "attrs", "children", "parent"};

/* What `configure` stored: dom.py's tables, by tag id (ids index every array here). */
static struct {
    PyObject *element_type;
    allocfunc alloc;
    Py_ssize_t slot_offsets[SLOT_COUNT]; /* 0: unknown, set by PyObject_SetAttr */
    PyObject *slot_names[SLOT_COUNT];
    PyObject *tag_ids; /* dict: tag name -> id, for every tag the rules name */
    int32_t tag_count;
    int32_t *flags;
    Rule *rules;       /* per id; close_count 0 when the tag has no rule */
    Rule p_closing;    /* what a start tag with FLAG_CLOSES_P closes */
    Rule scope;        /* SCOPE_BOUNDARY: what an end tag may not close past */
    int32_t html, head, body, br, p;
    int32_t max_depth;
} config;

typedef struct {
    int32_t *items;
    int32_t len;
    int32_t cap;
} Positions;

typedef struct {
    PyObject *element;  /* borrowed: its parent's children list owns it */
    PyObject *children; /* borrowed: the element's children list */
    int32_t tag;
    int split; /* given a text piece right after another: joined at the end */
} Open;

typedef struct {
    const Records *records;
    PyObject *tag_ids; /* config.tag_ids plus this document's other tags */
    int32_t tag_count;
    int32_t tag_cap;
    Positions *open_at; /* per tag id: stack positions where it is open, innermost last */
    Open *stack;
    int32_t depth;
    PyObject *root, *head, *body; /* owned */
    PyObject *head_children;      /* borrowed from head */
    PyObject *body_elements, *link_elements;
    PyObject *split; /* list of elements whose adjacent text pieces are joined at the end */
    int in_body;
} Builder;

/* -- elements ----------------------------------------------------------------------------------- */

static int set_slot(PyObject *element, int slot, PyObject *value) {
    Py_ssize_t offset = config.slot_offsets[slot];
    if (offset) {
        *(PyObject **)((char *)element + offset) = value; /* tp_alloc zeroed it */
        return 0;
    }
    int failed = PyObject_SetAttr(element, config.slot_names[slot], value);
    Py_DECREF(value);
    return failed;
}

/* A new Element(tag, attrs, parent) with an empty children list (returned borrowed in
 * `children`). Steals `attrs`. */
static PyObject *new_element(PyObject *tag, PyObject *attrs, PyObject *parent, PyObject **children) {
    PyObject *element = config.alloc((PyTypeObject *)config.element_type, 0);
    PyObject *list = PyList_New(0);
    if (element == NULL || list == NULL) {
        Py_XDECREF(element);
        Py_XDECREF(list);
        Py_DECREF(attrs);
        return NULL;
    }
    *children = list;
    Py_INCREF(tag);
    Py_INCREF(parent);
    int failed = set_slot(element, SLOT_TAG, tag);
    failed |= set_slot(element, SLOT_ATTRS, attrs);
    failed |= set_slot(element, SLOT_CHILDREN, list);
    failed |= set_slot(element, SLOT_PARENT, parent);
    if (failed) {
        Py_DECREF(element);
        return NULL;
    }
    return element;
}

int treebuild_is_element(PyObject *node) { return (PyObject *)Py_TYPE(node) == config.element_type; }

/* A slot of an element (new reference): read in place for an Element, else by attribute. */
static PyObject *slot_of(PyObject *element, int slot) {
    Py_ssize_t offset = treebuild_is_element(element) ? config.slot_offsets[slot] : 0;
    return slot_read(element, offset, config.slot_names[slot]);
}

PyObject *treebuild_children(PyObject *element) {
    PyObject *children = slot_of(element, SLOT_CHILDREN);
    if (children != NULL && !PyList_Check(children)) { /* the Python walks take any sequence */
        PyObject *list = PySequence_List(children);
        Py_DECREF(children);
        children = list;
    }
    return children;
}

PyObject *treebuild_tag(PyObject *element) { return slot_of(element, SLOT_TAG); }

int treebuild_clear_parent(PyObject *element) {
    Py_ssize_t offset = treebuild_is_element(element) ? config.slot_offsets[SLOT_PARENT] : 0;
    return slot_write(element, offset, config.slot_names[SLOT_PARENT], Py_None);
}

/* Where `configure` looks for the slots (slots_probe.h). */
static int find_slot_offsets(void) {
    return slots_probe(config.element_type, config.alloc, config.slot_names, SLOT_COUNT, config.slot_offsets);
}

/* -- configure ---------------------------------------------------------------------------------- */

/* The id of `name` in `ids` (adding it with the next id when `add`), or -1 (error or absent). */
static int32_t tag_id_in(PyObject *ids, PyObject *name, int32_t *count, int add) {
    PyObject *found = PyDict_GetItemWithError(ids, name);
    if (found != NULL) {
        return (int32_t)PyLong_AsLong(found);
    }
    if (PyErr_Occurred() || !add) {
        return -1;
    }
    PyObject *id = PyLong_FromLong(*count);
    if (id == NULL || PyDict_SetItem(ids, name, id) < 0) {
        Py_XDECREF(id);
        return -1;
    }
    Py_DECREF(id);
    return (*count)++;
}

static int32_t configured_id(const char *name) {
    PyObject *key = PyUnicode_InternFromString(name);
    int32_t id = key == NULL ? -1 : tag_id_in(config.tag_ids, key, &config.tag_count, 1);
    Py_XDECREF(key);
    return id;
}

/* A sequence of tag names as ids (adding unknown names). */
static int ids_of(PyObject *names, int32_t **ids, int32_t *count) {
    PyObject *sequence = PySequence_Tuple(names);
    if (sequence == NULL) {
        return -1;
    }
    Py_ssize_t length = PyTuple_Size(sequence);
    *ids = malloc((size_t)(length ? length : 1) * sizeof(int32_t));
    if (*ids == NULL) {
        Py_DECREF(sequence);
        PyErr_NoMemory();
        return -1;
    }
    *count = (int32_t)length;
    for (Py_ssize_t i = 0; i < length; i++) {
        (*ids)[i] = tag_id_in(config.tag_ids, PyTuple_GetItem(sequence, i), &config.tag_count, 1);
        if ((*ids)[i] < 0) {
            Py_DECREF(sequence);
            return -1;
        }
    }
    Py_DECREF(sequence);
    return 0;
}

/* A (closes, boundaries) pair of tag-name sequences as a Rule. */
static int rule_of(PyObject *pair, Rule *rule) {
    PyObject *closes = PySequence_GetItem(pair, 0), *boundaries = PySequence_GetItem(pair, 1);
    int failed = closes == NULL || boundaries == NULL || ids_of(closes, &rule->closes, &rule->close_count) ||
                 ids_of(boundaries, &rule->boundaries, &rule->boundary_count);
    Py_XDECREF(closes);
    Py_XDECREF(boundaries);
    return failed ? -1 : 0;
}

/* configure(element_type, tag_flags, implied_end, p_closing, max_depth): once, from dom.py. */
PyObject *treebuild_configure(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *element_type, *tag_flags, *implied_end, *p_closing;
    int max_depth;
    if (!PyArg_ParseTuple(args, "OO!O!Oi:configure", &element_type, &PyDict_Type, &tag_flags, &PyDict_Type,
                          &implied_end, &p_closing, &max_depth)) {
        return NULL;
    }
    if (config.element_type != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "configure(): already configured");
        return NULL;
    }
    if (!PyType_Check(element_type) || max_depth < 3) {
        PyErr_SetString(PyExc_TypeError, "configure(): element_type must be a class, max_depth >= 3");
        return NULL;
    }
    Py_INCREF(element_type);
    config.element_type = element_type;
    config.alloc = (allocfunc)PyType_GetSlot((PyTypeObject *)element_type, Py_tp_alloc);
    config.max_depth = max_depth;
    config.tag_ids = PyDict_New();
    if (config.alloc == NULL || config.tag_ids == NULL) {
        return NULL;
    }
    for (int slot = 0; slot < SLOT_COUNT; slot++) {
        if ((config.slot_names[slot] = PyUnicode_InternFromString(SLOT_NAMES[slot])) == NULL) {
            return NULL;
        }
    }
    if (find_slot_offsets()) {
        return NULL;
    }
    /* Ids: the flagged tags, the special ones, then every tag a rule names. */
    PyObject *name, *value;
    Py_ssize_t at = 0;
    while (PyDict_Next(tag_flags, &at, &name, &value)) {
        if (tag_id_in(config.tag_ids, name, &config.tag_count, 1) < 0) {
            return NULL;
        }
    }
    if ((config.html = configured_id("html")) < 0 || (config.head = configured_id("head")) < 0 ||
        (config.body = configured_id("body")) < 0 || (config.br = configured_id("br")) < 0 ||
        (config.p = configured_id("p")) < 0) {
        return NULL;
    }
    if (rule_of(p_closing, &config.p_closing)) {
        return NULL;
    }
    /* Rules may name more tags: ids first, then the arrays sized by the final count. */
    Rule *found_rules = calloc((size_t)PyDict_Size(implied_end) + 1, sizeof(Rule));
    int32_t *rule_tags = calloc((size_t)PyDict_Size(implied_end) + 1, sizeof(int32_t));
    if (found_rules == NULL || rule_tags == NULL) {
        free(found_rules);
        free(rule_tags);
        return PyErr_NoMemory();
    }
    int32_t rule_count = 0;
    at = 0;
    while (PyDict_Next(implied_end, &at, &name, &value)) {
        rule_tags[rule_count] = tag_id_in(config.tag_ids, name, &config.tag_count, 1);
        if (rule_tags[rule_count] < 0 || rule_of(value, &found_rules[rule_count])) {
            return NULL; /* configure runs once at import: a failure fails the import */
        }
        rule_count++;
    }
    config.flags = calloc((size_t)config.tag_count, sizeof(int32_t));
    config.rules = calloc((size_t)config.tag_count, sizeof(Rule));
    if (config.flags == NULL || config.rules == NULL) {
        return PyErr_NoMemory();
    }
    for (int32_t r = 0; r < rule_count; r++) {
        config.rules[rule_tags[r]] = found_rules[r];
    }
    free(found_rules);
    free(rule_tags);
    at = 0;
    while (PyDict_Next(tag_flags, &at, &name, &value)) {
        long flags = PyLong_AsLong(value);
        if (flags == -1 && PyErr_Occurred()) {
            return NULL;
        }
        config.flags[tag_id_in(config.tag_ids, name, &config.tag_count, 0)] = (int32_t)flags;
    }
    /* SCOPE_BOUNDARY, as the ids flagged so. */
    config.scope.boundaries = malloc((size_t)config.tag_count * sizeof(int32_t));
    if (config.scope.boundaries == NULL) {
        return PyErr_NoMemory();
    }
    for (int32_t id = 0; id < config.tag_count; id++) {
        if (config.flags[id] & FLAG_SCOPE_BOUNDARY) {
            config.scope.boundaries[config.scope.boundary_count++] = id;
        }
    }
    Py_RETURN_NONE;
}

int treebuild_add_constants(PyObject *module) {
    return PyModule_AddIntConstant(module, "FLAG_VOID", FLAG_VOID) ||
           PyModule_AddIntConstant(module, "FLAG_RAW_TEXT", FLAG_RAW_TEXT) ||
           PyModule_AddIntConstant(module, "FLAG_RCDATA", FLAG_RCDATA) ||
           PyModule_AddIntConstant(module, "FLAG_HEAD", FLAG_HEAD) ||
           PyModule_AddIntConstant(module, "FLAG_LINK", FLAG_LINK) ||
           PyModule_AddIntConstant(module, "FLAG_CLOSES_P", FLAG_CLOSES_P) ||
           PyModule_AddIntConstant(module, "FLAG_SCOPE_BOUNDARY", FLAG_SCOPE_BOUNDARY);
}

int32_t treebuild_configured_id(PyObject *name) {
    PyObject *found = config.tag_ids == NULL ? NULL : PyDict_GetItemWithError(config.tag_ids, name);
    long id = found == NULL ? -1 : PyLong_AsLong(found);
    if (PyErr_Occurred()) {
        PyErr_Clear();
        return -1;
    }
    return (int32_t)id;
}

/* -- the open-element stack (dom._Builder) ------------------------------------------------------ */

static int32_t flags_of(int32_t tag) { return tag < config.tag_count ? config.flags[tag] : 0; }

/* The id of a tag name in this document (new names get new ids and empty position arrays). */
static int32_t document_tag_id(Builder *builder, PyObject *name) {
    int32_t id = tag_id_in(builder->tag_ids, name, &builder->tag_count, 1);
    if (id < 0) {
        return -1;
    }
    if (builder->tag_count > builder->tag_cap) {
        int32_t cap = builder->tag_cap * 2;
        Positions *grown = realloc(builder->open_at, (size_t)cap * sizeof(Positions));
        if (grown == NULL) {
            builder->tag_count--; /* keep the arrays consistent for cleanup */
            PyErr_NoMemory();
            return -1;
        }
        memset(grown + builder->tag_cap, 0, (size_t)(cap - builder->tag_cap) * sizeof(Positions));
        builder->open_at = grown;
        builder->tag_cap = cap;
    }
    return id;
}

/* The tag name at [start, end) (new reference in *tag, NULL on error) and its id in this
 * document: from the name cache when it knows it, else from the dict (and then remembered). */
static int32_t tag_id(Builder *builder, int32_t start, int32_t end, PyObject **tag) {
    int32_t id;
    CachedName *slot;
    *tag = lowered_tag_name(builder->records, start, end, &id, &slot);
    if (*tag == NULL || id >= 0) {
        return *tag == NULL ? -1 : id;
    }
    id = document_tag_id(builder, *tag);
    if (id >= 0) {
        remember_tag_id(slot, *tag, id);
    }
    return id;
}

static int32_t innermost_of(const Positions *positions) {
    return positions->len ? positions->items[positions->len - 1] : 0;
}

/* Stack position of the innermost open element among `tags`; 1 (<body>) if none. */
static int32_t innermost_open(const Builder *builder, const int32_t *tags, int32_t count) {
    int32_t innermost = 1;
    for (int32_t i = 0; i < count; i++) {
        int32_t at = innermost_of(&builder->open_at[tags[i]]);
        if (at > innermost) {
            innermost = at;
        }
    }
    return innermost;
}

static int push_open(Builder *builder, PyObject *element, PyObject *children, int32_t tag) {
    Positions *positions = &builder->open_at[tag];
    if (positions->len == positions->cap) {
        int32_t cap = positions->cap ? positions->cap * 2 : 4;
        int32_t *grown = realloc(positions->items, (size_t)cap * sizeof(int32_t));
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        positions->items = grown;
        positions->cap = cap;
    }
    positions->items[positions->len++] = builder->depth;
    builder->stack[builder->depth++] = (Open){element, children, tag, 0};
    return 0;
}

static int pop_to(Builder *builder, int32_t index) {
    while (builder->depth > index) {
        Open *top = &builder->stack[--builder->depth];
        builder->open_at[top->tag].len--;
        if (top->split && PyList_Append(builder->split, top->element) < 0) {
            return -1;
        }
    }
    return 0;
}

/* dom._Builder._close_within: the outermost open `closes` above the nearest open boundary. */
static int close_within(Builder *builder, const Rule *rule) {
    int32_t floor = innermost_open(builder, rule->boundaries, rule->boundary_count);
    int32_t target = 0;
    for (int32_t i = 0; i < rule->close_count; i++) {
        const Positions *positions = &builder->open_at[rule->closes[i]];
        if (positions->len && positions->items[positions->len - 1] > floor) {
            int32_t low = 0, high = positions->len; /* bisect_right(positions, floor) */
            while (low < high) {
                int32_t middle = low + (high - low) / 2;
                if (floor < positions->items[middle]) {
                    high = middle;
                } else {
                    low = middle + 1;
                }
            }
            int32_t outermost = positions->items[low];
            if (!target || outermost < target) {
                target = outermost;
            }
        }
    }
    return target ? pop_to(builder, target) : 0;
}

static int close_implied(Builder *builder, int32_t tag) {
    if ((flags_of(tag) & FLAG_CLOSES_P) && builder->open_at[config.p].len &&
        close_within(builder, &config.p_closing)) {
        return -1;
    }
    if (tag >= config.tag_count || !config.rules[tag].close_count) {
        return 0;
    }
    const Rule *rule = &config.rules[tag];
    for (int32_t i = 0; i < rule->close_count; i++) {
        if (builder->open_at[rule->closes[i]].len) {
            return close_within(builder, rule);
        }
    }
    return 0;
}

/* attrs.setdefault(k, v) for each attribute of a repeated <html>/<head>/<body>. */
static int merge_attrs(PyObject *element, PyObject *attrs) {
    PyObject *into = PyObject_GetAttr(element, config.slot_names[SLOT_ATTRS]);
    PyObject *name, *value;
    Py_ssize_t at = 0;
    int failed = into == NULL;
    while (!failed && PyDict_Next(attrs, &at, &name, &value)) {
        int present = PyDict_Contains(into, name);
        failed = present < 0 || (!present && PyDict_SetItem(into, name, value) < 0);
    }
    Py_XDECREF(into);
    Py_DECREF(attrs);
    return failed ? -1 : 0;
}

/* dom._Builder.start: open an element (into *made, borrowed, with its children list) or merge
 * the attributes of <html>/<head>/<body> (*made NULL). Steals `attrs`. */
static int start_element(Builder *builder, PyObject *tag, int32_t id, PyObject *attrs, PyObject **made,
                         PyObject **children) {
    *made = NULL;
    if (id == config.html) {
        return merge_attrs(builder->root, attrs);
    }
    if (id == config.head) {
        return merge_attrs(builder->head, attrs);
    }
    if (id == config.body) {
        builder->in_body = 1;
        return merge_attrs(builder->body, attrs);
    }
    int32_t flags = flags_of(id);
    if (!builder->in_body) {
        if (flags & FLAG_HEAD) {
            PyObject *element = new_element(tag, attrs, builder->head, children);
            if (element == NULL || PyList_Append(builder->head_children, element) < 0) {
                Py_XDECREF(element);
                return -1;
            }
            Py_DECREF(element);
            *made = element;
            return 0;
        }
        builder->in_body = 1;
    }
    if (close_implied(builder, id)) {
        Py_DECREF(attrs);
        return -1;
    }
    Open *parent = &builder->stack[builder->depth - 1];
    PyObject *element = new_element(tag, attrs, parent->element, children);
    if (element == NULL || PyList_Append(parent->children, element) < 0 ||
        PyList_Append(builder->body_elements, element) < 0) {
        Py_XDECREF(element);
        return -1;
    }
    Py_DECREF(element);
    *made = element;
    if (!(flags & NOT_OPENED) && builder->depth < config.max_depth) {
        return push_open(builder, element, *children, id);
    }
    return 0;
}

/* dom._Builder.end, with build's fast path (closing the current element) first. */
static int end_element(Builder *builder, PyObject *tag, int32_t id) {
    if (builder->depth > 2 && builder->stack[builder->depth - 1].tag == id) {
        return pop_to(builder, builder->depth - 1);
    }
    if (id == config.html || id == config.body || id == config.head) {
        return 0;
    }
    PyObject *made, *children;
    if (id == config.br || (id == config.p && !builder->open_at[config.p].len)) {
        /* </br> is <br>; a stray </p> makes an empty paragraph (then closed below), as in browsers */
        PyObject *attrs = PyDict_New();
        if (attrs == NULL || start_element(builder, tag, id, attrs, &made, &children)) {
            return -1;
        }
        if (id == config.br) {
            return 0;
        }
    }
    const Positions *positions = &builder->open_at[id];
    if (!positions->len) {
        return 0;
    }
    int32_t index = positions->items[positions->len - 1];
    if (innermost_open(builder, config.scope.boundaries, config.scope.boundary_count) <= index) {
        return pop_to(builder, index);
    }
    return 0;
}

/* A text piece for the current element (dom._Builder.text). */
static int add_text(Builder *builder, int32_t start, int32_t end) {
    if (!builder->in_body) {
        int blank = 1;
        for (int32_t i = start; i < end && blank; i++) {
            blank = is_space(builder->records->text[i]);
        }
        if (blank) {
            return 0;
        }
        builder->in_body = 1;
    }
    PyObject *text = text_slice(builder->records, start, end, 1);
    if (text == NULL) {
        return -1;
    }
    Open *top = &builder->stack[builder->depth - 1];
    Py_ssize_t count = PyList_Size(top->children);
    if (count > 0 && PyUnicode_Check(PyList_GetItem(top->children, count - 1))) {
        top->split = 1;
    }
    int failed = PyList_Append(top->children, text);
    Py_DECREF(text);
    return failed;
}

/* dom._Builder.join_split_text for one element: each run of text pieces becomes one string. */
static int join_text_runs(PyObject *element) {
    PyObject *children = PyObject_GetAttr(element, config.slot_names[SLOT_CHILDREN]);
    PyObject *joined = PyList_New(0), *empty = PyUnicode_FromString("");
    int failed = children == NULL || joined == NULL || empty == NULL;
    Py_ssize_t count = failed ? 0 : PyList_Size(children), run = 0;
    for (Py_ssize_t i = 0; i <= count && !failed; i++) {
        PyObject *child = i < count ? PyList_GetItem(children, i) : NULL;
        if (child != NULL && PyUnicode_Check(child)) {
            run++;
            continue;
        }
        if (run == 1) {
            failed = PyList_Append(joined, PyList_GetItem(children, i - 1)) < 0;
        } else if (run > 1) {
            PyObject *pieces = PyList_GetSlice(children, i - run, i);
            PyObject *text = pieces == NULL ? NULL : PyUnicode_Join(empty, pieces);
            failed = text == NULL || PyList_Append(joined, text) < 0;
            Py_XDECREF(pieces);
            Py_XDECREF(text);
        }
        run = 0;
        if (!failed && child != NULL) {
            failed = PyList_Append(joined, child) < 0;
        }
    }
    failed = failed || PyList_SetSlice(children, 0, count, joined) < 0;
    Py_XDECREF(children);
    Py_XDECREF(joined);
    Py_XDECREF(empty);
    return failed ? -1 : 0;
}

/* -- build -------------------------------------------------------------------------------------- */

static int builder_init(Builder *builder, const Records *records) {
    memset(builder, 0, sizeof *builder);
    builder->records = records;
    if (++tag_id_document == UINT32_MAX) { /* ids the name cache remembers are of documents before */
        tag_id_document = 1;
    }
    builder->tag_ids = PyDict_Copy(config.tag_ids);
    builder->tag_count = config.tag_count;
    builder->tag_cap = config.tag_count * 2;
    builder->open_at = calloc((size_t)builder->tag_cap, sizeof(Positions));
    builder->stack = malloc((size_t)config.max_depth * sizeof(Open));
    builder->body_elements = PyList_New(0);
    builder->link_elements = PyList_New(0);
    builder->split = PyList_New(0);
    if (builder->tag_ids == NULL || builder->open_at == NULL || builder->stack == NULL ||
        builder->body_elements == NULL || builder->link_elements == NULL || builder->split == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_NoMemory();
        }
        return -1;
    }
    /* root = Element("html"); head and body under it; the stack is [root, body]. */
    PyObject *names[3] = {PyUnicode_InternFromString("html"), PyUnicode_InternFromString("head"),
                          PyUnicode_InternFromString("body")};
    PyObject *root_children = NULL, *body_children = NULL;
    int failed = names[0] == NULL || names[1] == NULL || names[2] == NULL;
    if (!failed) {
        PyObject *attrs = PyDict_New();
        builder->root = attrs == NULL ? NULL : new_element(names[0], attrs, Py_None, &root_children);
        attrs = builder->root == NULL ? NULL : PyDict_New();
        builder->head = attrs == NULL ? NULL : new_element(names[1], attrs, builder->root, &builder->head_children);
        attrs = builder->head == NULL ? NULL : PyDict_New();
        builder->body = attrs == NULL ? NULL : new_element(names[2], attrs, builder->root, &body_children);
        failed = builder->body == NULL || PyList_Append(root_children, builder->head) < 0 ||
                 PyList_Append(root_children, builder->body) < 0;
    }
    for (int i = 0; i < 3; i++) {
        Py_XDECREF(names[i]);
    }
    if (failed) {
        return -1;
    }
    builder->stack[0] = (Open){builder->root, root_children, config.html, 0};
    builder->stack[1] = (Open){builder->body, body_children, config.body, 0};
    builder->depth = 2;
    return 0;
}

static void builder_free(Builder *builder) {
    if (builder->open_at != NULL) {
        for (int32_t id = 0; id < builder->tag_count; id++) {
            free(builder->open_at[id].items);
        }
    }
    free(builder->open_at);
    free(builder->stack);
    Py_XDECREF(builder->tag_ids);
    Py_XDECREF(builder->root);
    Py_XDECREF(builder->head);
    Py_XDECREF(builder->body);
    Py_XDECREF(builder->body_elements);
    Py_XDECREF(builder->link_elements);
    Py_XDECREF(builder->split);
}

/* dom._build_python's loop over the records. */
static int build_tree(Builder *builder) {
    const Records *records = builder->records;
    const int32_t *data = records->out.data;
    size_t i = 0, length = records->out.len;
    PyObject *element = NULL, *children = NULL; /* the last start tag's element, for its raw text */
    int32_t element_flags = 0;
    while (i < length) {
        int32_t kind = data[i];
        if (kind == TOKEN_TEXT) {
            if (add_text(builder, data[i + 1], data[i + 2])) {
                return -1;
            }
            i += 3;
        } else if (kind == TOKEN_RAW) {
            if (data[i + 2] > data[i + 1] && element != NULL) {
                PyObject *raw = text_slice(records, data[i + 1], data[i + 2], element_flags & FLAG_RCDATA);
                int failed = raw == NULL || PyList_Append(children, raw) < 0;
                Py_XDECREF(raw);
                if (failed) {
                    return -1;
                }
            }
            i += 3;
        } else if (kind == TOKEN_END) {
            PyObject *tag;
            int32_t id = tag_id(builder, data[i + 1], data[i + 2], &tag);
            int failed = id < 0 || end_element(builder, tag, id);
            Py_XDECREF(tag);
            if (failed) {
                return -1;
            }
            i += 3;
        } else {
            int32_t count = data[i + 3];
            PyObject *tag;
            int32_t id = tag_id(builder, data[i + 1], data[i + 2], &tag);
            PyObject *attrs = id < 0 ? NULL : attributes_dict(records, data + i + 4, count);
            id = attrs == NULL ? -1 : id;
            if (id < 0) {
                Py_XDECREF(attrs);
            }
            int failed = id < 0 || start_element(builder, tag, id, attrs, &element, &children);
            element_flags = id < 0 ? 0 : flags_of(id);
            if (!failed && element != NULL && (element_flags & FLAG_LINK)) {
                failed = PyList_Append(builder->link_elements, element) < 0;
            }
            Py_XDECREF(tag);
            if (failed) {
                return -1;
            }
            i += 4 + 4 * (size_t)count;
        }
    }
    for (int32_t d = 0; d < builder->depth; d++) {
        if (builder->stack[d].split && PyList_Append(builder->split, builder->stack[d].element) < 0) {
            return -1;
        }
    }
    Py_ssize_t split_count = PyList_Size(builder->split);
    for (Py_ssize_t s = 0; s < split_count; s++) {
        if (join_text_runs(PyList_GetItem(builder->split, s))) {
            return -1;
        }
    }
    return 0;
}

/* build(records) -> (root, head, body, element_count, link_elements, body_elements) */
PyObject *treebuild_build(PyObject *module, PyObject *capsule) {
    (void)module;
    if (config.element_type == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "build(): configure() was not called");
        return NULL;
    }
    Records *records = PyCapsule_GetPointer(capsule, RECORDS_CAPSULE);
    if (records == NULL) {
        return NULL;
    }
    Builder builder;
    PyObject *result = NULL;
    if (builder_init(&builder, records) == 0 && build_tree(&builder) == 0) {
        /* dom.build's count: <html>, <head>, <body>, and every element made */
        Py_ssize_t count = 3 + PyList_Size(builder.head_children) + PyList_Size(builder.body_elements);
        result = Py_BuildValue("(OOOnOO)", builder.root, builder.head, builder.body, count,
                               builder.link_elements, builder.body_elements);
    }
    builder_free(&builder);
    return result;
}
