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
 * occurs in ``folded`` (or gate i has none: then every text may match), which is what
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
 * at once behind such a table: names_settle does that whole miss here (lower, gate, search
 * only the patterns that may be found, write every verdict), as NameMemos.settle states it.
 *
 *   literal_table(gates: tuple[tuple[str, ...], ...]) -> capsule
 *   gates_found(table, folded: str) -> int
 *   names_settle(table, value: str, searches, verdicts, size: int, fold) -> None
 */
#include "copypass.h"

#include <string.h>

#define TABLE_CAPSULE "riptide._copypass.literal_table"
#define BUCKETS 4096 /* a power of two */
#define MAX_GATES 30

typedef struct {
    Py_UCS4 *chars;     /* every literal's code points, one after another */
    Py_ssize_t *starts; /* per literal: where its code points start in chars */
    Py_ssize_t *lengths;
    uint32_t *bits;     /* per literal: the gates it belongs to */
    int32_t *next;      /* per literal: the next literal in its bucket, -1 at the end */
    int32_t heads[BUCKETS];  /* per bucket of the first two code points: its first literal */
    int32_t singles[BUCKETS]; /* per bucket of the code point: its first literal of one */
    Py_ssize_t count;
    uint32_t always; /* the gates without literals */
    uint32_t all;
} Table;

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
        free(table->next);
        free(table);
    }
}

static void table_destroy(PyObject *capsule) { table_free(PyCapsule_GetPointer(capsule, TABLE_CAPSULE)); }

