/* What the pass modules (csrc/artpass, copypass, cleanpass, grabpass, fastpass, mdpass) share
 * beyond fastscan.h's Limited API set-up, is_space and grow: interning the strs a module keeps,
 * ASCII lower-casing, tag comparison,
 * growing a buffer to a size, the article rules' text measure of a text node (and its comma
 * characters), reading a class/id verdict memo, and the cleaner's measure vectors. Each module is
 * compiled on its own, so these are static inline; one definition here keeps the modules from
 * drifting apart. */
#ifndef RIPTIDE_PASSES_H
#define RIPTIDE_PASSES_H

#include "fastscan.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* A str a module keeps, and its text. */
typedef struct {
    PyObject **slot;
    const char *name;
} InternedName;

/* Make each of the `count` slots hold a strong reference to its given object, letting go of what
 * it held: a configure call's tables and call-backs, replaced whole each time it is called. */
static inline void hold_all(PyObject **const *slots, PyObject *const *given, size_t count) {
    for (size_t i = 0; i < count; i++) {
        PyObject *old = *slots[i];
        Py_INCREF(given[i]);
        *slots[i] = given[i];
        Py_XDECREF(old);
    }
}

/* Intern each name into its slot (made once, at import); -1 with an exception set on failure. */
static inline int intern_names(const InternedName *names, size_t count) {
    for (size_t i = 0; i < count; i++) {
        *names[i].slot = PyUnicode_InternFromString(names[i].name);
        if (*names[i].slot == NULL) {
            return -1;
        }
    }
    return 0;
}

/* An ASCII letter lower-cased (any other byte as it is): str.lower() on ASCII. */
static inline int ascii_lower(int c) { return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c; }

/* The hash of an address, for the tables keyed by one (is_tag's and StrKinds' memos below,
 * csrc/measures.h, settle's deltas in csrc/cleanpass/): its bits above the 8-byte alignment,
 * mixed (Fibonacci hashing, the high half folded down so that the low bits a mask keeps depend
 * on all of them). The guest is wasm32: an address is 32 bits. */
static inline uint32_t address_hash(const void *address) {
    uint32_t mixed = (uint32_t)((uintptr_t)address >> 3) * 2654435769u;
    return mixed ^ (mixed >> 16);
}

/* is_tag's answer, worked out: the same object, or an equal str. A str caches its hash, and
 * unequal hashes spare the comparison. */
static inline int is_tag_compared(PyObject *tag, PyObject *name) {
    if (!PyUnicode_Check(tag) || (PyUnicode_CheckExact(tag) && PyObject_Hash(tag) != PyObject_Hash(name))) {
        return 0;
    }
    return PyUnicode_Compare(tag, name) == 0;
}

/* Whether ``tag`` is the (interned) name ``name``: the same object, or an equal str.
 *
 * Most calls ask about another tag, and the walks ask each element several (the copy walk's
 * contribution up to six: table, caption, ul, ol, a, table again), two hash calls each through
 * the type's slot: on a dense 1 MB page ~6% of a call's perf samples (the indirect calls are
 * slow for their 1-2% of its instructions). So answers on exact strs are
 * remembered by the pair of objects, in a direct-mapped memo that holds both (an address is
 * never reused while remembered; a colliding pair replaces the one before). Tags and the names
 * asked are few and shared (the tree builder interns tags), so nearly every call is one probe.
 * The memo is a static local: each file has its own. */
#define TAG_PAIRS_SIZE 256
static inline int is_tag(PyObject *tag, PyObject *name) {
    static struct {
        PyObject *tag, *name; /* strong, or NULL */
        int same;
    } pairs[TAG_PAIRS_SIZE];
    if (tag == name) {
        return 1;
    }
    if (!PyUnicode_CheckExact(tag) || !PyUnicode_CheckExact(name)) {
        return is_tag_compared(tag, name);
    }
    uint32_t at = (address_hash(tag) ^ (address_hash(name) * 31u)) & (TAG_PAIRS_SIZE - 1);
    if (pairs[at].tag == tag && pairs[at].name == name) {
        return pairs[at].same;
    }
    int same = is_tag_compared(tag, name);
    Py_INCREF(tag);
    Py_INCREF(name);
    Py_XDECREF(pairs[at].tag);
    Py_XDECREF(pairs[at].name);
    pairs[at].tag = tag;
    pairs[at].name = name;
    pairs[at].same = same;
    return same;
}

