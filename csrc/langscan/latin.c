/* The Latin model's scores of a plain sample, in C, for the guest only (part of _langscan).
 *
 * Why: on a page that declares no language, once langscan.c had scanned the sample, the
 * detector still made a str and a dict entry per distinct word (scan's result), took the
 * greatest word and the letter count (_group_by_script, _dominant_script) and scored the words
 * through word_scores and letter_scores: together ~1.5M of the 3.1M instructions the detector
 * cost on the normal article's text (benchmarks/output_passes.py, pass "language"; 1.6M with
 * this). A plain sample's words are all Latin or of no script (no script range meets the plain
 * ranges above LATIN_MAX_CHAR: language.py checks that before it configures this), so the Latin
 * model, loaded here once, scores the words where the scan left them, as code points, with no
 * str per word.
 *
 * Contract: scan_latin(lowered) is None where scan(lowered) is (a character outside the plain
 * ranges). Otherwise it is (symbols, letters, words, scores, known, letter_scores): what
 * language.py's Python path computes from the same sample for the words of the "Latn" group of
 * _group_by_script (those whose first character starts a Latin word, latin_starts): scan's symbol
 * count; _letter_count of those words; the sum of their counts; _word_scores_python's scores and
 * known counts and _letter_scores_python's scores under the Latin model. The same integers, and
 * the same float operations in the same order (words in first-occurrence order, each word's
 * listings in the model's order; letters outside the core in the order they first occur): the
 * floats are Python's bit for bit. A guest check compares the two on both corpora and soups.
 *
 *   configure_latin(words, stems, stem_length, priors, core, mark_log_p, core_log_p, latin_starts)
 *   scan_latin(lowered) -> (int, int, int, list[float], list[int], list[float]) | None
 */
#include "langscan.h"

#include <stdlib.h>

/* A key of the model (a word or a stem) and its listings (positions and bonuses). */
typedef struct {
    Py_ssize_t start, length; /* in the table's points */
    uint32_t hash;
    Py_ssize_t first, count; /* in the table's positions and bonuses */
} Key;

/* One of the model's dicts (str -> tuple of (position, bonus)), as open addressing on the keys'
 * code points: a word the scan found is looked up where it lies, without a str. */
typedef struct {
    Py_UCS4 *points;
    Py_ssize_t points_n;
    Key *keys;
    Py_ssize_t keys_n;
    Py_ssize_t *slots; /* key index + 1, 0 for empty */
    Py_ssize_t mask;
    int32_t *positions;
    double *bonuses;
    Py_ssize_t listings_n;
} Table;

/* Per plain character (by its offset in the plain ranges). */
enum { LATIN_CORE = 1, LATIN_START = 2 };

static struct {
    int ready;
    Table words, stems;
    Py_ssize_t stem_length, profiles, plain_n;
    double priors[PROFILES_MAX], core_log_p[PROFILES_MAX];
    unsigned char *bits; /* LATIN_* per plain character */
    int32_t *mark_row;   /* per plain character: its row of marks, or -1 */
    double *marks;       /* rows of `profiles` log-probabilities */
} latin;

/* A letter outside the core: its plain offset and how often it occurs (with the words' counts). */
typedef struct {
    Py_ssize_t offset;
    long long count;
} Letter;

/* scan_latin's scratch, kept between calls (one call at a time in the guest): the letters of the
 * current call, and per plain character its index in them, valid when its stamp is the call's. */
static Letter *letters;
static Py_ssize_t letters_cap;
static Py_ssize_t *letter_at;
static uint32_t *letter_stamp;
static uint32_t stamp;

static void table_free(Table *table) {
    free(table->points);
    free(table->keys);
    free(table->slots);
    free(table->positions);
    free(table->bonuses);
    memset(table, 0, sizeof *table);
}

static const Key *table_find(const Table *table, const Py_UCS4 *key, Py_ssize_t length, uint32_t hash) {
    if (table->slots == NULL) {
        return NULL;
    }
    for (Py_ssize_t at = (Py_ssize_t)hash & table->mask;; at = (at + 1) & table->mask) {
        Py_ssize_t known = table->slots[at];
        if (known == 0) {
            return NULL;
        }
        const Key *found = &table->keys[known - 1];
        if (found->hash == hash && found->length == length &&
            same_points(table->points + found->start, key, length)) {
            return found;
        }
    }
}

