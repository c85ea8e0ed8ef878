/*
 * hash.h - the hash function of sluice: XXH3 (libxxhash), 64-bit, seeded.
 * Used for hash tables of keys and group keys. (Kafka's partitioner uses
 * murmur2, which lives with the log code, not here.)
 */
#ifndef SL_COMMON_HASH_H
#define SL_COMMON_HASH_H

#include <stddef.h>
#include <stdint.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

static inline uint64_t sl_hash_bytes(const void *p, size_t n)
{
    return XXH3_64bits(p, n);
}

static inline uint64_t sl_hash_combine(uint64_t h, uint64_t v)
{
    return (h ^ v) * 0x9E3779B97F4A7C15ULL + (h >> 29);
}

static inline uint64_t sl_hash_u64(uint64_t v)
{
    v ^= v >> 33;
    v *= 0xff51afd7ed558ccdULL;
    v ^= v >> 33;
    v *= 0xc4ceb9fe1a85ec53ULL;
    v ^= v >> 33;
    return v;
}

#endif
