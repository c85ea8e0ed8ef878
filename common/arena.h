/*
 * arena.h - bump allocators with explicit lifetimes.
 *
 * sluice allocates by lifetime, not by object: the server's catalog, a statement
 * or persistent query (AST, plan, operator setup), and a batch of records each
 * own an arena, and everything allocated in it is freed at once when that
 * lifetime ends. A batch arena is reset after each batch, so the hot path does
 * no malloc per record: after warm-up a reset keeps one chunk big enough for a
 * whole batch.
 *
 * Allocation never fails (out of memory aborts, see mem.h). An arena is used by
 * one thread at a time.
 */
#ifndef SL_COMMON_ARENA_H
#define SL_COMMON_ARENA_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct sl_arena_chunk sl_arena_chunk;

typedef struct sl_arena {
    char *cur, *end;       /* free space of the current chunk */
    sl_arena_chunk *chunk; /* current chunk; older ones follow its next link */
    size_t chunk_size;     /* size of the next chunk to allocate */
    size_t used_before;    /* bytes handed out from chunks older than the current one */
} sl_arena;

#define SL_ARENA_ALIGN 8

/* A new arena whose chunks are at least chunk_size bytes (0 picks 64 KiB). */
sl_arena *sl_arena_new(size_t chunk_size);
/* Frees every chunk and the arena. NULL is a no-op. */
void sl_arena_free(sl_arena *ar);
/* Forgets every allocation. Keeps one chunk sized for the peak seen so far. */
void sl_arena_reset(sl_arena *ar);
/* Bytes handed out since the last reset. */
size_t sl_arena_used(const sl_arena *ar);

void *sl_arena_alloc_slow(sl_arena *ar, size_t n, size_t align);

/* n bytes, 8-byte aligned, valid until the arena is reset or freed. */
static inline void *sl_arena_alloc(sl_arena *ar, size_t n)
{
    n = (n + (SL_ARENA_ALIGN - 1)) & ~(size_t)(SL_ARENA_ALIGN - 1);
    if ((size_t)(ar->end - ar->cur) >= n) {
        void *p = ar->cur;
        ar->cur += n;
        return p;
    }
    return sl_arena_alloc_slow(ar, n, SL_ARENA_ALIGN);
}

/* n bytes aligned to align (a power of two, at most 16). */
static inline void *sl_arena_alloc_aligned(sl_arena *ar, size_t n, size_t align)
{
    uintptr_t c = ((uintptr_t)ar->cur + (align - 1)) & ~(uintptr_t)(align - 1);
    if (c <= (uintptr_t)ar->end && (size_t)((uintptr_t)ar->end - c) >= n) {
        ar->cur = (char *)(c + n);
        return (void *)c;
    }
    return sl_arena_alloc_slow(ar, n, align);
}

static inline void *sl_arena_zalloc(sl_arena *ar, size_t n)
{
    return memset(sl_arena_alloc(ar, n), 0, n);
}

static inline void *sl_arena_memdup(sl_arena *ar, const void *p, size_t n)
{
    return n ? memcpy(sl_arena_alloc(ar, n), p, n) : sl_arena_alloc(ar, 1);
}

/* A NUL-terminated copy of the n bytes at s. */
char *sl_arena_strndup(sl_arena *ar, const char *s, size_t n);
char *sl_arena_strdup(sl_arena *ar, const char *s);
char *sl_arena_printf(sl_arena *ar, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define SL_ARENA_NEW(ar, T) ((T *)sl_arena_zalloc((ar), sizeof(T)))
#define SL_ARENA_ARRAY(ar, T, n) ((T *)sl_arena_zalloc((ar), sizeof(T) * (size_t)(n)))

#endif