/* Load a model dict (str -> tuple of (position, bonus) pairs) into `table`. 0 or -1. */
static int table_load(Table *table, PyObject *dict, Py_ssize_t profiles) {
    Py_ssize_t n = PyDict_Size(dict), size = 16;
    while (size < 2 * n + 2) {
        size *= 2;
    }
    Py_ssize_t points_cap = 0, positions_cap = 0, bonuses_cap = 0;
    table->keys = malloc((size_t)(n ? n : 1) * sizeof *table->keys);
    table->slots = calloc((size_t)size, sizeof *table->slots);
    table->mask = size - 1;
    if (table->keys == NULL || table->slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t at = 0;
    PyObject *key, *listings;
    while (PyDict_Next(dict, &at, &key, &listings)) {
        Py_ssize_t length = PyUnicode_Check(key) ? PyUnicode_GetLength(key) : -1;
        Py_ssize_t count = PyTuple_Check(listings) ? PyTuple_Size(listings) : -1;
        if (length < 0 || count < 0) {
            PyErr_SetString(PyExc_TypeError, "configure_latin: the model maps str to a tuple of (position, bonus)");
            return -1;
        }
        if (reserve((void **)&table->points, &points_cap, sizeof(Py_UCS4), table->points_n + length + 1) ||
            reserve((void **)&table->positions, &positions_cap, sizeof(int32_t), table->listings_n + count + 1) ||
            reserve((void **)&table->bonuses, &bonuses_cap, sizeof(double), table->listings_n + count + 1)) {
            return -1;
        }
        if (length && PyUnicode_AsUCS4(key, table->points + table->points_n, length, 0) == NULL) {
            return -1;
        }
        for (Py_ssize_t k = 0; k < count; k++) {
            Py_ssize_t position;
            double bonus;
            if (read_listing(PyTuple_GetItem(listings, k), profiles, "configure_latin", &position, &bonus) < 0) {
                return -1;
            }
            table->positions[table->listings_n + k] = (int32_t)position;
            table->bonuses[table->listings_n + k] = bonus;
        }
        Key made = {table->points_n, length, hash_of(table->points + table->points_n, length), table->listings_n, count};
        Py_ssize_t slot = (Py_ssize_t)made.hash & table->mask;
        while (table->slots[slot] != 0) {
            slot = (slot + 1) & table->mask;
        }
        table->keys[table->keys_n] = made;
        table->slots[slot] = ++table->keys_n;
        table->points_n += length;
        table->listings_n += count;
    }
    return 0;
}

static void latin_clear(void) {
    table_free(&latin.words);
    table_free(&latin.stems);
    free(latin.bits);
    free(latin.mark_row);
    free(latin.marks);
    memset(&latin, 0, sizeof latin);
}

PyObject *latin_configure(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *words, *stems, *priors, *core, *mark_log_p, *core_log_p, *starts;
    Py_ssize_t stem_length;
    if (!PyArg_ParseTuple(args, "O!O!nOO!O!OO!:configure_latin", &PyDict_Type, &words, &PyDict_Type, &stems,
                          &stem_length, &priors, &PyFrozenSet_Type, &core, &PyDict_Type, &mark_log_p, &core_log_p,
                          &PyBytes_Type, &starts)) {
        return NULL;
    }
    Py_ssize_t profiles = PySequence_Size(priors), plain_n = plain_count();
    if (profiles < 0) {
        return NULL;
    }
    if (plain_n == 0 || PyBytes_Size(starts) != plain_n) {
        PyErr_SetString(PyExc_ValueError, "configure_latin: configure first, and give a start byte per plain character");
        return NULL;
    }
    if (profiles < 1 || profiles > PROFILES_MAX || stem_length < 0) {
        PyErr_Format(PyExc_ValueError, "configure_latin: 1 to %d profiles and a stem length of 0 or more", PROFILES_MAX);
        return NULL;
    }
    latin_clear();
    latin.profiles = profiles;
    latin.stem_length = stem_length;
    latin.plain_n = plain_n;
    latin.bits = calloc((size_t)plain_n, 1);
    latin.mark_row = malloc((size_t)plain_n * sizeof *latin.mark_row);
    latin.marks = malloc((size_t)(PyDict_Size(mark_log_p) + 1) * (size_t)profiles * sizeof(double));
    Py_ssize_t *at = realloc(letter_at, (size_t)plain_n * sizeof *letter_at);
    letter_at = at != NULL ? at : letter_at;
    uint32_t *stamps = realloc(letter_stamp, (size_t)plain_n * sizeof *letter_stamp);
    if (stamps != NULL) {
        letter_stamp = stamps;
        memset(letter_stamp, 0, (size_t)plain_n * sizeof *letter_stamp);
        stamp = 0;
    }
    int failed = latin.bits == NULL || latin.mark_row == NULL || latin.marks == NULL || at == NULL || stamps == NULL;
    if (failed) {
        PyErr_NoMemory();
    }
    failed = failed || read_floats(priors, latin.priors, profiles, "configure_latin", "the priors") < 0 ||
             read_floats(core_log_p, latin.core_log_p, profiles, "configure_latin", "core_log_p") < 0 ||
             table_load(&latin.words, words, profiles) < 0 || table_load(&latin.stems, stems, profiles) < 0;
    const unsigned char *start_bytes = (const unsigned char *)PyBytes_AsString(starts);
    Py_ssize_t rows = 0;
    for (Py_ssize_t offset = 0; !failed && offset < plain_n; offset++) {
        PyObject *letter = PyUnicode_FromOrdinal((int)plain_point(offset));
        int in_core = letter == NULL ? -1 : PySet_Contains(core, letter);
        PyObject *row = in_core < 0 ? NULL : PyDict_GetItemWithError(mark_log_p, letter); /* borrowed */
        Py_XDECREF(letter);
        failed = in_core < 0 || (row == NULL && PyErr_Occurred());
        if (failed) {
            break;
        }
        latin.bits[offset] = (unsigned char)((in_core ? LATIN_CORE : 0) | (start_bytes[offset] ? LATIN_START : 0));
        latin.mark_row[offset] = -1;
        if (row != NULL) {
            double *marks = latin.marks + rows * profiles;
            failed = read_floats(row, marks, profiles, "configure_latin", "a letter's log-probabilities") < 0;
            latin.mark_row[offset] = (int32_t)rows++;
        }
    }
    if (failed) {
        latin_clear();
        return NULL;
    }
    latin.ready = 1;
    Py_RETURN_NONE;
}

/* The outside-core letter at plain `offset`, counted `count` more times (first seen: appended). */
static int count_letter(Py_ssize_t offset, long long count, Py_ssize_t *distinct) {
    if (letter_stamp[offset] != stamp) {
        if (reserve((void **)&letters, &letters_cap, sizeof *letters, *distinct + 1)) {
            return -1;
        }
        letter_stamp[offset] = stamp;
        letter_at[offset] = *distinct;
        letters[(*distinct)++] = (Letter){offset, 0};
    }
    letters[letter_at[offset]].count += count;
    return 0;
}

PyObject *latin_scan(PyObject *module, PyObject *lowered) {
    (void)module;
    if (!latin.ready || latin.plain_n != plain_count()) {
        PyErr_SetString(PyExc_RuntimeError, "scan_latin: configure_latin was not called for these plain ranges");
        return NULL;
    }
    ScannedWords scanned;
    int found = scan_words(lowered, &scanned);
    if (found != 0) { /* an error, or None: not plain */
        return found < 0 ? NULL : Py_NewRef(Py_None);
    }
    Py_ssize_t profiles = latin.profiles;
    double scores[PROFILES_MAX], letter_scores[PROFILES_MAX] = {0.0};
    long long known[PROFILES_MAX] = {0}, letter_total = 0, word_total = 0, outside_core = 0;
    memcpy(scores, latin.priors, (size_t)profiles * sizeof(double));
    if (++stamp == 0) { /* wrapped: no stale stamp may match */
        memset(letter_stamp, 0, (size_t)latin.plain_n * sizeof *letter_stamp);
        stamp = 1;
    }
    Py_ssize_t distinct_letters = 0;
    for (Py_ssize_t k = 0; k < scanned.distinct; k++) {
        const Word *word = &scanned.words[k];
        const Py_UCS4 *at = scanned.points + word->start;
        if (!(latin.bits[plain_offset(at[0])] & LATIN_START)) {
            continue; /* of no script: _group_by_script leaves it out */
        }
        long long count = (long long)word->count;
        letter_total += (long long)word->length * count;
        word_total += count;
        const Table *table = &latin.words;
        const Key *key = table_find(table, at, word->length, word->hash);
        if (key == NULL && word->length > latin.stem_length) { /* a stem's listings, as stem_of(word[:STEM_LENGTH]) */
            table = &latin.stems;
            key = table_find(table, at, latin.stem_length, hash_of(at, latin.stem_length));
        }
        for (Py_ssize_t i = key == NULL ? 0 : key->first; key != NULL && i < key->first + key->count; i++) {
            int32_t position = table->positions[i];
            double added = table->bonuses[i] * (double)count; /* Python's float * int */
            scores[position] = scores[position] + added;
            known[position] += count;
        }
        for (Py_ssize_t i = 0; i < word->length; i++) {
            Py_ssize_t offset = plain_offset(at[i]);
            if (!(latin.bits[offset] & LATIN_CORE) && count_letter(offset, count, &distinct_letters) < 0) {
                return NULL;
            }
        }
    }
    for (Py_ssize_t k = 0; k < distinct_letters; k++) {
        outside_core += letters[k].count;
        int32_t row = latin.mark_row[letters[k].offset];
        if (row < 0) {
            continue;
        }
        const double *log_p = latin.marks + (Py_ssize_t)row * profiles;
        double count = (double)letters[k].count;
        for (Py_ssize_t i = 0; i < profiles; i++) {
            double added = count * log_p[i];
            letter_scores[i] = letter_scores[i] + added;
        }
    }
    double core_letters = (double)(letter_total - outside_core);
    for (Py_ssize_t i = 0; i < profiles; i++) {
        double added = core_letters * latin.core_log_p[i];
        letter_scores[i] = letter_scores[i] + added;
    }
    PyObject *score_list = float_list(scores, profiles);
    PyObject *known_list = score_list == NULL ? NULL : count_list(known, profiles);
    PyObject *letter_list = known_list == NULL ? NULL : float_list(letter_scores, profiles);
    if (score_list == NULL || known_list == NULL || letter_list == NULL) {
        Py_XDECREF(score_list);
        Py_XDECREF(known_list);
        Py_XDECREF(letter_list);
        return NULL;
    }
    return Py_BuildValue("(nLLNNN)", scanned.symbols, letter_total, word_total, score_list, known_list, letter_list);
}
