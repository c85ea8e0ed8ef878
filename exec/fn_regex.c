/*
 * fn_regex.c - the regular expression functions: REGEXP_EXTRACT,
 * REGEXP_EXTRACT_ALL, REGEXP_REPLACE and REGEXP_SPLIT_TO_ARRAY, over PCRE2.
 *
 * Model: ksqlDB hands patterns to java.util.regex; PCRE2 reads the same syntax
 * for everything but a few Java-only classes (\p{javaLowerCase}, \p{Alpha}).
 * Patterns are compiled in UTF mode without Unicode properties for \w \d \s
 * (Java's defaults are ASCII too), with CR, LF and CRLF as line ends, and with
 * invalid UTF-8 in the subject treated as non-matching bytes rather than an
 * error. Each call site keeps its compiled patterns in its state: a constant
 * pattern is compiled once in init (with the JIT); patterns that come from
 * records go through a small cache, so a column holding a handful of
 * patterns compiles each once. A match that backtracks too much fails with an
 * error instead of hanging the task.
 *
 * Matching follows java.util.regex.Matcher.find(): after an empty match the
 * next search starts one character later; after a non-empty one it starts at
 * its end, where an empty match is allowed. REGEXP_REPLACE reads Java's
 * replacement syntax ($1, ${name}, \x for a literal x).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "common/mem.h"
#include "exec/fn_int.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FN(name) static sl_error *name(sl_fnctx *cx, const sl_value *a, int n, sl_value *out)

#define RX_CACHE       4
#define RX_MATCH_LIMIT 5000000

typedef struct rx {
    char *text; /* the pattern, malloc'd; NULL for an empty slot */
    size_t len;
    pcre2_code *code; /* NULL when the pattern does not compile */
    pcre2_match_data *md;
    char *err; /* the compile error message, when code is NULL */
    uint32_t ngroups;
} rx;

typedef struct rx_state {
    int arg;  /* the pattern's argument index */
    rx fixed; /* a constant pattern */
    rx cache[RX_CACHE];
    unsigned next;
    pcre2_general_context *gctx; /* PCRE2 allocates through sl_malloc */
    pcre2_compile_context *cctx;
    pcre2_match_context *mctx;
    sl_buf buf; /* REGEXP_REPLACE builds its result here, then copies it to cx->ar */
} rx_state;

static void rx_clear(rx *r)
{
    free(r->text);
    free(r->err);
    pcre2_match_data_free(r->md);
    pcre2_code_free(r->code);
    memset(r, 0, sizeof *r);
}

/* Compiles pattern into r; a syntax error is kept in r->err for every record. */
static void *rx_alloc(PCRE2_SIZE n, void *data)
{
    (void)data;
    return sl_malloc(n);
}

static void rx_free(void *p, void *data)
{
    (void)data;
    free(p);
}

static void rx_compile(rx *r, rx_state *st, const char *p, size_t len, bool jit)
{
    rx_clear(r);
    r->text = sl_strndup(p, len);
    r->len = len;
    int ec;
    PCRE2_SIZE eo;
    r->code =
        pcre2_compile((PCRE2_SPTR)p, len, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &eo, st->cctx);
    if (!r->code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        size_t n = strlen((char *)msg) + 64;
        r->err = sl_malloc(n);
        snprintf(r->err, n, "%s at offset %zu", (char *)msg, (size_t)eo);
        return;
    }
    if (jit) pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE); /* without JIT it still matches */
    pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &r->ngroups);
    r->md = pcre2_match_data_create_from_pattern(r->code, st->gctx);
}

static sl_error *rx_init_at(const sl_fn_call *call, void **state, int arg)
{
    rx_state *st = sl_calloc(1, sizeof *st);
    st->arg = arg;
    st->gctx = pcre2_general_context_create(rx_alloc, rx_free, NULL);
    st->cctx = pcre2_compile_context_create(st->gctx);
    st->mctx = pcre2_match_context_create(st->gctx);
    pcre2_set_newline(st->cctx, PCRE2_NEWLINE_ANYCRLF);
    pcre2_set_match_limit(st->mctx, RX_MATCH_LIMIT);
    if (fn_is_const(call, arg) && !call->const_args[arg].null)
        rx_compile(&st->fixed, st, call->const_args[arg].u.s, call->const_args[arg].len, true);
    *state = st;
    return NULL;
}

