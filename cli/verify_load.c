/*
 * verify_load.c - input files of `sluice verify` -> typed records of a stream or table.
 *
 *   orders.jsonl  {"id": 1, "product": "apple", "ts": 1700000000000}   one object per line
 *   orders.csv    id,product,ts                                         header row, then rows
 *                 1,apple,1700000000000
 *
 * A file carries "fields": the source's key and value columns (header columns have no place
 * in a file and load as NULL), plus the --ts-column when the source has no such column.
 * JSON lines go through the JSON format's own decoder (exec/serde.h), so a file means what
 * the same record on a topic would (field names matched exactly, else upper-cased; "10"
 * read into an INT; unknown fields ignored). CSV fields are read as CAST reads text, except
 * that TIMESTAMP/DATE/TIME also take a plain number (ms, days, ms) and composite columns take
 * JSON text; an unquoted empty field is NULL.
 *
 * Each record gets an event time: the source's TIMESTAMP column (through STRINGTOTIMESTAMP
 * when it has a TIMESTAMP_FORMAT, as the engine reads it), else the --ts-column, else its
 * ordinal in the file. Every error names the file and line: "orders.csv:7: ...".
 */
#include "cli/cli.h"
#include "cli/verify.h"
#include "common/mem.h"
#include "exec/cast.h"
#include "exec/expr.h"
#include "exec/serde.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct loader {
    sl_verify_data *d;
    const char *path;
    uint32_t input;
    sl_field *fields; /* what a record of the file carries */
    int *to_col;      /* field -> source column; -1 for a --ts-column outside the source */
    uint32_t nfields;
    int ts_field;     /* the field giving the time; -1: the record's ordinal */
    int win_field;    /* windowed sources: WINDOWSTART, then WINDOWEND */
    sl_prog *ts_prog; /* STRINGTOTIMESTAMP(field, TIMESTAMP_FORMAT) */
    uint32_t ordinal;
    sl_arena *tmp; /* the file's text, plans, per-record scratch */
} loader;

void sl_verify_data_init(sl_verify_data *d, const sl_source *src)
{
    memset(d, 0, sizeof *d);
    d->src = src;
    d->ar = sl_arena_new(0);
}

void sl_verify_data_fini(sl_verify_data *d)
{
    sl_arena_free(d->ar);
    free(d->recs);
    memset(d, 0, sizeof *d);
}

static int field_named(const loader *l, const char *name)
{
    for (uint32_t i = 0; i < l->nfields; i++)
        if (strcmp(l->fields[i].name, name) == 0) return (int)i;
    for (uint32_t i = 0; i < l->nfields; i++)
        if (strcasecmp(l->fields[i].name, name) == 0) return (int)i;
    return -1;
}

/* STRINGTOTIMESTAMP(field, fmt) over a one-column row. */
static sl_error *compile_ts_format(loader *l, const char *fmt)
{
    sl_expr *args[2] = {sl_expr_col_new(l->tmp, 0, l->fields[l->ts_field].name, &sl_type_string),
                        sl_expr_lit_string(l->tmp, fmt, strlen(fmt))};
    sl_expr *call;
    sl_error *err = sl_expr_call_new(l->tmp, "STRINGTOTIMESTAMP", args, 2, &call);
    return err ? err : sl_expr_compile(l->tmp, call, &l->ts_prog);
}

static sl_error *plan_time(loader *l, const char *ts_col)
{
    const sl_source *src = l->d->src;
    if (src->ts_col && ts_col)
        return sl_error_new(SL_E_BAD_REQUEST,
                            "%s takes its time from its column %s (TIMESTAMP='%s'), not from "
                            "--ts-column %s",
                            src->name, src->ts_col, src->ts_col, ts_col);
    const char *name = src->ts_col ? src->ts_col : ts_col;
    if (!name) return NULL;
    l->ts_field = field_named(l, name);
    if (l->ts_field < 0) { /* a field of the file that the source does not have */
        l->ts_field = (int)l->nfields;
        l->fields[l->nfields] = (sl_field){sl_arena_strdup(l->tmp, name), &sl_type_string};
        l->to_col[l->nfields++] = -1;
    }
    sl_kind k = l->fields[l->ts_field].type->kind;
    if (k != SL_K_INT && k != SL_K_BIGINT && k != SL_K_TIMESTAMP && k != SL_K_STRING)
        return sl_error_new(SL_E_BAD_REQUEST,
                            "column %s of %s cannot give record times: it is %s, not BIGINT, "
                            "TIMESTAMP or STRING",
                            name, src->name, sl_kind_name(k));
    if (src->ts_col && src->ts_format && k == SL_K_STRING)
        return compile_ts_format(l, src->ts_format);
    return NULL;
}

