/*
 * fn_bench.c - per-call cost of common scalar functions.
 *
 * Each case resolves its call through the registry (sl_fn_resolve), runs init
 * once, then calls impl N times (default 2M; argv[1] changes it) the way the
 * evaluator does: arguments from a pre-built set of 1024 distinct inputs,
 * results in a batch arena that is reset every 1024 calls. Constant arguments
 * (patterns, zones, delimiters) are marked constant, as the planner marks
 * literals. Prints ns per call and calls per second.
 *
 *   build/bench/fn_bench [N] [case-substring]
 */
#include "common/clock.h"
#include "exec/func.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NIN = 1024 };

typedef struct bcase {
    const char *label, *name;
    const char *args; /* arguments separated by '|': s (a string input), g (non-ASCII text),
                         t (timestamp), d (date), x (double), a (ARRAY<INT>), j (JSON text),
                         w (date text), u (URL), or k<text> for a STRING constant, i<n> for an
                         INT constant */
} bcase;

static const bcase cases[] = {
    {"UCASE ascii 40B", "UCASE", "s"},
    {"LCASE utf-8", "LCASE", "g"},
    {"LEN utf-8", "LEN", "g"},
    {"SUBSTRING(s, 5, 10)", "SUBSTRING", "s|i5|i10"},
    {"CONCAT(s, '-', s)", "CONCAT", "s|k-|s"},
    {"TRIM", "TRIM", "s"},
    {"INSTR(s, 'needle')", "INSTR", "s|kneedle"},
    {"REPLACE(s, 'a', 'bb')", "REPLACE", "s|ka|kbb"},
    {"SPLIT(s, ',')", "SPLIT", "s|k,"},
    {"MD5", "MD5", "s"},
    {"ROUND(x, 2)", "ROUND", "x|i2"},
    {"FORMAT_TIMESTAMP UTC", "FORMAT_TIMESTAMP", "t|kyyyy-MM-dd HH:mm:ss.SSS"},
    {"FORMAT_TIMESTAMP LA zzz", "FORMAT_TIMESTAMP",
     "t|kyyyy-MM-dd HH:mm:ss zzz|kAmerica/Los_Angeles"},
    {"PARSE_TIMESTAMP", "PARSE_TIMESTAMP", "w|kyyyy-MM-dd HH:mm:ss"},
    {"FORMAT_DATE dd-MMM-yyyy", "FORMAT_DATE", "d|kdd-MMM-yyyy"},
    {"REGEXP_EXTRACT(c, s, 2)", "REGEXP_EXTRACT", "k(\\d+)-(\\d+)|s|i2"},
    {"REGEXP_REPLACE(s, c, '_')", "REGEXP_REPLACE", "s|k[aeiou]|k_"},
    {"EXTRACTJSONFIELD $.a.b", "EXTRACTJSONFIELD", "j|k$.a.b"},
    {"URL_EXTRACT_HOST", "URL_EXTRACT_HOST", "u"},
    {"ARRAY_DISTINCT 32 INT", "ARRAY_DISTINCT", "a"},
    {"TO_JSON_STRING ARRAY<INT>", "TO_JSON_STRING", "a"},
};

/* Inputs: 1024 of each kind. */
static char strs[NIN][64], utf8s[NIN][64], jsons[NIN][96], urls[NIN][96], dates[NIN][32];
static sl_array arrays[NIN];
static sl_value arr_items[NIN][32];

static void make_inputs(void)
{
    for (int i = 0; i < NIN; i++) {
        snprintf(strs[i], sizeof strs[i], "  the quick brown fox %04d-%d, a needle or so  ", i,
                 i * 7);
        snprintf(utf8s[i], sizeof utf8s[i], "Ελλάδα straße Übermensch %d ÄÖÜ", i);
        snprintf(jsons[i], sizeof jsons[i],
                 "{\"x\": [1, 2, 3], \"a\": {\"b\": \"v%d\", \"c\": %d}}", i, i);
        snprintf(urls[i], sizeof urls[i], "https://user@host%d.example.com:8443/p/q?x=%d#f", i, i);
        snprintf(dates[i], sizeof dates[i], "2021-%02d-%02d %02d:%02d:%02d", i % 12 + 1, i % 28 + 1,
                 i % 24, i % 60, (i * 7) % 60);
        for (int k = 0; k < 32; k++)
            arr_items[i][k] = sl_value_int((i + k * 3) % 20);
        arrays[i] = (sl_array){arr_items[i], 32};
    }
}

