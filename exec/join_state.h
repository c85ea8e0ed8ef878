/*
 * join_state.h - what the join operators (op_join_*.c) keep between batches:
 * rows copied out of the batch arenas, the tables that hold a side's latest
 * row per key, and the time-ordered buffers of a windowed join. Private to
 * exec/op_join_*.c and exec/join_*.c.
 *
 *   sl_join_row      one kept row: timestamp, values, and every payload the
 *                    values point to, in a single allocation (freed as one)
 *   sl_join_table    key bytes -> the latest row; changed keys written to the
 *                    state store at commit, read back when the task starts
 *   sl_join_window   key bytes -> rows ordered by (time, arrival); rows older
 *                    than the retention are dropped (see join_window.c)
 *
 * Keys are the keycodec encoding of a row's key columns (and window bounds for
 * windowed rows), so equal keys are equal bytes. Used by one task's thread.
 */
#ifndef SL_EXEC_JOIN_STATE_H
#define SL_EXEC_JOIN_STATE_H

#include "common/buf.h"
#include "exec/hmap.h"
#include "exec/plan.h"
#include "exec/row.h"
#include "exec/store.h"
#include "exec/types.h"

typedef struct sl_task sl_task;

/* --- kept rows (join_row.c) ----------------------------------------------------------------- */

typedef struct sl_join_row {
    int64_t ts;
    uint64_t seq; /* arrival order among rows of equal time (windows) */
    uint32_t n;
    uint16_t flags; /* windows: SL_JOIN_ROW_* */
    sl_value v[];   /* n values, then the payloads they point to */
} sl_join_row;

enum {
    SL_JOIN_ROW_UNSAVED = 1 << 0, /* put since the last commit: the next one writes it */
    SL_JOIN_ROW_EXPIRED = 1 << 1, /* purged before that commit: it writes nothing */
};

/* A deep copy of vals[0..n) (types from cols) stamped with ts. Free with free(). */
sl_join_row *sl_join_row_new(const sl_field *cols, uint32_t n, const sl_value *vals, int64_t ts);
/* Appends ts, seq and the values' keycodec encoding (the state store's value). */
void sl_join_row_encode(sl_buf *out, const sl_field *cols, const sl_join_row *r);
/* The row encoded at p[0..len) (scratch: decoding space, reset by the caller). */
sl_error *sl_join_row_decode(const uint8_t *p, size_t len, const sl_field *cols, uint32_t n,
                             sl_arena *scratch, sl_join_row **out);

/* Appends row r's join key (its first nkey columns, then its window bounds when windowed) to
 * out; false when a key column is NULL (the row joins nothing). */
bool sl_join_key(sl_buf *out, const sl_field *cols, uint32_t nkey, const sl_row *r);

/* Appends an output row [key | left | right] to out, values borrowed; l or r NULL: that
 * side's columns are NULL. System columns are the caller's to set. */
sl_row *sl_join_emit(sl_batch *out, uint32_t nkey, const sl_value *key, uint32_t nl,
                     const sl_value *l, uint32_t nr, const sl_value *r);

/* Sorts and dedups a list of keys (changes to write at commit). */
void sl_join_keys_sort(sl_buf *keys, size_t *n);

/* Writes for a state store gathered between commits, written key-sorted at the next one
 * (for each key, the last write wins). */
typedef struct sl_join_pending {
    struct sl_join_write *v;
    size_t n, cap;
} sl_join_pending;

void sl_join_pending_put(sl_join_pending *p, const sl_buf *key, const sl_buf *val);
void sl_join_pending_del(sl_join_pending *p, const sl_buf *key);
/* Writes and forgets the gathered writes (none when s is NULL: no state store). */
void sl_join_pending_flush(sl_join_pending *p, sl_store *s, sl_db_batch *batch);
void sl_join_pending_free(sl_join_pending *p);

/* --- tables (join_table.c) ------------------------------------------------------------------- */

typedef struct sl_join_table {
    sl_hmap rows;         /* key bytes -> sl_join_row */
    const sl_field *cols; /* the rows' schema */
    uint32_t ncols;
    sl_buf *dirty; /* keys changed since the last commit */
    size_t ndirty, capdirty;
    sl_store store;
    bool has_store;
} sl_join_table;

/* Opens the table's store (name) for task and reads its rows back. */
sl_error *sl_join_table_open(sl_join_table *t, sl_task *task, const char *name,
                             const sl_field *cols, uint32_t ncols);
/* The key's row, or NULL; valid until the key changes. */
const sl_join_row *sl_join_table_get(const sl_join_table *t, const void *key, uint32_t klen);
/* Sets the key's row to a copy of vals (NULL: deletes it). The old row is freed: callers
 * emit the new values, never the old ones. Returns whether the key had a row. */
