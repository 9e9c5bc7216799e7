/* _langscan: the language detector's word count of a plain sample, in C, for the guest only.
 *
 * Why: on a page that declares no language, engine.language.detect_language reads up to 3,000
 * characters of its text. Most of its cost was three regex scans of that sample (is any
 * character outside the plain ranges, the word tokens, the code symbols) and a Counter of the
 * tokens, one str object per token: 7-9% of a sandboxed 10 KB call on dense markup, where the
 * words are few and repeated. One pass over the code points does all four, and makes a str only
 * for each distinct word.
 *
 * Contract: scan(lowered) is None when ``lowered`` holds a character outside the plain ranges
 * (the Python detector then tokenizes with its full pattern). Otherwise it is (counts,
 * symbols): counts is Counter(language._PLAIN_TOKEN_RE.findall(lowered)) as a dict (the same
 * words, counts and first-occurrence order), symbols is len(language._CODE_SYMBOL_RE.findall(
 * lowered)). The ranges and, per plain character, its classes (a word character, a token
 * character, a digit, a code symbol) come from language.py at its import (configure), which
 * asks the regex engine itself: what follows is the pattern's rule, not its classes. The token
 * rule, ``(?<![W])[T]++(?![D])``: a maximal run of token characters not preceded by a word
 * character and not followed by a digit. A run followed by a digit is skipped whole (the match
 * is possessive; a later start inside the run is preceded by a word character, or by a mark that
 * starts the same run up to the same digit). Linear in the sample; no recursion.
 *
 * word_scores(words, model_words, stems, stem_length, priors) is the word loop of
 * language._best_profile (its statement: language._word_scores_python): per profile, its prior
 * plus bonus * count for each listing of each word (or, for a word longer than stem_length
 * that no profile lists, of its stem), and the counts of the words each profile knows. Why: that
 * loop ran a few bytecodes per listing of every distinct word of the sample: ~1M of the 4.3M
 * instructions the detector cost on the normal article's text (benchmarks/output_passes.py,
 * pass "language"). The same float operations in the same order (words in the dict's order,
 * each word's listings in theirs; bonus * float(count), then the sum: wasm32 has no fused
 * multiply-add), so the scores are bit for bit Python's. latin.c does the same for a plain
 * sample's Latin words without a str per word; this one serves the other scripts' samples.
 *
 * letter_scores(words, core, mark_log_p, core_log_p) is language._letter_scores (its statement:
 * _letter_scores_python): the letters of the words times their counts, those outside the
 * script's core counted one by one in the order they first occur, each one's count times its
 * per-profile log-probability added in that order, then the core letters' count times
 * core_log_p. Why: its joins, set, sort by str.index and a list of profile sums per letter
 * were ~0.3M more. The counts are integers (exact in any order); the float operations are
 * Python's, in its order.
 *
 *   configure(ranges, classes)
 *   scan(lowered) -> (dict, int) | None
 *   letter_scores(words, core, mark_log_p, core_log_p) -> list[float]
 *   word_scores(words, model_words, stems, stem_length, priors) -> (list[float], list[int])
 * latin.c: configure_latin(...), scan_latin(lowered).
 */
#include "langscan.h"

enum { CLASS_WORD = 1, CLASS_TOKEN = 2, CLASS_DIGIT = 4, CLASS_SYMBOL = 8, CLASS_MAX = 15 };
#define RANGES_MAX 8

/* The plain ranges ([first, last] code points) and each one's offset into classes. */
static Py_UCS4 range_first[RANGES_MAX], range_last[RANGES_MAX];
static Py_ssize_t range_offset[RANGES_MAX], ranges_n;
/* Code points below this (the first range, when it starts at 0: ASCII and Latin-1 lie there)
 * are their own offset, found without the range loop: ~26 of the ~100 instructions the scan
 * cost per code point (3,000 per sample). */
static Py_UCS4 direct_below;
static unsigned char *classes; /* per plain code point, its CLASS_* bits */

