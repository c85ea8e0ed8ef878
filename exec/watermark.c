/*
 * watermark.c - the minimum event time over a task's active inputs (see
 * watermark.h). `low` is recomputed over all inputs only when the input that
 * moved may have been the slowest, or when an input changes between idle and
 * active; otherwise a record costs a compare.
 */
#include "exec/watermark.h"

#include <string.h>

void sl_wm_init(sl_wm *w, sl_arena *ar, uint32_t n, int64_t now_ns)
{
    memset(w, 0, sizeof *w);
    w->n = n ? n : 1;
    w->max = SL_ARENA_ARRAY(ar, int64_t, w->n);
    w->heard_ns = SL_ARENA_ARRAY(ar, int64_t, w->n);
    w->idle = SL_ARENA_ARRAY(ar, uint8_t, w->n);
    for (uint32_t i = 0; i < w->n; i++) {
        w->max[i] = INT64_MIN;
        w->heard_ns[i] = now_ns;
    }
    w->low = w->value = INT64_MIN;
}

static void recompute(sl_wm *w)
{
    int64_t low = INT64_MAX, top = INT64_MIN;
    for (uint32_t i = 0; i < w->n; i++) {
        if (w->max[i] > top) top = w->max[i];
        if (!w->idle[i] && w->max[i] < low) low = w->max[i];
    }
    w->low = low == INT64_MAX ? top : low; /* all idle: everything seen counts */
    if (w->low > w->value) w->value = w->low;
}

int64_t sl_wm_observe(sl_wm *w, uint32_t i, int64_t ts)
{
    if (i >= w->n) i = w->n - 1;
    if (w->n == 1) {
        if (ts > w->max[0]) w->max[0] = ts;
        w->idle[0] = 0;
        if (ts > w->value) w->value = w->low = ts;
        return w->value;
    }
    int64_t before = w->max[i];
    bool woke = w->idle[i] != 0;
    w->idle[i] = 0;
    if (ts > before) w->max[i] = ts;
    if (woke || (ts > before && before <= w->low)) recompute(w);
    return w->value;
}

int64_t sl_wm_progress(sl_wm *w, uint32_t i, int64_t ts, bool caught_up, int64_t now_ns)
{
    if (i >= w->n) i = w->n - 1;
    w->heard_ns[i] = now_ns;
    uint8_t idle = caught_up ? SL_WM_CAUGHT_UP : 0;
    bool changed = idle != w->idle[i] || ts > w->max[i];
    w->idle[i] = idle;
    if (ts > w->max[i]) w->max[i] = ts;
    if (changed) recompute(w);
    return w->value;
}

int64_t sl_wm_tick(sl_wm *w, int64_t now_ns, int64_t timeout_ns)
{
    if (timeout_ns <= 0) return w->value;
    bool changed = false;
    for (uint32_t i = 0; i < w->n; i++)
        if (!w->idle[i] && now_ns - w->heard_ns[i] > timeout_ns) {
            w->idle[i] = SL_WM_TIMED_OUT;
            changed = true;
        }
    if (changed) recompute(w);
    return w->value;
}

bool sl_wm_all_idle(const sl_wm *w)
{
    for (uint32_t i = 0; i < w->n; i++)
        if (!w->idle[i]) return false;
    return true;
}

void sl_wm_merge(sl_wm *w, const sl_wm *from)
{
    uint32_t n = w->n < from->n ? w->n : from->n;
    for (uint32_t i = 0; i < n; i++) {
        if (from->max[i] > w->max[i]) w->max[i] = from->max[i];
        w->idle[i] = from->idle[i];
    }
    recompute(w);
}
