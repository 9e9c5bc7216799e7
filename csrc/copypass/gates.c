/* The literal gates of engine.literal_gate.LiteralGates, in C, for the guest only.
 *
 * Why: the cleaner asks, for each short block it reads, which of its searched-anywhere furniture
 * rules can match at all: whether the block's folded text holds one of each rule's required
 * literals (about 150 of them). As regex searches (one alternation of all literals, then one
 * per rule that may match) that was the costliest regex site of the cleaner inside the
 * component. Here one pass over the text looks every literal up by the two characters it starts
 * with (by its one character, for a literal of one) and answers for all rules at once.
 *
 * Contract: gates_found(table, folded) has bit i set exactly when one of gate i's literals
 * occurs in ``folded``, or one of its openings (LiteralGate.openings: literals required at the
 * text's start, after a "^") opens it (or gate i has neither: then every text may match), which is what
 * LiteralGates' Python searches answer; the literals come from Python (literal_table), read
 * off the rules' patterns there. A test compares both answers inside the guest. Linear in the
 * text times the literals sharing a bucket (almost always none or one).
 *
 * gates_admit (for the copy walk, copy.c) answers the same for an unfolded text: it folds it as
 * literal_gate.fold does without a Python call for most texts (an ASCII text's fold is its
 * ASCII lower case; a text with none of FOLDED_FOR_IGNORECASE's characters folds by str.lower)
 * and calls fold itself for the rest.
 *
 * The class/id memos (engine.article_rules.NameMemos) settle a value for all their patterns
 * at once behind such a table: a settler (name_settler, made once per group) does that whole
 * miss here, as NameMemos.settle states it: lower, gate, search only the patterns that may be
 * found and are not proven found, write every verdict. A table may also hold each gate's proofs
 * (LiteralGate.proofs: ASCII spellings of the pattern's plain alternatives): one of them in an
 * ASCII value's lower case is a match of the pattern there, so the search is skipped (most
 * values a pattern is found in are proven so: no regex call, no str made). The settle is
 * called from C too (the grab's and the scorer's memos, csrc/passes.h's NameMemo) through
 * the NameSettler head of the capsule, without a Python frame. Why: it ran ~48k times over
 * the corpora at ~6 us each, nearly all of it the searches of found patterns, the argument
 * parsing and the Python frames of NameMemo.found_in and NameMemos.settle around it.
 *
 *   literal_table(gates: tuple[tuple[str, ...], ...], proofs=(), openings=()) -> capsule
 *   gates_found(table, folded: str) -> int
 *   name_settler(table, searches, verdicts, size: int, fold) -> capsule (a NameSettler)
 *   names_settle(settler, value: str) -> None
 */
#include "copypass.h"
#include "../element_text.h" /* points_str */

#include <string.h>

#define TABLE_CAPSULE LITERAL_TABLE_CAPSULE /* passes.h: other modules call a table's admit */
#define BUCKETS 4096 /* a power of two */
#define MAX_GATES 30

struct GatesTable {
    LiteralTable head;  /* first: C reads the capsule's pointer as a LiteralTable (passes.h) */
    Py_UCS4 *chars;     /* every literal's code points, one after another */
    Py_ssize_t *starts; /* per literal: where its code points start in chars */
    Py_ssize_t *lengths;
    uint32_t *bits;     /* per literal: the gates it belongs to */
    uint32_t *proves;   /* per literal: the gates it proves found (in an ASCII text's lower case) */
    uint8_t *opening;   /* per literal: 1 when it counts only at the text's start (LiteralGate.openings) */
    int32_t *next;      /* per literal: the next literal in its bucket, -1 at the end */
    int32_t heads[BUCKETS];  /* per bucket of the first two code points: its first literal */
    int32_t singles[BUCKETS]; /* per bucket of the code point: its first literal of one */
    Py_ssize_t count;
    uint32_t always; /* the gates without literals */
    uint32_t all;
    uint32_t provable; /* the gates with proofs */
    int openings_only; /* no literal counts past the text's start: a scan stops after it */
};
typedef struct GatesTable Table;

