/* packed.pack's JSON rows in C: the records' fields written as json.dumps writes them.
 *
 * Why: the guest packs every link and media record into one JSON string (engine/packed.py), and
 * json.dumps of the rows (an attrgetter tuple per record, then the encoder's per-item dispatch)
 * cost ~13k wasm instructions per link inside the component: on link-heavy pages (issue 12's
 * `a-around-table`, 14,530 links in 1 MB) a fifth of the extraction. This writes the same text
 * with one pass over each record's fields.
 *
 * Contract: pack_rows(records, names) is json.dumps([[getattr(r, n) for n in names] for r in
 * records], ensure_ascii=False, separators=(",", ":")), or None when a value is not one this
 * writes (str, bool, None, int), or a str has no UTF-8 (a lone surrogate): packed.py then calls
 * json.dumps. Strings are escaped as the json module's C encoder escapes them without
 * ensure_ascii: '"' and '\' with a backslash, \b \f \n \r \t by name, other characters below
 * U+0020 as \u00XX in lower-case hex, everything else as it is. Linear in the output.
 */
#include "fastpass.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    char *bytes;
    Py_ssize_t len, cap;
} Buffer;

/* Room for ``more`` bytes (passes.h's reserve: doubling). 0, or -1 with MemoryError. */
static int buffer_room(Buffer *out, Py_ssize_t more) {
    return reserve((void **)&out->bytes, &out->cap, 1, out->len + more);
}

static int buffer_add(Buffer *out, const char *bytes, Py_ssize_t length) {
    if (buffer_room(out, length)) {
        return -1;
    }
    memcpy(out->bytes + out->len, bytes, (size_t)length);
    out->len += length;
    return 0;
}

/* A JSON string of ``text`` (UTF-8, ``length`` bytes), escaped as json.dumps(ensure_ascii=False). */
static int add_string(Buffer *out, const char *text, Py_ssize_t length) {
    static const char hex[] = "0123456789abcdef";
    if (buffer_room(out, 2 + 6 * length)) { /* at most six bytes per input byte */
        return -1;
    }
    char *at = out->bytes + out->len;
    *at++ = '"';
    for (Py_ssize_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            *at++ = (char)c;
            continue;
        }
        *at++ = '\\';
        switch (c) {
        case '"':
        case '\\':
            *at++ = (char)c;
            break;
        case '\b':
            *at++ = 'b';
            break;
        case '\f':
            *at++ = 'f';
            break;
        case '\n':
            *at++ = 'n';
            break;
        case '\r':
            *at++ = 'r';
            break;
        case '\t':
            *at++ = 't';
            break;
        default:
            memcpy(at, "u00", 3);
            at[3] = hex[c >> 4];
            at[4] = hex[c & 0xf];
            at += 5;
        }
    }
    *at++ = '"';
    out->len = at - out->bytes;
    return 0;
}

/* One value: 1 written, 0 not a value this writes, -1 error. */
static int add_value(Buffer *out, PyObject *value) {
    if (value == Py_None) {
        return buffer_add(out, "null", 4) ? -1 : 1;
    }
    if (value == Py_True || value == Py_False) {
        return (value == Py_True ? buffer_add(out, "true", 4) : buffer_add(out, "false", 5)) ? -1 : 1;
    }
    if (PyUnicode_CheckExact(value)) {
        Py_ssize_t length;
        const char *text = PyUnicode_AsUTF8AndSize(value, &length);
        if (text == NULL) { /* a lone surrogate: json.dumps decides */
            PyErr_Clear();
            return 0;
        }
        return add_string(out, text, length) ? -1 : 1;
    }
    if (PyLong_CheckExact(value)) {
        PyObject *digits = PyObject_Str(value);
        Py_ssize_t length;
        const char *text = digits == NULL ? NULL : PyUnicode_AsUTF8AndSize(digits, &length);
        int status = text == NULL ? -1 : buffer_add(out, text, length) ? -1 : 1;
        Py_XDECREF(digits);
        return status;
    }
    return 0;
}

/* One record's row: 1 written, 0 a value this does not write, -1 error. */
static int add_row(Buffer *out, PyObject *record, PyObject *names, Py_ssize_t width) {
    if (buffer_add(out, "[", 1)) {
        return -1;
    }
    for (Py_ssize_t k = 0; k < width; k++) {
        if (k && buffer_add(out, ",", 1)) {
            return -1;
        }
        PyObject *value = PyObject_GetAttr(record, PyTuple_GetItem(names, k));
        int written = value == NULL ? -1 : add_value(out, value);
        Py_XDECREF(value);
        if (written <= 0) {
            return written;
        }
    }
    return buffer_add(out, "]", 1) ? -1 : 1;
}

/* pack_rows(records, names) -> str | None: see the file's comment. */
PyObject *packrows_pack_rows(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *records, *names;
    if (!PyArg_ParseTuple(args, "O!O!:pack_rows", &PyList_Type, &records, &PyTuple_Type, &names)) {
        return NULL;
    }
    Py_ssize_t width = PyTuple_Size(names);
    for (Py_ssize_t k = 0; k < width; k++) {
        if (!PyUnicode_Check(PyTuple_GetItem(names, k))) {
            PyErr_SetString(PyExc_TypeError, "pack_rows: the field names are str");
            return NULL;
        }
    }
    Buffer out = {NULL, 0, 0};
    int written = buffer_add(&out, "[", 1) ? -1 : 1;
    for (Py_ssize_t i = 0; written == 1 && i < PyList_Size(records); i++) {
        if (i && buffer_add(&out, ",", 1)) {
            written = -1;
            break;
        }
        PyObject *record = PyList_GetItem(records, i); /* borrowed */
        Py_INCREF(record);
        written = add_row(&out, record, names, width);
        Py_DECREF(record);
    }
    PyObject *packed = NULL;
    if (written == 1 && buffer_add(&out, "]", 1) == 0) {
        packed = PyUnicode_DecodeUTF8(out.bytes, out.len, "strict");
    } else if (written == 0) {
        packed = Py_None;
        Py_INCREF(packed);
    }
    free(out.bytes);
    return packed;
}
