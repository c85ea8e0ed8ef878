/*
 * serde_bench.c - throughput of the record formats on Nexmark-style bids, next
 * to jansson on the same data in the same run.
 *
 *   serde_bench [records]      (default 100000 distinct records, ~170 bytes each)
 *
 * Generates deterministic, varied bid records
 *   {"auction":1000,"bidder":2001,"price":1234,"channel":"Google",
 *    "url":"https://www.nexmark.com/...","dateTime":1700000000000,"extra":"..."}
 * and measures, on one thread, the median of 3 runs of:
 *   - sluice JSON decode of the 5 columns a query needs (auction, bidder, price,
 *     channel, dateTime), with url and extra skipped;
 *   - sluice JSON decode of all 7 columns;
 *   - sluice JSON encode of the 7-column rows;
 *   - jansson: json_loadb + json_object_get of the same 5 fields;
 *   - jansson: building the object + json_dumps (compact, in order);
 *   - sluice DELIMITED decode (5 of 7) and encode of the same rows as CSV.
 * The arena is reset every 1024 records, as the engine resets a batch. Decoded
 * values are summed and compared with jansson's, so both sides do the work and
 * agree on it.
 */
#include "exec/serde.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BATCH 1024

typedef struct corpus {
    char **rec;
    size_t *len;
    size_t n, bytes;
} corpus;

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void rand_word(char *out, size_t n)
{
    static const char alpha[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    for (size_t i = 0; i < n; i++)
        out[i] = alpha[rng() % (sizeof alpha - 1)];
    out[n] = '\0';
}

static corpus make_corpus(size_t n)
{
    static const char *channels[] = {"Google", "Facebook", "Baidu", "Apple", "channel-7"};
    corpus c = {malloc(n * sizeof(char *)), malloc(n * sizeof(size_t)), n, 0};
    for (size_t i = 0; i < n; i++) {
        char path[24], extra[40], buf[256];
        rand_word(path, 6 + rng() % 8);
        rand_word(extra, 6 + rng() % 16);
        int len = snprintf(buf, sizeof buf,
                           "{\"auction\":%llu,\"bidder\":%llu,\"price\":%llu,\"channel\":\"%s\","
                           "\"url\":\"https://www.nexmark.com/%s/item.htm?query=1\","
                           "\"dateTime\":%llu,\"extra\":\"%s\"}",
                           1000 + (unsigned long long)(rng() % 10000),
                           2001 + (unsigned long long)(rng() % 100000),
                           100 + (unsigned long long)(rng() % 100000), channels[rng() % 5], path,
                           1700000000000ULL + i * 7 + rng() % 1000, extra);
        c.rec[i] = strdup(buf);
        c.len[i] = (size_t)len;
        c.bytes += (size_t)len;
    }
    return c;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const sl_field bid_cols[] = {{"AUCTION", &sl_type_bigint}, {"BIDDER", &sl_type_bigint},
                                    {"PRICE", &sl_type_bigint},   {"CHANNEL", &sl_type_string},
                                    {"URL", &sl_type_string},     {"DATETIME", &sl_type_bigint},
                                    {"EXTRA", &sl_type_string}};

/* A checksum of the 5 needed fields, the same whoever decodes them. */
static uint64_t mix(uint64_t h, int64_t a, int64_t b, int64_t p, size_t chlen, int64_t t)
{
    return h * 31 + (uint64_t)(a + b * 3 + p * 7 + t) + chlen;
}

static uint64_t run_decode(const sl_serde *s, const corpus *c, size_t passes, sl_value *rows)
{
    sl_arena *ar = sl_arena_new(0);
    uint64_t h = 0;
    for (size_t pass = 0; pass < passes; pass++) {
        for (size_t i = 0; i < c->n; i++) {
            sl_value *v = rows + (i % BATCH) * 7;
            sl_error *err = sl_serde_decode(s, c->rec[i], c->len[i], ar, v, NULL);
            if (err) {
                fprintf(stderr, "decode: %s\n", err->msg);
                exit(1);
            }
            h = mix(h, v[0].u.i, v[1].u.i, v[2].u.i, v[3].len, v[5].u.i);
            if (i % BATCH == BATCH - 1) sl_arena_reset(ar);
        }
    }
    sl_arena_free(ar);
    return h;
}

static size_t run_encode(const sl_serde *s, const sl_value *rows, size_t n, size_t passes)
{
    sl_buf b = SL_BUF_INIT;
    size_t total = 0;
    for (size_t pass = 0; pass < passes; pass++)
        for (size_t i = 0; i < n; i++) {
            sl_buf_reset(&b);
            if (sl_serde_encode(s, rows + i * 7, &b, NULL)) exit(1);
            total += b.len;
        }
    sl_buf_free(&b);
    return total;
}

static uint64_t run_jansson_decode(const corpus *c)
{
    uint64_t h = 0;
    for (size_t i = 0; i < c->n; i++) {
        json_error_t e;
        json_t *o = json_loadb(c->rec[i], c->len[i], 0, &e);
        if (!o) exit(1);
        h = mix(h, json_integer_value(json_object_get(o, "auction")),
                json_integer_value(json_object_get(o, "bidder")),
                json_integer_value(json_object_get(o, "price")),
                json_string_length(json_object_get(o, "channel")),
                json_integer_value(json_object_get(o, "dateTime")));
        json_decref(o);
    }
    return h;
}

static size_t run_jansson_encode(const sl_value *rows, size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        const sl_value *v = rows + i * 7;
        json_t *o = json_object();
        json_object_set_new(o, "AUCTION", json_integer(v[0].u.i));
        json_object_set_new(o, "BIDDER", json_integer(v[1].u.i));
        json_object_set_new(o, "PRICE", json_integer(v[2].u.i));
        json_object_set_new(o, "CHANNEL", json_stringn(v[3].u.s, v[3].len));
        json_object_set_new(o, "URL", json_stringn(v[4].u.s, v[4].len));
        json_object_set_new(o, "DATETIME", json_integer(v[5].u.i));
        json_object_set_new(o, "EXTRA", json_stringn(v[6].u.s, v[6].len));
        char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        total += strlen(text);
        free(text);
        json_decref(o);
    }
    return total;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median3(double *r)
{
    qsort(r, 3, sizeof *r, cmp_double);
    return r[1];
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
    if (n < BATCH) n = BATCH;
    corpus c = make_corpus(n);
    bool five[] = {true, true, true, true, false, true, false};
    sl_serde *s5, *s7;
    if (sl_serde_new(SL_SERDE_JSON, bid_cols, 7, NULL, five, &s5) ||
        sl_serde_new(SL_SERDE_JSON, bid_cols, 7, NULL, NULL, &s7))
        return 1;
    sl_value *rows = malloc(sizeof *rows * 7 * BATCH);
    sl_value *all = malloc(sizeof *all * 7 * n); /* every row decoded, for the encoders */
    sl_arena *keep = sl_arena_new(0);
    for (size_t i = 0; i < n; i++)
        if (sl_serde_decode(s7, c.rec[i], c.len[i], keep, all + i * 7, NULL)) return 1;

    sl_serde *d5, *d7;
    if (sl_serde_new(SL_SERDE_DELIMITED, bid_cols, 7, NULL, five, &d5) ||
        sl_serde_new(SL_SERDE_DELIMITED, bid_cols, 7, NULL, NULL, &d7))
        return 1;
    corpus csv = {malloc(n * sizeof(char *)), malloc(n * sizeof(size_t)), n, 0};
    for (size_t i = 0; i < n; i++) {
        sl_buf b = SL_BUF_INIT;
        if (sl_serde_encode(d7, all + i * 7, &b, NULL)) return 1;
        csv.len[i] = b.len;
        csv.bytes += b.len;
        csv.rec[i] = sl_buf_take(&b);
    }

    printf("serde_bench: %zu records, %.1f bytes on average, median of 3 runs, one thread\n", n,
           (double)c.bytes / (double)n);
    const size_t passes = 10;
    double r5[3], r7[3], re[3], rjd[3], rje[3], rd5[3], rde[3];
    uint64_t h5 = 0, hj = 0;
    size_t out_bytes = 0, jout_bytes = 0;
    for (int run = 0; run < 3; run++) {
        double t = now();
        h5 = run_decode(s5, &c, passes, rows);
        r5[run] = (double)(n * passes) / (now() - t);
        t = now();
        run_decode(s7, &c, passes, rows);
        r7[run] = (double)(n * passes) / (now() - t);
        t = now();
        out_bytes = run_encode(s7, all, n, passes);
        re[run] = (double)(n * passes) / (now() - t);
        t = now();
        hj = run_jansson_decode(&c);
        rjd[run] = (double)n / (now() - t);
        t = now();
        jout_bytes = run_jansson_encode(all, n);
        rje[run] = (double)n / (now() - t);
        t = now();
        if (run_decode(d5, &csv, passes, rows) == 0) return 1;
        rd5[run] = (double)(n * passes) / (now() - t);
        t = now();
        run_encode(d7, all, n, passes);
        rde[run] = (double)(n * passes) / (now() - t);
    }
    uint64_t h1 = run_decode(s5, &c, 1, rows); /* one pass, to compare with jansson's */
    if (h1 != hj) {
        fprintf(stderr, "checksum mismatch: sluice %llx jansson %llx\n", (unsigned long long)h1,
                (unsigned long long)hj);
        return 1;
    }
    if (!h5) return 1; /* the timed passes' checksum is used, so they are not optimized out */
    printf("  %-40s %10.0f records/s  %6.1f MB/s\n", "sluice JSON decode, 5 of 7 fields",
           median3(r5), median3(r5) * (double)c.bytes / (double)n / 1e6);
    printf("  %-40s %10.0f records/s  %6.1f MB/s\n", "sluice JSON decode, all 7 fields",
           median3(r7), median3(r7) * (double)c.bytes / (double)n / 1e6);
    printf("  %-40s %10.0f rows/s     (%.1f bytes/row)\n", "sluice JSON encode, 7 columns",
           median3(re), (double)out_bytes / (double)(n * passes));
    printf("  %-40s %10.0f records/s\n", "jansson json_loadb + 5 lookups", median3(rjd));
    printf("  %-40s %10.0f rows/s     (%.1f bytes/row)\n", "jansson build object + json_dumps",
           median3(rje), (double)jout_bytes / (double)n);
    printf("  %-40s %10.0f records/s  (%.1f bytes/record)\n", "sluice DELIMITED decode, 5 of 7",
           median3(rd5), (double)csv.bytes / (double)n);
    printf("  %-40s %10.0f rows/s\n", "sluice DELIMITED encode, 7 columns", median3(rde));
    printf("  decode speedup %.1fx, encode speedup %.1fx; checksums agree\n",
           median3(r5) / median3(rjd), median3(re) / median3(rje));
    sl_arena_free(keep);
    free(all);
    free(rows);
    sl_serde_free(d5);
    sl_serde_free(d7);
    for (size_t i = 0; i < n; i++)
        free(csv.rec[i]);
    free(csv.rec);
    free(csv.len);
    sl_serde_free(s5);
    sl_serde_free(s7);
    for (size_t i = 0; i < n; i++)
        free(c.rec[i]);
    free(c.rec);
    free(c.len);
    return 0;
}