static sl_error *rx_init_first(const sl_fn_call *call, void **state)
{
    return rx_init_at(call, state, 0);
}

static sl_error *rx_init_second(const sl_fn_call *call, void **state)
{
    return rx_init_at(call, state, 1);
}

static void rx_fini(void *state)
{
    rx_state *st = state;
    if (!st) return;
    rx_clear(&st->fixed);
    for (int i = 0; i < RX_CACHE; i++)
        rx_clear(&st->cache[i]);
    pcre2_compile_context_free(st->cctx);
    pcre2_match_context_free(st->mctx);
    pcre2_general_context_free(st->gctx);
    sl_buf_free(&st->buf);
    free(st);
}

/* The compiled pattern of this record's pattern argument. */
static sl_error *rx_get(sl_fnctx *cx, const sl_value *pat, rx **out)
{
    rx_state *st = cx->state;
    rx *r = NULL;
    if (st->fixed.text && st->fixed.len == pat->len &&
        memcmp(st->fixed.text, pat->u.s, pat->len) == 0)
        r = &st->fixed;
    for (int i = 0; !r && i < RX_CACHE; i++)
        if (st->cache[i].text && st->cache[i].len == pat->len &&
            memcmp(st->cache[i].text, pat->u.s, pat->len) == 0)
            r = &st->cache[i];
    if (!r) {
        r = &st->cache[st->next++ % RX_CACHE];
        rx_compile(r, st, pat->u.s, pat->len, false);
    }
    if (!r->code)
        return fn_err("Invalid regular expression pattern: %.*s (%s)", (int)pat->len, pat->u.s,
                      r->err);
    *out = r;
    return NULL;
}

/* Finds the next match in s at or after *from, Java style; false when there is
 * none. On a match, ov[0..1] are its bounds and *from is where to look next. */
static sl_error *rx_find(sl_fnctx *cx, rx *r, const sl_value *s, size_t *from, bool *found)
{
    rx_state *st = cx->state;
    *found = false;
    if (*from > s->len) return NULL;
    int rc = pcre2_match(r->code, (PCRE2_SPTR)s->u.s, s->len, *from, 0, r->md, st->mctx);
    if (rc == PCRE2_ERROR_NOMATCH) return NULL;
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT)
        return fn_err("regular expression '%s' needs too much backtracking on this input", r->text);
    if (rc < 0) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(rc, msg, sizeof msg);
        return fn_err("regular expression match failed: %s", (char *)msg);
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
    *found = true;
    *from = ov[1];
    if (ov[0] == ov[1]) { /* empty match: move on one character */
        if (*from >= s->len)
            *from = s->len + 1;
        else
            sl_fn_utf8_next(s->u.s, s->len, from);
    }
    return NULL;
}

/* Group g of the last match as a value in cx->ar (NULL when it did not take part). */
static sl_value rx_group(sl_fnctx *cx, rx *r, const sl_value *s, uint32_t g)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
    if (ov[2 * g] == PCRE2_UNSET) return sl_value_null();
    return fn_str_dup(cx, s->u.s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
}

/* --- REGEXP_EXTRACT REGEXP_EXTRACT_ALL --------------------------------------------------- */

static sl_error *extract(sl_fnctx *cx, const sl_value *a, int n, bool all, sl_value *out)
{
    rx *r;
    sl_error *err = rx_get(cx, &a[0], &r);
    if (err) return err;
    int64_t g = n > 2 ? a[2].u.i : 0;
    *out = sl_value_null();
    if (g < 0 || g > r->ngroups) return NULL;
    const sl_value *s = &a[1];
    size_t from = 0, count = 0, cap = 8;
    sl_value *items = all ? sl_arena_alloc(cx->ar, cap * sizeof *items) : NULL;
    for (;;) {
        bool found;
        if ((err = rx_find(cx, r, s, &from, &found))) return err;
        if (!found) break;
        sl_value v = rx_group(cx, r, s, (uint32_t)g);
        if (!all) {
            *out = v;
            return NULL;
        }
        if (count == cap) {
            sl_value *grown = sl_arena_alloc(cx->ar, 2 * cap * sizeof *items);
            memcpy(grown, items, count * sizeof *items);
            items = grown, cap *= 2;
        }
        items[count++] = v;
    }
    if (all) {
        sl_array *arr = sl_array_new(cx->ar, (uint32_t)count);
        memcpy(arr->v, items, count * sizeof *items);
        *out = sl_value_array(arr);
    }
    return NULL;
}