/* The scan's memory, kept between calls (one call at a time in the guest). */
static Py_UCS4 *points;
static Py_ssize_t points_cap;
static unsigned char *point_classes;
static Py_ssize_t point_classes_cap;
static Word *words;
static Py_ssize_t words_cap;
static Py_ssize_t *slots; /* open addressing: word index + 1, 0 for empty */
static Py_ssize_t slots_cap;

Py_ssize_t plain_offset(Py_UCS4 c) {
    if (c < direct_below) {
        return (Py_ssize_t)c;
    }
    for (Py_ssize_t k = 0; k < ranges_n; k++) {
        if (c >= range_first[k] && c <= range_last[k]) {
            return range_offset[k] + (Py_ssize_t)(c - range_first[k]);
        }
    }
    return -1;
}

Py_ssize_t plain_count(void) {
    if (classes == NULL) {
        return 0;
    }
    Py_ssize_t last = ranges_n - 1;
    return range_offset[last] + (Py_ssize_t)(range_last[last] - range_first[last]) + 1;
}

Py_UCS4 plain_point(Py_ssize_t offset) {
    Py_ssize_t k = 0;
    while (k + 1 < ranges_n && offset >= range_offset[k + 1]) {
        k++;
    }
    return range_first[k] + (Py_UCS4)(offset - range_offset[k]);
}

/* The classes of a code point, or -1 outside the plain ranges. */
static int class_of(Py_UCS4 c) {
    Py_ssize_t offset = plain_offset(c);
    return offset < 0 ? -1 : classes[offset];
}

uint32_t hash_of(const Py_UCS4 *word, Py_ssize_t length) {
    uint32_t hash = 2166136261u; /* FNV-1a over the code points */
    for (Py_ssize_t i = 0; i < length; i++) {
        hash = (hash ^ word[i]) * 16777619u;
    }
    return hash;
}

/* Count the word points[start, start + length): a new one is appended to words. 0 or -1. */
static int count_word(Py_ssize_t start, Py_ssize_t length, Py_ssize_t *distinct, Py_ssize_t mask) {
    uint32_t hash = hash_of(points + start, length);
    for (Py_ssize_t at = (Py_ssize_t)hash & mask;; at = (at + 1) & mask) {
        Py_ssize_t known = slots[at];
        if (known == 0) {
            if (reserve((void **)&words, &words_cap, sizeof *words, *distinct + 1)) {
                return -1;
            }
            words[*distinct] = (Word){start, length, 1, hash};
            slots[at] = ++*distinct;
            return 0;
        }
        Word *word = &words[known - 1];
        if (word->hash == hash && word->length == length && same_points(points + word->start, points + start, length)) {
            word->count++;
            return 0;
        }
    }
}

/* {word: count} in first-occurrence order (new reference). */
static PyObject *counts_dict(PyObject *lowered, Py_ssize_t distinct) {
    PyObject *counts = PyDict_New();
    for (Py_ssize_t k = 0; counts != NULL && k < distinct; k++) {
        PyObject *word = PyUnicode_Substring(lowered, words[k].start, words[k].start + words[k].length);
        PyObject *count = word == NULL ? NULL : PyLong_FromSsize_t(words[k].count);
        if (count == NULL || PyDict_SetItem(counts, word, count) < 0) {
            Py_CLEAR(counts);
        }
        Py_XDECREF(word);
        Py_XDECREF(count);
    }
    return counts;
}

