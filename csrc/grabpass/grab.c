/* _grabpass: the article pass's grab walk, in C, for the guest only.
 *
 * Why: engine.article._grab visits every element of the body once per attempt (up to four per
 * page) and asks each the set-aside rules (box label, hidden, dialog, byline, unlikely by
 * class/id or role, pop-up, title heading, empty block) and, for a div, whether it is really a
 * paragraph. It was the costliest Python of the article pass inside the component, yet on most
 * elements no rule fires: their only attributes are class and id, whose names the patterns
 * have already judged (article_rules.NameMemo), and a div holding blocks stays a div. This
 * module walks the tree without bytecode and takes article._grab_node's steps in its order,
 * calling back into Python for each step it cannot rule out (the Python functions stay the
 * one statement of the rules). It is compiled for wasm32-wasi only and staged into the
 * component by sandbox/build.py; the host never loads it.
 *
 * Each screen is conservative: it rules a step out only when the step certainly does nothing.
 *   on_box (_set_aside_box), first attempt: a furniture-line block whose text measures
 *     0 < t <= BOX_LABEL_MAX and is a box label (is_box_label: the walk reads the text into
 *     code points with Element.text's walk, and makes it a str to match article_rules.BOX_LABEL
 *     only when it opens with one of its literals, BOX_LABEL_OPENINGS' C table; ~22 of the
 *     ~17,500 blocks so measured over the corpora are labels);
 *   on_set_aside (_set_aside_node): an attribute of SET_ASIDE_ATTRIBUTES (not one of
 *     VISIBILITY_ATTRIBUTES) whose value, lower-cased, holds one of its words; while the page's
 *     byline is still to be found (page.byline_seen false), a class or id the byline pattern
 *     hits. When one of VISIBILITY_ATTRIBUTES holds its words, the walk asks the rule itself
 *     (is_probably_visible, _set_aside's first) and drops a hidden node as _set_aside_node
 *     does (no title note for a hidden node): hidden nodes were most of the calls left;
 *   when nothing above may fire, only _set_aside's unlikely-candidate rules are left (first
 *     attempt), and the walk settles them itself: an unlikely name without a "maybe" word, on a
 *     tag not in NEVER_UNLIKELY_TAGS, with no UNLIKELY_SPARED_UNDER tag among its nearest
 *     ancestors; a div or section that opens with a dismiss control (the walk reads
 *     opens_with_close_control's memo, measure bound and pattern CLOSE_CONTROL_TEXT itself,
 *     the text through the C text walk; on_close only for a first child or measure not as the
 *     article pass makes them); an implicit role of
 *     UNLIKELY_ROLES (a <nav>, an <aside>) with no role stated. Such a node is visible, so the
 *     walk asks on_heading (article._notes_title_heading) of each h1/h2 below it until one
 *     repeats the title (_holds_title_heading: it notes the prose), then drops it as
 *     article._drop does (its text out of its ancestors' measures, weighed by link_weight at
 *     each <a>). Why: these were most of _set_aside_node's 11.8k calls over the corpora;
 *     hidden nodes, dialogs, bylines and stated roles still go to _set_aside_node;
 *   on_empty (_set_aside_empty_or_title): h1/h2 (the title heading); an EMPTY_DROPPABLE block
 *     measuring no text and holding nothing but <br>/<hr> is set aside here, as _drop does one
 *     without text (it joins ``dropped``, no measure changes);
 *   _paragraphs_from_div: a div not in holds_blocks, or with text, an inline (PHRASING or
 *     TRANSPARENT_PHRASING) child or a lone <p> child, is made paragraphs in C (paragraphs.c);
 *     on_div only when a measure or parent link there is not as the article pass makes them.
 * Contract: grab(...) leaves the attempt (dropped, to_score, measures) and the tree exactly as
 * article._grab's Python walk does; a test compares the two inside the guest on both corpora,
 * markup soup and hostile nesting. The tables and the class/id memos come from Python at
 * import (configure). No recursion: a heap stack of (node, position) as the Python walk keeps;
 * linear in the size of the tree.
 *
 *   configure(furniture_line_tags, unlikely_role_tags, empty_droppable, tags_to_score, phrasing,
 *             transparent_phrasing, set_aside_attributes, never_unlikely_tags, spared_under,
 *             title_headings, visibility_attributes, unlikely_memo, maybe_memo, byline_memo,
 *             close_control_memo, box_label_max, close_control_max, spared_depth, element_class,
 *             commas, link_weight, is_probably_visible, short_text_limits, text_skip, box_label,
 *             close_control_text, box_label_openings)
 *   grab(body, dropped, to_score, measures, page_measures, holds_blocks, page, strip_unlikely,
 *        on_box, on_close, on_set_aside, on_empty, on_div, on_heading)
 */
#include "grabpass.h" /* passes.h, and paragraphs.c: _paragraphs_from_div */
#include "../element_text.h" /* Element.text's walk and collapse, for the box-label screen */

#include <string.h>

/* The tables of engine.article_rules / engine.article, set once by configure. */
static PyObject *furniture_line_tags, *implicit_role_tags, *empty_droppable, *tags_to_score, *phrasing_tags,
    *transparent_tags, *set_aside_attributes, *never_unlikely_tags, *spared_under_tags, *title_headings;
/* Which of the tag tables a tag is in (passes.h's memo), as KIND_* bits. */
enum {
    KIND_FURNITURE_LINE = 1 << 0,
    KIND_IMPLICIT_ROLE = 1 << 1,
    KIND_EMPTY_DROPPABLE = 1 << 2,
    KIND_SCORED = 1 << 3,
    KIND_NEVER_UNLIKELY = 1 << 4,
    KIND_SPARED_UNDER = 1 << 5,
    KIND_TITLE_HEADING = 1 << 6,
};
static StrKinds kinds;

static int compute_kind(PyObject *tag, uint32_t *bits) {
    PyObject *sets[] = {furniture_line_tags, implicit_role_tags, empty_droppable, tags_to_score,
                        never_unlikely_tags, spared_under_tags,  title_headings};
    return set_bits(tag, sets, sizeof sets / sizeof sets[0], bits);
}

