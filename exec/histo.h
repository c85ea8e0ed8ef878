/*
 * histo.h - a fixed-bucket histogram of durations in seconds, as Prometheus
 * exposes them (cumulative buckets le=..., a sum and a count). The bounds are
 * one table for every histogram, so merging two is adding their arrays.
 *
 * Threads: a histogram is plain data; its owner guards it.
 */
#ifndef SL_EXEC_HISTO_H
#define SL_EXEC_HISTO_H

#include <stdint.h>

#define SL_HISTO_BUCKETS 14

/* Upper bounds in seconds of buckets [0, SL_HISTO_BUCKETS - 1); the last is +Inf. */
extern const double sl_histo_bounds[SL_HISTO_BUCKETS - 1];

typedef struct sl_histo {
    uint64_t bucket[SL_HISTO_BUCKETS]; /* observations per bucket (not cumulative) */
    uint64_t count;
    double sum;
} sl_histo;

void sl_histo_observe(sl_histo *h, double seconds);
/* Adds from's observations to h. */
void sl_histo_merge(sl_histo *h, const sl_histo *from);

#endif
