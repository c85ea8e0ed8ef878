/*
 * values.c - INSERT INTO x [(columns)] VALUES (...): constant expressions
 * evaluated, coerced to the columns' types, and encoded into one record of x's
 * topic with x's key and value formats. ROWTIME may be given as a column;
 * otherwise the record's timestamp is the time of the insert.
 */
#include "common/mem.h"
#include "planner/planner_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static sl_error *unknown_target(sl_planctx *pc, const sl_ast_ident *id)
{
    uint32_t n;
    const sl_source *const *all = sl_catalog_sources(pc->cat, &n);
    for (uint32_t i = 0; i < n; i++) {
        if (strcasecmp(all[i]->name, id->text) != 0) continue;
        bool upper = strcmp(all[i]->name, id->text) != 0 && id->quoted;
        return sl_error_new(SL_E_STATEMENT,
                            "Cannot insert values into an unknown stream/table: `%s`\nDid you mean "
                            "%s%s%s? Hint: %s",
                            id->text, upper ? "" : "\"", all[i]->name, upper ? "" : "\"",
                            upper ? "try removing double quotes from the source name."
                                  : "wrap the source name in double quotes to make it "
                                    "case-sensitive.");
    }
    return sl_error_new(SL_E_STATEMENT, "Cannot insert values into an unknown stream/table: `%s`",
                        id->text);
}

/* ksqlDB's value coercion: numbers only widen (INT -> BIGINT -> DECIMAL -> DOUBLE), an exact
 * number becomes a DECIMAL when its value fits, a string becomes a time when it parses;
 * nothing narrows. */
static bool can_insert(const sl_type *from, const sl_type *to)
{
    if (sl_type_can_coerce(from, to)) return true;
    sl_kind f = from->kind, k = to->kind;
    if (k == SL_K_DECIMAL) return f == SL_K_INT || f == SL_K_BIGINT || f == SL_K_DECIMAL;
    if (f == SL_K_STRING) return k == SL_K_TIMESTAMP || k == SL_K_DATE || k == SL_K_TIME;
    return false;
}

/* Evaluates a constant expression, coerced to type t. */
static sl_error *const_value(sl_planctx *pc, const sl_ast_expr *ast, const sl_type *t,
                             const char *col, sl_value *out)
{
    sl_expr *e;
    sl_error *err = sl_bind_const(pc, ast, &e);
    if (err) return err;
    if (!sl_type_eq(e->type, t)) {
        if (!can_insert(e->type, t)) {
            sl_buf a = SL_BUF_INIT, b = SL_BUF_INIT;
            sl_type_print(&a, t);
            sl_expr_print(&b, e);
            err = sl_error_new(SL_E_STATEMENT, "Expected type %s for field %s but got %s",
                               sl_buf_cstr(&a), col, sl_buf_cstr(&b));
            sl_buf_free(&a);
            sl_buf_free(&b);
            return err;
        }
        err = sl_expr_cast_new(pc->ar, e, t, &e);
        if (err) return err;
    }
    sl_prog *prog;
    err = sl_expr_compile(pc->ar, e, &prog);
    if (err) return err;
    sl_row row = {0};
    sl_error *eval_err = NULL;
    *out = sl_prog_eval(prog, &row, pc->ar, &eval_err);
    sl_prog_free(prog);
    return eval_err;
}

static int find_col(const sl_source *t, const char *name)
{
    int i = sl_source_col(t, name);
    return i;
}

/* Fills vals[] (one per column of t), the record time and the window bounds from the
 * statement. */