static int table_admit(LiteralTable *head, PyObject *text, uint32_t *found);
static int table_admit_points(LiteralTable *head, const Py_UCS4 *points, Py_ssize_t n, uint32_t *found);

static Py_UCS4 *text_buffer;
static Py_ssize_t text_cap;

/* The bucket of a literal starting with `a`, `b` (b: its second code point). */
static inline uint32_t pair_bucket(Py_UCS4 a, Py_UCS4 b) { return (a * 131u + b) & (BUCKETS - 1); }

static void table_free(Table *table) {
    if (table != NULL) {
        free(table->chars);
        free(table->starts);
        free(table->lengths);
        free(table->bits);
        free(table->proves);
        free(table->opening);
        free(table->next);
        free(table);
    }
}

static void table_destroy(PyObject *capsule) { table_free(PyCapsule_GetPointer(capsule, TABLE_CAPSULE)); }

/* What a literal of a gate is: required anywhere, required at the text's start, or a proof. */
enum { LITERAL_ANYWHERE, LITERAL_OPENING, LITERAL_PROOF };

/* Add `literal` (of gate `gate`, of kind ``kind``) to `table`, its code points at
 * chars[*used...]. 0 or -1. */
static int add_literal(Table *table, PyObject *literal, int gate, int kind, Py_ssize_t *used) {
    int proof = kind == LITERAL_PROOF;
    if (!PyUnicode_Check(literal)) {
        PyErr_SetString(PyExc_TypeError, "literal_table: literals are str");
        return -1;
    }
    Py_ssize_t length = PyUnicode_GetLength(literal);
    if (length < 0) {
        return -1;
    }
    if (length == 0) { /* in every text (a proof of nothing: an empty spelling proves no more) */
        table->always |= proof ? 0 : (uint32_t)1 << gate;
        return 0;
    }
    Py_ssize_t at = table->count++;
    if (PyUnicode_AsUCS4(literal, table->chars + *used, length, 0) == NULL) {
        return -1;
    }
    const Py_UCS4 *chars = table->chars + *used;
    int32_t *head = length == 1 ? &table->singles[chars[0] & (BUCKETS - 1)] : &table->heads[pair_bucket(chars[0], chars[1])];
    table->starts[at] = *used;
    table->lengths[at] = length;
    table->bits[at] = proof ? 0 : (uint32_t)1 << gate;
    table->proves[at] = proof ? (uint32_t)1 << gate : 0;
    table->opening[at] = kind == LITERAL_OPENING;
    table->provable |= table->proves[at];
    table->next[at] = *head;
    *head = (int32_t)at;
    *used += length;
    return 0;
}

