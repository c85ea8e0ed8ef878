/*
 * verify_report.c - what `sluice verify` found, for people (text on stdout) and for
 * programs (the same facts as JSON, with --json):
 *
 *   verify DAILY_REVENUE (windowed table) against the batch query: FAIL
 *     key                PRODUCT, WINDOWSTART
 *     rows               stream 11, batch 12
 *     keys               12
 *     matching           10
 *     mismatched         1
 *     ...
 *     column             mismatched  max abs diff  max rel diff
 *     REVENUE                     1           2.5           0.1
 *     differences (first 2):
 *       mismatched         PRODUCT='apple', WINDOWSTART=1700006400000
 *                          REVENUE: stream 10.5, batch 8
 *       missing in stream  PRODUCT='kiwi', WINDOWSTART=1700006400000
 *                          batch row: REVENUE=3
 */
#include "cli/verify.h"

#include <math.h>
#include <string.h>

static const char *kind_name(sl_vdiff_kind k)
{
    return k == SL_VDIFF_MISMATCH         ? "mismatched"
           : k == SL_VDIFF_MISSING_STREAM ? "missing in stream"
                                          : "missing in batch";
}

static const char *result_kind(const sl_verify_info *info)
{
    if (!info->is_table) return "stream";
    return info->windowed ? "windowed table" : "table";
}

static const sl_vcell *cell(const sl_verify_cmp *c, bool stream, size_t row, uint32_t k)
{
    const sl_vrows *r = stream ? c->s : c->b;
    return &r->cells[row * r->ncols + (uint32_t)(stream ? c->cols[k].scol : c->cols[k].bcol)];
}

/* Whether compared column k differs between the rows of a mismatch. */
static bool col_differs(const sl_verify_cmp *c, const sl_verify_info *info, const sl_vdiff *d,
                        uint32_t k)
{
    bool numeric;
    double abs, rel;
    return !sl_verify_cell_eq(cell(c, true, d->srow, k), cell(c, false, d->brow, k),
                              info->tolerance, &numeric, &abs, &rel);
}

/* --- text ------------------------------------------------------------------------------- */

/* "A=1, B='x'" over compared columns [from, to) of one side's row. */
static void print_cells(sl_buf *b, const sl_verify_cmp *c, bool stream, size_t row, uint32_t from,
                        uint32_t to)
{
    for (uint32_t k = from; k < to; k++) {
        if (k > from) sl_buf_puts(b, ", ");
        sl_buf_printf(b, "%s=", c->cols[k].name);
        sl_verify_cell_print(b, cell(c, stream, row, k));
    }
}

static void print_diff(sl_buf *b, const sl_verify_cmp *c, const sl_verify_info *info,
                       const sl_vdiff *d)
{
    bool stream = d->kind != SL_VDIFF_MISSING_STREAM;
    size_t row = stream ? d->srow : d->brow;
    sl_buf_printf(b, "    %-18s ", kind_name(d->kind));
    print_cells(b, c, stream, row, 0, c->nkeys);
    sl_buf_putc(b, '\n');
    if (d->kind != SL_VDIFF_MISMATCH) {
        if (c->ncols == c->nkeys) return;
        sl_buf_printf(b, "    %-18s %s row: ", "", stream ? "stream" : "batch");
        print_cells(b, c, stream, row, c->nkeys, c->ncols);
        sl_buf_putc(b, '\n');
        return;
    }
    for (uint32_t k = c->nkeys; k < c->ncols; k++) {
        if (!col_differs(c, info, d, k)) continue;
        sl_buf_printf(b, "    %-18s %s: stream ", "", c->cols[k].name);
        sl_verify_cell_print(b, cell(c, true, d->srow, k));
        sl_buf_puts(b, ", batch ");
        sl_verify_cell_print(b, cell(c, false, d->brow, k));
        sl_buf_putc(b, '\n');
    }
}

static void print_counts(sl_buf *b, const sl_verify_info *info, const sl_verify_cmp *c)
{
    sl_buf_puts(b, "  key                ");
    for (uint32_t k = 0; k < c->nkeys; k++)
        sl_buf_printf(b, "%s%s", k ? ", " : "", c->cols[k].name);
    sl_buf_printf(b, "\n  rows               stream %zu, batch %zu\n", c->stream_rows,
                  c->batch_rows);
    sl_buf_printf(b, "  keys               %zu\n", c->keys);
    sl_buf_printf(b, "  matching           %zu\n", c->matching);
    sl_buf_printf(b, "  mismatched         %zu\n", c->mismatched);
    sl_buf_printf(b, "  missing in stream  %zu\n", c->missing_stream);
    sl_buf_printf(b, "  missing in batch   %zu\n", c->missing_batch);
    sl_buf_printf(b, "  mismatch rate      %.2f%% (at most %.2f%% passes)\n", c->rate * 100,
                  info->max_rate * 100);
    sl_buf_printf(b, "  tolerance          %g relative (absolute below 1)\n", info->tolerance);
    if (c->dup_stream || c->dup_batch)
        sl_buf_printf(b, "  repeated keys      stream %zu rows, batch %zu rows\n", c->dup_stream,
                      c->dup_batch);
    if (!c->keys) sl_buf_puts(b, "  note               both results are empty\n");
}

