/* html.unescape in C, for the text and attribute values the tree builder decodes (guest only).
 *
 * Why: the tree builder handed every text with a '&' to Python's html.unescape, one re.sub
 * whose Python call-back (html._replace_charref) ran once per reference: ~115k calls on the
 * corpora, the largest Python cost left under the C tree build.
 *
 * Contract: decode(s) == html.unescape(s) for every str. The rules are those of html.unescape
 * (`&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)` replaced by _replace_charref),
 * and the tables are Python's own, handed over once by dom.py (`configure_charrefs`:
 * html.entities.html5, html._invalid_charrefs, html._invalid_codepoints); none is restated
 * here. A decimal reference longer than DECIMAL_DIGITS_IN_C digits (int() may refuse it: the
 * interpreter's int_max_str_digits) sends the whole text to html.unescape, the definition, so
 * that even its error is the same. Guarantees: no recursion, time linear in the text (a
 * reference is at most 34 code points and costs at most `longest key` table look-ups).
 */
#include "fastscan.h"

#include <string.h>
#include <wchar.h>

_Static_assert(sizeof(wchar_t) == sizeof(Py_UCS4), "PyUnicode_FromWideChar must take UCS-4 here");

/* Longer decimal references go to html.unescape (int() has a digit limit; saturation is exact
 * below it, as anything past 0x10FFFF decodes alike). */
#define DECIMAL_DIGITS_IN_C 64
/* The regex's `{1,32}`: the longest name part of a named reference. */
#define NAME_LIMIT 32
/* A value above Unicode's range: every larger number decodes as it does. */
#define BEYOND_UNICODE 0x110000

typedef struct {
    Py_UCS4 *key; /* NULL: an empty slot */
    Py_ssize_t key_length;
    Py_UCS4 *value;
    Py_ssize_t value_length;
} Entity;

typedef struct {
    int32_t number;
    Py_UCS4 *value;
    Py_ssize_t value_length;
} InvalidReference;

static struct {
    int configured;
    Entity *slots; /* open addressing, a power of two at least twice the entity count */
    size_t mask;
    Py_ssize_t longest_key;
    InvalidReference *invalid_references; /* html._invalid_charrefs, sorted by number */
    Py_ssize_t invalid_reference_count;
    int32_t *invalid_codepoints; /* html._invalid_codepoints, sorted */
    Py_ssize_t invalid_codepoint_count;
} table;

static size_t hash_of(const Py_UCS4 *key, Py_ssize_t length) {
    size_t hash = 2166136261u; /* FNV-1a */
    for (Py_ssize_t i = 0; i < length; i++) {
        hash = (hash ^ key[i]) * 16777619u;
    }
    return hash;
}

/* The entity named key[0:length], or NULL. */
static const Entity *entity_named(const Py_UCS4 *key, Py_ssize_t length) {
    for (size_t at = hash_of(key, length) & table.mask;; at = (at + 1) & table.mask) {
        const Entity *entity = &table.slots[at];
        if (entity->key == NULL) {
            return NULL;
        }
        if (entity->key_length == length && memcmp(entity->key, key, (size_t)length * sizeof(Py_UCS4)) == 0) {
            return entity;
        }
    }
}

/* A str as a PyMem UCS-4 copy (its length in *length), or NULL with TypeError/MemoryError. */
static Py_UCS4 *code_points_of(PyObject *text, Py_ssize_t *length) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "configure_charrefs(): names and values must be str");
        return NULL;
    }
    *length = PyUnicode_GetLength(text);
    return *length < 0 ? NULL : PyUnicode_AsUCS4Copy(text);
}

static int add_entity(PyObject *name, PyObject *value) {
    Entity entity;
    entity.key = code_points_of(name, &entity.key_length);
    entity.value = entity.key == NULL ? NULL : code_points_of(value, &entity.value_length);
    if (entity.value == NULL) {
        PyMem_Free(entity.key);
        return -1;
    }
    size_t at = hash_of(entity.key, entity.key_length) & table.mask;
    while (table.slots[at].key != NULL) { /* dict keys are distinct: no replacing */
        at = (at + 1) & table.mask;
    }
    table.slots[at] = entity;
    if (entity.key_length > table.longest_key) {
        table.longest_key = entity.key_length;
    }
    return 0;
}