PyObject *gates_literal_table(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *gates, *proofs = NULL, *openings = NULL;
    if (!PyArg_ParseTuple(args, "O!|O!O!:literal_table", &PyTuple_Type, &gates, &PyTuple_Type, &proofs,
                          &PyTuple_Type, &openings)) {
        return NULL;
    }
    Py_ssize_t gate_count = PyTuple_Size(gates);
    if (gate_count > MAX_GATES || (proofs != NULL && PyTuple_Size(proofs) > gate_count) ||
        (openings != NULL && PyTuple_Size(openings) > gate_count)) {
        PyErr_SetString(PyExc_ValueError, "literal_table: too many gates (or proofs, openings of more gates)");
        return NULL;
    }
    PyObject *sets[3] = {gates, openings, proofs}; /* in the order of the kinds */
    Py_ssize_t literals = 0, chars = 0;
    for (int set = 0; set < 3; set++) {
        if (sets[set] == NULL) {
            continue;
        }
        for (Py_ssize_t g = 0; g < PyTuple_Size(sets[set]); g++) {
            PyObject *gate = PyTuple_GetItem(sets[set], g);
            if (!PyTuple_Check(gate)) {
                PyErr_SetString(PyExc_TypeError, "literal_table: each gate (and its proofs) is a tuple of literals");
                return NULL;
            }
            for (Py_ssize_t i = 0; i < PyTuple_Size(gate); i++) {
                PyObject *literal = PyTuple_GetItem(gate, i);
                Py_ssize_t length = PyUnicode_Check(literal) ? PyUnicode_GetLength(literal) : 0;
                literals++;
                chars += length > 0 ? length : 0;
            }
        }
    }
    if (literals >= INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "literal_table: too many literals");
        return NULL;
    }
    Table *table = calloc(1, sizeof(Table));
    if (table != NULL) {
        table->chars = malloc(sizeof(Py_UCS4) * (size_t)(chars + 1));
        table->starts = malloc(sizeof(Py_ssize_t) * (size_t)(literals + 1));
        table->lengths = malloc(sizeof(Py_ssize_t) * (size_t)(literals + 1));
        table->bits = malloc(sizeof(uint32_t) * (size_t)(literals + 1));
        table->proves = malloc(sizeof(uint32_t) * (size_t)(literals + 1));
        table->opening = malloc((size_t)(literals + 1));
        table->next = malloc(sizeof(int32_t) * (size_t)(literals + 1));
    }
    if (table == NULL || !table->chars || !table->starts || !table->lengths || !table->bits || !table->proves || !table->opening || !table->next) {
        table_free(table);
        return PyErr_NoMemory();
    }
    for (int b = 0; b < BUCKETS; b++) {
        table->heads[b] = table->singles[b] = -1;
    }
    table->all = gate_count ? (((uint32_t)1 << gate_count) - 1) : 0;
    Py_ssize_t used = 0;
    for (Py_ssize_t g = 0; g < gate_count; g++) {
        Py_ssize_t size = PyTuple_Size(PyTuple_GetItem(gates, g));
        Py_ssize_t opening = openings != NULL && g < PyTuple_Size(openings) ? PyTuple_Size(PyTuple_GetItem(openings, g)) : 0;
        if (size == 0 && opening == 0) {
            table->always |= (uint32_t)1 << g; /* nothing required: every text may match */
        }
    }
    for (int kind = 0; kind < 3; kind++) {
        for (Py_ssize_t g = 0; sets[kind] != NULL && g < PyTuple_Size(sets[kind]); g++) {
            PyObject *gate = PyTuple_GetItem(sets[kind], g);
            for (Py_ssize_t i = 0; i < PyTuple_Size(gate); i++) {
                if (add_literal(table, PyTuple_GetItem(gate, i), (int)g, kind, &used) < 0) {
                    table_free(table);
                    return NULL;
                }
            }
        }
    }
    table->openings_only = 1;
    for (Py_ssize_t k = 0; k < table->count; k++) {
        table->openings_only &= table->opening[k];
    }
    table->head.admit = table_admit;
    table->head.admit_points = table_admit_points;
    PyObject *capsule = PyCapsule_New(table, TABLE_CAPSULE, table_destroy);
    if (capsule == NULL) {
        table_free(table);
    }
    return capsule;
}

/* The code points of `text` into text_buffer; their count, or -1. */
static Py_ssize_t read_text(PyObject *text) {
    Py_ssize_t n = PyUnicode_GetLength(text);
    if (n < 0 || reserve((void **)&text_buffer, &text_cap, sizeof(Py_UCS4), n + 1)) {
        return -1;
    }
    if (n && PyUnicode_AsUCS4(text, text_buffer, text_cap, 0) == NULL) {
        return -1;
    }
    return n;
}

/* The gates whose literals allow a match in the n folded code points of text_buffer; with
 * *proven, also the gates one of whose proofs occurs there (then found too: a proof is a match,
 * and every match holds one of the gate's literals). */
