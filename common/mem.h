/*
 * mem.h - allocation wrappers. Allocation failure is not recoverable in sluice:
 * every allocation goes through these, which abort with a message on failure,
 * so no caller checks for NULL. Input sizes are checked before allocating.
 */
#ifndef SL_COMMON_MEM_H
#define SL_COMMON_MEM_H

#include <stddef.h>

void *sl_malloc(size_t n);
void *sl_calloc(size_t count, size_t size);
void *sl_realloc(void *p, size_t n);
char *sl_strdup(const char *s);
char *sl_strndup(const char *s, size_t n);
/* Grows *p (an array of elem-sized items with capacity *cap) to hold at least need items. */
void sl_grow(void **p, size_t *cap, size_t need, size_t elem);

#define SL_GROW(arr, cap, need) sl_grow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

#endif