/* Whether `tag` is in the table of KIND_* bit `which` (PySet_Contains, remembered): 1, 0, or -1. */
static int is_kind(PyObject *tag, uint32_t which) {
    uint32_t bits;
    return str_kind(&kinds, tag, compute_kind, &bits) < 0 ? -1 : (bits & which) != 0;
}

/* article_rules.link_weight: how much an anchor's text counts as link text (_drop). */
static PyObject *link_weight;
/* article_rules.is_probably_visible, and the attributes it reads beside class
 * (article.VISIBILITY_ATTRIBUTES). */
static PyObject *is_probably_visible, *visibility_attributes;
/* What Element.text leaves out (text_skip, dom.TEXT_CONTENT_SKIP), and the match methods of the
 * patterns is_box_label and opens_with_close_control match a short block's whole text with
 * (article_rules.BOX_LABEL, CLOSE_CONTROL_TEXT). */
static PyObject *text_skip, *box_label_match, *close_control_match;
/* article_rules.BOX_LABEL_OPENINGS (an engine.literal_gate.OpeningGate): its C table, read per
 * grab (tests may swap it), rules out most texts before BOX_LABEL's match is called. */
static PyObject *box_label_openings;
/* has_ancestor_tag's max_depth for UNLIKELY_SPARED_UNDER (article.UNLIKELY_SPARED_DEPTH). */
static Py_ssize_t spared_depth;
/* Per class/id pattern, its NameMemo. */
static NameMemo unlikely, maybe, byline, close_control;
static Py_ssize_t box_label_max, close_control_max;
/* Interned names. */
static PyObject *s_class, *s_id, *s_div, *s_section, *s_p, *s_br,
    *s_hr, *s_a, *s_role, *s_title, *s_byline_seen;

typedef struct {
    PyObject *node; /* strong */
    Py_ssize_t position;
} Entry;

typedef struct {
    Entry *entries;
    Py_ssize_t depth;
    Py_ssize_t cap;
} Stack;

static int stack_push(Stack *stack, PyObject *node, Py_ssize_t position) {
    if (stack->depth == stack->cap && grow((void **)&stack->entries, &stack->cap, sizeof(Entry))) {
        return -1;
    }
    Py_INCREF(node);
    stack->entries[stack->depth].node = node;
    stack->entries[stack->depth].position = position;
    stack->depth++;
    return 0;
}

/* Release what is left on the stack (the depth is counted down outside Py_CLEAR, a macro that
 * names its argument twice). */
static void stack_free(Stack *stack) {
    while (stack->depth > 0) {
        stack->depth--;
        Py_CLEAR(stack->entries[stack->depth].node);
    }
    free(stack->entries);
}

/* Push the element children of ``node`` (its children as they are now), last first. 0 or -1. */
static int push_children(Stack *stack, PyObject *node) {
    PyObject *children = element_children(node, "grab");
    if (children == NULL) {
        return -1;
    }
    int failed = 0;
    for (Py_ssize_t i = PyList_Size(children) - 1; i >= 0 && !failed; i--) {
        PyObject *child = PyList_GetItem(children, i); /* borrowed, bounds-checked */
        failed = child == NULL || (!PyUnicode_Check(child) && stack_push(stack, child, i) < 0);
    }
    Py_DECREF(children);
    return failed ? -1 : 0;
}

/* The text measure (first item) of ``node`` in ``measures``: 1 and *text when it is there and
 * well-formed, 0 when not (Python then decides), -1 on error. */
static int text_of(PyObject *measures, PyObject *node, Py_ssize_t *text) {
    PyObject *measure = PyDict_GetItemWithError(measures, node); /* borrowed */
    if (measure == NULL) {
        return PyErr_Occurred() ? -1 : 0;
    }
    if (!PyTuple_Check(measure) || PyTuple_Size(measure) != 3 || !PyLong_Check(PyTuple_GetItem(measure, 0))) {
        return 0;
    }
    *text = PyLong_AsSsize_t(PyTuple_GetItem(measure, 0));
    if (*text == -1 && PyErr_Occurred()) {
        PyErr_Clear(); /* too big for C: let Python read it */
        return 0;
    }
    return 1;
}

/* Whether ``memo``'s pattern is found in the class or id of ``attrs`` (NameMemo.found_in_names):
 * 1 found, 0 not found, -1 on error. */
static int names_hit(const NameMemo *memo, PyObject *attrs) {
    PyObject *keys[2] = {s_class, s_id};
    for (int k = 0; k < 2; k++) {
        PyObject *value = PyDict_GetItemWithError(attrs, keys[k]); /* borrowed */
        if (value == NULL) {
            if (PyErr_Occurred()) {
                return -1;
            }
            continue;
        }
        if (!PyUnicode_Check(value)) {
            PyErr_SetString(PyExc_TypeError, "grab expects attribute values in str");
            return -1;
        }
        if (PyUnicode_GetLength(value) == 0) {
            continue;
        }
        int found = name_memo_found_in(memo, value);
        if (found) {
            return found; /* 1, or -1 on error */
        }
    }
    return 0;
}

/* The label's walk reads children through the slots (element_slots.h), naming this pass in errors. */
static PyObject *children_read(PyObject *element) { return element_children(element, "grab"); }

/* The code points of the text short_text_matches reads, kept between calls (COLLAPSED_KEPT). */
static Collapsed label;
/* How far a short block's text is read (dom.SHORT_TEXT_LIMITS, Element.short_text's). */
static ShortRead label_read;

/* What Element.short_text's walk would count below an element (elements met, characters of text
 * pieces), each count capped one past its limit, for the elements this grab has counted: a
 * table keyed by the element's address (held: not reused while remembered).
 *
 * Why: the grab reads the short text of blocks top-down, so in a chain of nested blocks each
 * level's read met up to the limits below it again (64 elements a level: a fifth of a page of
 * repeated 250-deep chains, perf samples). A read that stops past the limits counts its block
 * bottom-up (past_short_limits), which remembers the blocks on the way down as past: the reads
 * below them take no walk, and each element is counted once per grab. Reads within the limits
 * count nothing (counting every read block cost 2.5% on a page of short paragraphs). What is
 * remembered stays true for every element read later: the grab changes the tree only at the
 * node it visits (_paragraphs_from_div), after that node's reads, and every later read is of a
 * node below it or after it, whose subtree did not change. Emptied at the end of each grab. */