static sl_error *plan_fields(loader *l, const char *ts_col)
{
    const sl_source *src = l->d->src;
    l->fields = SL_ARENA_ARRAY(l->tmp, sl_field, src->ncols + 3);
    l->to_col = SL_ARENA_ARRAY(l->tmp, int, src->ncols + 3);
    for (uint32_t i = 0; i < src->ncols; i++) {
        if (src->cols[i].role != SL_COLROLE_KEY && src->cols[i].role != SL_COLROLE_VALUE) continue;
        l->fields[l->nfields] = (sl_field){src->cols[i].name, src->cols[i].type};
        l->to_col[l->nfields++] = (int)i;
    }
    l->ts_field = l->win_field = -1;
    if (src->windowed) { /* the key's window comes with the record */
        l->win_field = (int)l->nfields;
        l->fields[l->nfields] = (sl_field){"WINDOWSTART", &sl_type_bigint};
        l->to_col[l->nfields++] = -1;
        l->fields[l->nfields] = (sl_field){"WINDOWEND", &sl_type_bigint};
        l->to_col[l->nfields++] = -1;
    }
    return plan_time(l, ts_col);
}

/* --- event time ------------------------------------------------------------------------- */

static bool all_digits(const char *s, size_t n)
{
    size_t i = n && s[0] == '-';
    if (i == n) return false;
    for (; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* Milliseconds from text: a number of ms, or an ISO-8601 timestamp. */
static sl_error *parse_ms(const char *s, size_t n, int64_t *ms)
{
    if (all_digits(s, n)) return sl_cast_parse_bigint(s, n, ms);
    return sl_cast_parse_timestamp(s, n, ms);
}

static sl_error *record_time(loader *l, sl_value *vals, int64_t *ts)
{
    if (l->ts_field < 0) {
        *ts = l->ordinal;
        return NULL;
    }
    const sl_field *f = &l->fields[l->ts_field];
    sl_value v = vals[l->ts_field];
    sl_error *err = NULL;
    if (!v.null && l->ts_prog) {
        sl_row row = {.col = &v, .offset = -1, .partition = -1};
        v = sl_prog_eval(l->ts_prog, &row, l->tmp, &err);
    }
    if (err) return sl_error_prefix(err, "time column %s: ", f->name);
    if (v.null) return sl_error_new(SL_E_BAD_REQUEST, "time column %s is null", f->name);
    if (f->type->kind == SL_K_STRING && !l->ts_prog)
        err = parse_ms(v.u.s, v.len, ts);
    else
        *ts = v.u.i;
    if (err) return sl_error_prefix(err, "time column %s: ", f->name);
    if (*ts < 0) return sl_error_new(SL_E_BAD_REQUEST, "time column %s is negative", f->name);
    return NULL;
}

/* The window of a windowed source's record: a time window's end follows from its start. */
static sl_error *record_window(const loader *l, const sl_value *vals, sl_verify_rec *rec)
{
    const sl_source *src = l->d->src;
    if (l->win_field < 0) return NULL;
    bool session = src->window.kind == SL_SERDE_WINDOW_SESSION;
    sl_value start = vals[l->win_field], end = vals[l->win_field + 1];
    if (start.null || (session && end.null))
        return sl_error_new(SL_E_BAD_REQUEST, "%s is windowed: a record needs its WINDOWSTART%s",
                            src->name, session ? " and WINDOWEND" : "");
    rec->wstart = start.u.i;
    rec->wend = session ? end.u.i : start.u.i + src->window.size_ms;
    return NULL;
}

/* Appends a record of the field values vals, which start on line. */
static sl_error *add_record(loader *l, sl_value *vals, uint32_t line)
{
    sl_verify_data *d = l->d;
    l->ordinal++;
    sl_verify_rec rec = {.input = l->input, .line = line};
    sl_error *err = record_time(l, vals, &rec.ts);
    if (!err) err = record_window(l, vals, &rec);
    if (err) return err;
    rec.cols = SL_ARENA_ARRAY(d->ar, sl_value, d->src->ncols + 1);
    for (uint32_t i = 0; i < d->src->ncols; i++)
        rec.cols[i] = sl_value_null();
    for (uint32_t i = 0; i < l->nfields; i++)
        if (l->to_col[i] >= 0) rec.cols[l->to_col[i]] = vals[i];
    SL_GROW(d->recs, d->cap, d->n + 1);
    d->recs[d->n++] = rec;
    return NULL;
}

/* --- JSON lines ------------------------------------------------------------------------- */

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return false;
    return true;
}

/* A record of nothing but NULLs: most likely a file meant for another source. */
static sl_error *no_field(const loader *l)
{
    sl_buf b = SL_BUF_INIT;
    for (uint32_t i = 0; i < l->nfields; i++)
        sl_buf_printf(&b, "%s%s", i ? ", " : "", l->fields[i].name);
    sl_error *err = sl_error_new(SL_E_BAD_REQUEST, "no field has a value for a column of %s (%s)",
                                 l->d->src->name, sl_buf_cstr(&b));
    sl_buf_free(&b);
    return err;
}

static sl_error *load_json_line(loader *l, const sl_serde *s, const char *p, size_t n,
                                uint32_t line)
{
    sl_value *vals = SL_ARENA_ARRAY(l->d->ar, sl_value, l->nfields + 1);
    bool is_null = false;
    sl_error *err = sl_serde_decode(s, p, n, l->d->ar, vals, &is_null);
    if (!err && is_null) err = sl_error_new(SL_E_BAD_REQUEST, "expected a JSON object, got null");
    bool any = false;
    for (uint32_t i = 0; !err && i < l->nfields; i++)
        any = any || !vals[i].null;
    if (!err && !any) err = no_field(l);
    return err ? err : add_record(l, vals, line);
}

static sl_error *load_json(loader *l, const char *text, size_t len)
{
    sl_serde_props props = SL_SERDE_PROPS_INIT;
    if (l->nfields == 1) props.wrap_single = 1; /* an object, even for one column */
    sl_serde *s;
    sl_error *err = sl_serde_new(SL_SERDE_JSON, l->fields, l->nfields, &props, NULL, &s);
    if (err) return sl_error_prefix(err, "%s: ", l->path);
    uint32_t line = 0;
    for (const char *p = text, *end = text + len; p < end && !err;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        line++;
        if (!blank(p, n)) err = load_json_line(l, s, p, n, line);
        if (err) err = sl_error_prefix(err, "%s:%u: ", l->path, line);
        p += n + 1;
    }
    sl_serde_free(s);
    return err;
}

/* --- CSV -------------------------------------------------------------------------------- */

typedef struct csv_col {
    int field;      /* the field this column of the file fills */
    sl_serde *json; /* composite columns: their JSON text's decoder */
} csv_col;

static sl_error *plan_csv_col(loader *l, const sl_verify_csv_field *h, csv_col *c, csv_col *prev,
                              uint32_t nprev)
{
    c->field = field_named(l, h->s);
    if (c->field < 0) {
        sl_buf b = SL_BUF_INIT;
        for (uint32_t i = 0; i < h->len && i < 64; i++) /* the file may not be CSV at all */
            if ((unsigned char)h->s[i] >= 0x20 && (unsigned char)h->s[i] < 0x7f)
                sl_buf_putc(&b, h->s[i]);
            else
                sl_buf_printf(&b, "\\x%02x", (unsigned char)h->s[i]);
        sl_error *err = sl_error_new(SL_E_BAD_REQUEST, "column '%s%s' is not a column of %s",
                                     sl_buf_cstr(&b), h->len > 64 ? "..." : "", l->d->src->name);
        sl_buf_free(&b);
        return err;
    }
    for (uint32_t i = 0; i < nprev; i++)
        if (prev[i].field == c->field)
            return sl_error_new(SL_E_BAD_REQUEST, "column '%s' appears twice", h->s);
    sl_kind k = l->fields[c->field].type->kind;
    if (k != SL_K_ARRAY && k != SL_K_MAP && k != SL_K_STRUCT) return NULL;
    sl_serde_props props = SL_SERDE_PROPS_INIT;
    props.wrap_single = 0; /* the bare JSON value */
    return sl_serde_new(SL_SERDE_JSON, &l->fields[c->field], 1, &props, NULL, &c->json);
}

static sl_error *csv_bool(const sl_verify_csv_field *f, sl_value *v)
{
    const char *s = f->s;
    if (!strcasecmp(s, "true") || !strcmp(s, "1"))
        *v = sl_value_bool(true);
    else if (!strcasecmp(s, "false") || !strcmp(s, "0"))
        *v = sl_value_bool(false);
    else
        return sl_error_new(SL_E_BAD_REQUEST, "'%s' is not a BOOLEAN (true, false, 1, 0)", s);
    return NULL;
}

/* One CSV field as a value of type t; payloads in ar. */
static sl_error *csv_value(sl_arena *ar, const sl_type *t, const csv_col *c,
                           const sl_verify_csv_field *f, sl_value *v)
{
    if (!f->quoted && f->len == 0) {
        *v = sl_value_null();
        return NULL;
    }
    if (sl_type_is_temporal(t) && all_digits(f->s, f->len)) { /* ms, days or ms */
        *v = sl_value_int(0);
        return sl_cast_parse_bigint(f->s, f->len, &v->u.i);
    }
    sl_value text = sl_value_str(f->s, f->len);
    switch (t->kind) {
    case SL_K_STRING:
        *v = sl_value_str(sl_arena_memdup(ar, f->s, f->len), f->len);
        return NULL;
    case SL_K_BOOLEAN:
        return csv_bool(f, v);
    case SL_K_ARRAY:
    case SL_K_MAP:
    case SL_K_STRUCT:
        return sl_serde_decode(c->json, f->s, f->len, ar, v, NULL);
    default:
        return sl_cast_value(ar, NULL, &sl_type_string, t, text, v);
    }
}

static sl_error *load_csv_record(loader *l, const csv_col *cols, uint32_t ncols,
                                 const sl_verify_csv_field *f, uint32_t n, uint32_t line)
{
    if (n != ncols)
        return sl_error_new(SL_E_BAD_REQUEST, "%u fields, but the header has %u", n, ncols);
    sl_value *vals = SL_ARENA_ARRAY(l->d->ar, sl_value, l->nfields + 1);
    for (uint32_t i = 0; i < l->nfields; i++)
        vals[i] = sl_value_null();
    for (uint32_t i = 0; i < ncols; i++) {
        const sl_field *fd = &l->fields[cols[i].field];
        sl_error *err = csv_value(l->d->ar, fd->type, &cols[i], &f[i], &vals[cols[i].field]);
        if (err) return sl_error_prefix(err, "column %s: ", fd->name);
    }
    return add_record(l, vals, line);
}

/* err (if any) prefixed with the file and the line it is about. */
static sl_error *at_line(const loader *l, sl_error *err, uint32_t line)
{
    return err ? sl_error_prefix(err, "%s:%u: ", l->path, line) : NULL;
}

static sl_error *load_csv_rows(loader *l, sl_verify_csv *c, const csv_col *cols, uint32_t ncols)
{
    sl_arena *scratch = sl_arena_new(0);
    sl_error *err = NULL;
    for (;;) {
        sl_verify_csv_field *f;
        uint32_t n, line = c->line;
        sl_arena_reset(scratch);
        if ((err = sl_verify_csv_next(c, scratch, &f, &n, &line))) {
            err = at_line(l, err, (uint32_t)err->line);
            break;
        }
        if (n == 0) break;
        if ((err = at_line(l, load_csv_record(l, cols, ncols, f, n, line), line))) break;
    }
    sl_arena_free(scratch);
    return err;
}

static sl_error *load_csv(loader *l, const char *text, size_t len)
{
    sl_verify_csv c;
    sl_verify_csv_init(&c, text, len);
    sl_verify_csv_field *h;
    uint32_t nh, line = 1;
    sl_error *err = sl_verify_csv_next(&c, l->tmp, &h, &nh, &line);
    if (err) return at_line(l, err, (uint32_t)err->line);
    if (nh == 0) return NULL; /* an empty file: no records */
    csv_col *cols = SL_ARENA_ARRAY(l->tmp, csv_col, nh + 1);
    uint32_t planned = 0;
    for (; !err && planned < nh; planned++)
        err = at_line(l, plan_csv_col(l, &h[planned], &cols[planned], cols, planned), line);
    if (!err) err = load_csv_rows(l, &c, cols, nh);
    for (uint32_t i = 0; i < planned; i++)
        sl_serde_free(cols[i].json);
    return err;
}

/* --- files ------------------------------------------------------------------------------ */

static bool is_csv(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && strcasecmp(path + n - 4, ".csv") == 0;
}

sl_error *sl_verify_load(sl_verify_data *d, const char *path, uint32_t input, const char *ts_col)
{
    loader l = {.d = d, .path = path, .input = input, .tmp = sl_arena_new(0)};
    char *text;
    size_t len;
    sl_error *err = plan_fields(&l, ts_col);
    if (!err) err = sl_cli_file_read(l.tmp, path, &text, &len);
    if (!err) err = is_csv(path) ? load_csv(&l, text, len) : load_json(&l, text, len);
    sl_prog_free(l.ts_prog);
    sl_arena_free(l.tmp);
    return err;
}

/* --- order ------------------------------------------------------------------------------ */

static int ref_cmp(const void *a, const void *b)
{
    const sl_verify_rec *x = ((const sl_verify_ref *)a)->rec, *y = ((const sl_verify_ref *)b)->rec;
    if (x->ts != y->ts) return x->ts < y->ts ? -1 : 1;
    if (x->input != y->input) return x->input < y->input ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

void sl_verify_order(const sl_verify_data *data, uint32_t n, sl_verify_ref **out, size_t *nout)
{
    size_t total = 0, k = 0;
    for (uint32_t i = 0; i < n; i++)
        total += data[i].n;
    sl_verify_ref *v = sl_malloc((total ? total : 1) * sizeof *v);
    for (uint32_t i = 0; i < n; i++)
        for (size_t r = 0; r < data[i].n; r++)
            v[k++] = (sl_verify_ref){&data[i], &data[i].recs[r]};
    qsort(v, total, sizeof *v, ref_cmp);
    *out = v;
    *nout = total;
}