int scan_words(PyObject *lowered, ScannedWords *scanned) {
    if (classes == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "scan: configure was not called");
        return -1;
    }
    if (!PyUnicode_Check(lowered)) {
        PyErr_SetString(PyExc_TypeError, "scan expects a str");
        return -1;
    }
    Py_ssize_t n = PyUnicode_GetLength(lowered);
    if (n < 0 || reserve((void **)&points, &points_cap, sizeof *points, n + 1) ||
        reserve((void **)&point_classes, &point_classes_cap, 1, n + 1)) {
        return -1;
    }
    if (n && PyUnicode_AsUCS4(lowered, points, points_cap, 0) == NULL) {
        return -1;
    }
    Py_ssize_t symbols = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        int bits = class_of(points[i]);
        if (bits < 0) {
            return 1; /* not plain: the full pattern tokenizes it */
        }
        point_classes[i] = (unsigned char)bits;
        symbols += (bits & CLASS_SYMBOL) != 0;
    }
    /* at most one word per two code points: keep the table at most half full */
    Py_ssize_t table = 64;
    while (table < n + 2) {
        table *= 2;
    }
    if (reserve((void **)&slots, &slots_cap, sizeof *slots, table)) {
        return -1;
    }
    memset(slots, 0, (size_t)table * sizeof *slots);
    Py_ssize_t distinct = 0;
    for (Py_ssize_t i = 0; i < n;) {
        if (!(point_classes[i] & CLASS_TOKEN) || (i > 0 && (point_classes[i - 1] & CLASS_WORD))) {
            i++;
            continue;
        }
        Py_ssize_t end = i + 1;
        while (end < n && (point_classes[end] & CLASS_TOKEN)) {
            end++;
        }
        if (!(end < n && (point_classes[end] & CLASS_DIGIT)) && count_word(i, end - i, &distinct, table - 1) < 0) {
            return -1;
        }
        i = end; /* past the run, whether it was a word or skipped whole */
    }
    *scanned = (ScannedWords){points, words, distinct, symbols};
    return 0;
}

static PyObject *langscan_scan(PyObject *module, PyObject *lowered) {
    (void)module;
    ScannedWords scanned;
    int found = scan_words(lowered, &scanned);
    if (found != 0) { /* an error, or None: not plain */
        return found < 0 ? NULL : Py_NewRef(Py_None);
    }
    PyObject *counts = counts_dict(lowered, scanned.distinct);
    if (counts == NULL) {
        return NULL;
    }
    return Py_BuildValue("(Nn)", counts, scanned.symbols);
}

static PyObject *langscan_configure(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *ranges, *table;
    if (!PyArg_ParseTuple(args, "O!O!:configure", &PyTuple_Type, &ranges, &PyBytes_Type, &table)) {
        return NULL;
    }
    Py_ssize_t count = PyTuple_Size(ranges), total = 0;
    if (count < 1 || count > RANGES_MAX) {
        PyErr_Format(PyExc_ValueError, "configure: 1 to %d (first, last) ranges", RANGES_MAX);
        return NULL;
    }
    Py_UCS4 first[RANGES_MAX], last[RANGES_MAX];
    Py_ssize_t offset[RANGES_MAX];
    for (Py_ssize_t k = 0; k < count; k++) {
        long a, b;
        if (!PyArg_ParseTuple(PyTuple_GetItem(ranges, k), "ll:configure", &a, &b)) {
            return NULL;
        }
        if (a < 0 || b < a || b > 0x10FFFF) {
            PyErr_SetString(PyExc_ValueError, "configure: a range is not 0 <= first <= last <= 0x10FFFF");
            return NULL;
        }
        first[k] = (Py_UCS4)a;
        last[k] = (Py_UCS4)b;
        offset[k] = total;
        total += b - a + 1;
    }
    if (PyBytes_Size(table) != total) {
        PyErr_Format(PyExc_ValueError, "configure: %zd class bytes for %zd plain characters", PyBytes_Size(table), total);
        return NULL;
    }
    const unsigned char *given = (const unsigned char *)PyBytes_AsString(table);
    unsigned char *copy = malloc((size_t)total);
    if (given == NULL || copy == NULL) {
        free(copy);
        return given == NULL ? NULL : PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < total; i++) {
        if (given[i] > CLASS_MAX) {
            free(copy);
            PyErr_SetString(PyExc_ValueError, "configure: a class byte holds bits that name no class");
            return NULL;
        }
        copy[i] = given[i];
    }
    free(classes);
    classes = copy;
    ranges_n = count;
    memcpy(range_first, first, sizeof first);
    memcpy(range_last, last, sizeof last);
    memcpy(range_offset, offset, sizeof offset);
    direct_below = first[0] == 0 ? last[0] + 1 : 0; /* offset[0] is 0 */
    Py_RETURN_NONE;
}

