/*
 * arena.c - chunked bump allocator (see arena.h).
 *
 * Chunks form a list, newest first. A request larger than the chunk size gets a
 * chunk of its own. Reset frees every chunk but one, and if the arena needed
 * more than one chunk since the last reset, that one is replaced by a chunk big
 * enough for the whole peak, so a steady workload settles on a single chunk.
 */
#include "common/arena.h"
#include "common/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct sl_arena_chunk {
    sl_arena_chunk *next;
    size_t size;
    _Alignas(16) char data[];
};

static void push_chunk(sl_arena *ar, size_t size)
{
    sl_arena_chunk *c = sl_malloc(sizeof *c + size);
    c->next = ar->chunk;
    c->size = size;
    if (ar->chunk) ar->used_before += (size_t)(ar->cur - ar->chunk->data);
    ar->chunk = c;
    ar->cur = c->data;
    ar->end = c->data + size;
}

sl_arena *sl_arena_new(size_t chunk_size)
{
    sl_arena *ar = sl_calloc(1, sizeof *ar);
    ar->chunk_size = chunk_size ? chunk_size : 64 * 1024;
    push_chunk(ar, ar->chunk_size);
    return ar;
}

void sl_arena_free(sl_arena *ar)
{
    if (!ar) return;
    sl_arena_chunk *c = ar->chunk;
    while (c) {
        sl_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    free(ar);
}

void *sl_arena_alloc_slow(sl_arena *ar, size_t n, size_t align)
{
    size_t need = n + align;
    push_chunk(ar, need > ar->chunk_size ? need : ar->chunk_size);
    uintptr_t c = ((uintptr_t)ar->cur + (align - 1)) & ~(uintptr_t)(align - 1);
    ar->cur = (char *)(c + n);
    return (void *)c;
}

size_t sl_arena_used(const sl_arena *ar)
{
    return ar->used_before + (size_t)(ar->cur - ar->chunk->data);
}

void sl_arena_reset(sl_arena *ar)
{
    size_t peak = sl_arena_used(ar);
    if (ar->chunk->next == NULL) {
        ar->cur = ar->chunk->data;
        return;
    }
    sl_arena_chunk *c = ar->chunk;
    while (c) {
        sl_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    ar->chunk = NULL;
    ar->used_before = 0;
    size_t size = ar->chunk_size;
    while (size < peak + peak / 4) size *= 2;
    push_chunk(ar, size);
}

char *sl_arena_strndup(sl_arena *ar, const char *s, size_t n)
{
    char *d = sl_arena_alloc(ar, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *sl_arena_strdup(sl_arena *ar, const char *s)
{
    return sl_arena_strndup(ar, s, strlen(s));
}

char *sl_arena_printf(sl_arena *ar, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = sl_arena_alloc(ar, (size_t)(n < 0 ? 0 : n) + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
    va_end(ap);
    return s;
}