/* Grow a heap array (grow: doubling) until it holds ``wanted`` items; -1 with MemoryError set. */
static inline int reserve(void **items, Py_ssize_t *cap, size_t item_size, Py_ssize_t wanted) {
    while (*cap < wanted) {
        if (grow(items, cap, item_size)) {
            return -1;
        }
    }
    return 0;
}

/* engine.article_rules.text_measure of a text node, read through the caller's reusable buffer
 * ``*scratch``: *length is the length of its whitespace-collapsed text, plus one when it ends in
 * ASCII whitespace, and *commas counts ',' and each of the ``more_count`` non-ASCII
 * ``more_commas``; both 0 for a text of whitespace only. 0 or -1. */
static inline int measure_text_node(PyObject *text, Py_UCS4 **scratch, Py_ssize_t *scratch_cap,
                                    const Py_UCS4 *more_commas, Py_ssize_t more_count, Py_ssize_t *length,
                                    Py_ssize_t *commas) {
    Py_ssize_t n = PyUnicode_GetLength(text);
    if (n < 0 || reserve((void **)scratch, scratch_cap, sizeof(Py_UCS4), n + 1)) {
        return -1;
    }
    if (n && PyUnicode_AsUCS4(text, *scratch, *scratch_cap, 0) == NULL) {
        return -1;
    }
    const Py_UCS4 *code_points = *scratch;
    Py_ssize_t words = 0, letters = 0, found = 0;
    int in_word = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = code_points[i];
        if (is_space(c)) {
            in_word = 0;
            continue;
        }
        words += !in_word;
        in_word = 1;
        letters++;
        if (c == ',') {
            found++;
        } else if (c >= 128) {
            for (Py_ssize_t k = 0; k < more_count; k++) {
                found += c == more_commas[k];
            }
        }
    }
    if (!words) {
        *length = *commas = 0;
        return 0;
    }
    Py_UCS4 last = code_points[n - 1];
    *length = letters + words - 1 + (last == ' ' || last == '\t' || last == '\n' || last == '\r' || last == '\f');
    *commas = found;
    return 0;
}

/* measure_text_utf8's step for one code point ``c`` of the text. */
static inline void measure_code_point(Py_UCS4 c, const Py_UCS4 *more_commas, Py_ssize_t more_count, int *in_word,
                                      Py_ssize_t *words, Py_ssize_t *letters, Py_ssize_t *found) {
    if (is_space(c)) {
        *in_word = 0;
        return;
    }
    *words += !*in_word;
    *in_word = 1;
    ++*letters;
    if (c == ',') {
        ++*found;
    } else if (c >= 128) {
        for (Py_ssize_t k = 0; k < more_count; k++) {
            *found += c == more_commas[k];
        }
    }
}

/* The code point of the UTF-8 sequence at bytes[*i] (CPython's UTF-8 of a str: well formed),
 * *i moved past it; never reads at or past ``n``. */
static inline Py_UCS4 utf8_code_point(const unsigned char *bytes, Py_ssize_t n, Py_ssize_t *i) {
    Py_UCS4 c = bytes[(*i)++];
    int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    c &= more == 3 ? 0x07 : more == 2 ? 0x0F : more == 1 ? 0x1F : 0x7F;
    for (; more && *i < n; more--) {
        c = (c << 6) | (bytes[(*i)++] & 0x3F);
    }
    return c;
}

#define MEASURE_BYTES(b) (0x0101010101010101ULL * (uint64_t)(b))
#define MEASURE_HIGH MEASURE_BYTES(0x80)

