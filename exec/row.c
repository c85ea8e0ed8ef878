/*
 * row.c - batches of rows (see row.h). The row array grows by doubling and is
 * kept across resets, so a batch reused for a stream of records settles into
 * no allocation at all.
 */
#include "exec/row.h"
#include "common/mem.h"

#include <stdlib.h>

sl_batch *sl_batch_new(uint32_t ncols)
{
    sl_batch *b = sl_calloc(1, sizeof *b);
    b->ar = sl_arena_new(0);
    b->ncols = ncols;
    return b;
}

void sl_batch_free(sl_batch *b)
{
    if (!b) return;
    sl_arena_free(b->ar);
    free(b->rows);
    free(b);
}

void sl_batch_reset(sl_batch *b)
{
    b->n = 0;
    sl_arena_reset(b->ar);
}

sl_row *sl_batch_add(sl_batch *b)
{
    if (b->n == b->cap) {
        size_t cap = b->cap;
        SL_GROW(b->rows, cap, (size_t)b->n + 1);
        b->cap = (uint32_t)cap;
    }
    sl_row *r = &b->rows[b->n++];
    r->col = SL_ARENA_ARRAY(b->ar, sl_value, b->ncols);
    r->ts = 0;
    r->offset = -1;
    r->wstart = r->wend = 0;
    r->headers = NULL;
    r->partition = -1;
    r->input = 0;
    r->flags = 0;
    return r;
}
