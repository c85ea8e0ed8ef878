/*
 * agg.h - aggregate functions as small vtables.
 *
 * An aggregate keeps an accumulator: a fixed-size block of vt->size bytes,
 * owned by the aggregation operator (in its hash table or window store), plus
 * whatever the aggregate allocates itself for variable-size state (COLLECT_LIST,
 * TOPK, HISTOGRAM), which it frees in destroy. Values taken from a record are
 * copied into the accumulator's own memory: the record's batch arena dies after
 * the batch.
 *
 *   init         an empty accumulator
 *   add          fold one record's argument values in
 *   retract      take one record back out (tables: old value before new); NULL
 *                when the aggregate cannot be used over a table
 *   merge        fold another accumulator in (session windows merging; hopping
 *                windows combining panes)
 *   result       the current value, payload allocated in ar
 *   serialize / deserialize   the accumulator as bytes, for the state store and
 *                its changelog; deserialize fills an init'ed accumulator
 *   destroy      frees what add/merge/deserialize allocated; NULL when nothing
 *
 * Arguments: args[0..nargs) are the evaluated argument expressions of the call,
 * in order, including constant ones (TOPK's k, LATEST_BY_OFFSET's n); constant
 * arguments are also in call->const_args for init. info carries the record's
 * position for order-dependent aggregates (EARLIEST/LATEST_BY_OFFSET); it is
 * never NULL.
 *
 * Planning: when an aggregate overload sets sig->init, the planner calls it
 * once with the resolved call to validate the constant arguments (ksqlDB's
 * errors, e.g. "earliestN must be 1 or greater"); it stores no state. The
 * planner also sets call->conf (COLLECT_LIST/SET limits) before init runs.
 *
 * Memory: acc is vt->size bytes, 8-byte aligned, owned by the operator; it is
 * init'ed before any other call and destroy'ed once at the end (destroy, when
 * not NULL, must be called even if add failed). add/retract errors are
 * per-record SL_E_EVAL errors (the accumulator is left as it was); deserialize
 * errors are SL_E_CORRUPT and leave the accumulator empty (as after init).
 *
 * Threads: an accumulator is used by one thread at a time; vtables and the
 * call are immutable and shared.
 */
#ifndef SL_EXEC_AGG_H
#define SL_EXEC_AGG_H

#include "common/buf.h"
#include "common/error.h"
#include "exec/func.h"
#include "exec/value.h"

#include <stddef.h>
#include <stdint.h>

typedef struct sl_agg_info {
    int64_t ts;     /* record time */
    int64_t seq;    /* increases with arrival order within the task (offset-like) */
} sl_agg_info;

struct sl_agg_vt {
    size_t size;
    void (*init)(const sl_fn_call *call, void *acc);
    sl_error *(*add)(const sl_fn_call *call, void *acc, const sl_value *args,
                     const sl_agg_info *info);
    sl_error *(*retract)(const sl_fn_call *call, void *acc, const sl_value *args,
                         const sl_agg_info *info);
    void (*merge)(const sl_fn_call *call, void *acc, const void *other);
    sl_error *(*result)(const sl_fn_call *call, const void *acc, sl_arena *ar, sl_value *out);
    void (*serialize)(const sl_fn_call *call, const void *acc, sl_buf *out);
    sl_error *(*deserialize)(const sl_fn_call *call, void *acc, const uint8_t *p, size_t n);
    void (*destroy)(const sl_fn_call *call, void *acc);
};

#endif
