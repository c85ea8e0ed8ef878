/*
 * poll_order.c - a poll's records in timestamp order per partition index (see
 * poll_order.h): split into runs, then, for each partition index, repeatedly
 * take the run whose next record is oldest, as far as the next-oldest head.
 */
#include "exec/poll_order.h"

#include <stdint.h>

/* Splits recs into runs of one (topic, partition); returns how many. */
static int find_runs(const sl_log_record *recs, int n, sl_poll_span *runs)
{
    int nr = 0;
    for (int i = 0; i < n;) {
        int j = i + 1;
        while (j < n && recs[j].topic == recs[i].topic && recs[j].partition == recs[i].partition) j++;
        runs[nr++] = (sl_poll_span){i, j - i};
        i = j;
    }
    return nr;
}

/* The run of partition p, from `from` on, with the oldest next record (the first of equals);
 * -1 when they are all used up. *next_ts: the oldest next record of the others. */
static int oldest(const sl_log_record *recs, const sl_poll_span *runs, int from, int nr, int32_t p,
                  int64_t *next_ts)
{
    int best = -1;
    int64_t best_ts = INT64_MAX, second = INT64_MAX;
    for (int j = from; j < nr; j++) {
        if (runs[j].n == 0 || recs[runs[j].start].partition != p) continue;
        int64_t ts = recs[runs[j].start].ts;
        if (best < 0 || ts < best_ts) {
            if (best >= 0) second = best_ts;
            best = j;
            best_ts = ts;
        } else if (ts < second) {
            second = ts;
        }
    }
    *next_ts = second;
    return best;
}

/* Interleaves the runs of partition p from runs[from] on, using them up. */
static int merge_partition(const sl_log_record *recs, sl_poll_span *runs, int from, int nr,
                           sl_poll_span *out)
{
    int32_t p = recs[runs[from].start].partition;
    int nout = 0, k;
    int64_t limit;
    while ((k = oldest(recs, runs, from, nr, p, &limit)) >= 0) {
        sl_poll_span *r = &runs[k];
        int len = 1; /* the oldest head goes, and what follows it up to the next head */
        while (len < r->n && recs[r->start + len].ts <= limit) len++;
        out[nout++] = (sl_poll_span){r->start, len};
        r->start += len;
        r->n -= len;
    }
    return nout;
}

int sl_poll_order(const sl_log_record *recs, int n, sl_poll_span *runs, sl_poll_span *out)
{
    int nr = find_runs(recs, n, runs), nout = 0;
    for (int i = 0; i < nr; i++)
        if (runs[i].n > 0) nout += merge_partition(recs, runs, i, nr, out + nout);
    return nout;
}
