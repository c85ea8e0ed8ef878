/*
 * verify_batch.c - the batch side of `sluice verify`: what a nightly job would compute, by
 * SQLite, over the same records the engine got.
 *
 *   records (in the same order) --> in-memory SQLite, one table per source:
 *
 *     CREATE TABLE "ORDERS" ("ID" INTEGER, "PRODUCT" TEXT, "PRICE" REAL, ..., "ROWTIME" INTEGER)
 *
 *   --> the batch query's statements in order --> rows of the last one that has columns
 *
 * Column types follow verify_cell.c's one mapping (INT/BIGINT/BOOLEAN/TIMESTAMP/DATE/TIME ->
 * INTEGER, DOUBLE/DECIMAL -> REAL, the rest TEXT), and ROWTIME holds each record's event
 * time in ms so a batch query can bucket by it as a window would (a windowed source's table
 * also has its records' WINDOWSTART and WINDOWEND). A table source is a table
 * here too: its key columns are the PRIMARY KEY and a later record replaces an earlier one,
 * which leaves the table's final state, as the engine's view of it ends; records with a NULL
 * key are left out, as the engine drops them.
 */
#include "cli/verify.h"
#include "common/mem.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* The column type of the cells a sluice type becomes (verify_cell.c). */
static const char *sqlite_type(const sl_type *t)
{
    sl_vcell_kind k = sl_verify_cell_kind(t);
    return k == SL_VCELL_INT ? "INTEGER" : k == SL_VCELL_REAL ? "REAL" : "TEXT";
}

static void put_ident(sl_buf *b, const char *name)
{
    sl_buf_putc(b, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '"') sl_buf_putc(b, '"');
        sl_buf_putc(b, *p);
    }
    sl_buf_putc(b, '"');
}

static sl_error *sqlite_error(sqlite3 *db, const char *what)
{
    return sl_error_new(SL_E_INTERNAL, "SQLite: %s: %s", what, sqlite3_errmsg(db));
}

/* --- loading ---------------------------------------------------------------------------- */

static sl_error *create_table(sqlite3 *db, const sl_source *src)
{
    sl_buf b = SL_BUF_INIT;
    sl_buf_puts(&b, "CREATE TABLE ");
    put_ident(&b, src->name);
    sl_buf_puts(&b, " (");
    for (uint32_t i = 0; i < src->ncols; i++) {
        put_ident(&b, src->cols[i].name);
        sl_buf_printf(&b, " %s, ", sqlite_type(src->cols[i].type));
    }
    sl_buf_puts(&b, "\"ROWTIME\" INTEGER");
    if (src->windowed) sl_buf_puts(&b, ", \"WINDOWSTART\" INTEGER, \"WINDOWEND\" INTEGER");
    if (src->is_table && src->nkey) {
        sl_buf_puts(&b, ", PRIMARY KEY (");
        for (uint32_t i = 0; i < src->nkey; i++) {
            if (i) sl_buf_puts(&b, ", ");
            put_ident(&b, src->cols[i].name);
        }
        sl_buf_puts(&b, src->windowed ? ", \"WINDOWSTART\")" : ")");
    }
    sl_buf_putc(&b, ')');
    sl_error *err = NULL;
    if (sqlite3_exec(db, sl_buf_cstr(&b), NULL, NULL, NULL) != SQLITE_OK)
        err = sl_error_new(SL_E_BAD_REQUEST, "cannot make a SQLite table of %s: %s", src->name,
                           sqlite3_errmsg(db));
    sl_buf_free(&b);
    return err;
}

static sl_error *prepare_insert(sqlite3 *db, const sl_source *src, sqlite3_stmt **st)
{
    sl_buf b = SL_BUF_INIT;
    sl_buf_puts(&b, "INSERT OR REPLACE INTO ");
    put_ident(&b, src->name);
    sl_buf_puts(&b, " VALUES (");
    uint32_t n = src->ncols + 1 + (src->windowed ? 2 : 0); /* + ROWTIME [, window] */
    for (uint32_t i = 0; i < n; i++)
        sl_buf_puts(&b, i ? ", ?" : "?");
    sl_buf_putc(&b, ')');
    int rc = sqlite3_prepare_v2(db, sl_buf_cstr(&b), -1, st, NULL);
    sl_buf_free(&b);
    return rc == SQLITE_OK ? NULL : sqlite_error(db, "insert");
}

static void bind_cell(sqlite3_stmt *st, int i, const sl_vcell *c)
{
    switch (c->kind) {
    case SL_VCELL_INT:
        sqlite3_bind_int64(st, i, c->u.i);
        return;
    case SL_VCELL_REAL:
        sqlite3_bind_double(st, i, c->u.d);
        return;
    case SL_VCELL_TEXT:
        sqlite3_bind_text(st, i, c->u.s, (int)c->len, SQLITE_TRANSIENT);
        return;
    default:
        sqlite3_bind_null(st, i);
        return;
    }
}

static bool null_key(const sl_source *src, const sl_verify_rec *rec)
{
    for (uint32_t i = 0; i < src->nkey; i++)
        if (rec->cols[i].null) return true;
    return false;
}