typedef struct {
    PyObject *key; /* strong; NULL: a free slot */
    Py_ssize_t elements, chars;
} Sized;

static Sized *sized;
static Py_ssize_t sized_cap, sized_used;

/* The slot of `key`, or the free slot where it goes. */
static Sized *sized_slot(PyObject *key) {
    size_t mask = (size_t)sized_cap - 1;
    for (size_t i = address_hash(key) & mask;; i = (i + 1) & mask) {
        if (sized[i].key == key || sized[i].key == NULL) {
            return &sized[i];
        }
    }
}

/* The remembered counts of `key`, or NULL. */
static const Sized *sized_find(PyObject *key) {
    if (sized_used == 0) {
        return NULL;
    }
    const Sized *slot = sized_slot(key);
    return slot->key == NULL ? NULL : slot;
}

/* Remember `key`'s counts, capped one past the limits. 0, or -1 with an error set. */
static int sized_put(PyObject *key, Py_ssize_t elements, Py_ssize_t chars) {
    if (2 * (sized_used + 1) > sized_cap) { /* at most half full */
        Sized *old = sized;
        Py_ssize_t old_cap = sized_cap, cap = sized_cap ? 2 * sized_cap : 256;
        if ((sized = calloc((size_t)cap, sizeof(Sized))) == NULL) {
            sized = old;
            PyErr_NoMemory();
            return -1;
        }
        sized_cap = cap;
        for (Py_ssize_t i = 0; i < old_cap; i++) {
            if (old[i].key != NULL) {
                *sized_slot(old[i].key) = old[i];
            }
        }
        free(old);
    }
    Sized *slot = sized_slot(key);
    if (slot->key == NULL) {
        Py_INCREF(key);
        slot->key = key;
        sized_used++;
    }
    slot->elements = elements > label_read.elements ? label_read.elements + 1 : elements;
    slot->chars = chars > label_read.chars ? label_read.chars + 1 : chars;
    return 0;
}

/* Forget every count (the end of a grab). */
static void sized_clear(void) {
    for (Py_ssize_t i = 0; i < sized_cap; i++) {
        Py_CLEAR(sized[i].key);
    }
    free(sized);
    sized = NULL;
    sized_cap = sized_used = 0;
}

static int past_limits(Py_ssize_t elements, Py_ssize_t chars) {
    return elements > label_read.elements || chars > label_read.chars;
}

typedef struct {
    PyObject *node, *children; /* borrowed: the tree holds them while the count runs */
    Py_ssize_t next, elements, chars;
} Counting;

/* Whether Element.short_text of `node` stops past its limits: 1, 0, or -1 with an error set.
 * Counts what is not remembered yet, bottom-up, remembering each element counted; once a count
 * passes a limit, the elements being counted (it and its ancestors up to `node`) are
 * remembered as past, and the rest is left for the reads that need it. */
static int past_short_limits(PyObject *node) {
    const Sized *known = sized_find(node);
    if (known != NULL) {
        return past_limits(known->elements, known->chars);
    }
    Counting *frames = NULL;
    Py_ssize_t depth = 0, cap = 0;
    int status = 0;
    PyObject *at = node;
    for (;;) {
        if (at != NULL) { /* count `at`: push it */
            PyObject *children = children_read(at);
            if (children == NULL || (depth == cap && grow((void **)&frames, &cap, sizeof(Counting)))) {
                Py_XDECREF(children);
                status = -1;
                break;
            }
            Py_DECREF(children); /* the element holds it */
            frames[depth++] = (Counting){at, children, 0, 0, 0};
            at = NULL;
        }
        Counting *top = &frames[depth - 1];
        if (past_limits(top->elements, top->chars)) { /* and so every element being counted */
            while (status == 0 && depth) {
                status = sized_put(frames[--depth].node, label_read.elements + 1, label_read.chars + 1);
            }
            status = status < 0 ? -1 : 1;
            break;
        }
        if (top->next == PyList_Size(top->children)) { /* counted: remember it, add it up */
            Counting done = frames[--depth];
            if (sized_put(done.node, done.elements, done.chars) < 0) {
                status = -1;
                break;
            }
            if (depth == 0) {
                status = past_limits(done.elements, done.chars);
                break;
            }
            frames[depth - 1].elements += done.elements;
            frames[depth - 1].chars += done.chars;
            continue;
        }
        PyObject *child = PyList_GetItem(top->children, top->next++);
        if (child == NULL) {
            status = -1;
            break;
        }
        if (PyUnicode_Check(child)) {
            top->chars += PyUnicode_GetLength(child);
            continue;
        }
        top->elements++;
        PyObject *tag = element_tag_of(child);
        int skipped = tag == NULL ? -1 : PySequence_Contains(text_skip, tag);
        Py_XDECREF(tag);
        if (skipped) {
            if (skipped < 0) {
                status = -1;
                break;
            }
            continue;
        }
        const Sized *counted = sized_find(child);
        if (counted != NULL) {
            top->elements += counted->elements;
            top->chars += counted->chars;
        } else {
            at = child;
        }
    }
    free(frames);
    return status;
}

/* Whether ``node``'s short text (Element.short_text: None past its limits, which matches nothing)
 * is at least ``min`` and at most ``max`` characters long and ``match`` (a pattern's match
 * method) matches it: 1, 0, or -1 on error. ``gate``, when not NULL, is the pattern's opening
 * table (OpeningGate): a text it does not admit is not matched.
 * The text is walked into code points (Element.text's walk, ../element_text.h), its length and
 * the gate read there, and a str made only for the match of a text the gate admits. Why: a
 * short block's text was an Element.text call and a str each, and the gate turns nearly all
 * away (2% of a page of small forms between text runs, medians of three builds). */