static int compare_numbers(const void *a, const void *b) {
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* A code point from Python (an int in [0, 0x10FFFF]), or -1 with an error set. */
static int32_t code_point_of(PyObject *number) {
    long value = PyLong_AsLong(number);
    if (value == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (value < 0 || value >= BEYOND_UNICODE) {
        PyErr_SetString(PyExc_ValueError, "configure_charrefs(): code points must be in Unicode's range");
        return -1;
    }
    return (int32_t)value;
}

static int load_invalid_references(PyObject *references) {
    Py_ssize_t count = PyDict_Size(references), at = 0, filled = 0;
    table.invalid_references = calloc((size_t)(count ? count : 1), sizeof(InvalidReference));
    if (table.invalid_references == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    PyObject *number, *value;
    while (PyDict_Next(references, &at, &number, &value)) {
        InvalidReference *reference = &table.invalid_references[filled];
        reference->number = code_point_of(number);
        if (reference->number < 0 ||
            (reference->value = code_points_of(value, &reference->value_length)) == NULL) {
            return -1;
        }
        table.invalid_reference_count = ++filled;
    }
    qsort(table.invalid_references, (size_t)filled, sizeof(InvalidReference), compare_numbers);
    return 0;
}

static int load_invalid_codepoints(PyObject *codepoints) {
    PyObject *items = PySequence_Tuple(codepoints);
    if (items == NULL) {
        return -1;
    }
    Py_ssize_t count = PyTuple_Size(items);
    table.invalid_codepoints = malloc((size_t)(count ? count : 1) * sizeof(int32_t));
    if (table.invalid_codepoints == NULL) {
        Py_DECREF(items);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        if ((table.invalid_codepoints[i] = code_point_of(PyTuple_GetItem(items, i))) < 0) {
            Py_DECREF(items);
            return -1;
        }
    }
    Py_DECREF(items);
    table.invalid_codepoint_count = count;
    qsort(table.invalid_codepoints, (size_t)count, sizeof(int32_t), compare_numbers);
    return 0;
}

/* configure_charrefs(html5, invalid_charrefs, invalid_codepoints): once, from dom.py. Until it
 * has succeeded, decoding is left to html.unescape. */
PyObject *charref_configure(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *entities, *invalid_references, *invalid_codepoints;
    if (!PyArg_ParseTuple(args, "O!O!O:configure_charrefs", &PyDict_Type, &entities, &PyDict_Type,
                          &invalid_references, &invalid_codepoints)) {
        return NULL;
    }
    if (table.slots != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "configure_charrefs(): already configured");
        return NULL;
    }
    size_t size = 64;
    while (size < 2 * (size_t)PyDict_Size(entities)) {
        size *= 2;
    }
    table.slots = calloc(size, sizeof(Entity));
    if (table.slots == NULL) {
        return PyErr_NoMemory();
    }
    table.mask = size - 1;
    PyObject *name, *value;
    Py_ssize_t at = 0;
    while (PyDict_Next(entities, &at, &name, &value)) {
        if (add_entity(name, value)) {
            return NULL;
        }
    }
    if (load_invalid_references(invalid_references) || load_invalid_codepoints(invalid_codepoints)) {
        return NULL;
    }
    table.configured = 1;
    Py_RETURN_NONE;
}

/* -- decoding ----------------------------------------------------------------------------------- */

typedef struct {
    Py_UCS4 *items;
    Py_ssize_t len;
    Py_ssize_t cap;
} Decoded;

static int append(Decoded *out, const Py_UCS4 *items, Py_ssize_t count) {
    if (count == 0) {
        return 0;
    }
    while (out->len + count > out->cap) {
        if (grow((void **)&out->items, &out->cap, sizeof(Py_UCS4))) {
            return -1;
        }
    }
    memcpy(out->items + out->len, items, (size_t)count * sizeof(Py_UCS4));
    out->len += count;
    return 0;
}

static int is_digit(Py_UCS4 c) { return c >= '0' && c <= '9'; }

static int hex_digit(Py_UCS4 c) {
    if (is_digit(c)) {
        return (int)(c - '0');
    }
    if (c >= 'a' && c <= 'f') {
        return (int)(c - 'a' + 10);
    }
    if (c >= 'A' && c <= 'F') {
        return (int)(c - 'A' + 10);
    }
    return -1;
}

/* `[^\t\n\f <&#;]` */
static int is_name_part(Py_UCS4 c) {
    return c != '\t' && c != '\n' && c != '\f' && c != ' ' && c != '<' && c != '&' && c != '#' && c != ';';
}

/* html._replace_charref of a numeric reference whose number is `number` (saturated). */
static int append_number(Decoded *out, int32_t number) {
    InvalidReference *found = NULL;
    for (Py_ssize_t low = 0, high = table.invalid_reference_count; low < high && found == NULL;) {
        Py_ssize_t middle = low + (high - low) / 2;
        int32_t at = table.invalid_references[middle].number;
        if (at == number) {
            found = &table.invalid_references[middle];
        } else if (at < number) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    if (found != NULL) {
        return append(out, found->value, found->value_length);
    }
    if ((number >= 0xD800 && number <= 0xDFFF) || number >= BEYOND_UNICODE) {
        Py_UCS4 replacement = 0xFFFD;
        return append(out, &replacement, 1);
    }
    if (bsearch(&number, table.invalid_codepoints, (size_t)table.invalid_codepoint_count, sizeof(int32_t),
                compare_numbers) != NULL) {
        return 0;
    }
    Py_UCS4 code_point = (Py_UCS4)number;
    return append(out, &code_point, 1);
}

/* A numeric reference at s[at] == '&', s[at + 1] == '#': appended, and its end in *next; 0 when
 * none matches here (the '&' is text), -1 on error, -2 when too long for C (see the top). */
static int numeric_reference(Decoded *out, const Py_UCS4 *s, Py_ssize_t at, Py_ssize_t end, Py_ssize_t *next) {
    Py_ssize_t i = at + 2;
    int32_t number = 0;
    if (i < end && is_digit(s[i])) {
        Py_ssize_t first = i;
        for (; i < end && is_digit(s[i]); i++) {
            number = number * 10 + (int32_t)(s[i] - '0');
            number = number > BEYOND_UNICODE ? BEYOND_UNICODE : number;
        }
        if (i - first > DECIMAL_DIGITS_IN_C) {
            return -2;
        }
    } else if (i + 1 < end && (s[i] == 'x' || s[i] == 'X') && hex_digit(s[i + 1]) >= 0) {
        for (i++; i < end && hex_digit(s[i]) >= 0; i++) {
            number = number * 16 + hex_digit(s[i]);
            number = number > BEYOND_UNICODE ? BEYOND_UNICODE : number;
        }
    } else {
        return 0;
    }
    *next = i < end && s[i] == ';' ? i + 1 : i;
    return append_number(out, number) ? -1 : 1;
}

/* A named reference at s[at] == '&': appended (decoded, or as it is when no name matches), its
 * end in *next; 0 when none matches here (the '&' is text), -1 on error. */
static int named_reference(Decoded *out, const Py_UCS4 *s, Py_ssize_t at, Py_ssize_t end, Py_ssize_t *next) {
    const Py_UCS4 *name = s + at + 1;
    Py_ssize_t length = 0;
    while (at + 1 + length < end && length < NAME_LIMIT && is_name_part(name[length])) {
        length++;
    }
    if (length == 0) {
        return 0;
    }
    if (at + 1 + length < end && name[length] == ';') {
        length++;
    }
    *next = at + 1 + length;
    const Entity *entity = entity_named(name, length);
    if (entity != NULL) {
        return append(out, entity->value, entity->value_length) ? -1 : 1;
    }
    /* the longest name that is a prefix (of at least two code points), then the rest as text */
    for (Py_ssize_t prefix = (length - 1 < table.longest_key ? length - 1 : table.longest_key); prefix > 1;
         prefix--) {
        if ((entity = entity_named(name, prefix)) != NULL) {
            return append(out, entity->value, entity->value_length) || append(out, name + prefix, length - prefix)
                       ? -1
                       : 1;
        }
    }
    return append(out, s + at, length + 1) ? -1 : 1;
}

/* unescape(html[start:end]): the definition, for what C leaves to it. */
static PyObject *decode_in_python(PyObject *html, Py_ssize_t start, Py_ssize_t end, PyObject *unescape) {
    PyObject *text = PyUnicode_Substring(html, start, end);
    PyObject *decoded = text == NULL ? NULL : PyObject_CallFunctionObjArgs(unescape, text, NULL);
    Py_XDECREF(text);
    return decoded;
}

PyObject *charref_decode(const Py_UCS4 *s, Py_ssize_t start, Py_ssize_t end, PyObject *html, PyObject *unescape) {
    if (!table.configured) {
        return decode_in_python(html, start, end, unescape);
    }
    Decoded out = {NULL, 0, 0};
    Py_ssize_t plain = start; /* the text since the last reference, copied as it is */
    int status = 0;
    for (Py_ssize_t i = start; i < end && status >= 0;) {
        if (s[i] != '&') {
            i++;
            continue;
        }
        Py_ssize_t next = i;
        if (append(&out, s + plain, i - plain)) {
            status = -1;
            break;
        }
        status = i + 1 < end && s[i + 1] == '#' ? numeric_reference(&out, s, i, end, &next)
                                                : named_reference(&out, s, i, end, &next);
        if (status == 0) { /* no reference: the '&' is text */
            next = i + 1;
            status = append(&out, s + i, 1);
        }
        plain = i = next;
    }
    if (status == -2) {
        free(out.items);
        return decode_in_python(html, start, end, unescape);
    }
    PyObject *decoded = NULL;
    if (status >= 0 && append(&out, s + plain, end - plain) == 0) {
        decoded = PyUnicode_FromWideChar((const wchar_t *)out.items, out.len);
    }
    free(out.items);
    return decoded;
}

/* unescape(text, fallback) -> str: html.unescape(text) decoded here (``fallback`` is
 * html.unescape, for what C leaves to it); for the guest's equivalence check. */
PyObject *charref_unescape(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *text, *unescape;
    if (!PyArg_ParseTuple(args, "UO:unescape", &text, &unescape)) {
        return NULL;
    }
    Py_ssize_t length = PyUnicode_GetLength(text);
    Py_UCS4 *code_points = length < 0 ? NULL : PyUnicode_AsUCS4Copy(text);
    if (code_points == NULL) {
        return NULL;
    }
    PyObject *decoded = charref_decode(code_points, 0, length, text, unescape);
    PyMem_Free(code_points);
    return decoded;
}