static sl_error *insert(sqlite3 *db, sqlite3_stmt *st, const sl_source *src,
                        const sl_verify_rec *rec, sl_arena *scratch)
{
    if (src->is_table && null_key(src, rec)) return NULL;
    sqlite3_reset(st);
    for (uint32_t i = 0; i < src->ncols; i++) {
        sl_vcell c = sl_verify_cell_of(scratch, src->cols[i].type, rec->cols[i]);
        bind_cell(st, (int)i + 1, &c);
    }
    sqlite3_bind_int64(st, (int)src->ncols + 1, rec->ts);
    if (src->windowed) {
        sqlite3_bind_int64(st, (int)src->ncols + 2, rec->wstart);
        sqlite3_bind_int64(st, (int)src->ncols + 3, rec->wend);
    }
    return sqlite3_step(st) == SQLITE_DONE ? NULL : sqlite_error(db, "insert");
}

static sl_error *load(sqlite3 *db, const sl_verify_data *data, uint32_t n,
                      const sl_verify_ref *order, size_t norder)
{
    sqlite3_stmt **ins = sl_calloc(n + 1, sizeof *ins);
    sl_arena *scratch = sl_arena_new(0);
    sl_error *err = NULL;
    for (uint32_t i = 0; i < n && !err; i++) {
        err = create_table(db, data[i].src);
        if (!err) err = prepare_insert(db, data[i].src, &ins[i]);
    }
    if (!err && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        err = sqlite_error(db, "begin");
    for (size_t r = 0; r < norder && !err; r++) {
        size_t i = (size_t)(order[r].d - data);
        sl_arena_reset(scratch);
        err = insert(db, ins[i], data[i].src, order[r].rec, scratch);
    }
    if (!err && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        err = sqlite_error(db, "commit");
    for (uint32_t i = 0; i < n; i++)
        sqlite3_finalize(ins[i]);
    free(ins);
    sl_arena_free(scratch);
    return err;
}

/* --- the query -------------------------------------------------------------------------- */

/* SQLite's error about the statement starting at stmt, placed at line:col of the text. */
static sl_error *query_error(sqlite3 *db, const char *sql, const char *stmt, const char *where)
{
    int off = sqlite3_error_offset(db);
    const char *at = stmt;
    while (off < 0 && (*at == ' ' || *at == '\n' || *at == '\t' || *at == '\r'))
        at++;
    if (off >= 0) at = stmt + off;
    int line = 1, col = 1;
    for (const char *p = sql; p < at && *p; p++) {
        col = *p == '\n' ? 1 : col + 1;
        line += *p == '\n';
    }
    return sl_error_new(SL_E_BAD_REQUEST, "%s:%d:%d: %s", where, line, col, sqlite3_errmsg(db));
}

static sl_vcell column_cell(sqlite3_stmt *st, int i, sl_arena *ar)
{
    sl_vcell c = {.kind = SL_VCELL_NULL};
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER:
        c.kind = SL_VCELL_INT, c.u.i = sqlite3_column_int64(st, i);
        break;
    case SQLITE_FLOAT:
        c.kind = SL_VCELL_REAL, c.u.d = sqlite3_column_double(st, i);
        break;
    case SQLITE_TEXT:
    case SQLITE_BLOB: {
        const void *p = sqlite3_column_blob(st, i);
        c = sl_verify_cell_text(ar, p ? p : "", (size_t)sqlite3_column_bytes(st, i));
        break;
    }
    default:
        break;
    }
    return c;
}

/* Steps a prepared statement to its end; *rows gets its rows when it has columns. */
static int step_all(sqlite3_stmt *st, sl_vrows **rows)
{
    int ncols = sqlite3_column_count(st), rc;
    *rows = NULL;
    if (ncols > 0) {
        const char **names = sl_calloc((size_t)ncols, sizeof *names);
        for (int i = 0; i < ncols; i++)
            names[i] = sqlite3_column_name(st, i);
        *rows = sl_verify_rows_new(names, (uint32_t)ncols);
        free(names);
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        sl_vcell *row = sl_verify_rows_add(*rows);
        for (int i = 0; i < ncols; i++)
            row[i] = column_cell(st, i, (*rows)->ar);
    }
    return rc;
}

static sl_error *run_query(sqlite3 *db, const char *sql, const char *where, sl_vrows **out)
{
    sl_error *err = NULL;
    for (const char *p = sql; *p && !err;) {
        sqlite3_stmt *st;
        const char *tail;
        if (sqlite3_prepare_v2(db, p, -1, &st, &tail) != SQLITE_OK)
            return query_error(db, sql, p, where);
        if (!st) break; /* only spaces and comments were left */
        sl_vrows *rows;
        if (step_all(st, &rows) != SQLITE_DONE) err = query_error(db, sql, p, where);
        sqlite3_finalize(st);
        if (rows && !err) {
            sl_verify_rows_free(*out);
            *out = rows;
        } else {
            sl_verify_rows_free(rows);
        }
        p = tail;
    }
    if (!err && !*out)
        err = sl_error_new(SL_E_BAD_REQUEST, "%s: no statement returns rows (end it with a SELECT)",
                           where);
    return err;
}

sl_error *sl_verify_batch_run(const sl_verify_data *data, uint32_t n, const sl_verify_ref *order,
                              size_t norder, const char *sql, const char *where, sl_vrows **out)
{
    sqlite3 *db;
    *out = NULL;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
        sqlite3_close(db);
        return sl_error_new(SL_E_INTERNAL, "cannot open an in-memory SQLite database");
    }
    sl_error *err = load(db, data, n, order, norder);
    if (!err) err = run_query(db, sql, where, out);
    if (err) {
        sl_verify_rows_free(*out);
        *out = NULL;
    }
    sqlite3_close(db);
    return err;
}
