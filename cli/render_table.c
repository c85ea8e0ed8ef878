/*
 * render_table.c - the two tabular layouts of ksqlDB's CLI.
 *
 * Entity tables (SHOW STREAMS, message boxes) size each column to its widest
 * cell; the dashed lines are as wide as a row but never wider than the
 * terminal:
 *
 *    Stream Name | Kafka Topic | Key Format      <- " %-Ns | %-Ns "
 *   ------------------------------------------
 *    PAGEVIEWS   | pageviews   | KAFKA
 *   ------------------------------------------
 *
 * The query grid cannot know its widths in advance (rows arrive one by one),
 * so every cell gets width / columns - 2 characters (at least 5) and a value
 * longer than that continues on extra lines (wrap) or ends in "..." (clip):
 *
 *   +------+------+
 *   |ID    |NAME  |
 *   +------+------+
 *   |1     |alice |
 *
 * Widths count characters (code points), as a terminal shows them.
 */
#include "cli/render_int.h"
#include "common/mem.h"

#include <stdarg.h>
#include <string.h>

size_t sl_render_text_width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) w++;
    return w;
}

void sl_render_pad(sl_buf *out, const char *s, size_t width)
{
    size_t n = strlen(s), w = sl_render_text_width(s, n);
    sl_buf_append(out, s, n);
    for (; w < width; w++)
        sl_buf_putc(out, ' ');
}

void sl_render_label(sl_buf *out, int w, const char *label, const char *value)
{
    sl_render_pad(out, label, (size_t)w);
    sl_buf_printf(out, " : %s\n", value);
}

/* ---- entity tables ---- */

void sl_render_table_init(sl_render_table *t, sl_arena *ar, int ncols, ...)
{
    *t = (sl_render_table){.ar = ar, .ncols = ncols};
    va_list ap;
    va_start(ap, ncols);
    for (int i = 0; i < ncols && i < SL_RENDER_TABLE_MAX_COLS; i++)
        t->head[i] = va_arg(ap, const char *);
    va_end(ap);
}

void sl_render_table_rowv(sl_render_table *t, const char *const *cells)
{
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        const char **c = sl_arena_alloc(t->ar, cap * (size_t)t->ncols * sizeof *c);
        if (t->nrows) memcpy(c, t->cells, t->nrows * (size_t)t->ncols * sizeof *c);
        t->cells = c;
        t->cap = cap;
    }
    for (int i = 0; i < t->ncols; i++)
        t->cells[t->nrows * (size_t)t->ncols + (size_t)i] =
            sl_arena_strdup(t->ar, cells[i] ? cells[i] : "");
    t->nrows++;
}

void sl_render_table_row(sl_render_table *t, ...)
{
    const char *cells[SL_RENDER_TABLE_MAX_COLS];
    va_list ap;
    va_start(ap, t);
    for (int i = 0; i < t->ncols; i++)
        cells[i] = va_arg(ap, const char *);
    va_end(ap);
    sl_render_table_rowv(t, cells);
}

/* The widest line of a cell that may span lines. */
static size_t cell_width(const char *s)
{
    size_t w = 0;
    for (;;) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s), lw = sl_render_text_width(s, n);
        if (lw > w) w = lw;
        if (!nl) return w;
        s = nl + 1;
    }
}

static void table_line(sl_buf *out, const char *const *cells, const size_t *widths, int ncols)
{
    sl_buf_putc(out, ' ');
    for (int i = 0; i < ncols; i++) {
        if (i) sl_buf_puts(out, " | ");
        sl_render_pad(out, cells[i], widths[i]);
    }
    sl_buf_puts(out, " \n");
}

void sl_render_table_print(const sl_render_table *t, int width, sl_buf *out)
{
    if (t->header_line) sl_buf_printf(out, "%s\n", t->header_line);
    if (t->ncols > 0) {
        size_t widths[SL_RENDER_TABLE_MAX_COLS], sep = 0;
        for (int i = 0; i < t->ncols; i++) {
            widths[i] = cell_width(t->head[i]);
            for (size_t r = 0; r < t->nrows; r++) {
                size_t w = cell_width(t->cells[r * (size_t)t->ncols + (size_t)i]);
                if (w > widths[i]) widths[i] = w;
            }
            sep += widths[i] + 3;
        }
        sep -= 1;
        if (width > 0 && sep > (size_t)width) sep = (size_t)width;
        table_line(out, t->head, widths, t->ncols);
        for (size_t i = 0; i < sep; i++)
            sl_buf_putc(out, '-');
        sl_buf_putc(out, '\n');
        for (size_t r = 0; r < t->nrows; r++)
            table_line(out, t->cells + r * (size_t)t->ncols, widths, t->ncols);
        for (size_t i = 0; i < sep; i++)
            sl_buf_putc(out, '-');
        sl_buf_putc(out, '\n');
    }
    if (t->footer_line) sl_buf_printf(out, "%s\n", t->footer_line);
}

