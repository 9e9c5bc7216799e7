/* _objalloc: size classes for the guest interpreter's small blocks (guest only).
 *
 * Why: the guest's CPython is built without pymalloc (``sys.getallocatedblocks()`` is 0 there),
 * so every object, list array and dict table goes PyObject_Malloc → _PyMem_RawMalloc → malloc →
 * wasi-libc's dlmalloc, and back through dlfree, which coalesces with its neighbours on every
 * free. Sampled with perf over the component's JIT code (``profiler=perfmap``): 7.5% of a run
 * over both corpora and 11% of a 1 MB dense page were in that chain, most of it freeing the page
 * trees. Blocks of at most SMALL_MAX bytes now come from size classes, as pymalloc would serve
 * them; larger ones still go to the previous allocator.
 *
 * How (pymalloc's, smaller): memory comes from malloc in regions of REGION_PAGES pages of
 * PAGE_BYTES (aligned). A page serves one size class; its header holds the class's block size,
 * the blocks given back to it and a carve pointer to the ones never handed out. Allocation takes
 * the first page of the class with room; a page whose every block came back becomes spare, for
 * any class, and is carved afresh from its start when taken again. Why pages and not one free
 * list per class: a list threads the blocks in the order a tree was freed, and after a few 1 MB
 * pages the next tree's elements came from all over memory (measured: each call slower than the
 * one before it, up to 1.7x the first); emptied pages carved in order keep a tree together.
 * ``ours`` marks every page the allocator ever took, one byte per page of the 4 GiB wasm32
 * address space (256 KiB, zero pages until written), so a free or realloc learns whether its
 * block is ours or the previous allocator's (made before install(), or above SMALL_MAX) and
 * hands the latter on. That is what makes installing at any time safe: every block is freed and
 * resized by the allocator that made it. Pages are never given back to malloc: the host retires
 * an instance whose memory passed its threshold (``wasm_memory_pressure_threshold``).
 *
 * The guest is single-threaded (one call at a time per instance), and PEP 445's allocator
 * functions are called with the GIL held; no locking.
 */
#define Py_LIMITED_API 0x030B0000
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(void *) == 4, "the page table covers a 32-bit address space (wasm32 only)");

/* PEP 445 (stable since 3.4; declared by CPython outside the Limited API, so restated here). */
typedef struct {
    void *ctx;
    void *(*malloc)(void *ctx, size_t size);
    void *(*calloc)(void *ctx, size_t nelem, size_t elsize);
    void *(*realloc)(void *ctx, void *ptr, size_t new_size);
    void (*free)(void *ctx, void *ptr);
} PyMemAllocatorEx;
typedef enum { PYMEM_DOMAIN_RAW, PYMEM_DOMAIN_MEM, PYMEM_DOMAIN_OBJ } PyMemAllocatorDomain;
PyAPI_FUNC(void) PyMem_GetAllocator(PyMemAllocatorDomain domain, PyMemAllocatorEx *allocator);
PyAPI_FUNC(void) PyMem_SetAllocator(PyMemAllocatorDomain domain, PyMemAllocatorEx *allocator);

#define GRAIN 8u        /* block sizes are multiples of this (pymalloc's alignment on 32-bit) */
#define SMALL_MAX 512u  /* larger requests go to the previous allocator (pymalloc's threshold) */
#define CLASSES (SMALL_MAX / GRAIN)
#define PAGE_SHIFT 14u
#define PAGE_BYTES (1u << PAGE_SHIFT)
#define REGION_PAGES 32u /* 512 KiB from malloc at a time */

typedef struct Block {
    struct Block *next;
} Block;

/* The head of every page: its blocks are (cls + 1) * GRAIN bytes, from PAGE_HEADER on. */
typedef struct Page {
    Block *free;              /* blocks given back, most recent first */
    char *carve;              /* the first block never handed out */
    struct Page *next, *prev; /* in with_room[cls], or (next only) in spare */
    uint32_t size;            /* bytes per block */
    uint32_t live;            /* blocks handed out and not given back */
} Page;
#define PAGE_HEADER ((sizeof(Page) + GRAIN - 1) / GRAIN * GRAIN)

/* 1 for every page that was ever ours (it stays ours); 0 for memory of the previous allocator. */
static uint8_t ours[1u << (32u - PAGE_SHIFT)];
/* Per class, its pages with a free or uncarved block; allocation takes the first. */
static Page *with_room[CLASSES];
/* Pages whose every block came back, for any class: the most recently emptied first. */
static Page *spare;
static char *region_next, *region_end; /* pages never used yet */
static size_t regions, pages_in_use;
static PyMemAllocatorEx previous_mem, previous_obj;
static int installed;

static int has_room(const Page *page) {
    return page->free != NULL || page->carve + page->size <= (const char *)page + PAGE_BYTES;
}

static void link_page(Page *page, unsigned c) {
    page->prev = NULL;
    page->next = with_room[c];
    if (page->next != NULL) {
        page->next->prev = page;
    }
    with_room[c] = page;
}

static void unlink_page(Page *page, unsigned c) {
    if (page->prev != NULL) {
        page->prev->next = page->next;
    } else {
        with_room[c] = page->next;
    }
    if (page->next != NULL) {
        page->next->prev = page->prev;
    }
}

/* A page for class ``c``, linked first in with_room[c]: a spare one, else a new one from the
 * current region, else from a new region. NULL when malloc has no region left. */