static int short_text_matches(PyObject *node, PyObject *match, LiteralTable *gate, Py_ssize_t min, Py_ssize_t max) {
    const Sized *known = sized_find(node);
    if (known != NULL && past_limits(known->elements, known->chars)) {
        return 0; /* found past the limits below a block read before */
    }
    collapsed_start(&label);
    int status = walk_short_text(node, text_skip, children_read, element_tag_of, collapse_into, &label, &label_read);
    uint32_t opens = status == 0 && min <= label.len && label.len <= max; /* else past a limit or the bounds */
    if (status == 1) { /* not short: no match; remember what lies past the limits below it */
        status = past_short_limits(node) < 0 ? -1 : 0;
    } else if (opens && gate != NULL) {
        status = gate->admit_points(gate, label.out, label.len, &opens);
    }
    if (status == 0 && opens) {
        status = collapsed_matches(&label, match);
    }
    collapsed_done(&label);
    return status;
}

/* What opens_with_close_control says of a div or section, read with the rule's own memo, measure
 * bound and pattern (article_rules.opens_with_close_control: the rule): its first child that
 * is not whitespace is a dismiss control when its class or id hits CLOSE_CONTROL_NAME, or when
 * its text, 1 to CLOSE_CONTROL_MAX characters long, matches CLOSE_CONTROL_TEXT; its measure
 * (page_measures) rules the text out first when it is 0 or over twice CLOSE_CONTROL_MAX. Why:
 * it was asked ~9,200 times over the corpora for ~83 pop-ups, through a Python call each.
 * 1 yes, 0 no, ASK_PYTHON when an element or measure is not as the article pass makes them
 * (on_close decides), -1 on error. */
enum { ASK_PYTHON = 2 };
static int opens_with_close_control(PyObject *children, PyObject *page_measures) {
    Py_ssize_t count = PyList_Size(children);
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *child = PyList_GetItem(children, i); /* borrowed, bounds-checked */
        if (child == NULL) {
            return -1;
        }
        if (PyUnicode_Check(child)) {
            if (all_space(child)) {
                continue;
            }
            return 0;
        }
        PyObject *attrs = element_get(child, ELEMENT_ATTRS);
        if (attrs == NULL) {
            return -1;
        }
        int hit = !PyDict_Check(attrs) ? ASK_PYTHON : PyDict_Size(attrs) ? names_hit(&close_control, attrs) : 0;
        Py_DECREF(attrs);
        if (hit) {
            return hit;
        }
        Py_ssize_t text;
        int known = text_of(page_measures, child, &text);
        if (known <= 0) {
            return known < 0 ? -1 : ASK_PYTHON;
        }
        if (!(0 < text && text <= 2 * close_control_max)) {
            return 0;
        }
        return short_text_matches(child, close_control_match, NULL, 1, close_control_max);
    }
    return 0;
}

/* Whether _paragraphs_from_div certainly leaves ``div`` as it is: it holds blocks, and no text,
 * inline element or lone <p> among its children. 1 yes, 0 not sure, -1 on error. */
static int div_stays(PyObject *div, PyObject *children, PyObject *holds_blocks) {
    int holds = PySet_Contains(holds_blocks, div);
    if (holds <= 0) {
        return holds;
    }
    Py_ssize_t count = PyList_Size(children), elements = 0;
    int lone_p = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *child = PyList_GetItem(children, i); /* borrowed, bounds-checked */
        if (child == NULL) {
            return -1;
        }
        if (PyUnicode_Check(child)) {
            if (!all_space(child)) {
                return 0;
            }
            continue;
        }
        PyObject *tag = element_get(child, ELEMENT_TAG);
        if (tag == NULL) {
            return -1;
        }
        int inline_child = PySet_Contains(phrasing_tags, tag);
        if (inline_child == 0) {
            inline_child = PySet_Contains(transparent_tags, tag);
        }
        lone_p = elements == 0 && is_tag(tag, s_p);
        Py_DECREF(tag);
        if (inline_child) {
            return inline_child < 0 ? -1 : 0;
        }
        elements++;
    }
    return !(elements == 1 && lone_p);
}

/* What set_aside_attributes_hit finds: an attribute of VISIBILITY_ATTRIBUTES that may hide the
 * element, another that may make a set-aside rule fire. */
enum { HIT_VISIBILITY = 1, HIT_OTHER = 2 };

/* Which attributes of ``attrs`` are ones the set-aside rules read beside class and id, with a
 * value that, lower-cased, holds one of the words listed for it (or any value when none is):
 * HIT_VISIBILITY and/or HIT_OTHER, 0 for none, or -1 on error. */
static int set_aside_attributes_hit(PyObject *attrs) {
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    int hits = 0;
    while (hits != (HIT_VISIBILITY | HIT_OTHER) && PyDict_Next(attrs, &pos, &key, &value)) { /* borrowed */
        PyObject *words = PyDict_GetItemWithError(set_aside_attributes, key); /* borrowed */
        if (words == NULL) {
            if (PyErr_Occurred()) {
                return -1;
            }
            continue;
        }
        if (!PyTuple_Check(words) || !PyUnicode_CheckExact(value)) {
            PyErr_SetString(PyExc_TypeError, "set-aside words are a tuple, attribute values str");
            return -1;
        }
        Py_ssize_t count = PyTuple_Size(words);
        int found = count == 0;
        PyObject *lowered = found ? NULL : PyObject_CallMethod(value, "lower", NULL);
        if (!found && lowered == NULL) {
            return -1;
        }
        for (Py_ssize_t i = 0; i < count && !found; i++) {
            PyObject *word = PyTuple_GetItem(words, i); /* borrowed, bounds-checked */
            Py_ssize_t at = word == NULL ? -2 : PyUnicode_Find(lowered, word, 0, PY_SSIZE_T_MAX, 1);
            found = at == -2 ? -1 : at >= 0;
        }
        Py_XDECREF(lowered);
        int visibility = found > 0 ? PySet_Contains(visibility_attributes, key) : 0;
        if (found < 0 || visibility < 0) {
            return -1;
        }
        hits |= found ? (visibility ? HIT_VISIBILITY : HIT_OTHER) : 0;
    }
    return hits;
}