static void print_columns(sl_buf *b, const sl_verify_cmp *c)
{
    if (c->ncols > c->nkeys)
        sl_buf_printf(b, "\n  %-20s %10s %14s %14s\n", "column", "mismatched", "max abs diff",
                      "max rel diff");
    for (uint32_t k = c->nkeys; k < c->ncols; k++) {
        const sl_vcolstat *st = &c->cols[k];
        sl_buf_printf(b, "  %-20s %10zu ", st->name, st->mismatched);
        if (st->numeric)
            sl_buf_printf(b, "%14.6g %14.6g\n", st->max_abs, st->max_rel);
        else
            sl_buf_printf(b, "%14s %14s\n", "-", "-");
    }
    for (uint32_t i = 0; i < c->nonly_stream; i++)
        sl_buf_printf(b, "%s%s (stream only)", i ? ", " : "\n  not compared: ", c->only_stream[i]);
    for (uint32_t i = 0; i < c->nonly_batch; i++)
        sl_buf_printf(b, "%s%s (batch only)",
                      i || c->nonly_stream ? ", " : "\n  not compared: ", c->only_batch[i]);
    if (c->nonly_stream || c->nonly_batch) sl_buf_putc(b, '\n');
}

void sl_verify_report_text(FILE *out, const sl_verify_info *info, const sl_verify_cmp *c)
{
    sl_buf b = SL_BUF_INIT;
    sl_buf_printf(&b, "verify %s (%s) against the batch query: %s\n", info->result,
                  result_kind(info), info->pass ? "PASS" : "FAIL");
    print_counts(&b, info, c);
    print_columns(&b, c);
    if (c->nsamples) sl_buf_printf(&b, "\n  differences (first %u):\n", c->nsamples);
    for (uint32_t i = 0; i < c->nsamples; i++)
        print_diff(&b, c, info, &c->samples[i]);
    fputs(sl_buf_cstr(&b), out);
    sl_buf_free(&b);
}

/* --- JSON ------------------------------------------------------------------------------- */

static json_t *row_json(const sl_verify_cmp *c, bool stream, size_t row, uint32_t from, uint32_t to)
{
    json_t *o = json_object();
    for (uint32_t k = from; k < to; k++)
        json_object_set_new(o, c->cols[k].name, sl_verify_cell_json(cell(c, stream, row, k)));
    return o;
}

static json_t *diff_json(const sl_verify_cmp *c, const sl_verify_info *info, const sl_vdiff *d)
{
    bool has_s = d->kind != SL_VDIFF_MISSING_STREAM, has_b = d->kind != SL_VDIFF_MISSING_BATCH;
    json_t *o = json_object();
    json_object_set_new(o, "kind", json_string(kind_name(d->kind)));
    json_object_set_new(o, "key", row_json(c, has_s, has_s ? d->srow : d->brow, 0, c->nkeys));
    json_object_set_new(o, "stream", has_s ? row_json(c, true, d->srow, 0, c->ncols) : json_null());
    json_object_set_new(o, "batch", has_b ? row_json(c, false, d->brow, 0, c->ncols) : json_null());
    if (d->kind == SL_VDIFF_MISMATCH) {
        json_t *cols = json_array();
        for (uint32_t k = c->nkeys; k < c->ncols; k++)
            if (col_differs(c, info, d, k))
                json_array_append_new(cols, json_string(c->cols[k].name));
        json_object_set_new(o, "columns", cols);
    }
    return o;
}

static json_t *columns_json(const sl_verify_cmp *c)
{
    json_t *a = json_array();
    for (uint32_t k = c->nkeys; k < c->ncols; k++) {
        const sl_vcolstat *st = &c->cols[k];
        json_t *o = json_pack("{s:s,s:I,s:b}", "name", st->name, "mismatched",
                              (json_int_t)st->mismatched, "numeric", st->numeric);
        if (st->numeric) {
            json_object_set_new(o, "max_abs_diff", json_real(st->max_abs));
            json_object_set_new(o, "max_rel_diff", json_real(st->max_rel));
        }
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *names_json(const char *const *names, uint32_t n)
{
    json_t *a = json_array();
    for (uint32_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(names[i]));
    return a;
}

json_t *sl_verify_report_json(const sl_verify_info *info, const sl_verify_cmp *c)
{
    json_t *key = json_array(), *sample = json_array();
    for (uint32_t k = 0; k < c->nkeys; k++)
        json_array_append_new(key, json_string(c->cols[k].name));
    for (uint32_t i = 0; i < c->nsamples; i++)
        json_array_append_new(sample, diff_json(c, info, &c->samples[i]));
    json_t *o =
        json_pack("{s:s,s:s,s:b,s:o,s:{s:I,s:I},s:I,s:I,s:I,s:I,s:I,s:{s:I,s:I},s:f,s:f,s:f}",
                  "result", info->result, "kind", result_kind(info), "pass", info->pass, "key", key,
                  "rows", "stream", (json_int_t)c->stream_rows, "batch", (json_int_t)c->batch_rows,
                  "keys", (json_int_t)c->keys, "matching", (json_int_t)c->matching, "mismatched",
                  (json_int_t)c->mismatched, "missing_in_stream", (json_int_t)c->missing_stream,
                  "missing_in_batch", (json_int_t)c->missing_batch, "repeated_keys", "stream",
                  (json_int_t)c->dup_stream, "batch", (json_int_t)c->dup_batch, "mismatch_rate",
                  c->rate, "max_mismatch_rate", info->max_rate, "tolerance", info->tolerance);
    json_object_set_new(o, "columns", columns_json(c));
    json_object_set_new(o, "not_compared",
                        json_pack("{s:o,s:o}", "stream",
                                  names_json(c->only_stream, c->nonly_stream), "batch",
                                  names_json(c->only_batch, c->nonly_batch)));
    json_object_set_new(o, "sample", sample);
    return o;
}
