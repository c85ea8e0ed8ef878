/*
 * verify_main.c - `sluice verify`: the dual run, start to end (see verify.h for the model).
 *
 *   options -> pipeline on a fresh engine -> input files into records of its sources ->
 *   records in time order to the engine, and to SQLite -> result rows of both sides ->
 *   compare -> report -> exit 0 (mismatch rate within --max-mismatch-rate), 1 (beyond it),
 *   2 (bad usage or input: the message says which file and line)
 */
#include "cli/cli.h"
#include "cli/verify.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct job {
    const sl_verify_opts *o;
    sl_arena *ar;
    const char *batch_sql, *batch_where;
    sl_verify_stream *vs;
    sl_verify_pipeline pipe;
    const sl_source *res;
    sl_verify_data *data; /* one per source the pipeline reads, in declaration order */
    uint32_t ndata;
    sl_verify_ref *order;
    size_t norder;
    sl_vrows *srows, *brows;
} job;

static sl_error *no_source(const job *j, const char *name, const char *what)
{
    sl_buf b = SL_BUF_INIT;
    for (uint32_t i = 0; i < j->pipe.nsources; i++)
        sl_buf_printf(&b, "%s%s", i ? ", " : "", j->pipe.sources[i]);
    sl_error *err =
        sl_error_new(SL_E_BAD_REQUEST, "%s: the pipeline has no stream or table %s", what, name);
    err = sl_error_with_hint(err, "the pipeline reads: %s", b.len ? sl_buf_cstr(&b) : "nothing");
    sl_buf_free(&b);
    return err;
}

/* The records of the source named name, or NULL when the pipeline does not read it. */
static sl_verify_data *data_for(job *j, const char *name)
{
    const sl_source *src = sl_verify_stream_source(j->vs, name);
    for (uint32_t i = 0; src && i < j->ndata; i++)
        if (j->data[i].src == src) return &j->data[i];
    return NULL;
}

/* The --ts-column that applies to d: one naming its source, else one for every source
 * without a TIMESTAMP column. */
static sl_error *ts_col_for(job *j, const sl_verify_data *d, const char **col)
{
    *col = NULL;
    for (uint32_t i = 0; i < j->o->nts; i++) {
        const sl_verify_tscol *t = &j->o->ts_cols[i];
        if (!t->source && !d->src->ts_col && !*col) *col = t->col;
        if (!t->source) continue;
        if (!data_for(j, t->source)) return no_source(j, t->source, "--ts-column");
        if (data_for(j, t->source) == d) *col = t->col;
    }
    return NULL;
}

static sl_error *load_inputs(job *j)
{
    j->data = sl_calloc(j->pipe.nsources + 1, sizeof *j->data);
    for (uint32_t i = 0; i < j->pipe.nsources; i++) {
        const sl_source *src = sl_verify_stream_source(j->vs, j->pipe.sources[i]);
        bool seen = false; /* CREATE OR REPLACE declares a source again */
        for (uint32_t k = 0; k < j->ndata && !seen; k++)
            seen = j->data[k].src == src;
        if (src && !seen) sl_verify_data_init(&j->data[j->ndata++], src);
    }
    for (uint32_t i = 0; i < j->o->ninputs; i++) {
        const sl_verify_input *in = &j->o->inputs[i];
        sl_verify_data *d = data_for(j, in->source);
        const char *ts_col;
        if (!d && sl_verify_stream_source(j->vs, in->source))
            return sl_error_new(SL_E_BAD_REQUEST,
                                "--input: %s is computed by the pipeline; give records to the "
                                "streams and tables it reads",
                                in->source);
        if (!d) return no_source(j, in->source, "--input");
        sl_error *err = ts_col_for(j, d, &ts_col);
        if (!err) err = sl_verify_load(d, in->path, i, ts_col);
        if (err) return err;
    }
    sl_verify_order(j->data, j->ndata, &j->order, &j->norder);
    return NULL;
}

static sl_error *find_result(job *j)
{
    const char *name = j->o->result ? j->o->result : j->pipe.result;
    if (!name)
        return sl_error_with_hint(sl_error_new(SL_E_BAD_REQUEST,
                                               "%s: no CREATE TABLE AS or CREATE STREAM AS",
                                               j->o->pipeline),
                                  "name the result with --result");
    j->res = sl_verify_stream_source(j->vs, name);
    if (!j->res)
        return sl_error_new(SL_E_BAD_REQUEST, "--result: the pipeline has no stream or table %s",
                            name);
    return NULL;
}

static sl_error *read_batch(job *j)
{
    j->batch_sql = j->o->batch_sql;
    j->batch_where = "--batch";
    if (!j->o->batch_file) return NULL;
    char *text;
    size_t len;
    j->batch_where = j->o->batch_file;
    sl_error *err = sl_cli_file_read(j->ar, j->o->batch_file, &text, &len);
    j->batch_sql = text;
    return err;
}