/* The high bit of each byte of ``x`` (all ASCII) that is ``is_space``: 0x09-0x0D or 0x1C-0x20.
 * Each byte is below 0x80, so no sum below carries into the next byte. */
static inline uint64_t ascii_space_bits(uint64_t x) {
    uint64_t above_20 = x + MEASURE_BYTES(0x80 - 0x21), from_1c = x + MEASURE_BYTES(0x80 - 0x1C);
    uint64_t from_09 = x + MEASURE_BYTES(0x80 - 0x09), from_0e = x + MEASURE_BYTES(0x80 - 0x0E);
    return ((from_1c & ~above_20) | (from_09 & ~from_0e)) & MEASURE_HIGH;
}

/* The high bit of each byte of ``x`` (all ASCII) that is ','. */
static inline uint64_t ascii_comma_bits(uint64_t x) {
    uint64_t y = x ^ MEASURE_BYTES(','), low = MEASURE_BYTES(0x7F);
    return ~(((y & low) + low) | y | low);
}

/* measure_text_node, read from the str's UTF-8 (no copy for an ASCII str, whose UTF-8 is its
 * data) eight bytes at a time where they are all ASCII: the spaces, word starts and commas of
 * eight bytes are a few word operations and population counts. Same answers; a str without
 * UTF-8 (a lone surrogate) is measured by measure_text_node. 0 or -1. */
static inline int measure_text_utf8(PyObject *text, Py_UCS4 **scratch, Py_ssize_t *scratch_cap,
                                    const Py_UCS4 *more_commas, Py_ssize_t more_count, Py_ssize_t *length,
                                    Py_ssize_t *commas) {
    Py_ssize_t n;
    const unsigned char *bytes = (const unsigned char *)PyUnicode_AsUTF8AndSize(text, &n);
    if (bytes == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) {
            return -1;
        }
        PyErr_Clear();
        return measure_text_node(text, scratch, scratch_cap, more_commas, more_count, length, commas);
    }
    Py_ssize_t words = 0, letters = 0, found = 0, i = 0;
    int in_word = 0;
    while (i + 8 <= n) {
        uint64_t x;
        memcpy(&x, bytes + i, sizeof x);
        if (x & MEASURE_HIGH) { /* code points up to the end of these eight bytes, one at a time */
            for (Py_ssize_t end = i + 8; i < end;) {
                Py_UCS4 c = utf8_code_point(bytes, n, &i);
                measure_code_point(c, more_commas, more_count, &in_word, &words, &letters, &found);
            }
            continue;
        }
        uint64_t letter = ~ascii_space_bits(x) & MEASURE_HIGH;
        uint64_t after_letter = (letter << 8) | (in_word ? 0x80u : 0u); /* each byte: was the one before a letter */
        letters += __builtin_popcountll(letter);
        words += __builtin_popcountll(letter & ~after_letter);
        found += __builtin_popcountll(ascii_comma_bits(x));
        in_word = (int)(letter >> 63);
        i += 8;
    }
    while (i < n) {
        Py_UCS4 c = utf8_code_point(bytes, n, &i);
        measure_code_point(c, more_commas, more_count, &in_word, &words, &letters, &found);
    }
    if (!words) {
        *length = *commas = 0;
        return 0;
    }
    unsigned char last = bytes[n - 1]; /* a byte of a multi-byte sequence is not ASCII space */
    *length = letters + words - 1 + (last == ' ' || last == '\t' || last == '\n' || last == '\r' || last == '\f');
    *commas = found;
    return 0;
}

/* The article pass's measure (text, links, commas) as a new tuple: what Py_BuildValue("(ndn)")
 * makes, without parsing a format per call. NULL on error. */
static inline PyObject *measure_tuple(Py_ssize_t text, double links, Py_ssize_t commas) {
    PyObject *items[3] = {PyLong_FromSsize_t(text), PyFloat_FromDouble(links), PyLong_FromSsize_t(commas)};
    PyObject *tuple = items[0] && items[1] && items[2] ? PyTuple_New(3) : NULL;
    for (Py_ssize_t i = 0; i < 3; i++) {
        if (tuple != NULL) {
            PyTuple_SetItem(tuple, i, items[i]); /* steals it */
        } else {
            Py_XDECREF(items[i]);
        }
    }
    return tuple;
}