/* The walk's state and article._grab's call-backs, one per step of _grab_node. */
typedef struct {
    PyObject *dropped, *to_score, *measures, *page_measures, *holds_blocks, *page;
    int strip_unlikely;
    LiteralTable *box_gate; /* BOX_LABEL_OPENINGS' table (held by box_gate_capsule), or NULL */
    PyObject *box_gate_capsule;
    int has_title; /* page.title is not empty: a block set aside may hold the title heading */
    PyObject *on_box, *on_close, *on_set_aside, *on_empty, *on_div, *on_heading;
} Grab;

/* Whether the page's byline is still to be found (``not page.byline_seen``): once it is,
 * _set_aside asks no byline rule. 1, 0, or -1 on error. */
static int byline_wanted(const Grab *grab) {
    PyObject *seen = PyObject_GetAttr(grab->page, s_byline_seen);
    int yes = seen == NULL ? -1 : PyObject_IsTrue(seen);
    Py_XDECREF(seen);
    return yes < 0 ? -1 : !yes;
}

/* Call ``hook(node[, position])`` for a step that may set ``node`` aside: 1 when it did, 0 when
 * not, -1 on error. */
static int ask(PyObject *hook, PyObject *node, PyObject *position) {
    PyObject *answer = PyObject_CallFunctionObjArgs(hook, node, position, NULL);
    if (answer == NULL) {
        return -1;
    }
    int yes = PyObject_IsTrue(answer);
    Py_DECREF(answer);
    return yes;
}

/* _set_aside_box's screen: 1 when the step may set the node aside (a furniture-line block, on
 * the first attempt, whose text is a box label: is_box_label, read here with its pattern, as
 * only ~22 of the ~17,500 blocks asked over the corpora are; or whose measure is not as the
 * article pass makes it), 0 when not, -1 on error. */
static int may_be_box_label(const Grab *grab, PyObject *node, PyObject *tag) {
    Py_ssize_t text;
    int found = is_kind(tag, KIND_FURNITURE_LINE);
    if (found <= 0) {
        return found;
    }
    int known = text_of(grab->measures, node, &text);
    if (known <= 0) {
        return known < 0 ? -1 : 1;
    }
    if (!(0 < text && text <= box_label_max)) {
        return 0;
    }
    return short_text_matches(node, box_label_match, grab->box_gate, 0, box_label_max); /* is_box_label */
}

/* Whether an ancestor of ``node`` among the spared_depth + 1 nearest has a tag of
 * UNLIKELY_SPARED_UNDER (article._spared_by_ancestor: has_ancestor_tag for each). 1, 0, or -1. */
static int spared_by_ancestor(PyObject *node) {
    PyObject *parent = element_get(node, ELEMENT_PARENT);
    int found = parent == NULL ? -1 : 0;
    for (Py_ssize_t depth = 0; parent != NULL && parent != Py_None && depth <= spared_depth && !found; depth++) {
        PyObject *tag = element_get(parent, ELEMENT_TAG);
        found = tag == NULL ? -1 : is_kind(tag, KIND_SPARED_UNDER);
        Py_XDECREF(tag);
        PyObject *next = found ? NULL : element_get(parent, ELEMENT_PARENT);
        if (!found && next == NULL) {
            found = -1;
        }
        Py_DECREF(parent);
        parent = next;
    }
    Py_XDECREF(parent);
    return found;
}

/* _set_aside's unlikely-candidate rules (first attempt) for an element none of whose attributes
 * may make it hidden, a dialog, the byline or of an unlikely role: an unlikely name
 * (is_unlikely_name, not a NEVER_UNLIKELY_TAGS tag, not spared by an ancestor), a div or
 * section opening with a dismiss control (asked of on_close when its screen cannot rule it
 * out), an implicit role of UNLIKELY_ROLES (no role attribute stated). 1 set aside, 0 not,
 * -1 on error. */
static int unlikely_candidate(const Grab *grab, PyObject *node, PyObject *tag, PyObject *attrs,
                              PyObject *children) {
    int found = PyDict_Size(attrs) ? names_hit(&unlikely, attrs) : 0;
    if (found > 0) { /* and no "maybe" word, and not a link nor math, and not in a table or code */
        found = names_hit(&maybe, attrs);
        found = found ? found : is_kind(tag, KIND_NEVER_UNLIKELY);
        found = found ? found : spared_by_ancestor(node);
        if (found == 0) {
            return 1;
        }
    }
    if (found < 0) {
        return -1;
    }
    if (is_tag(tag, s_div) || is_tag(tag, s_section)) {
        found = opens_with_close_control(children, grab->page_measures);
        found = found == ASK_PYTHON ? ask(grab->on_close, node, NULL) : found;
        if (found) {
            return found;
        }
    }
    if ((found = is_kind(tag, KIND_IMPLICIT_ROLE)) <= 0) {
        return found;
    }
    PyObject *role = PyDict_GetItemWithError(attrs, s_role); /* borrowed */
    if (role == NULL) {
        return PyErr_Occurred() ? -1 : 1;
    }
    return !PyObject_IsTrue(role); /* a stated role (not an unlikely one: screened) wins */
}

/* _set_aside_node's steps: 1 when _set_aside may say yes (on_set_aside decides, and sets the
 * node aside), 2 when it certainly does and the walk sets the node aside itself (set_aside),
 * 3 when it does because the node is hidden (is_probably_visible, _set_aside's first rule,
 * asked when a VISIBILITY_ATTRIBUTES attribute may hide it), 0 when it says no, -1 on error.
 * The walk decides when no other attribute of SET_ASIDE_ATTRIBUTES may fire and the byline
 * rule cannot (found already, or no byline name): then only the unlikely-candidate rules are
 * left, and the node is visible. */