/* Add `literal` (of gate `gate`) to `table`, its code points at chars[*used...]. 0 or -1. */
static int add_literal(Table *table, PyObject *literal, int gate, Py_ssize_t *used) {
    if (!PyUnicode_Check(literal)) {
        PyErr_SetString(PyExc_TypeError, "literal_table: literals are str");
        return -1;
    }
    Py_ssize_t length = PyUnicode_GetLength(literal);
    if (length < 0) {
        return -1;
    }
    if (length == 0) { /* in every text */
        table->always |= (uint32_t)1 << gate;
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
    table->bits[at] = (uint32_t)1 << gate;
    table->next[at] = *head;
    *head = (int32_t)at;
    *used += length;
    return 0;
}

PyObject *gates_literal_table(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *gates;
    if (!PyArg_ParseTuple(args, "O!:literal_table", &PyTuple_Type, &gates)) {
        return NULL;
    }
    Py_ssize_t gate_count = PyTuple_Size(gates);
    if (gate_count > MAX_GATES) {
        PyErr_SetString(PyExc_ValueError, "literal_table: too many gates");
        return NULL;
    }
    Py_ssize_t literals = 0, chars = 0;
    for (Py_ssize_t g = 0; g < gate_count; g++) {
        PyObject *gate = PyTuple_GetItem(gates, g);
        if (!PyTuple_Check(gate)) {
            PyErr_SetString(PyExc_TypeError, "literal_table: each gate is a tuple of literals");
            return NULL;
        }
        for (Py_ssize_t i = 0; i < PyTuple_Size(gate); i++) {
            PyObject *literal = PyTuple_GetItem(gate, i);
            Py_ssize_t length = PyUnicode_Check(literal) ? PyUnicode_GetLength(literal) : 0;
            literals++;
            chars += length > 0 ? length : 0;
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
        table->next = malloc(sizeof(int32_t) * (size_t)(literals + 1));
    }
    if (table == NULL || !table->chars || !table->starts || !table->lengths || !table->bits || !table->next) {
        table_free(table);
        return PyErr_NoMemory();
    }
    for (int b = 0; b < BUCKETS; b++) {
        table->heads[b] = table->singles[b] = -1;
    }
    table->all = gate_count ? (((uint32_t)1 << gate_count) - 1) : 0;
    Py_ssize_t used = 0;
    for (Py_ssize_t g = 0; g < gate_count; g++) {
        PyObject *gate = PyTuple_GetItem(gates, g);
        Py_ssize_t size = PyTuple_Size(gate);
        if (size == 0) {
            table->always |= (uint32_t)1 << g; /* nothing required: every text may match */
        }
        for (Py_ssize_t i = 0; i < size; i++) {
            if (add_literal(table, PyTuple_GetItem(gate, i), (int)g, &used) < 0) {
                table_free(table);
                return NULL;
            }
        }
    }
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

/* The gates whose literals allow a match in the n folded code points of text_buffer. */
static uint32_t scan_folded(const Table *table, Py_ssize_t n) {
    uint32_t found = table->always;
    const Py_UCS4 *text = text_buffer;
    for (Py_ssize_t i = 0; i < n && found != table->all; i++) {
        for (int32_t k = table->singles[text[i] & (BUCKETS - 1)]; k >= 0; k = table->next[k]) {
            if (table->chars[table->starts[k]] == text[i]) {
                found |= table->bits[k];
            }
        }
        if (i + 1 == n) {
            break;
        }
        for (int32_t k = table->heads[pair_bucket(text[i], text[i + 1])]; k >= 0; k = table->next[k]) {
            Py_ssize_t length = table->lengths[k], j = 0;
            const Py_UCS4 *literal = table->chars + table->starts[k];
            if (!(table->bits[k] & ~found) || length > n - i) {
                continue;
            }
            while (j < length && literal[j] == text[i + j]) {
                j++;
            }
            if (j == length) {
                found |= table->bits[k];
            }
        }
    }
    return found;
}

/* The bits of the gates whose literals occur in ``folded`` (or that have none): *found. 0 or -1. */
static int scan(const Table *table, PyObject *folded, uint32_t *found_out) {
    Py_ssize_t n = read_text(folded);
    if (n < 0) {
        return -1;
    }
    *found_out = scan_folded(table, n);
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

/* engine.article_rules.NameMemos.settle: lower ``value`` once, ask the gates (``fold`` of the
 * lowered text: the Python function, called only for text beyond ASCII) which patterns may be
 * found, call the search of each that may, and write every verdict dict's answer for ``value``
 * (found & mask != 0), clearing a dict that holds ``size`` values first. The Python method
 * states the rule; a test compares both inside the guest (tests/sandbox/test_name_memos_in_guest.py). */
PyObject *gates_names_settle(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *capsule, *value, *searches, *verdicts, *fold;
    Py_ssize_t size;
    if (!PyArg_ParseTuple(args, "OUO!O!nO:names_settle", &capsule, &value, &PyTuple_Type, &searches, &PyTuple_Type,
                          &verdicts, &size, &fold)) {
        return NULL;
    }
    Table *table = PyCapsule_GetPointer(capsule, TABLE_CAPSULE);
    if (table == NULL) {
        return NULL;
    }
    PyObject *lowered = PyObject_CallMethod(value, "lower", NULL);
    if (lowered == NULL) {
        return NULL;
    }
    if (!PyUnicode_Check(lowered)) {
        PyErr_SetString(PyExc_TypeError, "names_settle: str.lower gives str");
        Py_DECREF(lowered);
        return NULL;
    }
    int ascii = all_ascii(lowered);
    PyObject *folded = ascii ? (ascii > 0 ? (Py_INCREF(lowered), lowered) : NULL)
                             : PyObject_CallFunctionObjArgs(fold, lowered, NULL);
    uint32_t found = 0;
    int failed = folded == NULL || !PyUnicode_Check(folded) || scan(table, folded, &found) < 0;
    if (folded != NULL && !PyUnicode_Check(folded) && !PyErr_Occurred()) {
        PyErr_SetString(PyExc_TypeError, "names_settle: fold gives str");
    }
    Py_XDECREF(folded);
    Py_ssize_t count = PyTuple_Size(searches);
    for (Py_ssize_t i = 0; !failed && i < count && i < 32; i++) {
        if (!(found >> i & 1)) {
            continue;
        }
        PyObject *match = PyObject_CallFunctionObjArgs(PyTuple_GetItem(searches, i), lowered, NULL);
        failed = match == NULL;
        if (match == Py_None) {
            found &= ~((uint32_t)1 << i);
        }
        Py_XDECREF(match);
    }
    Py_DECREF(lowered);
    for (Py_ssize_t i = 0; !failed && i < PyTuple_Size(verdicts); i++) {
        PyObject *pair = PyTuple_GetItem(verdicts, i);
        PyObject *known = PyTuple_Check(pair) && PyTuple_Size(pair) == 2 ? PyTuple_GetItem(pair, 1) : NULL;
        if (known == NULL || !PyDict_Check(known)) {
            PyErr_SetString(PyExc_TypeError, "names_settle: verdicts are (mask, dict) pairs");
            return NULL;
        }
        unsigned long mask = PyLong_AsUnsignedLong(PyTuple_GetItem(pair, 0));
        if (mask == (unsigned long)-1 && PyErr_Occurred()) {
            return NULL;
        }
        if (PyDict_Size(known) >= size) {
            PyDict_Clear(known);
        }
        failed = PyDict_SetItem(known, value, found & mask ? Py_True : Py_False) < 0;
    }
    if (failed) {
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

int gates_admit(PyObject *capsule, PyObject *text, uint32_t *found) {
    Table *table = PyCapsule_GetPointer(capsule, TABLE_CAPSULE);
    Py_ssize_t n = table == NULL || fold_hook == NULL ? -1 : read_text(text);
    if (n < 0) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_RuntimeError, "gates_admit: the fold was not configured");
        }
        return -1;
    }
    int ascii = 1, translated = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = text_buffer[i];
        if (c >= 128) {
            ascii = 0;
            for (Py_ssize_t k = 0; k < unfolded_count; k++) {
                translated |= c == unfolded[k];
            }
        } else if (c >= 'A' && c <= 'Z') {
            text_buffer[i] = c + ('a' - 'A');
        }
    }
    if (!ascii) { /* str.lower's Unicode tables, or fold itself for the characters it translates */
        PyObject *folded = translated ? PyObject_CallFunctionObjArgs(fold_hook, text, NULL)
                                      : PyObject_CallMethodObjArgs(text, s_lower, NULL);
        n = folded == NULL || !PyUnicode_Check(folded) ? -1 : read_text(folded);
        Py_XDECREF(folded);
        if (n < 0) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_TypeError, "gates_admit: fold did not give a str");
            }
            return -1;
        }
    }
    *found = scan_folded(table, n);
    return 0;
}