int read_listing(PyObject *listing, Py_ssize_t profiles, const char *caller, Py_ssize_t *position, double *bonus) {
    if (listing == NULL || !PyTuple_Check(listing) || PyTuple_Size(listing) != 2) {
        PyErr_Format(PyExc_TypeError, "%s: a listing is a (position, bonus) pair", caller);
        return -1;
    }
    *position = PyLong_AsSsize_t(PyTuple_GetItem(listing, 0));
    *bonus = PyFloat_AsDouble(PyTuple_GetItem(listing, 1));
    if (PyErr_Occurred()) {
        return -1;
    }
    if (*position < 0 || *position >= profiles) {
        PyErr_Format(PyExc_IndexError, "%s: a listing's position names no profile", caller);
        return -1;
    }
    return 0;
}

int read_floats(PyObject *sequence, double *out, Py_ssize_t n, const char *caller, const char *what) {
    PyObject *fast = PySequence_Fast(sequence, what);
    if (fast == NULL) {
        return -1;
    }
    int failed = PySequence_Size(fast) != n;
    if (failed) {
        PyErr_Format(PyExc_ValueError, "%s: %s has one float per profile", caller, what);
    }
    for (Py_ssize_t i = 0; !failed && i < n; i++) {
        PyObject *item = PySequence_GetItem(fast, i);
        out[i] = item == NULL ? -1.0 : PyFloat_AsDouble(item);
        Py_XDECREF(item);
        failed = PyErr_Occurred() != NULL;
    }
    Py_DECREF(fast);
    return failed ? -1 : 0;
}

/* Add one word's listings (a tuple of (position, bonus) pairs) times `count`. 0 or -1. */
static int add_listings(PyObject *listings, long count, double *scores, long long *known, Py_ssize_t profiles) {
    if (!PyTuple_Check(listings)) {
        PyErr_SetString(PyExc_TypeError, "word_scores: a word's listings are a tuple of (position, bonus)");
        return -1;
    }
    Py_ssize_t n = PyTuple_Size(listings);
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_ssize_t position;
        double bonus;
        if (read_listing(PyTuple_GetItem(listings, k), profiles, "word_scores", &position, &bonus) < 0) {
            return -1;
        }
        double added = bonus * (double)count; /* Python's float * int */
        scores[position] = scores[position] + added;
        known[position] += count;
    }
    return 0;
}

static PyObject *langscan_word_scores(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *words, *model_words, *stems, *priors;
    Py_ssize_t stem_length;
    if (!PyArg_ParseTuple(args, "O!O!O!nO!:word_scores", &PyDict_Type, &words, &PyDict_Type, &model_words,
                          &PyDict_Type, &stems, &stem_length, &PyList_Type, &priors)) {
        return NULL;
    }
    Py_ssize_t profiles = PyList_Size(priors);
    if (profiles > PROFILES_MAX || stem_length < 0) {
        PyErr_Format(PyExc_ValueError, "word_scores: at most %d profiles and a stem length of 0 or more", PROFILES_MAX);
        return NULL;
    }
    double scores[PROFILES_MAX];
    long long known[PROFILES_MAX] = {0};
    if (read_floats(priors, scores, profiles, "word_scores", "the priors") < 0) {
        return NULL;
    }
    Py_ssize_t at = 0;
    PyObject *word, *count_object;
    while (PyDict_Next(words, &at, &word, &count_object)) {
        long count = PyLong_AsLong(count_object);
        if (count == -1 && PyErr_Occurred()) {
            return NULL;
        }
        PyObject *listings = PyDict_GetItemWithError(model_words, word); /* borrowed */
        if (listings == NULL) {
            if (PyErr_Occurred()) {
                return NULL;
            }
            Py_ssize_t length = PyUnicode_Check(word) ? PyUnicode_GetLength(word) : -1;
            if (length < 0) {
                PyErr_SetString(PyExc_TypeError, "word_scores: the words are str");
                return NULL;
            }
            if (length <= stem_length) {
                continue;
            }
            PyObject *stem = PyUnicode_Substring(word, 0, stem_length);
            listings = stem == NULL ? NULL : PyDict_GetItemWithError(stems, stem);
            Py_XDECREF(stem); /* the dict's key holds the listings' owner alive */
            if (listings == NULL) {
                if (PyErr_Occurred()) {
                    return NULL;
                }
                continue;
            }
        }
        if (add_listings(listings, count, scores, known, profiles) < 0) {
            return NULL;
        }
    }
    PyObject *score_list = float_list(scores, profiles);
    PyObject *known_list = score_list == NULL ? NULL : count_list(known, profiles);
    if (known_list == NULL) {
        Py_XDECREF(score_list);
        Py_XDECREF(known_list);
        return NULL;
    }
    return Py_BuildValue("(NN)", score_list, known_list);
}