static sl_value input(char kind, int i, const sl_type **t)
{
    switch (kind) {
    case 's':
        *t = &sl_type_string;
        return sl_value_str(strs[i], (uint32_t)strlen(strs[i]));
    case 'g':
        *t = &sl_type_string;
        return sl_value_str(utf8s[i], (uint32_t)strlen(utf8s[i]));
    case 'j':
        *t = &sl_type_string;
        return sl_value_str(jsons[i], (uint32_t)strlen(jsons[i]));
    case 'u':
        *t = &sl_type_string;
        return sl_value_str(urls[i], (uint32_t)strlen(urls[i]));
    case 'w':
        *t = &sl_type_string;
        return sl_value_str(dates[i], (uint32_t)strlen(dates[i]));
    case 't':
        *t = &sl_type_timestamp;
        return sl_value_int(1600000000000LL + i * 3600007LL);
    case 'd':
        *t = &sl_type_date;
        return sl_value_int(18000 + i);
    case 'x':
        *t = &sl_type_double;
        return sl_value_double(i * 1.23456789);
    default: {
        static sl_type arr_t = {.kind = SL_K_ARRAY, .elem = &sl_type_int};
        *t = &arr_t;
        return sl_value_array(&arrays[i]);
    }
    }
}

static void run_case(const bcase *c, long n)
{
    sl_arena *plan = sl_arena_new(0), *batch = sl_arena_new(0);
    const sl_type *types[8];
    sl_value consts[8], args[NIN][8];
    bool isc[8];
    char kinds[8];
    int nargs = 0;
    char spec[128];
    snprintf(spec, sizeof spec, "%s", c->args);
    for (char *tok = strtok(spec, "|"); tok; tok = strtok(NULL, "|"), nargs++) {
        kinds[nargs] = tok[0];
        isc[nargs] = tok[0] == 'k' || tok[0] == 'i';
        consts[nargs] = sl_value_null();
        if (tok[0] == 'k') {
            types[nargs] = &sl_type_string;
            consts[nargs] = sl_value_str(strdup(tok + 1), (uint32_t)strlen(tok + 1));
        } else if (tok[0] == 'i') {
            types[nargs] = &sl_type_int;
            consts[nargs] = sl_value_int(atoi(tok + 1));
        }
    }
    for (int i = 0; i < NIN; i++)
        for (int a = 0; a < nargs; a++)
            args[i][a] = isc[a] ? consts[a] : input(kinds[a], i, &types[a]);
    sl_fn_call *call;
    sl_error *err = sl_fn_resolve(plan, c->name, types, NULL, nargs, consts, isc, &call);
    if (err) {
        fprintf(stderr, "%s: %s\n", c->label, err->msg);
        exit(1);
    }
    void *state = NULL;
    if (call->sig->init && call->sig->init(call, &state)) exit(1);
    sl_fnctx cx = {.ar = batch, .call = call, .state = state};
    long errors = 0;
    int64_t t0 = sl_clock_mono_ns();
    for (long k = 0; k < n; k++) {
        int i = (int)(k % NIN);
        if (i == 0) sl_arena_reset(batch);
        sl_value out;
        sl_error *e = call->sig->impl(&cx, args[i], nargs, &out);
        if (e) errors++, sl_error_free(e);
    }
    int64_t ns = sl_clock_mono_ns() - t0;
    printf("%-28s %8.1f ns/call %12.0f calls/s%s\n", c->label, (double)ns / (double)n,
           (double)n * 1e9 / (double)ns, errors ? "  (errors!)" : "");
    if (call->sig->fini) call->sig->fini(state);
    for (int a = 0; a < nargs; a++)
        if (kinds[a] == 'k') free((void *)consts[a].u.s);
    sl_arena_free(batch);
    sl_arena_free(plan);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 2000000;
    make_inputs();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (argc < 3 || strstr(cases[i].label, argv[2])) run_case(&cases[i], n);
    return 0;
}
