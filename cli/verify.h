/*
 * verify.h - private to cli/: `sluice verify`, the dual run that shows a streaming pipeline
 * computes what a batch job computes over the same data.
 *
 *                 +--> engine (in-process, synchronous): pipeline.sql, records in order,
 *   input files --+    run until idle, final state of the result table ---------+
 *   (JSON lines,  |                                                              +--> compare
 *    CSV)         +--> SQLite (in memory): one table per source, the batch query-+    key by key
 *                                                                                     -> report
 *
 * The parts, one file each:
 *   verify_opts.c     the command line
 *   verify_csv.c      CSV records and fields (RFC 4180 quoting)
 *   verify_load.c     input files -> typed records of a source, with event times
 *   verify_stream.c   the streaming side: engine, pipeline, records in, result rows out
 *   verify_batch.c    the batch side: SQLite tables, the batch query, result rows out
 *   verify_cell.c     result rows: the cells both sides are reduced to, and their equality
 *   verify_compare.c  matching rows by key and counting what differs
 *   verify_report.c   the text and JSON reports
 *   verify_main.c     the command: the parts in order, and the exit status
 *
 * Both sides are reduced to rows of cells (NULL, integer, real, text) so one comparer serves
 * them: SQLite's own storage classes, and what the engine's SQL types map to (BOOLEAN and
 * temporal types as integers, DECIMAL as a real, BYTES as base64 text, ARRAY/MAP/STRUCT as
 * JSON text) — the same mapping the SQLite tables are loaded with.
 */
#ifndef SL_CLI_VERIFY_H
#define SL_CLI_VERIFY_H

#include "common/arena.h"
#include "common/buf.h"
#include "common/error.h"
#include "exec/value.h"
#include "planner/catalog.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* --- options (verify_opts.c) ------------------------------------------------------------ */

typedef struct sl_verify_input {
    const char *source; /* as given: a stream or table of the pipeline */
    const char *path;
} sl_verify_input;

typedef struct sl_verify_tscol {
    const char *source; /* NULL: every input whose source has no TIMESTAMP column */
    const char *col;
} sl_verify_tscol;

typedef struct sl_verify_opts {
    const char *pipeline;
    sl_verify_input *inputs;
    uint32_t ninputs;
    const char *batch_sql;  /* --batch */
    const char *batch_file; /* --batch-file */
    const char *result;     /* NULL: the pipeline's last CREATE TABLE AS */
    const char **keys;      /* --key; NULL: the result's key columns */
    uint32_t nkeys;
    const char *window_col; /* the batch column holding window starts; NULL: WINDOWSTART */
    sl_verify_tscol *ts_cols;
    uint32_t nts;
    double tolerance; /* relative (absolute below 1) */
    double max_rate;  /* pass when (mismatched + missing) / keys is at most this */
    const char *json_path;
    uint32_t sample;
    const char *data_dir; /* --data-dir: the result as a stopped sluiced left it, not run here */
    bool help;
} sl_verify_opts;

/* Parses the arguments after `verify` into o; strings borrow argv, arrays live in ar.
 * Errors: SL_E_BAD_REQUEST saying which option is wrong or missing. */
sl_error *sl_verify_opts_parse(sl_arena *ar, int argc, char **argv, sl_verify_opts *o);

/* --- CSV (verify_csv.c) ----------------------------------------------------------------- */

typedef struct sl_verify_csv_field {
    const char *s; /* unquoted text, NUL-terminated */
    uint32_t len;
    bool quoted; /* written "..." (so an empty field is '' rather than NULL) */
} sl_verify_csv_field;

typedef struct sl_verify_csv {
    const char *p, *end; /* what is left of the text */
    uint32_t line;       /* line number at p (1-based) */
} sl_verify_csv;

/* Starts reading text[0..len). */
void sl_verify_csv_init(sl_verify_csv *c, const char *text, size_t len);
/* Reads the next record (blank lines are skipped): *n fields allocated in ar, *line where the
 * record starts; *n == 0 at the end. A quoted field may span lines; "" is a quote inside one.
 * Errors: SL_E_BAD_REQUEST, with err->line set, for a quote never closed or text after a
 * closing quote. */
sl_error *sl_verify_csv_next(sl_verify_csv *c, sl_arena *ar, sl_verify_csv_field **fields,
                             uint32_t *n, uint32_t *line);

/* --- input records (verify_load.c) ------------------------------------------------------ */

typedef struct sl_verify_rec {
    int64_t ts;           /* event time, ms: the record's timestamp on the topic and its ROWTIME */
    int64_t wstart, wend; /* the window of a windowed source's record */
    uint32_t input;       /* which --input it came from (ties in time keep this order) */
    uint32_t line;        /* where it starts in its file */
    sl_value *cols;       /* one per column of the source (header columns NULL) */
} sl_verify_rec;

/* The records of one source, from one or more files. */
typedef struct sl_verify_data {
    const sl_source *src; /* borrowed */
    sl_arena *ar;         /* the records' values */
    sl_verify_rec *recs;  /* malloc'd */
    size_t n, cap;
} sl_verify_data;