/* A letter outside the core: its code point and how often it occurs (with the words' counts). */
typedef struct {
    Py_UCS4 letter;
    long long count;
} Outside;

/* The scratch of letter_scores, kept between calls (one call at a time in the guest). */
static Py_UCS4 *core_points;
static Py_ssize_t core_points_cap;
static Outside *outside;
static Py_ssize_t outside_cap;

static int compare_points(const void *a, const void *b) {
    Py_UCS4 x = *(const Py_UCS4 *)a, y = *(const Py_UCS4 *)b;
    return (x > y) - (x < y);
}

/* Whether `c` is one of the n sorted core letters. */
static int in_core(Py_UCS4 c, Py_ssize_t n) {
    Py_ssize_t low = 0, high = n;
    while (low < high) {
        Py_ssize_t middle = low + (high - low) / 2;
        if (core_points[middle] < c) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    return low < n && core_points[low] == c;
}

/* The core's letters (one-character str) into core_points, sorted; their number, or -1. */
static Py_ssize_t read_core(PyObject *core) {
    Py_ssize_t n = PySet_Size(core);
    if (n < 0 || reserve((void **)&core_points, &core_points_cap, sizeof *core_points, n + 1)) {
        return -1;
    }
    PyObject *iterator = PyObject_GetIter(core), *item;
    Py_ssize_t k = 0;
    while (iterator != NULL && (item = PyIter_Next(iterator)) != NULL) {
        int one = PyUnicode_Check(item) && PyUnicode_GetLength(item) == 1 && k < n;
        if (one) {
            core_points[k++] = PyUnicode_ReadChar(item, 0);
        }
        Py_DECREF(item);
        if (!one) {
            Py_DECREF(iterator);
            PyErr_SetString(PyExc_TypeError, "letter_scores: the core holds one-letter str only");
            return -1;
        }
    }
    Py_XDECREF(iterator);
    if (iterator == NULL || PyErr_Occurred()) {
        return -1;
    }
    qsort(core_points, (size_t)k, sizeof *core_points, compare_points);
    return k;
}

static PyObject *langscan_letter_scores(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *words, *core, *mark_log_p, *core_log_p;
    if (!PyArg_ParseTuple(args, "O!O!O!O!:letter_scores", &PyDict_Type, &words, &PyFrozenSet_Type, &core,
                          &PyDict_Type, &mark_log_p, &PyTuple_Type, &core_log_p)) {
        return NULL;
    }
    Py_ssize_t profiles = PyTuple_Size(core_log_p);
    if (profiles > PROFILES_MAX) {
        PyErr_Format(PyExc_ValueError, "letter_scores: at most %d profiles", PROFILES_MAX);
        return NULL;
    }
    Py_ssize_t core_n = read_core(core);
    if (core_n < 0) {
        return NULL;
    }
    long long total = 0; /* len(letters) */
    Py_ssize_t distinct = 0;
    Py_ssize_t at = 0;
    PyObject *word, *count_object;
    while (PyDict_Next(words, &at, &word, &count_object)) {
        long count = PyLong_AsLong(count_object);
        Py_ssize_t length = PyUnicode_Check(word) ? PyUnicode_GetLength(word) : -1;
        if ((count == -1 && PyErr_Occurred()) || length < 0) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_TypeError, "letter_scores: the words are str");
            }
            return NULL;
        }
        if (count < 0) {
            count = 0; /* word * count is "": its letters still come first where they do in "".join(words) */
        }
        total += (long long)length * count;
        for (Py_ssize_t i = 0; i < length; i++) {
            Py_UCS4 c = PyUnicode_ReadChar(word, i);
            if (in_core(c, core_n)) {
                continue;
            }
            Py_ssize_t k = 0;
            while (k < distinct && outside[k].letter != c) {
                k++;
            }
            if (k == distinct) {
                if (reserve((void **)&outside, &outside_cap, sizeof *outside, distinct + 1)) {
                    return NULL;
                }
                outside[distinct++] = (Outside){c, 0};
            }
            outside[k].count += count;
        }
    }
    double scores[PROFILES_MAX] = {0.0}, log_p[PROFILES_MAX];
    long long outside_core = 0;
    for (Py_ssize_t k = 0; k < distinct; k++) {
        outside_core += outside[k].count;
        PyObject *letter = PyUnicode_FromOrdinal((int)outside[k].letter);
        PyObject *found = letter == NULL ? NULL : PyDict_GetItemWithError(mark_log_p, letter); /* borrowed */
        Py_XDECREF(letter);
        if (found == NULL) {
            if (PyErr_Occurred()) {
                return NULL;
            }
            continue;
        }
        if (read_floats(found, log_p, profiles, "letter_scores", "a letter's log-probabilities") < 0) {
            return NULL;
        }
        double count = (double)outside[k].count;
        for (Py_ssize_t i = 0; i < profiles; i++) {
            double added = count * log_p[i];
            scores[i] = scores[i] + added;
        }
    }
    if (read_floats(core_log_p, log_p, profiles, "letter_scores", "core_log_p") < 0) {
        return NULL;
    }
    double core_letters = (double)(total - outside_core);
    for (Py_ssize_t i = 0; i < profiles; i++) {
        double added = core_letters * log_p[i];
        scores[i] = scores[i] + added;
    }
    return float_list(scores, profiles);
}