/* Both sides, up to their result rows. */
static sl_error *run_sides(job *j)
{
    sl_error *err = read_batch(j);
    if (!err) err = sl_verify_stream_open(&j->vs);
    if (!err) err = sl_verify_stream_pipeline(j->vs, j->o->pipeline, &j->pipe);
    if (!err) err = find_result(j);
    if (!err) err = load_inputs(j);
    if (j->o->data_dir) { /* the streaming side already ran, in a server */
        if (!err) err = sl_verify_stream_result_in(j->vs, j->o->data_dir, j->res, &j->srows);
    } else {
        if (!err) err = sl_verify_stream_feed(j->vs, j->order, j->norder);
        if (!err) err = sl_verify_stream_result(j->vs, j->res, &j->srows);
    }
    if (!err)
        err = sl_verify_batch_run(j->data, j->ndata, j->order, j->norder, j->batch_sql,
                                  j->batch_where, &j->brows);
    return err;
}

/* --- comparing and reporting ------------------------------------------------------------ */

/* The key: --key, else the result's key columns (and window start). A stream without key
 * columns has rows, not keys: its exact columns (all but DOUBLE and DECIMAL, which may differ
 * by rounding) then pair rows up, and with none of those every shared column does. */
static void key_of(job *j, sl_verify_cmp_opts *co)
{
    const sl_source *res = j->res;
    co->keys = j->o->keys;
    co->nkeys = j->o->nkeys;
    if (co->keys) return;
    const char **keys = SL_ARENA_ARRAY(j->ar, const char *, res->ncols + 1);
    uint32_t n = 0;
    for (uint32_t i = 0; i < res->nkey; i++)
        keys[n++] = res->cols[i].name;
    if (res->windowed) keys[n++] = "WINDOWSTART";
    for (uint32_t i = 0; i < res->ncols && !res->nkey && !res->windowed; i++) {
        sl_kind k = res->cols[i].type->kind;
        if (res->cols[i].role == SL_COLROLE_VALUE && k != SL_K_DOUBLE && k != SL_K_DECIMAL)
            keys[n++] = res->cols[i].name;
    }
    co->keys = n ? keys : NULL;
    co->nkeys = n;
}

static sl_error *rename_window_col(job *j)
{
    if (!j->o->window_col) return NULL;
    int i = sl_verify_rows_col(j->brows, j->o->window_col);
    if (i < 0)
        return sl_error_new(SL_E_BAD_REQUEST, "--window-column: the batch result has no column %s",
                            j->o->window_col);
    j->brows->cols[i] = "WINDOWSTART";
    return NULL;
}

static sl_error *write_json(const char *path, json_t *report)
{
    FILE *f = fopen(path, "w");
    char *text = json_dumps(report, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
    bool ok = f && text && fputs(text, f) >= 0 && fputc('\n', f) != EOF;
    free(text);
    if (f && fclose(f) != 0) ok = false;
    return ok ? NULL : sl_error_new(SL_E_IO, "--json: cannot write %s", path);
}

/* Compares, reports; *status is 0 (pass) or 1 (fail). */
static sl_error *compare_and_report(job *j, int *status)
{
    sl_verify_cmp_opts co = {.tolerance = j->o->tolerance, .sample = j->o->sample};
    sl_verify_cmp c;
    key_of(j, &co);
    sl_error *err = rename_window_col(j);
    if (!err) err = sl_verify_compare(j->srows, j->brows, &co, &c);
    if (err) return err;
    sl_verify_info info = {j->res->name,    j->res->is_table, j->res->windowed,
                           j->o->tolerance, j->o->max_rate,   c.rate <= j->o->max_rate};
    sl_verify_report_text(stdout, &info, &c);
    if (!c.keys) fprintf(stderr, "sluice verify: warning: both results are empty\n");
    if (j->o->json_path) {
        json_t *report = sl_verify_report_json(&info, &c);
        err = write_json(j->o->json_path, report);
        json_decref(report);
    }
    *status = info.pass ? 0 : 1;
    sl_verify_cmp_fini(&c);
    return err;
}

static void job_fini(job *j)
{
    for (uint32_t i = 0; i < j->ndata; i++)
        sl_verify_data_fini(&j->data[i]);
    free(j->data);
    free(j->order);
    sl_verify_rows_free(j->srows);
    sl_verify_rows_free(j->brows);
    sl_verify_stream_close(j->vs);
}

static void print_error(const sl_error *err)
{
    fprintf(stderr, "sluice verify: %s\n", err->msg);
    if (err->detail) fprintf(stderr, "%s\n", err->detail);
    if (err->hint) fprintf(stderr, "hint: %s\n", err->hint);
}

int sl_cli_verify_run(int argc, char **argv)
{
    sl_verify_opts o;
    job j = {.o = &o, .ar = sl_arena_new(0)};
    int status = 2;
    sl_error *err = sl_verify_opts_parse(j.ar, argc, argv, &o);
    if (err) {
        print_error(err);
        fprintf(stderr, "usage: sluice verify %s\n", sl_verify_usage);
    } else if (o.help) {
        printf("usage: sluice verify %s\n", sl_verify_usage);
        status = 0;
    } else {
        err = run_sides(&j);
        if (!err) err = compare_and_report(&j, &status);
        if (err) print_error(err), status = 2;
    }
    sl_error_free(err);
    job_fini(&j);
    sl_arena_free(j.ar);
    fflush(stdout);
    return status;
}