static int may_set_aside(const Grab *grab, PyObject *node, PyObject *tag, PyObject *attrs, PyObject *children) {
    if (!PyDict_Check(attrs)) {
        PyErr_SetString(PyExc_TypeError, "grab expects element attributes in a dict");
        return -1;
    }
    int found = 0;
    if (PyDict_Size(attrs)) {
        int hits = set_aside_attributes_hit(attrs);
        if (hits < 0) {
            return -1;
        }
        if (hits & HIT_VISIBILITY) { /* is_probably_visible, asked first as _set_aside does */
            PyObject *answer = PyObject_CallFunctionObjArgs(is_probably_visible, attrs, NULL);
            int visible = answer == NULL ? -1 : PyObject_IsTrue(answer);
            Py_XDECREF(answer);
            if (visible <= 0) {
                return visible < 0 ? -1 : 3; /* hidden: set aside, whatever else it is */
            }
        }
        if (hits & HIT_OTHER) {
            return 1;
        }
        if ((found = byline_wanted(grab)) != 0 && (found = found < 0 ? -1 : names_hit(&byline, attrs)) != 0) {
            return found;
        }
    } else if ((found = is_kind(tag, KIND_IMPLICIT_ROLE)) <= 0) {
        return found; /* no attribute: only an implicit role may set it aside */
    }
    if (!grab->strip_unlikely) {
        return 0;
    }
    found = unlikely_candidate(grab, node, tag, attrs, children);
    return found > 0 ? 2 : found;
}

/* Whether an h1/h2 (TITLE_HEADINGS) below ``node`` repeats the page's title: on_heading(node,
 * heading) says so for each until one does, and then notes node's prose
 * (article._notes_title_heading; _holds_title_heading's question). 0 or -1. */
static int note_title_heading(const Grab *grab, PyObject *node) {
    Stack stack = {NULL, 0, 0};
    int failed = push_children(&stack, node) < 0, noted = 0;
    while (!failed && !noted && stack.depth) {
        PyObject *element = stack.entries[--stack.depth].node; /* its reference is ours now */
        PyObject *tag = element_get(element, ELEMENT_TAG);
        int heading = tag == NULL ? -1 : is_kind(tag, KIND_TITLE_HEADING);
        Py_XDECREF(tag);
        if (heading > 0) {
            noted = ask(grab->on_heading, node, element);
            failed = noted < 0;
        }
        failed = failed || heading < 0 || (!noted && push_children(&stack, element) < 0);
        Py_DECREF(element);
    }
    stack_free(&stack);
    return failed ? -1 : 0;
}

/* The measure (text, links, commas) of ``node`` in ``measures`` as new references. 0 or -1. */
static int measure_items(PyObject *measures, PyObject *node, PyObject *items[3]) {
    PyObject *measure = PyObject_GetItem(measures, node); /* KeyError as article._drop */
    if (measure == NULL) {
        return -1;
    }
    if (!PyTuple_Check(measure) || PyTuple_Size(measure) != 3) {
        Py_DECREF(measure);
        PyErr_SetString(PyExc_TypeError, "grab expects measures as (text, links, commas)");
        return -1;
    }
    for (int i = 0; i < 3; i++) {
        items[i] = PyTuple_GetItem(measure, i);
        Py_INCREF(items[i]);
    }
    Py_DECREF(measure);
    return 0;
}

/* One step of article._drop: take (text, *links, commas) out of ``ancestor``'s measure, *links
 * first weighed by link_weight when ``ancestor`` is an <a> (the weighed links then go on up, as
 * in _drop). 0 or -1. */
static int drop_from(const Grab *grab, PyObject *ancestor, PyObject *text, PyObject **links, PyObject *commas) {
    PyObject *old[3], *tag = element_get(ancestor, ELEMENT_TAG);
    if (tag == NULL) {
        return -1;
    }
    int anchor = is_tag(tag, s_a);
    Py_DECREF(tag);
    if (measure_items(grab->measures, ancestor, old) < 0) {
        return -1;
    }
    if (anchor) {
        PyObject *weight = PyObject_CallFunctionObjArgs(link_weight, ancestor, NULL);
        PyObject *weighed = weight == NULL ? NULL : PyNumber_Multiply(text, weight);
        Py_XDECREF(weight);
        Py_DECREF(*links);
        *links = weighed;
    }
    PyObject *taken[3] = {text, *links, commas};
    PyObject *measure = *links == NULL ? NULL : PyTuple_New(3);
    for (int i = 0; i < 3 && measure != NULL; i++) {
        PyObject *left = PyNumber_Subtract(old[i], taken[i]);
        if (left == NULL) {
            Py_CLEAR(measure);
        } else {
            PyTuple_SetItem(measure, i, left); /* steals */
        }
    }
    for (int i = 0; i < 3; i++) {
        Py_DECREF(old[i]);
    }
    int failed = measure == NULL || PyDict_SetItem(grab->measures, ancestor, measure) < 0;
    Py_XDECREF(measure);
    return failed ? -1 : 0;
}

/* article._drop: ``node`` joins ``dropped`` and its text leaves its ancestors' measures up to
 * the body (the link text weighed at each <a> by link_weight), with Python's arithmetic on the
 * measures' own numbers. 0 or -1. */
static int drop(const Grab *grab, PyObject *node) {
    PyObject *items[3];
    if (PySet_Add(grab->dropped, node) < 0 || measure_items(grab->measures, node, items) < 0) {
        return -1;
    }
    PyObject *text = items[0], *links = items[1], *commas = items[2];
    int has_text = PyObject_IsTrue(text);
    PyObject *ancestor = has_text > 0 ? element_get(node, ELEMENT_PARENT) : NULL;
    int failed = has_text < 0 || (has_text > 0 && ancestor == NULL);
    while (!failed && ancestor != NULL && ancestor != Py_None) {
        PyObject *above = element_get(ancestor, ELEMENT_PARENT);
        if (above == NULL || above == Py_None) { /* up to the body, not <html> */
            failed = above == NULL;
            Py_XDECREF(above);
            break;
        }
        failed = drop_from(grab, ancestor, text, &links, commas) < 0;
        Py_DECREF(ancestor);
        ancestor = above;
    }
    Py_XDECREF(ancestor);
    Py_DECREF(text);
    Py_XDECREF(links);
    Py_DECREF(commas);
    return failed ? -1 : 0;
}

/* _set_aside_node's work once the walk knows the node goes: when it is visible (then on the
 * first attempt), note its prose if it holds the title heading; then _drop it. 1 or -1. */