FN(regexp_extract)
{
    return extract(cx, a, n, false, out);
}

FN(regexp_extract_all)
{
    return extract(cx, a, n, true, out);
}

/* --- REGEXP_REPLACE ------------------------------------------------------------------------ */

/* Appends Java's replacement text rep for the current match. */
static sl_error *append_replacement(sl_buf *b, rx *r, const sl_value *s, const sl_value *rep)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
    const char *p = rep->u.s;
    size_t n = rep->len;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\\') {
            if (++i == n) return fn_err("character to be escaped is missing");
            sl_buf_putc(b, p[i]);
            continue;
        }
        if (p[i] != '$') {
            sl_buf_putc(b, p[i]);
            continue;
        }
        if (++i == n) return fn_err("Illegal group reference: group index is missing");
        uint32_t g;
        if (p[i] == '{') {
            size_t e = i + 1;
            while (e < n && p[e] != '}')
                e++;
            if (e == n) return fn_err("named capturing group is missing trailing '}'");
            char name[128];
            size_t len = e - i - 1 < sizeof name - 1 ? e - i - 1 : sizeof name - 1;
            memcpy(name, p + i + 1, len);
            name[len] = 0;
            int num = pcre2_substring_number_from_name(r->code, (PCRE2_SPTR)name);
            if (num < 0) return fn_err("No group with name {%s}", name);
            g = (uint32_t)num;
            i = e;
        } else {
            if (p[i] < '0' || p[i] > '9') return fn_err("Illegal group reference");
            g = (uint32_t)(p[i] - '0');
            if (g > r->ngroups) return fn_err("No group %u", g);
            /* more digits while they still name a group, as Java reads them */
            while (i + 1 < n && p[i + 1] >= '0' && p[i + 1] <= '9' &&
                   g * 10 + (uint32_t)(p[i + 1] - '0') <= r->ngroups)
                g = g * 10 + (uint32_t)(p[++i] - '0');
        }
        if (ov[2 * g] != PCRE2_UNSET)
            sl_buf_append(b, s->u.s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
    }
    return NULL;
}

FN(regexp_replace)
{
    (void)n;
    rx_state *st = cx->state;
    rx *r;
    sl_error *err = rx_get(cx, &a[1], &r);
    if (err) return err;
    const sl_value *s = &a[0];
    sl_buf *b = &st->buf;
    sl_buf_reset(b);
    size_t from = 0, copied = 0;
    for (;;) {
        bool found;
        if ((err = rx_find(cx, r, s, &from, &found))) return err;
        if (!found) break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
        sl_buf_append(b, s->u.s + copied, ov[0] - copied);
        if ((err = append_replacement(b, r, s, &a[2]))) return err;
        copied = ov[1];
        if (b->len > FN_MAX_RESULT) return fn_err_too_big("REGEXP_REPLACE");
    }
    sl_buf_append(b, s->u.s + copied, s->len - copied);
    *out = fn_str_dup(cx, sl_buf_cstr(b), b->len);
    return NULL;
}

/* --- REGEXP_SPLIT_TO_ARRAY ----------------------------------------------------------------- */

/* Splits s at the matches of r. With java_split (a pattern that can match the
 * empty string), as String.split: no empty piece from a zero-width match at
 * the start, trailing empty pieces dropped. Otherwise as Guava's Splitter:
 * every piece kept. */
