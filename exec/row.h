/*
 * row.h - rows and batches, the unit operators push to each other.
 *
 * A row is its column values (in the order of the operator's output schema,
 * which the planner fixes) plus the record's system columns: ROWTIME,
 * ROWPARTITION, ROWOFFSET, headers, window bounds for windowed rows, and flags
 * for changelog semantics (tables).
 *
 * A batch owns an arena; the rows, their column arrays and every value payload
 * of the batch live in it and die when the batch is reset. Operators that keep
 * anything beyond the batch copy it into their own memory.
 */
#ifndef SL_EXEC_ROW_H
#define SL_EXEC_ROW_H

#include "common/arena.h"
#include "exec/value.h"

#include <stdint.h>

typedef struct sl_header {
    const char *key;        /* NUL-terminated */
    const uint8_t *val;     /* NULL for a null header value */
    uint32_t len;
} sl_header;

typedef struct sl_headers {
    const sl_header *h;
    uint32_t n;
} sl_headers;

enum {
    SL_ROW_TOMBSTONE = 1 << 0, /* a table delete: the key with no value */
    SL_ROW_RETRACT = 1 << 1,   /* the old value of a table row, to be subtracted downstream */
    SL_ROW_WINDOWED = 1 << 2,  /* wstart/wend are set */
    SL_ROW_NULL_KEY = 1 << 3,  /* the source record had no key: sinks write none (until
                                * a re-key gives the row a new one) */
    SL_ROW_PAIRED = 1 << 4,    /* the new row of a table update, right after the retraction
                                * of its old row (one update: aggregations emit once) */
};

typedef struct sl_row {
    sl_value *col;             /* the row's columns (schema order) */
    int64_t ts;                /* ROWTIME: event time, ms */
    int64_t offset;            /* ROWOFFSET of the source record, -1 when none */
    int64_t wstart, wend;      /* window bounds when SL_ROW_WINDOWED */
    const sl_headers *headers; /* NULL when none */
    int32_t partition;         /* ROWPARTITION, -1 when none */
    uint16_t flags;
    uint16_t input;            /* which of its task's inputs the row came from (watermark.h) */
} sl_row;

typedef struct sl_batch {
    sl_arena *ar;  /* owns rows, column arrays and payloads */
    sl_row *rows;
    uint32_t n, cap;
    uint32_t ncols;
} sl_batch;

/* A new empty batch of rows ncols wide; the batch owns a new arena. */
sl_batch *sl_batch_new(uint32_t ncols);
void sl_batch_free(sl_batch *b);
/* Empties the batch and resets its arena. */
void sl_batch_reset(sl_batch *b);
/* Appends a row with ncols zeroed (non-NULL) columns and no system columns set
 * (offset and partition -1); returns it, valid until the batch is reset. */
sl_row *sl_batch_add(sl_batch *b);

#endif