/* 0.0, shared by the zero entries of float_list's lists (as [0.0] * width shares one float),
 * NULL until the first list. */
static PyObject *float_list_zero;

/* A new list of the `n` floats of `values` (a measure vector for Python: a call-back's argument,
 * a pending share, a read; the language detector's per-profile scores). Most entries of most
 * vectors are zero: they share one float, so a list costs a float object per non-zero entry
 * only. */
static inline PyObject *float_list(const double *values, Py_ssize_t n) {
    if (float_list_zero == NULL && (float_list_zero = PyFloat_FromDouble(0.0)) == NULL) {
        return NULL;
    }
    PyObject *list = PyList_New(n);
    for (Py_ssize_t i = 0; list != NULL && i < n; i++) {
        int zero = values[i] == 0.0 && !signbit(values[i]); /* not -0.0: that stays itself */
        PyObject *value = zero ? (Py_INCREF(float_list_zero), float_list_zero) : PyFloat_FromDouble(values[i]);
        if (value == NULL) {
            Py_CLEAR(list);
        } else {
            PyList_SetItem(list, i, value); /* steals; in range */
        }
    }
    return list;
}

/* The cleaner's measure vectors (copypass and cleanpass): read a list of `width` numbers into
 * `vector`. 0 or -1 with an error set. */
static inline int read_float_list(PyObject *list, double *vector, Py_ssize_t width) {
    if (!PyList_Check(list) || PyList_Size(list) != width) {
        PyErr_SetString(PyExc_TypeError, "a measure vector is a list of the cleaner's width");
        return -1;
    }
    for (Py_ssize_t i = 0; i < width; i++) {
        vector[i] = PyFloat_AsDouble(PyList_GetItem(list, i));
    }
    return PyErr_Occurred() ? -1 : 0;
}

/* A configure's tuple of `n` vector indexes, the last the width (1 to ``width_max``) and the
 * others inside it, into *slots[i] (set only when all are right). 0 or -1 with an error set. */
static inline int read_vector_indexes(PyObject *indexes, Py_ssize_t *const *slots, Py_ssize_t n,
                                      Py_ssize_t width_max) {
    Py_ssize_t values[16];
    if (!PyTuple_Check(indexes) || PyTuple_Size(indexes) != n || n < 1 || n > 16) {
        PyErr_SetString(PyExc_TypeError, "configure: the vector indexes have the wrong shape");
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        values[i] = PyLong_AsSsize_t(PyTuple_GetItem(indexes, i));
        if (PyErr_Occurred()) {
            return -1;
        }
    }
    if (values[n - 1] < 1 || values[n - 1] > width_max) {
        PyErr_SetString(PyExc_ValueError, "configure: the vector width is out of range");
        return -1;
    }
    for (Py_ssize_t i = 0; i < n - 1; i++) {
        if (values[i] < 0 || values[i] >= values[n - 1]) {
            PyErr_SetString(PyExc_ValueError, "configure: a vector index is outside the vector");
            return -1;
        }
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        *slots[i] = values[i];
    }
    return 0;
}

/* The non-ASCII comma characters of a str (article_rules.NON_ASCII_COMMA_CHARS) into
 * ``chars`` (room for ``room``), as measure_text_node takes them. 0 or -1. */
static inline int read_comma_chars(PyObject *commas, Py_UCS4 *chars, Py_ssize_t room, Py_ssize_t *count) {
    Py_ssize_t n = PyUnicode_GetLength(commas);
    if (n < 0 || n > room) {
        PyErr_SetString(PyExc_ValueError, "too many comma characters");
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        chars[i] = PyUnicode_ReadChar(commas, i);
        if (chars[i] < 128) { /* ASCII ',' is counted on its own, as text_measure does */
            PyErr_SetString(PyExc_ValueError, "the comma characters are beyond ASCII");
            return -1;
        }
    }
    *count = n;
    return 0;
}

