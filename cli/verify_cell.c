/*
 * verify_cell.c - the rows `sluice verify` compares, and when two cells are equal.
 *
 * A cell is what SQLite can hold (NULL, integer, real, text), so a result of either side
 * fits. The engine's values are reduced the way the SQLite tables are loaded:
 *
 *   BOOLEAN -> 0/1     INT, BIGINT -> integer     DOUBLE -> real     DECIMAL -> real
 *   TIMESTAMP, TIME -> integer ms     DATE -> integer days     STRING -> text
 *   BYTES -> base64 text     ARRAY, MAP, STRUCT -> JSON text
 *
 * Equality is made for comparing a streaming result with a batch one: integers exactly
 * (a count off by one is a bug, however large the count), other numbers within a tolerance
 * (sums of doubles depend on the order they are added in), NaN like NULL (SQLite cannot
 * store a NaN: it stores NULL), numeric text as its number, JSON text as JSON.
 */
#include "cli/verify.h"
#include "common/mem.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

sl_vrows *sl_verify_rows_new(const char *const *names, uint32_t ncols)
{
    sl_vrows *r = sl_calloc(1, sizeof *r);
    r->ar = sl_arena_new(0);
    r->cols = SL_ARENA_ARRAY(r->ar, const char *, ncols + 1);
    for (uint32_t i = 0; i < ncols; i++)
        r->cols[i] = sl_arena_strdup(r->ar, names[i]);
    r->ncols = ncols;
    return r;
}

void sl_verify_rows_free(sl_vrows *r)
{
    if (!r) return;
    sl_arena_free(r->ar);
    free(r->cells);
    free(r);
}

sl_vcell *sl_verify_rows_add(sl_vrows *r)
{
    size_t need = (r->n + 1) * r->ncols + 1;
    SL_GROW(r->cells, r->cap, need);
    sl_vcell *row = &r->cells[r->n++ * r->ncols];
    memset(row, 0, r->ncols * sizeof *row); /* SL_VCELL_NULL */
    return row;
}

int sl_verify_rows_col(const sl_vrows *r, const char *name)
{
    for (uint32_t i = 0; i < r->ncols; i++)
        if (strcasecmp(r->cols[i], name) == 0) return (int)i;
    return -1;
}

sl_vcell sl_verify_cell_text(sl_arena *ar, const char *s, size_t n)
{
    sl_vcell c = {.kind = SL_VCELL_TEXT, .len = (uint32_t)n};
    c.u.s = sl_arena_memdup(ar, s, n);
    return c;
}

static sl_vcell int_cell(int64_t i)
{
    sl_vcell c = {.kind = SL_VCELL_INT};
    c.u.i = i;
    return c;
}

static sl_vcell real_cell(double d)
{
    sl_vcell c = {.kind = SL_VCELL_REAL};
    c.u.d = d;
    return c;
}

/* Text of a value through the engine's JSON rendering (quotes stripped for BYTES' base64). */
static sl_vcell json_cell(sl_arena *ar, const sl_type *t, sl_value v, bool strip)
{
    sl_buf b = SL_BUF_INIT;
    sl_value_print_json(&b, t, v);
    const char *s = sl_buf_cstr(&b);
    size_t n = b.len;
    if (strip && n >= 2) s++, n -= 2;
    sl_vcell c = sl_verify_cell_text(ar, s, n);
    sl_buf_free(&b);
    return c;
}

sl_vcell_kind sl_verify_cell_kind(const sl_type *t)
{
    switch (t->kind) {
    case SL_K_BOOLEAN:
    case SL_K_INT:
    case SL_K_BIGINT:
    case SL_K_TIMESTAMP:
    case SL_K_DATE:
    case SL_K_TIME:
        return SL_VCELL_INT;
    case SL_K_DOUBLE:
    case SL_K_DECIMAL:
        return SL_VCELL_REAL;
    default:
        return SL_VCELL_TEXT;
    }
}

/* A decimal through its digits: the closest double, not a rounded one. */
static double decimal_double(const sl_type *t, sl_value v)
{
    sl_buf b = SL_BUF_INIT;
    sl_decimal_print(&b, *v.u.dec, t->scale);
    double d = strtod(sl_buf_cstr(&b), NULL);
    sl_buf_free(&b);
    return d;
}

sl_vcell sl_verify_cell_of(sl_arena *ar, const sl_type *t, sl_value v)
{
    if (v.null) return (sl_vcell){.kind = SL_VCELL_NULL};
    switch (sl_verify_cell_kind(t)) {
    case SL_VCELL_INT:
        return int_cell(v.u.i);
    case SL_VCELL_REAL:
        return real_cell(t->kind == SL_K_DECIMAL ? decimal_double(t, v) : v.u.d);
    default:
        if (t->kind == SL_K_STRING) return sl_verify_cell_text(ar, v.u.s, v.len);
        return json_cell(ar, t, v, t->kind == SL_K_BYTES);
    }
}

/* --- equality --------------------------------------------------------------------------- */

static bool is_number(const sl_vcell *c)
{
    return c->kind == SL_VCELL_INT || c->kind == SL_VCELL_REAL;
}

static double number_of(const sl_vcell *c)
{
    return c->kind == SL_VCELL_INT ? (double)c->u.i : c->u.d;
}

static bool is_nan(const sl_vcell *c)
{
    return c->kind == SL_VCELL_REAL && isnan(c->u.d);
}