bool sl_join_table_put(sl_join_table *t, const void *key, uint32_t klen, const sl_value *vals,
                       int64_t ts);
/* Writes the changed keys into the commit's batch. */
sl_error *sl_join_table_flush(sl_join_table *t, sl_db_batch *batch);
void sl_join_table_close(sl_join_table *t);

/* --- windows (join_window.c) ----------------------------------------------------------------- */

/* A stream side's rows by key, each key's rows ordered by (time, arrival). Kafka Streams'
 * join window store: rows are kept for the retention (before + after + grace) after the
 * largest time put; older rows are neither kept nor found. */
typedef struct sl_join_window {
    sl_hmap keys; /* key bytes -> bucket of rows */
    const sl_field *cols;
    uint32_t ncols;
    int64_t retention;
    int64_t segment;  /* the store's time segments: rows expire a segment at a time */
    int64_t observed; /* the largest time put: the store's stream time */
    int64_t purged;   /* rows before this time are gone from memory */
    int64_t dropped;  /* segments before this one are deleted from the store */
    uint64_t seq;     /* next arrival number */
    uint64_t nrows;
    /* rows put since the last commit, with their keys (in unsaved_ar), and the ones purged
     * meanwhile, kept allocated until the commit has skipped them */
    struct sl_join_unsaved **unsaved;
    size_t nunsaved, capunsaved;
    sl_arena *unsaved_ar;
    sl_join_row **expired;
    size_t nexpired, capexpired;
    sl_store store;
    bool has_store;
} sl_join_window;

sl_error *sl_join_window_open(sl_join_window *w, sl_task *task, const char *name,
                              const sl_field *cols, uint32_t ncols, int64_t retention);
/* Keeps a copy of the row at time ts unless it is already out of the retention. */
void sl_join_window_put(sl_join_window *w, const void *key, uint32_t klen, const sl_value *vals,
                        int64_t ts);
/* The key's rows with time in [from, to] still within the retention, oldest first: *rows[0..n),
 * valid until the window changes. */
uint32_t sl_join_window_range(const sl_join_window *w, const void *key, uint32_t klen, int64_t from,
                              int64_t to, sl_join_row *const **rows);
/* Frees the rows out of the retention (cheap when there are none to free). */
void sl_join_window_purge(sl_join_window *w);
void sl_join_window_flush(sl_join_window *w, sl_db_batch *batch);
void sl_join_window_close(sl_join_window *w);

/* --- outer rows waiting for their window to close (join_outer.c) ----------------------------- */

typedef struct sl_join_outer_entry {
    int64_t ts;
    uint8_t side;         /* orders entries of equal time, as Kafka Streams' store key does */
    uint8_t port;         /* the input it came from */
    bool dead;            /* matched since: never padded */
    int64_t wstart, wend; /* window bounds of a windowed row */
    uint32_t flags;       /* SL_ROW_WINDOWED or 0 */
    sl_join_row *row;     /* the input row: [key | payload] */
    uint32_t klen;
    uint8_t key[]; /* join key bytes */
} sl_join_outer_entry;

typedef struct sl_join_outer {
    sl_hmap map;                /* (time, side, key) -> live entry */
    sl_join_outer_entry **heap; /* every entry, live or dead, oldest first */
    size_t n, cap;
    sl_join_outer_entry **popped; /* popped since the last release */
    size_t npopped, cappopped;
    const sl_field *cols[2]; /* [port]: input row schemas */
    uint32_t ncols[2];
    sl_join_pending pending;
    sl_store store;
    bool has_store;
} sl_join_outer;

sl_error *sl_join_outer_open(sl_join_outer *o, sl_task *task, const char *name,
                             const sl_pnode *const in[2]);
/* Keeps a copy of row (an input row of port) under (row time, side, key). */
void sl_join_outer_put(sl_join_outer *o, uint8_t side, int port, const void *key, uint32_t klen,
                       const sl_row *row);
/* Forgets the entry of (ts, side, key), if any. */
void sl_join_outer_del(sl_join_outer *o, int64_t ts, uint8_t side, const void *key, uint32_t klen);
/* The oldest live entry, or NULL; valid until the next call. */
const sl_join_outer_entry *sl_join_outer_peek(sl_join_outer *o);
/* Removes the entry peek returned; it stays allocated (output rows may borrow its values)
 * until sl_join_outer_release. */
void sl_join_outer_pop(sl_join_outer *o);
void sl_join_outer_release(sl_join_outer *o);
void sl_join_outer_flush(sl_join_outer *o, sl_db_batch *batch);
void sl_join_outer_close(sl_join_outer *o);

#endif