/* A NameMemos group's settle in C (csrc/copypass/gates.c's name_settler makes it, in a capsule of
 * this name): settle(self, value) writes every verdict of the group on ``value``, as
 * NameMemos.settle does. 0 or -1. Why: a module asking for a verdict (the grab, the scorer)
 * calls it directly on a miss, not through NameMemo.found_in's and NameMemos.settle's frames. */
#define NAME_SETTLER_CAPSULE "riptide._copypass.name_settler"
typedef struct NameSettler NameSettler;
struct NameSettler {
    int (*settle)(NameSettler *self, PyObject *value);
};

/* A literal gate table of engine.literal_gate (csrc/copypass/gates.c's literal_table makes it, in
 * a capsule of this name; LiteralGates.table, OpeningGate.table): admit(self, text, &found) sets
 * *found to the gates that may match the unfolded ``text`` (LiteralGates.may_match's mask; an
 * OpeningGate's one gate: bit 0 unless no opening literal opens the text's fold). 0 or -1.
 * admit_points answers the same for the text's ``n`` code points (no str made of them).
 * Why: a walk of another module (the grab) gates a pattern's match with the table built once
 * from the pattern, calling copypass's fold and scan directly, not through Python. */
#define LITERAL_TABLE_CAPSULE "riptide._copypass.literal_table"
typedef struct LiteralTable LiteralTable;
struct LiteralTable {
    int (*admit)(LiteralTable *self, PyObject *text, uint32_t *found);
    int (*admit_points)(LiteralTable *self, const Py_UCS4 *points, Py_ssize_t n, uint32_t *found);
};

/* The LiteralTable of ``capsule`` (None: no table, *table NULL). 0 or -1 with an error set. */
static inline int literal_table_of(PyObject *capsule, LiteralTable **table) {
    *table = capsule == Py_None ? NULL : PyCapsule_GetPointer(capsule, LITERAL_TABLE_CAPSULE);
    return capsule != Py_None && *table == NULL ? -1 : 0;
}

/* An engine.article_rules.NameMemo as C reads it: its dict of verdicts per class or id value,
 * and what to ask on a miss: its group's C settle (``settler``, held by ``settler_capsule``)
 * when there is one, else its found_in (it searches, and remembers the verdict). The memo's
 * dict stays the one cache either way. */
typedef struct {
    PyObject *known;
    PyObject *found_in;
    PyObject *settler_capsule;
    NameSettler *settler;
} NameMemo;

/* Take ``source``'s (a NameMemo's) dict of verdicts, found_in and its group's C settle
 * (``source.group.settler()``: None when there is none) into ``memo``. 0 or -1. */
static inline int name_memo_take(NameMemo *memo, PyObject *source) {
    PyObject *known = PyObject_GetAttrString(source, "known");
    PyObject *found_in = known == NULL ? NULL : PyObject_GetAttrString(source, "found_in");
    PyObject *group = found_in == NULL ? NULL : PyObject_GetAttrString(source, "group");
    PyObject *capsule = group == NULL ? NULL : PyObject_CallMethod(group, "settler", NULL);
    NameSettler *settler = capsule == NULL || capsule == Py_None ? NULL
                                                                   : PyCapsule_GetPointer(capsule, NAME_SETTLER_CAPSULE);
    Py_XDECREF(group);
    if (capsule == NULL || (capsule != Py_None && settler == NULL) || !PyDict_Check(known)) {
        if (capsule != NULL && !PyErr_Occurred()) {
            PyErr_SetString(PyExc_TypeError, "a NameMemo keeps its verdicts in a dict");
        }
        Py_XDECREF(known);
        Py_XDECREF(found_in);
        Py_XDECREF(capsule);
        return -1;
    }
    Py_XDECREF(memo->known);
    Py_XDECREF(memo->found_in);
    Py_XDECREF(memo->settler_capsule);
    memo->known = known;
    memo->found_in = found_in;
    memo->settler_capsule = capsule;
    memo->settler = settler;
    return 0;
}