static PyMethodDef langscan_methods[] = {
    {"configure", langscan_configure, METH_VARARGS,
     "configure(ranges, classes): the plain ranges and each plain character's class bits (language.py, at import)."},
    {"scan", langscan_scan, METH_O,
     "scan(lowered): (Counter(_PLAIN_TOKEN_RE.findall(lowered)) as a dict, code symbol count), or None when not plain."},
    {"letter_scores", langscan_letter_scores, METH_VARARGS,
     "letter_scores(words, core, mark_log_p, core_log_p): language._letter_scores."},
    {"configure_latin", latin_configure, METH_VARARGS,
     "configure_latin(words, stems, stem_length, priors, core, mark_log_p, core_log_p, latin_starts): the Latin model."},
    {"scan_latin", latin_scan, METH_O,
     "scan_latin(lowered): (symbols, letters, words, scores, known, letter_scores) of its Latin words, or None."},
    {"word_scores", langscan_word_scores, METH_VARARGS,
     "word_scores(words, model_words, stems, stem_length, priors): _best_profile's (scores, known)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef langscan_module = {
    PyModuleDef_HEAD_INIT, "_langscan", "The language detector's word count of a plain sample, in C (guest only).", -1,
    langscan_methods,
};

PyMODINIT_FUNC PyInit__langscan(void) { return PyModule_Create(&langscan_module); }