/* Text that is all one number ("12", "-1.5e3") as a numeric cell. */
static bool text_number(const sl_vcell *c, sl_vcell *out)
{
    if (c->kind != SL_VCELL_TEXT || c->len == 0 || c->len > 64) return false;
    char tmp[65], *end;
    memcpy(tmp, c->u.s, c->len);
    tmp[c->len] = '\0';
    double d = strtod(tmp, &end);
    if (*end || end == tmp || isnan(d)) return false;
    *out = real_cell(d);
    return true;
}

static bool numbers_eq(const sl_vcell *a, const sl_vcell *b, double tol, double *abs, double *rel)
{
    if (a->kind == SL_VCELL_INT && b->kind == SL_VCELL_INT) {
        double diff = fabs((double)a->u.i - (double)b->u.i);
        double scale = fmax(fabs((double)a->u.i), fabs((double)b->u.i));
        *abs = diff;
        *rel = scale > 0 ? diff / scale : 0;
        return a->u.i == b->u.i;
    }
    double x = number_of(a), y = number_of(b);
    if (isnan(x) || isnan(y)) {
        *abs = *rel = isnan(x) && isnan(y) ? 0 : INFINITY;
        return isnan(x) && isnan(y);
    }
    if (x == y) { /* also equal infinities */
        *abs = *rel = 0;
        return true;
    }
    if (isinf(x) || isinf(y)) {
        *abs = *rel = INFINITY;
        return false;
    }
    double diff = fabs(x - y), scale = fmax(fabs(x), fabs(y));
    *abs = diff;
    *rel = isfinite(scale) && scale > 0 ? diff / scale : INFINITY;
    return diff <= tol * fmax(1.0, scale);
}

/* Two JSON texts holding the same JSON (objects' key order ignored). */
static bool json_eq(const sl_vcell *a, const sl_vcell *b)
{
    if (a->len == 0 || b->len == 0 || (a->u.s[0] != '[' && a->u.s[0] != '{') ||
        a->u.s[0] != b->u.s[0])
        return false;
    json_t *x = json_loadb(a->u.s, a->len, 0, NULL), *y = json_loadb(b->u.s, b->len, 0, NULL);
    bool eq = x && y && json_equal(x, y);
    json_decref(x);
    json_decref(y);
    return eq;
}

bool sl_verify_cell_eq(const sl_vcell *a, const sl_vcell *b, double tol, bool *numeric, double *abs,
                       double *rel)
{
    sl_vcell na, nb;
    *numeric = false;
    *abs = *rel = 0;
    if (a->kind == SL_VCELL_NULL || b->kind == SL_VCELL_NULL)
        return (a->kind == SL_VCELL_NULL || is_nan(a)) && (b->kind == SL_VCELL_NULL || is_nan(b));
    if (is_number(a) && !is_number(b) && text_number(b, &nb)) b = &nb;
    if (is_number(b) && !is_number(a) && text_number(a, &na)) a = &na;
    if (is_number(a) && is_number(b)) {
        *numeric = true;
        return numbers_eq(a, b, tol, abs, rel);
    }
    if (a->kind != SL_VCELL_TEXT || b->kind != SL_VCELL_TEXT) return false;
    if (a->len == b->len && memcmp(a->u.s, b->u.s, a->len) == 0) return true;
    return json_eq(a, b);
}

/* --- rendering -------------------------------------------------------------------------- */

/* The shortest %g form that reads back as the same double. */
static void print_real(sl_buf *out, double d)
{
    char tmp[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, d);
        if (strtod(tmp, NULL) == d || isnan(d)) break;
    }
    sl_buf_puts(out, tmp);
}

void sl_verify_cell_print(sl_buf *out, const sl_vcell *c)
{
    switch (c->kind) {
    case SL_VCELL_NULL:
        sl_buf_puts(out, "NULL");
        return;
    case SL_VCELL_INT:
        sl_buf_printf(out, "%lld", (long long)c->u.i);
        return;
    case SL_VCELL_REAL:
        print_real(out, c->u.d);
        return;
    case SL_VCELL_TEXT:
        sl_buf_putc(out, '\'');
        for (uint32_t i = 0; i < c->len; i++) {
            if (c->u.s[i] == '\'') sl_buf_putc(out, '\'');
            sl_buf_putc(out, c->u.s[i]);
        }
        sl_buf_putc(out, '\'');
        return;
    }
}

/* Text as a JSON string; bytes that are not UTF-8 (a BLOB from SQLite) become '?'. */
static json_t *text_json(const sl_vcell *c)
{
    json_t *j = json_stringn(c->u.s, c->len);
    if (j) return j;
    char *s = sl_malloc(c->len + 1);
    for (uint32_t i = 0; i < c->len; i++)
        s[i] = (unsigned char)c->u.s[i] < 0x80 && c->u.s[i] ? c->u.s[i] : '?';
    j = json_stringn(s, c->len);
    free(s);
    return j;
}

json_t *sl_verify_cell_json(const sl_vcell *c)
{
    switch (c->kind) {
    case SL_VCELL_INT:
        return json_integer(c->u.i);
    case SL_VCELL_REAL:
        if (isfinite(c->u.d)) return json_real(c->u.d);
        return json_string(isnan(c->u.d) ? "NaN" : c->u.d > 0 ? "Infinity" : "-Infinity");
    case SL_VCELL_TEXT:
        return text_json(c);
    default:
        return json_null();
    }
}
