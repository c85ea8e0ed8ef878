/*
 * clock.h - time sources. Wall-clock milliseconds since the epoch (record
 * timestamps, ROWTIME defaults) and a monotonic nanosecond clock (durations,
 * latency histograms, idle timeouts). Stream time never comes from here: it
 * comes from the records.
 */
#ifndef SL_COMMON_CLOCK_H
#define SL_COMMON_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline int64_t sl_clock_wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline int64_t sl_clock_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

#endif