/* ---- the query grid ---- */

static size_t grid_cell_width(const sl_render_opts *o, size_t ncols)
{
    if (o->column_width > 0) return (size_t)o->column_width;
    long w = o->width / (long)ncols - 2;
    return w < 5 ? 5 : (size_t)w;
}

static void grid_separator(sl_buf *out, size_t cw, size_t ncols)
{
    sl_buf_putc(out, '+');
    for (size_t c = 0; c < ncols; c++) {
        for (size_t i = 0; i < cw; i++)
            sl_buf_putc(out, '-');
        sl_buf_putc(out, '+');
    }
}

/* Byte offset after the first k characters of s (or its length). */
static size_t char_offset(const char *s, size_t n, size_t k)
{
    size_t i = 0;
    for (; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && k-- == 0) break;
    return i;
}

/* Line `part` of a value cut into cw-character pieces; empty past its end. */
static void grid_piece(const char *v, size_t part, size_t cw, const char **p, size_t *n)
{
    size_t len = strlen(v), from = char_offset(v, len, part * cw);
    size_t to = from + char_offset(v + from, len - from, cw);
    *p = v + from;
    *n = to - from;
}

static size_t grid_pieces(const char *v, size_t cw)
{
    size_t w = sl_render_text_width(v, strlen(v));
    return w == 0 ? 1 : (w + cw - 1) / cw;
}

/* True when pieces after the first `shown` hold more than blanks. */
static bool grid_clipped(const char *v, size_t cw, size_t shown)
{
    const char *p;
    size_t n;
    grid_piece(v, shown, cw, &p, &n);
    for (const char *c = p; *c; c++)
        if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r') return true;
    return false;
}

static void grid_line(sl_buf *out, const char *const *vals, size_t ncols, size_t cw, size_t shown)
{
    size_t lines = 1;
    for (size_t c = 0; c < ncols; c++) {
        size_t k = grid_pieces(vals[c], cw);
        if (k > lines) lines = k;
    }
    if (shown == 0 || shown > lines) shown = lines;
    for (size_t l = 0; l < shown; l++) {
        if (l) sl_buf_putc(out, '\n');
        sl_buf_putc(out, '|');
        for (size_t c = 0; c < ncols; c++) {
            const char *p;
            size_t n;
            grid_piece(vals[c], l, cw, &p, &n);
            size_t w = sl_render_text_width(p, n);
            bool clip = l + 1 == shown && grid_clipped(vals[c], cw, shown);
            if (clip) {
                /* keep cw - 3 characters of the padded cell, then "..." */
                size_t keep = cw - 3 < w ? char_offset(p, n, cw - 3) : n;
                sl_buf_append(out, p, keep);
                for (size_t i = keep < n ? cw - 3 : w; i < cw - 3; i++)
                    sl_buf_putc(out, ' ');
                sl_buf_puts(out, "...");
            } else {
                sl_buf_append(out, p, n);
                for (; w < cw; w++)
                    sl_buf_putc(out, ' ');
            }
            sl_buf_putc(out, '|');
        }
    }
    sl_buf_putc(out, '\n');
}

void sl_render_grid_header(sl_buf *out, const json_t *names, const sl_render_opts *o)
{
    size_t n = json_array_size(names);
    if (n == 0) {
        sl_buf_putc(out, '\n');
        return;
    }
    const char **vals = sl_malloc(n * sizeof *vals);
    for (size_t i = 0; i < n; i++)
        vals[i] = sl_render_str(json_array_get(names, i), NULL, "");
    size_t cw = grid_cell_width(o, n);
    grid_separator(out, cw, n);
    sl_buf_putc(out, '\n');
    grid_line(out, vals, n, cw, 0);
    grid_separator(out, cw, n);
    sl_buf_putc(out, '\n');
    free(vals);
}

void sl_render_grid_row(sl_buf *out, const json_t *columns, size_t ncols, bool tombstone,
                        const sl_render_opts *o)
{
    size_t n = json_array_size(columns);
    if (ncols > n) n = ncols;
    if (n == 0) {
        sl_buf_putc(out, '\n');
        return;
    }
    sl_arena *ar = sl_arena_new(0);
    const char **vals = sl_arena_alloc(ar, n * sizeof *vals);
    for (size_t i = 0; i < n; i++) {
        const json_t *v = json_array_get(columns, i);
        vals[i] = tombstone && (!v || json_is_null(v)) ? "<TOMBSTONE>" : sl_render_value_str(ar, v);
    }
    grid_line(out, vals, n, grid_cell_width(o, n), o->wrap ? 0 : 1);
    sl_arena_free(ar);
}