static sl_error *collect_values(sl_planctx *pc, const sl_ast_stmt *st, const sl_source *t,
                                sl_value *vals, sl_insert_rec *rec)
{
    int64_t *ts = &rec->ts;
    const sl_ast_ident_list *cols = &st->values.columns;
    const sl_ast_expr_list *exprs = &st->values.values;
    uint32_t ncols = cols->n ? cols->n : t->ncols;
    if (!cols->n)
        for (uint32_t i = 0; i < t->ncols; i++)
            if (t->cols[i].role == SL_COLROLE_HEADER || t->cols[i].role == SL_COLROLE_HEADERS) ncols--;
    if (ncols != exprs->n)
        return sl_error_new(SL_E_STATEMENT, "Expected number columns and values to match: %u, %u",
                            ncols, exprs->n);
    for (uint32_t i = 0; i < t->ncols; i++) vals[i] = sl_value_null();
    for (uint32_t i = 0, k = 0; i < exprs->n; i++, k++) {
        const char *name;
        if (cols->n) name = cols->v[i].text;
        else {
            while (t->cols[k].role == SL_COLROLE_HEADER || t->cols[k].role == SL_COLROLE_HEADERS) k++;
            name = t->cols[k].name;
        }
        bool wb = t->windowed && (strcmp(name, "WINDOWSTART") == 0 || strcmp(name, "WINDOWEND") == 0);
        if (strcmp(name, "ROWTIME") == 0 || wb) {
            sl_value v;
            sl_error *err = const_value(pc, exprs->v[i], &sl_type_bigint, name, &v);
            if (err) return err;
            int64_t *dst = !wb ? ts : strcmp(name, "WINDOWSTART") == 0 ? &rec->wstart : &rec->wend;
            if (!v.null) *dst = v.u.i;
            continue;
        }
        int c = find_col(t, name);
        if (c < 0) return sl_error_new(SL_E_STATEMENT, "Column name `%s` does not exist.", name);
        if (t->cols[c].role == SL_COLROLE_HEADER || t->cols[c].role == SL_COLROLE_HEADERS)
            return sl_error_new(SL_E_STATEMENT, "Cannot insert into HEADER columns: %s", name);
        sl_error *err = const_value(pc, exprs->v[i], t->cols[c].type, name, &vals[c]);
        if (err) return err;
    }
    return NULL;
}

static sl_error *encode(const sl_source *t, const sl_value *vals, sl_insert_rec *out)
{
    sl_serde *ks, *vs;
    sl_error *err = sl_plan_source_serdes(t, NULL, &ks, &vs);
    if (err) return err;
    sl_value *keys = sl_calloc(t->ncols + 1, sizeof *keys), *values = sl_calloc(t->ncols + 1, sizeof *values);
    uint32_t nk = 0, nv = 0;
    for (uint32_t i = 0; i < t->ncols; i++) {
        if (t->cols[i].role == SL_COLROLE_KEY) keys[nk++] = vals[i];
        else if (t->cols[i].role == SL_COLROLE_VALUE) values[nv++] = vals[i];
    }
    out->key_null = true;
    if (nk && t->windowed) {
        out->key_null = false;
        err = sl_serde_window_encode(ks, &t->window, keys, out->wstart, out->wend, &out->key);
    } else if (nk) {
        err = sl_serde_encode(ks, keys, &out->key, &out->key_null);
    }
    if (!err) err = sl_serde_encode(vs, values, &out->value, &out->value_null);
    free(keys);
    free(values);
    sl_serde_free(ks);
    sl_serde_free(vs);
    return err;
}

sl_error *sl_plan_insert_values(sl_planctx *pc, const sl_ast_stmt *st, int64_t now_ms,
                                sl_insert_rec *out)
{
    memset(out, 0, sizeof *out);
    const sl_source *t = sl_catalog_source(pc->cat, st->values.target.text);
    if (!t) return unknown_target(pc, &st->values.target);
    if (t->is_source && st->kind == SL_STMT_INSERT_VALUES)
        return sl_error_new(SL_E_STATEMENT, "Cannot insert values into read-only %s: %s",
                            t->is_table ? "table" : "stream", t->name);
    sl_value *vals = SL_ARENA_ARRAY(pc->ar, sl_value, t->ncols + 1);
    out->ts = now_ms;
    sl_error *err = collect_values(pc, st, t, vals, out);
    if (err) return err;
    for (uint32_t i = 0; t->is_table && i < t->nkey; i++)
        if (vals[i].null)
            return sl_error_new(SL_E_STATEMENT,
                                "Failed to insert values into '%s'. Value for primary key column(s) "
                                "%s is required for tables",
                                t->name, t->cols[i].name);
    out->topic = t->topic;
    err = encode(t, vals, out);
    if (err) {
        sl_buf_free(&out->key);
        sl_buf_free(&out->value);
    }
    return err;
}