static int set_aside(const Grab *grab, PyObject *node, int visible) {
    if (visible && grab->has_title && note_title_heading(grab, node) < 0) {
        return -1;
    }
    return drop(grab, node) < 0 ? -1 : 1;
}

/* No element children but <br> and <hr> (article._only_breaks): 1, 0, or -1 on error. */
static int only_breaks(PyObject *children) {
    Py_ssize_t count = PyList_Size(children);
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *child = PyList_GetItem(children, i); /* borrowed, bounds-checked */
        if (child == NULL) {
            return -1;
        }
        if (PyUnicode_Check(child)) {
            continue;
        }
        PyObject *tag = element_get(child, ELEMENT_TAG);
        if (tag == NULL) {
            return -1;
        }
        int brk = is_tag(tag, s_br) || is_tag(tag, s_hr);
        Py_DECREF(tag);
        if (!brk) {
            return 0;
        }
    }
    return 1;
}

/* _set_aside_empty_or_title for an EMPTY_DROPPABLE node: a heading that may repeat the title, or
 * a block whose measure is not plain, goes to Python; an empty block of line breaks at most is
 * set aside here as _drop does one without text (it only joins ``dropped``). 1 set aside, 0
 * not, -1 on error. */
static int empty_or_title(const Grab *grab, PyObject *node, PyObject *tag, PyObject *children) {
    Py_ssize_t text;
    int known = is_kind(tag, KIND_TITLE_HEADING);
    known = known ? (known < 0 ? -1 : 0) : text_of(grab->measures, node, &text);
    if (known <= 0) {
        return known < 0 ? -1 : ask(grab->on_empty, node, NULL);
    }
    if (text) {
        return 0;
    }
    int breaks = only_breaks(children);
    if (breaks <= 0) {
        return breaks;
    }
    return PySet_Add(grab->dropped, node) < 0 ? -1 : 1;
}

/* _grab_node's steps for one node: sets *walked to the element whose children come next (new
 * reference), or NULL when the node was set aside. 0 or -1. */
static int grab_node(const Grab *grab, PyObject *node, PyObject *tag, PyObject *attrs, PyObject *children,
                     Py_ssize_t at, PyObject **walked) {
    PyObject *position = PyLong_FromSsize_t(at);
    if (position == NULL) {
        return -1;
    }
    int step = grab->strip_unlikely ? may_be_box_label(grab, node, tag) : 0;
    if (step > 0) {
        step = ask(grab->on_box, node, position);
    }
    if (step == 0 && (step = may_set_aside(grab, node, tag, attrs, children)) > 0) {
        step = step == 1 ? ask(grab->on_set_aside, node, NULL) : set_aside(grab, node, step == 2);
    }
    if (step == 0 && (step = is_kind(tag, KIND_EMPTY_DROPPABLE)) > 0) {
        step = empty_or_title(grab, node, tag, children);
    }
    if (step != 0) {
        Py_DECREF(position);
        return step < 0 ? -1 : 0; /* set aside */
    }
    int scored = is_kind(tag, KIND_SCORED);
    if (scored) {
        Py_DECREF(position);
        if (scored < 0 || PyList_Append(grab->to_score, node) < 0) {
            return -1;
        }
        Py_INCREF(node);
        *walked = node;
        return 0;
    }
    int stays = is_tag(tag, s_div) ? div_stays(node, children, grab->holds_blocks) : 1;
    if (stays) {
        Py_DECREF(position);
        if (stays < 0) {
            return -1;
        }
        Py_INCREF(node);
        *walked = node;
        return 0;
    }
    DivTarget target = {grab->measures, grab->page_measures, grab->holds_blocks, grab->to_score};
    int done = paragraphs_from_div(&target, node, children, at, walked);
    if (done == 0) { /* not as the article pass leaves a tree: the Python step decides */
        *walked = PyObject_CallFunctionObjArgs(grab->on_div, node, position, NULL);
        done = *walked == NULL ? -1 : 1;
    }
    Py_DECREF(position);
    return done < 0 ? -1 : 0;
}

/* One node popped from the stack, not set aside yet: *walked as grab_node sets it. 0 or -1. */
static int visit(const Grab *grab, Entry *entry, PyObject **walked) {
    PyObject *node = entry->node;
    PyObject *tag = element_get(node, ELEMENT_TAG);
    PyObject *attrs = tag == NULL ? NULL : element_get(node, ELEMENT_ATTRS);
    PyObject *children = attrs == NULL ? NULL : element_children(node, "grab");
    int failed = children == NULL;
    *walked = NULL;
    failed = failed || grab_node(grab, node, tag, attrs, children, entry->position, walked) < 0;
    Py_XDECREF(tag);
    Py_XDECREF(attrs);
    Py_XDECREF(children);
    return failed ? -1 : 0;
}

static PyObject *grabpass_grab(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *body;
    Grab grab;
    if (!PyArg_ParseTuple(args, "OO!O!O!O!O!OpOOOOOO:grab", &body, &PySet_Type, &grab.dropped, &PyList_Type,
                          &grab.to_score, &PyDict_Type, &grab.measures, &PyDict_Type, &grab.page_measures,
                          &PySet_Type, &grab.holds_blocks, &grab.page, &grab.strip_unlikely, &grab.on_box,
                          &grab.on_close, &grab.on_set_aside, &grab.on_empty, &grab.on_div, &grab.on_heading)) {
        return NULL;
    }
    if (tags_to_score == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_grabpass.configure was not called");
        return NULL;
    }
    PyObject *title = PyObject_GetAttr(grab.page, s_title); /* the grab does not change it */
    grab.has_title = title == NULL ? -1 : PyObject_IsTrue(title);
    Py_XDECREF(title);
    if (grab.has_title < 0) {
        return NULL;
    }
    grab.box_gate_capsule = PyObject_GetAttrString(box_label_openings, "table");
    if (grab.box_gate_capsule == NULL || literal_table_of(grab.box_gate_capsule, &grab.box_gate) < 0) {
        Py_XDECREF(grab.box_gate_capsule);
        return NULL;
    }
    Stack stack = {NULL, 0, 0};
    int failed = push_children(&stack, body) < 0;
    while (!failed && stack.depth) {
        Entry entry = stack.entries[--stack.depth]; /* its reference is ours now */
        int set_aside = PySet_Contains(grab.dropped, entry.node);
        PyObject *walked = NULL;
        failed = set_aside < 0 || (!set_aside && visit(&grab, &entry, &walked) < 0);
        if (!failed && walked != NULL) {
            failed = push_children(&stack, walked) < 0;
        }
        Py_XDECREF(walked);
        Py_DECREF(entry.node);
    }
    stack_free(&stack);
    sized_clear();
    Py_DECREF(grab.box_gate_capsule);
    if (failed) {
        return NULL;
    }
    Py_RETURN_NONE;
}