static uint32_t scan_folded(const Table *table, Py_ssize_t n, uint32_t *proven_out) {
    uint32_t found = table->always, proven = 0;
    uint32_t provable = proven_out == NULL ? 0 : table->provable;
    const Py_UCS4 *text = text_buffer;
    Py_ssize_t end = table->openings_only && n ? 1 : n; /* past the start, nothing to find */
    for (Py_ssize_t i = 0; i < end && ((table->all & ~found) | (provable & ~proven)); i++) {
        for (int32_t k = table->singles[text[i] & (BUCKETS - 1)]; k >= 0; k = table->next[k]) {
            if (table->chars[table->starts[k]] == text[i] && (i == 0 || !table->opening[k])) {
                found |= table->bits[k] | (table->proves[k] & provable);
                proven |= table->proves[k] & provable;
            }
        }
        if (i + 1 == n) {
            break;
        }
        for (int32_t k = table->heads[pair_bucket(text[i], text[i + 1])]; k >= 0; k = table->next[k]) {
            Py_ssize_t length = table->lengths[k], j = 0;
            const Py_UCS4 *literal = table->chars + table->starts[k];
            if ((!(table->bits[k] & ~found) && !(table->proves[k] & provable & ~proven)) || length > n - i ||
                (i && table->opening[k])) {
                continue;
            }
            while (j < length && literal[j] == text[i + j]) {
                j++;
            }
            if (j == length) {
                found |= table->bits[k] | (table->proves[k] & provable);
                proven |= table->proves[k] & provable;
            }
        }
    }
    if (proven_out != NULL) {
        *proven_out = proven;
    }
    return found;
}

/* The bits of the gates whose literals occur in ``folded`` (or that have none): *found. 0 or -1. */
static int scan(const Table *table, PyObject *folded, uint32_t *found_out) {
    Py_ssize_t n = read_text(folded);
    if (n < 0) {
        return -1;
    }
    *found_out = scan_folded(table, n, NULL);
    return 0;
}

PyObject *gates_found(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *capsule, *folded;
    if (!PyArg_ParseTuple(args, "OU:gates_found", &capsule, &folded)) {
        return NULL;
    }
    Table *table = PyCapsule_GetPointer(capsule, TABLE_CAPSULE);
    uint32_t found;
    if (table == NULL || scan(table, folded, &found) < 0) {
        return NULL;
    }
    return PyLong_FromUnsignedLong(found);
}

/* Whether ``text`` is all ASCII (then ``fold`` of it is itself, once lower-cased). 1, 0 or -1. */
static int all_ascii(PyObject *text) {
    Py_ssize_t n = PyUnicode_GetLength(text);
    if (n < 0) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (PyUnicode_ReadChar(text, i) > 127) {
            return 0;
        }
    }
    return 1;
}

#define SETTLER_CAPSULE NAME_SETTLER_CAPSULE

/* A NameMemos group as its settle reads it: the gates' table, one search per gate (its
 * pattern's bound search), the (mask, dict) verdicts, NAME_MEMO_SIZE and literal_gate.fold. */
typedef struct {
    NameSettler head; /* first: C reads the capsule's pointer as a NameSettler */
    PyObject *table_capsule, *searches, *verdicts, *fold, *lower;
    const Table *table;
    Py_ssize_t search_count, verdict_count, size;
    PyObject **known; /* per verdict: its dict (borrowed from verdicts) */
    uint32_t *masks;
} Settler;

static void settler_free(Settler *settler) {
    if (settler != NULL) {
        Py_XDECREF(settler->table_capsule);
        Py_XDECREF(settler->searches);
        Py_XDECREF(settler->verdicts);
        Py_XDECREF(settler->fold);
        Py_XDECREF(settler->lower);
        free(settler->known);
        free(settler->masks);
        free(settler);
    }
}

static void settler_destroy(PyObject *capsule) { settler_free(PyCapsule_GetPointer(capsule, SETTLER_CAPSULE)); }

/* ``value`` lowered and folded as NameMemos.settle does, gated: *found (the gates that may
 * match), *proven (those proven found: only for an ASCII value) and *lowered (``value.lower()``,
 * new reference, made only when a search needs it or for a value beyond ASCII). 0 or -1. */