static Page *take_page(unsigned c) {
    Page *page = spare;
    if (page != NULL) {
        spare = page->next;
    } else {
        if (region_next == region_end) {
            char *raw = malloc((size_t)REGION_PAGES * PAGE_BYTES + PAGE_BYTES);
            if (raw == NULL) {
                return NULL;
            }
            region_next = (char *)(((uintptr_t)raw + PAGE_BYTES - 1) & ~(uintptr_t)(PAGE_BYTES - 1));
            region_end = region_next + (size_t)REGION_PAGES * PAGE_BYTES;
            regions++;
        }
        page = (Page *)region_next;
        region_next += PAGE_BYTES;
        ours[(uintptr_t)page >> PAGE_SHIFT] = 1;
    }
    page->free = NULL;
    page->carve = (char *)page + PAGE_HEADER;
    page->size = (c + 1) * GRAIN;
    page->live = 0;
    link_page(page, c);
    pages_in_use++;
    return page;
}

static void *small_malloc(void *ctx, size_t size) {
    if (size > SMALL_MAX) {
        PyMemAllocatorEx *previous = ctx;
        return previous->malloc(previous->ctx, size);
    }
    unsigned c = size ? (unsigned)((size - 1) / GRAIN) : 0; /* malloc(0) is a distinct block too */
    Page *page = with_room[c];
    if (page == NULL && (page = take_page(c)) == NULL) {
        return NULL;
    }
    void *block;
    if (page->free != NULL) {
        block = page->free;
        page->free = page->free->next;
    } else {
        block = page->carve;
        page->carve += page->size;
    }
    page->live++;
    if (!has_room(page)) {
        unlink_page(page, c);
    }
    return block;
}

/* The page ``ptr`` lies in, or NULL when it is not one of ours. */
static Page *page_of(const void *ptr) {
    return ours[(uintptr_t)ptr >> PAGE_SHIFT] ? (Page *)((uintptr_t)ptr & ~(uintptr_t)(PAGE_BYTES - 1)) : NULL;
}

static void small_free(void *ctx, void *ptr) {
    if (ptr == NULL) {
        return;
    }
    Page *page = page_of(ptr);
    if (page == NULL) {
        PyMemAllocatorEx *previous = ctx;
        previous->free(previous->ctx, ptr);
        return;
    }
    unsigned c = page->size / GRAIN - 1;
    int was_full = !has_room(page);
    Block *block = ptr;
    block->next = page->free;
    page->free = block;
    if (--page->live == 0) { /* empty: spare for any class, carved afresh (in order) when taken */
        if (!was_full) {
            unlink_page(page, c);
        }
        page->next = spare;
        spare = page;
        pages_in_use--;
    } else if (was_full) {
        link_page(page, c);
    }
}

static void *small_calloc(void *ctx, size_t nelem, size_t elsize) {
    if (elsize != 0 && nelem > SIZE_MAX / elsize) {
        return NULL;
    }
    size_t size = nelem * elsize;
    if (size > SMALL_MAX) {
        PyMemAllocatorEx *previous = ctx;
        return previous->calloc(previous->ctx, nelem, elsize);
    }
    void *ptr = small_malloc(ctx, size);
    if (ptr != NULL) {
        memset(ptr, 0, size);
    }
    return ptr;
}

static void *small_realloc(void *ctx, void *ptr, size_t size) {
    if (ptr == NULL) {
        return small_malloc(ctx, size);
    }
    Page *page = page_of(ptr);
    if (page == NULL) {
        PyMemAllocatorEx *previous = ctx;
        return previous->realloc(previous->ctx, ptr, size);
    }
    size_t have = page->size;
    if (size <= have && size > have / 2) {
        return ptr; /* fits, and shrinking by less than half is not worth a copy */
    }
    void *moved = small_malloc(ctx, size);
    if (moved != NULL) {
        memcpy(moved, ptr, size < have ? size : have);
        small_free(ctx, ptr);
    }
    return moved; /* NULL leaves ptr as it was, as realloc does */
}

static PyObject *objalloc_install(PyObject *module, PyObject *unused) {
    (void)module;
    (void)unused;
    if (!installed) {
        PyMem_GetAllocator(PYMEM_DOMAIN_MEM, &previous_mem);
        PyMem_GetAllocator(PYMEM_DOMAIN_OBJ, &previous_obj);
        PyMemAllocatorEx mem = {&previous_mem, small_malloc, small_calloc, small_realloc, small_free};
        PyMemAllocatorEx obj = {&previous_obj, small_malloc, small_calloc, small_realloc, small_free};
        PyMem_SetAllocator(PYMEM_DOMAIN_MEM, &mem);
        PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, &obj);
        installed = 1;
    }
    Py_RETURN_NONE;
}

static PyObject *objalloc_stats(PyObject *module, PyObject *unused) {
    (void)module;
    (void)unused;
    size_t spares = 0;
    for (Page *page = spare; page != NULL; page = page->next) {
        spares++;
    }
    return Py_BuildValue("{s:O,s:n,s:n,s:n}", "installed", installed ? Py_True : Py_False, "region_bytes",
                         (Py_ssize_t)(regions * ((size_t)REGION_PAGES * PAGE_BYTES + PAGE_BYTES)), "pages_in_use",
                         (Py_ssize_t)pages_in_use, "spare_pages", (Py_ssize_t)spares);
}

static PyMethodDef objalloc_methods[] = {
    {"install", objalloc_install, METH_NOARGS,
     "Serve the interpreter's blocks of up to 512 bytes from size classes (once; later calls do nothing)."},
    {"stats", objalloc_stats, METH_NOARGS,
     "{installed, region_bytes, pages_in_use, spare_pages}: what the size classes hold."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef objalloc_module = {
    PyModuleDef_HEAD_INIT, "_objalloc", "Size classes for the guest interpreter's small blocks (guest only).", -1,
    objalloc_methods,      NULL,        NULL,
    NULL,                  NULL,
};

PyMODINIT_FUNC PyInit__objalloc(void) { return PyModule_Create(&objalloc_module); }