/* How many rule tables configure takes. */
#define TABLES 11

static PyObject *grabpass_configure(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *tables[TABLES], *memos[4], *element_class, *commas, *weigh, *visible, *limits, *skip, *patterns[2],
        *openings;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!O!O!O!O!O!O!OOOOnnnOUOOOO!OOO:configure", &PyFrozenSet_Type, &tables[0],
                          &PyFrozenSet_Type, &tables[1], &PyFrozenSet_Type, &tables[2], &PyFrozenSet_Type,
                          &tables[3], &PyFrozenSet_Type, &tables[4], &PyFrozenSet_Type, &tables[5], &PyDict_Type,
                          &tables[6], &PyFrozenSet_Type, &tables[7], &PyFrozenSet_Type, &tables[8],
                          &PyFrozenSet_Type, &tables[9], &PyFrozenSet_Type, &tables[10], &memos[0], &memos[1],
                          &memos[2], &memos[3], &box_label_max, &close_control_max, &spared_depth, &element_class,
                          &commas, &weigh, &visible, &limits, &PyFrozenSet_Type, &skip, &patterns[0],
                          &patterns[1], &openings) ||
        read_short_limits(limits, &label_read) < 0) {
        return NULL;
    }
    if (!PyCallable_Check(weigh) || !PyCallable_Check(visible)) {
        PyErr_SetString(PyExc_TypeError, "configure: link_weight and is_probably_visible are functions");
        return NULL;
    }
    allocfunc alloc =
        PyType_Check(element_class) ? (allocfunc)PyType_GetSlot((PyTypeObject *)element_class, Py_tp_alloc) : NULL;
    if (paragraphs_configure(element_class, tables[4], tables[5], commas) < 0 ||
        (alloc != NULL && element_slots_find(element_class, alloc) < 0)) {
        return NULL;
    }
    NameMemo *memo_slots[] = {&unlikely, &maybe, &byline, &close_control};
    for (size_t i = 0; i < 4; i++) {
        if (name_memo_take(memo_slots[i], memos[i]) < 0) {
            return NULL;
        }
    }
    PyObject **slots[TABLES] = {&furniture_line_tags,  &implicit_role_tags,  &empty_droppable,
                                &tags_to_score,        &phrasing_tags,       &transparent_tags,
                                &set_aside_attributes, &never_unlikely_tags, &spared_under_tags,
                                &title_headings,       &visibility_attributes};
    for (size_t i = 0; i < TABLES; i++) {
        Py_INCREF(tables[i]);
        Py_XDECREF(*slots[i]);
        *slots[i] = tables[i];
    }
    str_kinds_clear(&kinds); /* answers of the previous tables */
    PyObject *matches[2] = {NULL, NULL};
    for (int i = 0; i < 2; i++) {
        matches[i] = PyObject_GetAttrString(patterns[i], "match");
        if (matches[i] == NULL) {
            Py_XDECREF(matches[0]);
            return NULL;
        }
    }
    PyObject **functions[] = {&link_weight, &is_probably_visible, &text_skip, &box_label_openings},
             *given[] = {weigh, visible, skip, openings};
    for (size_t i = 0; i < 4; i++) {
        Py_INCREF(given[i]);
        Py_XDECREF(*functions[i]);
        *functions[i] = given[i];
    }
    PyObject **match_slots[] = {&box_label_match, &close_control_match};
    for (size_t i = 0; i < 2; i++) {
        Py_XDECREF(*match_slots[i]);
        *match_slots[i] = matches[i]; /* the new reference */
    }
    Py_RETURN_NONE;
}

static PyMethodDef grabpass_methods[] = {
    {"configure", grabpass_configure, METH_VARARGS,
     "configure(furniture_line_tags, unlikely_role_tags, empty_droppable, tags_to_score, phrasing, "
     "transparent_phrasing, set_aside_attributes, never_unlikely_tags, spared_under, title_headings, "
     "visibility_attributes, unlikely_memo, maybe_memo, byline_memo, close_control_memo, box_label_max, "
     "close_control_max, spared_depth, element_class, commas, link_weight, is_probably_visible, short_text_limits, "
     "text_skip, box_label, close_control_text, box_label_openings): the rule tables."},
    {"grab", grabpass_grab, METH_VARARGS,
     "grab(body, dropped, to_score, measures, page_measures, holds_blocks, page, strip_unlikely, on_box, "
     "on_close, on_set_aside, on_empty, on_div, on_heading): "
     "engine.article._grab's walk, in C."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef grabpass_module = {
    PyModuleDef_HEAD_INIT, "_grabpass", "The article pass's grab walk in C (guest only).", -1,
    grabpass_methods,      NULL,        NULL,
    NULL,                  NULL,
};

PyMODINIT_FUNC PyInit__grabpass(void) {
    struct {
        PyObject **slot;
        const char *name;
    } names[] = {
        {&s_class, "class"}, {&s_id, "id"},
        {&s_div, "div"}, {&s_section, "section"}, {&s_p, "p"},
        {&s_br, "br"},   {&s_hr, "hr"},   {&s_a, "a"}, {&s_role, "role"},
        {&s_title, "title"}, {&s_byline_seen, "byline_seen"},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        *names[i].slot = PyUnicode_InternFromString(names[i].name);
        if (*names[i].slot == NULL) {
            return NULL;
        }
    }
    return PyModule_Create(&grabpass_module);
}