/* NameMemo.found_in(value): 1 when the pattern is found in ``value``, 0 when not, -1 on error.
 * A value already judged costs a dict look-up, not a call; a new one, the group's C settle
 * (then the look-up), or found_in when the group has none. */
static inline int name_memo_found_in(const NameMemo *memo, PyObject *value) {
    PyObject *known = PyDict_GetItemWithError(memo->known, value); /* borrowed */
    if (known == NULL && !PyErr_Occurred() && memo->settler != NULL) {
        if (memo->settler->settle(memo->settler, value) < 0) {
            return -1;
        }
        known = PyDict_GetItemWithError(memo->known, value);
    }
    if (known != NULL) {
        return PyObject_IsTrue(known);
    }
    if (PyErr_Occurred()) {
        return -1;
    }
    PyObject *answer = PyObject_CallFunctionObjArgs(memo->found_in, value, NULL);
    if (answer == NULL) {
        return -1;
    }
    int found = PyObject_IsTrue(answer);
    Py_DECREF(answer);
    return found;
}

/* What a pass's tables say of a str (a tag or attribute name), remembered by the str object.
 *
 * Why: a walk asks several frozensets about each element's tag (the copy walk eight: never
 * copied, asked first, sized, furniture, image, heading, data-table markup, counted), each a
 * hash, a probe and a call chain; on element-dense markup those look-ups were a few percent of
 * a call. Tags and attribute names are few and shared (the tree builder interns them), so the
 * answers, as bits the pass defines, are looked up here by the str's address: one probe.
 * Entries hold their str (an address is never reused while remembered); a full memo is emptied
 * and filled again, so a page of made-up names cannot leave it useless. Only exact strs are
 * remembered; anything else is asked every time. Header-only: a memo is per module. */
#define STR_KINDS_SIZE 512
typedef struct {
    PyObject *key; /* strong, or NULL for an empty slot */
    uint32_t bits;
} StrKind;
typedef struct {
    StrKind slots[STR_KINDS_SIZE];
    int used;
} StrKinds;
/* The pass's answer for `key` into *bits: 0, or -1 with an error set. */
typedef int (*str_kind_fn)(PyObject *key, uint32_t *bits);

/* Bit i of *bits set for each of the `n` sets `sets[i]` that holds `key`: what a str_kind_fn
 * mostly answers. 0, or -1 with an error set. */
static inline int set_bits(PyObject *key, PyObject *const *sets, size_t n, uint32_t *bits) {
    *bits = 0;
    for (size_t i = 0; i < n; i++) {
        int in = PySet_Contains(sets[i], key);
        if (in < 0) {
            return -1;
        }
        *bits |= in ? 1u << i : 0;
    }
    return 0;
}

/* Forget every answer (a configure changed the tables). */
static inline void str_kinds_clear(StrKinds *kinds) {
    for (int i = 0; i < STR_KINDS_SIZE; i++) {
        Py_CLEAR(kinds->slots[i].key);
    }
    kinds->used = 0;
}

/* `compute`'s bits for `key`, from the memo when it holds them. 0, or -1 with an error set. */
static inline int str_kind(StrKinds *kinds, PyObject *key, str_kind_fn compute, uint32_t *bits) {
    if (!PyUnicode_CheckExact(key)) {
        return compute(key, bits);
    }
    size_t at = address_hash(key) & (STR_KINDS_SIZE - 1);
    for (; kinds->slots[at].key != NULL; at = (at + 1) & (STR_KINDS_SIZE - 1)) {
        if (kinds->slots[at].key == key) {
            *bits = kinds->slots[at].bits;
            return 0;
        }
    }
    if (compute(key, bits) < 0) {
        return -1;
    }
    if (kinds->used >= STR_KINDS_SIZE * 3 / 4) {
        str_kinds_clear(kinds); /* `at` is empty, as every slot now is */
    }
    Py_INCREF(key);
    kinds->slots[at].key = key;
    kinds->slots[at].bits = *bits;
    kinds->used++;
    return 0;
}

#endif