static int settler_gate(const Settler *settler, PyObject *value, uint32_t *found, uint32_t *proven,
                        PyObject **lowered) {
    Py_ssize_t n = read_text(value);
    if (n < 0) {
        return -1;
    }
    int ascii = 1;
    for (Py_ssize_t i = 0; i < n && ascii; i++) {
        Py_UCS4 c = text_buffer[i];
        ascii = c < 128;
        text_buffer[i] = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
    *lowered = NULL;
    if (ascii) { /* the common case: its lower case is its fold, read in place */
        *found = scan_folded(settler->table, n, proven);
        return 0;
    }
    *proven = 0; /* beyond ASCII: gated on fold(value.lower()), as the Python rule, and searched */
    *lowered = PyObject_CallMethodObjArgs(value, settler->lower, NULL);
    if (*lowered == NULL || !PyUnicode_Check(*lowered)) {
        if (*lowered != NULL) {
            PyErr_SetString(PyExc_TypeError, "names_settle: str.lower gives str");
        }
        return -1;
    }
    int lowered_ascii = all_ascii(*lowered);
    PyObject *folded = lowered_ascii ? (lowered_ascii > 0 ? (Py_INCREF(*lowered), *lowered) : NULL)
                                     : PyObject_CallFunctionObjArgs(settler->fold, *lowered, NULL);
    int failed = folded == NULL || !PyUnicode_Check(folded) || (n = read_text(folded)) < 0;
    if (folded != NULL && !PyUnicode_Check(folded)) {
        PyErr_SetString(PyExc_TypeError, "names_settle: fold gives str");
    }
    Py_XDECREF(folded);
    if (failed) {
        return -1;
    }
    *found = scan_folded(settler->table, n, NULL);
    return 0;
}

/* engine.article_rules.NameMemos.settle: gate ``value`` (settler_gate), search it with each
 * pattern that may be found and is not proven found, and write every verdict dict's answer for
 * ``value`` (found & mask != 0), clearing a dict that holds ``size`` values first. The Python
 * method states the rule; a test compares both inside the guest
 * (tests/sandbox/test_name_memos_in_guest.py). 0 or -1. */
static int settler_settle(NameSettler *head, PyObject *value) {
    const Settler *settler = (const Settler *)head;
    uint32_t found = 0, proven = 0;
    PyObject *lowered = NULL;
    if (settler_gate(settler, value, &found, &proven, &lowered) < 0) {
        Py_XDECREF(lowered);
        return -1;
    }
    uint32_t unsure = found & ~proven;
    int failed = 0;
    for (Py_ssize_t i = 0; !failed && unsure && i < settler->search_count; i++) {
        if (!(unsure >> i & 1)) {
            continue;
        }
        unsure &= ~((uint32_t)1 << i);
        if (lowered == NULL && (lowered = PyObject_CallMethodObjArgs(value, settler->lower, NULL)) == NULL) {
            failed = 1;
            break;
        }
        PyObject *match = PyObject_CallFunctionObjArgs(PyTuple_GetItem(settler->searches, i), lowered, NULL);
        failed = match == NULL;
        if (match == Py_None) {
            found &= ~((uint32_t)1 << i);
        }
        Py_XDECREF(match);
    }
    Py_XDECREF(lowered);
    for (Py_ssize_t i = 0; !failed && i < settler->verdict_count; i++) {
        PyObject *known = settler->known[i];
        if (PyDict_Size(known) >= settler->size) {
            PyDict_Clear(known);
        }
        failed = PyDict_SetItem(known, value, found & settler->masks[i] ? Py_True : Py_False) < 0;
    }
    return failed ? -1 : 0;
}

PyObject *gates_name_settler(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *capsule, *searches, *verdicts, *fold;
    Py_ssize_t size;
    if (!PyArg_ParseTuple(args, "OO!O!nO:name_settler", &capsule, &PyTuple_Type, &searches, &PyTuple_Type,
                          &verdicts, &size, &fold)) {
        return NULL;
    }
    Table *table = PyCapsule_GetPointer(capsule, TABLE_CAPSULE);
    if (table == NULL) {
        return NULL;
    }
    Py_ssize_t count = PyTuple_Size(searches), verdict_count = PyTuple_Size(verdicts);
    if (count > MAX_GATES || !PyCallable_Check(fold)) {
        PyErr_SetString(PyExc_ValueError, "name_settler: at most MAX_GATES searches, and fold is callable");
        return NULL;
    }
    Settler *settler = calloc(1, sizeof(Settler));
    if (settler != NULL) {
        settler->known = malloc(sizeof(PyObject *) * (size_t)(verdict_count + 1));
        settler->masks = malloc(sizeof(uint32_t) * (size_t)(verdict_count + 1));
    }
    if (settler == NULL || settler->known == NULL || settler->masks == NULL) {
        settler_free(settler);
        return PyErr_NoMemory();
    }
    settler->head.settle = settler_settle;
    for (Py_ssize_t i = 0; i < verdict_count; i++) {
        PyObject *pair = PyTuple_GetItem(verdicts, i);
        PyObject *known = PyTuple_Check(pair) && PyTuple_Size(pair) == 2 ? PyTuple_GetItem(pair, 1) : NULL;
        unsigned long mask = known != NULL ? PyLong_AsUnsignedLong(PyTuple_GetItem(pair, 0)) : 0;
        if (known == NULL || !PyDict_Check(known) || PyErr_Occurred()) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_TypeError, "name_settler: verdicts are (mask, dict) pairs");
            }
            settler_free(settler);
            return NULL;
        }
        settler->known[i] = known;
        settler->masks[i] = (uint32_t)mask;
    }
    settler->lower = PyUnicode_InternFromString("lower");
    if (settler->lower == NULL) {
        settler_free(settler);
        return NULL;
    }
    PyObject *held[] = {capsule, searches, verdicts, fold};
    PyObject **slots[] = {&settler->table_capsule, &settler->searches, &settler->verdicts, &settler->fold};
    for (size_t i = 0; i < sizeof held / sizeof held[0]; i++) {
        Py_INCREF(held[i]);
        *slots[i] = held[i];
    }
    settler->table = table;
    settler->search_count = count;
    settler->verdict_count = verdict_count;
    settler->size = size;
    PyObject *made = PyCapsule_New(settler, SETTLER_CAPSULE, settler_destroy);
    if (made == NULL) {
        settler_free(settler);
    }
    return made;
}