void sl_verify_data_init(sl_verify_data *d, const sl_source *src);
void sl_verify_data_fini(sl_verify_data *d);

/*
 * Appends the records of the file at path (input number input) to d. A .csv file is CSV with
 * a header row naming columns; anything else is JSON lines, one object per line, fields
 * matched to columns as the JSON format does (exact name, else upper-cased). Columns the file
 * lacks are NULL; a windowed source's records also carry WINDOWSTART (and WINDOWEND for
 * session windows) in ms. A record's time is, in order of preference: the source's TIMESTAMP column
 * (parsed with its TIMESTAMP_FORMAT), the column ts_col of the file (ms, or an ISO-8601
 * timestamp), else its ordinal in the file (1, 2, ...). Errors: SL_E_IO for an unreadable
 * file, SL_E_BAD_REQUEST "path:line: ..." for a record that does not load.
 */
sl_error *sl_verify_load(sl_verify_data *d, const char *path, uint32_t input, const char *ts_col);

/* A record and its source, in the order both sides receive records. */
typedef struct sl_verify_ref {
    const sl_verify_data *d;
    const sl_verify_rec *rec;
} sl_verify_ref;

/* Every record of data[0..n) by time, ties by input then line; *out is malloc'd. */
void sl_verify_order(const sl_verify_data *data, uint32_t n, sl_verify_ref **out, size_t *nout);

/* --- rows to compare (verify_cell.c) ---------------------------------------------------- */

typedef enum sl_vcell_kind {
    SL_VCELL_NULL,
    SL_VCELL_INT,
    SL_VCELL_REAL,
    SL_VCELL_TEXT,
} sl_vcell_kind;

typedef struct sl_vcell {
    sl_vcell_kind kind;
    uint32_t len; /* TEXT */
    union {
        int64_t i;
        double d;
        const char *s; /* TEXT: len bytes, in the rows' arena */
    } u;
} sl_vcell;

/* A result: named columns and rows of cells (row r is cells[r * ncols ...]). */
typedef struct sl_vrows {
    sl_arena *ar; /* names and text */
    const char **cols;
    uint32_t ncols;
    sl_vcell *cells; /* malloc'd */
    size_t n, cap;
} sl_vrows;

/* New rows with the given column names (copied). */
sl_vrows *sl_verify_rows_new(const char *const *names, uint32_t ncols);
void sl_verify_rows_free(sl_vrows *r);
/* Appends a row of NULL cells and returns it, valid until the next add. */
sl_vcell *sl_verify_rows_add(sl_vrows *r);
/* Index of the column named name (ignoring case), or -1. */
int sl_verify_rows_col(const sl_vrows *r, const char *name);

/* The kind of cell a value of type t becomes (see the top of this file); NULLs aside. */
sl_vcell_kind sl_verify_cell_kind(const sl_type *t);
/* The cell of a value of type t; text copied into ar. */
sl_vcell sl_verify_cell_of(sl_arena *ar, const sl_type *t, sl_value v);
/* Text cell copied into ar. */
sl_vcell sl_verify_cell_text(sl_arena *ar, const char *s, size_t n);
/*
 * Whether a and b hold the same value. NULL equals NULL, and a real NaN equals NULL (SQLite
 * stores NaN as NULL) and NaN. Two integers must be equal; other numbers may differ by
 * tol * max(1, |a|, |b|). Text that reads as a number compares as that number against a
 * number; two JSON texts compare as JSON. *numeric is set when both are numbers (then *abs
 * and *rel hold their difference; rel is 0 when both are 0).
 */
bool sl_verify_cell_eq(const sl_vcell *a, const sl_vcell *b, double tol, bool *numeric, double *abs,
                       double *rel);
/* Appends the cell as the report shows it: NULL, 42, 1.5, 'text'. */
void sl_verify_cell_print(sl_buf *out, const sl_vcell *c);
/* The cell as a JSON value (new reference). */
json_t *sl_verify_cell_json(const sl_vcell *c);

/* --- the streaming side (verify_stream.c) ----------------------------------------------- */

typedef struct sl_verify_stream sl_verify_stream;

/* A fresh engine (temp data dir, synchronous). */
sl_error *sl_verify_stream_open(sl_verify_stream **out);
/* Stops the engine and removes its data dir. NULL is a no-op. */
void sl_verify_stream_close(sl_verify_stream *vs);
/* What a pipeline declares: its result by default (its last CREATE TABLE AS, else its last
 * CREATE STREAM AS, else NULL) and the streams and tables it reads from topics (CREATE
 * STREAM/TABLE without AS), in order. Names are canonical; arrays live as long as vs. */
typedef struct sl_verify_pipeline {
    const char *result;
    const char **sources;
    uint32_t nsources;
} sl_verify_pipeline;

