/*
 * watermark.h - event time over several inputs (Flink's model, with Kafka
 * Streams' per-record stream time when there is one input).
 *
 * A task reads several inputs: each partition of the upstream sub-topology
 * that feeds it through a repartition, or each source topic of a join. Each
 * input's time is the largest event time seen on it; the watermark is the
 * minimum over the inputs still active, so a fast input cannot close windows
 * on a slow one's records (processing skew is not lateness):
 *
 *   input 0   ──x──x────x─────x───>|  max 9:05
 *   input 1   ──x───x──x──>|          max 9:02   watermark = 9:02
 *   input 2   (caught up: idle)                  (not waited for)
 *
 * An input is idle when its upstream says it has nothing more right now (caught up
 * with its log), or when nothing was heard from it for the idle timeout (its
 * worker died): idle inputs are not waited for. When every input is idle the
 * watermark is the largest time seen. The watermark never goes back.
 *
 * The operator subtracts its allowed lateness (a window's grace) itself.
 */
#ifndef SL_EXEC_WATERMARK_H
#define SL_EXEC_WATERMARK_H

#include "common/arena.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct sl_wm {
    uint32_t n;
    int64_t *max;      /* [n] the largest event time seen per input; INT64_MIN: none */
    int64_t *heard_ns; /* [n] monotonic time of the input's last record or progress */
    uint8_t *idle;     /* [n] SL_WM_CAUGHT_UP | SL_WM_TIMED_OUT */
    int64_t low;       /* the minimum over active inputs (may go back when one wakes up) */
    int64_t value;     /* the watermark: max over time of low */
} sl_wm;

enum { SL_WM_CAUGHT_UP = 1, SL_WM_TIMED_OUT = 2 };

/* n inputs, none heard yet; arrays live in ar. now_ns starts the idle clocks. */
void sl_wm_init(sl_wm *w, sl_arena *ar, uint32_t n, int64_t now_ns);
/* A record of event time ts on input i (active again if it was idle). Returns the watermark.
 * O(1) unless input i may have been the slowest. */
int64_t sl_wm_observe(sl_wm *w, uint32_t i, int64_t ts);
/* Progress reported for input i by its upstream: its time and whether it is caught up. */
int64_t sl_wm_progress(sl_wm *w, uint32_t i, int64_t ts, bool caught_up, int64_t now_ns);
/* Marks inputs unheard for longer than timeout_ns (> 0) as timed out. Returns the watermark. */
int64_t sl_wm_tick(sl_wm *w, int64_t now_ns, int64_t timeout_ns);
/* Takes from's per-input times (the larger) and idle flags: an operator that tracks its
 * own rows hears what its task consumed. Both have the same inputs. */
void sl_wm_merge(sl_wm *w, const sl_wm *from);
/* Whether every input is idle (the owner then reports itself caught up downstream). */
bool sl_wm_all_idle(const sl_wm *w);

#endif
