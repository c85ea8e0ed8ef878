/*
 * pullstore.h - the materialization pull queries read: a CREATE TABLE AS
 * query's latest output row per key, in one RocksDB column family per query
 * ("s/<query id>/pull", so dropping the query's stores drops it too).
 *
 * Layout (keys are binary-comparable, exec/keycodec.h, so key ranges and a
 * key's windows are RocksDB ranges):
 *
 *   key    keycodec(key columns)                       unwindowed table
 *          keycodec(key columns) ‖ i64 wstart ‖ i64 wend   windowed table
 *   value  i64 ROWTIME ‖ keycodec(every column)
 *
 * Writes: the PULLSTORE operator (op_pullstore.c) collects the rows of a
 * commit interval and writes the last one per key, key-sorted, into the
 * commit's batch, so the store changes atomically with the query's outputs
 * and source offsets. A tombstone deletes the key. Readers take a RocksDB
 * snapshot, which gives them one consistent cut of every key.
 *
 * Threads: the functions here are pure (encode/decode) or take the db, which
 * any thread may use.
 */
#ifndef SL_EXEC_PULLSTORE_H
#define SL_EXEC_PULLSTORE_H

#include "common/arena.h"
#include "common/buf.h"
#include "common/error.h"
#include "exec/db.h"
#include "exec/row.h"
#include "exec/types.h"

#include <stdbool.h>
#include <stdint.h>

/* The column family of query_id's pull store; created when create is set, else
 * SL_E_NOT_FOUND when the query never wrote one. *out lives as long as db. */
sl_error *sl_pullstore_cf(sl_db *db, const char *query_id, bool create, sl_db_cf **out);

/* Appends the store key of a row: its key columns cols[0..nkey), then for a windowed table
 * the window bounds. */
void sl_pullstore_key(sl_buf *out, const sl_field *cols, uint32_t nkey, const sl_value *vals,
                      bool windowed, int64_t wstart, int64_t wend);
/* Appends the stored value of a row: rowtime, then every column. */
void sl_pullstore_value(sl_buf *out, const sl_field *cols, uint32_t ncols, const sl_value *vals,
                        int64_t rowtime);

/* Decodes a stored entry into row (columns allocated in ar; row->col must have room for
 * ncols): the columns and ROWTIME from the value, the window bounds from the key of a
 * windowed table (row->flags gets SL_ROW_WINDOWED). SL_E_CORRUPT on malformed bytes. */
sl_error *sl_pullstore_decode(const uint8_t *k, size_t klen, const uint8_t *v, size_t vlen,
                              const sl_field *cols, uint32_t ncols, bool windowed, sl_arena *ar,
                              sl_row *row);

/* --- reading -------------------------------------------------------------------------- */

/* How a pull query reaches its rows. */
typedef enum sl_pull_path {
    SL_PULL_KEY_LOOKUP, /* whole keys (a windowed table: each key's windows) */
    SL_PULL_RANGE,      /* a range of keys */
    SL_PULL_SCAN,       /* every entry */
} sl_pull_path;

typedef struct sl_pull_access {
    sl_pull_path path;
    sl_buf *keys; /* KEY_LOOKUP: encoded keys (sl_pullstore_key without the window) */
    uint32_t nkeys;
    sl_buf lo, hi;        /* RANGE: lo inclusive, hi exclusive; empty: open */
    int64_t ws_lo, ws_hi; /* a windowed KEY_LOOKUP: the window starts wanted (inclusive) */
    bool windowed;
} sl_pull_access;

typedef struct sl_pull_reader sl_pull_reader;

/* A reader of the entries of cf that acc selects, all as of one snapshot taken now (acc is
 * borrowed until the reader is freed). Entries come key by key in acc's order (keys in key
 * order within a range or scan). The thread that made it uses it. */
sl_pull_reader *sl_pull_reader_new(sl_db *db, sl_db_cf *cf, const sl_pull_access *acc);
/* The next entry; *k and *v stay valid until the next call. false at the end or on a read
 * error (then sl_pull_reader_error says which). */
bool sl_pull_reader_next(sl_pull_reader *r, const uint8_t **k, size_t *klen, const uint8_t **v,
                         size_t *vlen);
/* The error that ended the reading, or NULL (caller frees). */
sl_error *sl_pull_reader_error(sl_pull_reader *r);
void sl_pull_reader_free(sl_pull_reader *r);

#endif