PyObject *gates_names_settle(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 2 || !PyUnicode_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "names_settle(settler, value: str)");
        return NULL;
    }
    NameSettler *settler = PyCapsule_GetPointer(args[0], SETTLER_CAPSULE);
    if (settler == NULL || settler->settle(settler, args[1]) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

/* literal_gate.fold and the characters it translates first (FOLDED_FOR_IGNORECASE's keys). */
static PyObject *fold_hook, *s_lower;
static Py_UCS4 unfolded[8];
static Py_ssize_t unfolded_count;

int gates_configure_fold(PyObject *fold, PyObject *translated) {
    Py_ssize_t at = 0, count = 0;
    PyObject *key, *value;
    if (!PyCallable_Check(fold) || !PyDict_Check(translated) || PyDict_Size(translated) > 8) {
        PyErr_SetString(PyExc_TypeError, "configure: fold is a callable, FOLDED_FOR_IGNORECASE a small dict");
        return -1;
    }
    Py_UCS4 chars[8];
    while (PyDict_Next(translated, &at, &key, &value)) {
        long code = PyLong_AsLong(key);
        if (code < 0 || code > 0x10FFFF) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_ValueError, "configure: FOLDED_FOR_IGNORECASE maps code points");
            }
            return -1;
        }
        chars[count++] = (Py_UCS4)code;
    }
    if (s_lower == NULL && (s_lower = PyUnicode_InternFromString("lower")) == NULL) {
        return -1;
    }
    memcpy(unfolded, chars, sizeof chars);
    unfolded_count = count;
    Py_INCREF(fold);
    Py_XDECREF(fold_hook);
    fold_hook = fold;
    return 0;
}

