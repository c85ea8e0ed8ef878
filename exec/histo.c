/*
 * histo.c - fixed-bucket duration histograms (see histo.h).
 */
#include "exec/histo.h"

const double sl_histo_bounds[SL_HISTO_BUCKETS - 1] = {
    0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 10, 300,
};

void sl_histo_observe(sl_histo *h, double seconds)
{
    int i = 0;
    while (i < SL_HISTO_BUCKETS - 1 && seconds > sl_histo_bounds[i])
        i++;
    h->bucket[i]++;
    h->count++;
    h->sum += seconds;
}

void sl_histo_merge(sl_histo *h, const sl_histo *from)
{
    for (int i = 0; i < SL_HISTO_BUCKETS; i++)
        h->bucket[i] += from->bucket[i];
    h->count += from->count;
    h->sum += from->sum;
}