FN(regexp_split_to_array)
{
    (void)n;
    rx *r;
    sl_error *err = rx_get(cx, &a[1], &r);
    if (err) return err;
    const sl_value *s = &a[0];
    rx_state *st = cx->state;
    bool java_split = pcre2_match(r->code, (PCRE2_SPTR) "", 0, 0,
                                  PCRE2_ANCHORED | PCRE2_ENDANCHORED, r->md, st->mctx) >= 0;
    size_t from = 0, start = 0, count = 0, cap = 8;
    sl_value *items = sl_arena_alloc(cx->ar, cap * sizeof *items);
    sl_value copy = fn_str_dup(cx, s->u.s, s->len);
    for (;;) {
        bool found;
        if ((err = rx_find(cx, r, s, &from, &found))) return err;
        if (!found) break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
        if (java_split && ov[1] == 0) continue; /* zero-width match at the start */
        if (count + 1 >= cap) {
            sl_value *grown = sl_arena_alloc(cx->ar, 2 * cap * sizeof *items);
            memcpy(grown, items, count * sizeof *items);
            items = grown, cap *= 2;
        }
        items[count++] = sl_value_str(copy.u.s + start, (uint32_t)(ov[0] - start));
        start = ov[1];
    }
    items[count++] = sl_value_str(copy.u.s + start, (uint32_t)(s->len - start));
    if (java_split && count > 1)
        while (count > 0 && items[count - 1].len == 0)
            count--;
    sl_array *arr = sl_array_new(cx->ar, (uint32_t)count);
    memcpy(arr->v, items, count * sizeof *items);
    *out = sl_value_array(arr);
    return NULL;
}

/* --- the table ------------------------------------------------------------------------------ */

static const sl_fn_sig extract_sigs[] = {
    {.params = "STRING, STRING",
     .ret = "STRING",
     .impl = regexp_extract,
     .init = rx_init_first,
     .fini = rx_fini,
     .doc = "Returns first substring of the input that matches the regex pattern."},
    {.params = "STRING, STRING, INT",
     .ret = "STRING",
     .impl = regexp_extract,
     .init = rx_init_first,
     .fini = rx_fini,
     .doc = "Returns the given capturing group of the first match of the regex pattern in the "
            "input."},
};
static const sl_fn_sig extract_all_sigs[] = {
    {.params = "STRING, STRING",
     .ret = "ARRAY<STRING>",
     .impl = regexp_extract_all,
     .init = rx_init_first,
     .fini = rx_fini,
     .doc = "Returns all substrings of the input that match the regex pattern."},
    {.params = "STRING, STRING, INT",
     .ret = "ARRAY<STRING>",
     .impl = regexp_extract_all,
     .init = rx_init_first,
     .fini = rx_fini,
     .doc = "Returns the given capturing group of every match of the regex pattern in the input."},
};
static const sl_fn_sig replace_sigs[] = {
    {.params = "STRING, STRING, STRING",
     .ret = "STRING",
     .impl = regexp_replace,
     .init = rx_init_second,
     .fini = rx_fini,
     .doc = "Returns a new string with all matches of regexp in str replaced with newStr."},
};
static const sl_fn_sig split_sigs[] = {
    {.params = "STRING, STRING",
     .ret = "ARRAY<STRING>",
     .impl = regexp_split_to_array,
     .init = rx_init_second,
     .fini = rx_fini,
     .doc = "Splits a string into an array of substrings based on a regexp."},
};

const sl_fn_def sl_fn_defs_regex[] = {
    {"REGEXP_EXTRACT", SL_FN_SCALAR, FN_CAT_REGEX,
     "Extracts the first substring matched by a regex pattern.", FN_NSIGS(extract_sigs)},
    {"REGEXP_EXTRACT_ALL", SL_FN_SCALAR, FN_CAT_REGEX,
     "Extracts the all subtrings matched by a regex pattern.", FN_NSIGS(extract_all_sigs)},
    {"REGEXP_REPLACE", SL_FN_SCALAR, FN_CAT_REGEX,
     "Replaces all matches of a regexp in a string with a new substring.", FN_NSIGS(replace_sigs)},
    {"REGEXP_SPLIT_TO_ARRAY", SL_FN_SCALAR, FN_CAT_REGEX,
     "Splits a string into an array of substrings based on a regexp. If the regexp is found at "
     "the beginning of the string, end of the string, or there are contiguous matches in the "
     "string, then empty strings are added to the array. If the regexp is not found, then the "
     "original string is returned as the only element in the array. If the regexp is empty, "
     "then all characters in the string are split.",
     FN_NSIGS(split_sigs)},
};
const uint32_t sl_fn_ndefs_regex = FN_NDEFS(sl_fn_defs_regex);