/* Runs the statements of the pipeline file in order (creating the topics its streams and
 * tables name first) and says what it declared. Errors: "path:line:col: ..." for the first
 * statement that fails, with the engine's code (SL_E_UNSUPPORTED for what the engine cannot
 * run yet). */
sl_error *sl_verify_stream_pipeline(sl_verify_stream *vs, const char *path,
                                    sl_verify_pipeline *out);
/* The stream or table of the pipeline named name (as written, else upper-cased), or NULL.
 * Valid until the stream side is closed. */
const sl_source *sl_verify_stream_source(sl_verify_stream *vs, const char *name);
/* Produces the records, in order, to their sources' topics and runs the queries until idle
 * whenever the source changes and at the end. */
sl_error *sl_verify_stream_feed(sl_verify_stream *vs, const sl_verify_ref *order, size_t n);
/* The result: a table's final state (latest value per key, tombstones removing keys; a
 * windowed key gives WINDOWSTART and WINDOWEND columns after the key columns), or every row of
 * a stream. Columns: key columns, [WINDOWSTART, WINDOWEND], value columns. */
sl_error *sl_verify_stream_result(sl_verify_stream *vs, const sl_source *res, sl_vrows **out);
/* The same read from the embedded log in data_dir (a stopped sluiced's --data-dir), decoded
 * with res's formats from this pipeline. */
sl_error *sl_verify_stream_result_in(sl_verify_stream *vs, const char *data_dir,
                                     const sl_source *res, sl_vrows **out);

/* --- the batch side (verify_batch.c) ---------------------------------------------------- */

/* Loads the records (in order) into an in-memory SQLite database, one table per source of
 * data[0..n) (a table source keeps the last record per key, as the stream side does), runs the
 * statements of sql (from where: "--batch" or a file name, for messages) and returns the rows
 * of the last one that returns columns. Errors: SL_E_BAD_REQUEST "where:line:col: ..." with
 * SQLite's message. */
sl_error *sl_verify_batch_run(const sl_verify_data *data, uint32_t n, const sl_verify_ref *order,
                              size_t norder, const char *sql, const char *where, sl_vrows **out);

/* --- comparing (verify_compare.c) ------------------------------------------------------- */

typedef enum sl_vdiff_kind {
    SL_VDIFF_MISMATCH,       /* the key is on both sides, some column differs */
    SL_VDIFF_MISSING_STREAM, /* only the batch side has the key */
    SL_VDIFF_MISSING_BATCH,  /* only the stream side has the key */
} sl_vdiff_kind;

typedef struct sl_vdiff {
    sl_vdiff_kind kind;
    size_t srow, brow; /* SIZE_MAX on the side that lacks the key */
} sl_vdiff;

/* One column both sides have. */
typedef struct sl_vcolstat {
    const char *name; /* the stream side's */
    int scol, bcol;
    bool key;
    size_t mismatched; /* rows where this column differs */
    bool numeric;      /* some pair of values were both numbers */
    double max_abs, max_rel;
} sl_vcolstat;

typedef struct sl_verify_cmp_opts {
    const char *const *keys; /* key column names; NULL: every column both sides have */
    uint32_t nkeys;
    double tolerance;
    uint32_t sample; /* how many differences to keep */
} sl_verify_cmp_opts;

typedef struct sl_verify_cmp {
    const sl_vrows *s, *b; /* borrowed: the stream and batch rows */
    size_t stream_rows, batch_rows;
    size_t keys; /* distinct keys over both sides (a repeated key counts per repeat) */
    size_t matching, mismatched, missing_stream, missing_batch;
    size_t dup_stream, dup_batch; /* rows whose key an earlier row of that side has */
    double rate;                  /* (mismatched + missing) / keys; 0 when there are none */
    sl_vcolstat *cols;            /* the columns compared, keys first (malloc'd) */
    uint32_t ncols, nkeys;
    const char **only_stream, **only_batch; /* columns not compared (malloc'd, borrowed names) */
    uint32_t nonly_stream, nonly_batch;
    sl_vdiff *samples; /* the first differences in key order (malloc'd) */
    uint32_t nsamples;
} sl_verify_cmp;

/* Compares s and b (borrowed until sl_verify_cmp_fini). Rows pair up by key; rows repeating
 * a key pair up in order of their values. Errors: SL_E_BAD_REQUEST when a key column is
 * missing on a side (out then holds nothing to free). */
sl_error *sl_verify_compare(const sl_vrows *s, const sl_vrows *b, const sl_verify_cmp_opts *o,
                            sl_verify_cmp *out);
void sl_verify_cmp_fini(sl_verify_cmp *c);

/* --- reports (verify_report.c) ---------------------------------------------------------- */

typedef struct sl_verify_info {
    const char *result; /* the result's name */
    bool is_table, windowed;
    double tolerance, max_rate;
    bool pass;
} sl_verify_info;

void sl_verify_report_text(FILE *out, const sl_verify_info *info, const sl_verify_cmp *c);
/* The same as JSON (new reference). */
json_t *sl_verify_report_json(const sl_verify_info *info, const sl_verify_cmp *c);

#endif