/* Lower the ASCII capitals of the n code points in text_buffer in place: 1 when all are ASCII
 * (then that is their fold), else 0, with *translated set when one of them is among
 * FOLDED_FOR_IGNORECASE's characters. */
static int fold_ascii(Py_ssize_t n, int *translated) {
    int ascii = 1;
    *translated = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = text_buffer[i];
        if (c >= 128) {
            ascii = 0;
            for (Py_ssize_t k = 0; k < unfolded_count; k++) {
                *translated |= c == unfolded[k];
            }
        } else if (c >= 'A' && c <= 'Z') {
            text_buffer[i] = c + ('a' - 'A');
        }
    }
    return ascii;
}

/* The fold of a text beyond ASCII into text_buffer: str.lower's Unicode tables, or fold itself
 * for the characters it translates. Its length, or -1. */
static Py_ssize_t fold_unicode(PyObject *text, int translated) {
    PyObject *folded = translated ? PyObject_CallFunctionObjArgs(fold_hook, text, NULL)
                                  : PyObject_CallMethodObjArgs(text, s_lower, NULL);
    Py_ssize_t n = folded == NULL || !PyUnicode_Check(folded) ? -1 : read_text(folded);
    Py_XDECREF(folded);
    if (n < 0 && !PyErr_Occurred()) {
        PyErr_SetString(PyExc_TypeError, "gates: fold did not give a str");
    }
    return n;
}

static int fold_configured(void) {
    if (fold_hook == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "gates: the fold was not configured");
        return 0;
    }
    return 1;
}

/* The code points of ``text`` folded as literal_gate.fold folds it, into text_buffer: their
 * count, or -1. An ASCII text's fold is its ASCII lower case; a text with none of
 * FOLDED_FOR_IGNORECASE's characters folds by str.lower; fold itself is called for the rest. */
Py_ssize_t gates_fold(PyObject *text) {
    Py_ssize_t n = fold_configured() ? read_text(text) : -1;
    int translated;
    if (n < 0 || fold_ascii(n, &translated)) {
        return n;
    }
    return fold_unicode(text, translated);
}

Py_ssize_t gates_fold_points(const Py_UCS4 *points, Py_ssize_t n) {
    if (!fold_configured() || reserve((void **)&text_buffer, &text_cap, sizeof(Py_UCS4), n + 1)) {
        return -1;
    }
    if (n) { /* an empty line may have no buffer at all */
        memcpy(text_buffer, points, sizeof(Py_UCS4) * (size_t)n);
    }
    int translated;
    if (fold_ascii(n, &translated)) {
        return n;
    }
    PyObject *text = points_str(points, n); /* the str only for a text beyond ASCII */
    n = text == NULL ? -1 : fold_unicode(text, translated);
    Py_XDECREF(text);
    return n;
}

const GatesTable *gates_table(PyObject *capsule) { return PyCapsule_GetPointer(capsule, TABLE_CAPSULE); }

int gates_scan(const GatesTable *table, Py_ssize_t n, uint32_t *found) {
    if (n < 0 || n > text_cap) {
        PyErr_SetString(PyExc_ValueError, "gates_scan: no folded text of that length");
        return -1;
    }
    *found = scan_folded((const Table *)table, n, NULL);
    return 0;
}

static int table_admit(LiteralTable *head, PyObject *text, uint32_t *found) {
    Py_ssize_t n = gates_fold(text);
    if (n < 0) {
        return -1;
    }
    *found = scan_folded((const Table *)head, n, NULL);
    return 0;
}

static int table_admit_points(LiteralTable *head, const Py_UCS4 *points, Py_ssize_t n, uint32_t *found) {
    n = gates_fold_points(points, n);
    if (n < 0) {
        return -1;
    }
    *found = scan_folded((const Table *)head, n, NULL);
    return 0;
}

int gates_admit(PyObject *capsule, PyObject *text, uint32_t *found) {
    Table *table = PyCapsule_GetPointer(capsule, TABLE_CAPSULE);
    return table == NULL ? -1 : table_admit(&table->head, text, found);
}
