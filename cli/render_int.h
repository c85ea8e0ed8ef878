/*
 * render_int.h - what the render_*.c files share and nothing else includes:
 * the entity table builder and small text helpers.
 *
 * An sl_render_table keeps its cells in the caller's arena; rows are printed
 * in the order they were added (callers sort first, as ksqlDB does).
 */
#ifndef SL_CLI_RENDER_INT_H
#define SL_CLI_RENDER_INT_H

#include "cli/render.h"
#include "common/arena.h"

#define SL_RENDER_TABLE_MAX_COLS 8

typedef struct sl_render_table {
    sl_arena *ar;
    int ncols;
    const char *head[SL_RENDER_TABLE_MAX_COLS];
    const char **cells; /* nrows * ncols, row-major */
    size_t nrows, cap;
    const char *header_line; /* printed above the table; NULL: none */
    const char *footer_line; /* printed below it; NULL: none */
} sl_render_table;

/* A table with ncols (<= SL_RENDER_TABLE_MAX_COLS) column headings. */
void sl_render_table_init(sl_render_table *t, sl_arena *ar, int ncols, ...);
/* Adds a row of ncols strings (copied; NULL is ""). */
void sl_render_table_row(sl_render_table *t, ...);
void sl_render_table_rowv(sl_render_table *t, const char *const *cells);
/* " head | head " / dashes / rows / dashes, dashes no wider than width. */
void sl_render_table_print(const sl_render_table *t, int width, sl_buf *out);

/* Characters (UTF-8 code points) in s[0..n). */
size_t sl_render_text_width(const char *s, size_t n);
/* Appends s padded with spaces to width characters (Java's %-Ns). */
void sl_render_pad(sl_buf *out, const char *s, size_t width);
/* Appends "label (padded to w) : value\n" (Java's "%-20s : %s%n"). */
void sl_render_label(sl_buf *out, int w, const char *label, const char *value);

/* A string member of obj, or def when absent or not a string. */
const char *sl_render_str(const json_t *obj, const char *key, const char *def);
/* The value of v as the CLI shows it, in ar. */
const char *sl_render_value_str(sl_arena *ar, const json_t *v);
/* The items of a JSON array sorted by a string member (strcmp), in ar. */
const json_t **sl_render_sorted(sl_arena *ar, const json_t *arr, const char *key, size_t *n);

/* Descriptions (render_describe.c). */
void sl_render_source_description(sl_buf *out, const json_t *sd, const sl_render_opts *o);
void sl_render_query_description(sl_buf *out, const json_t *qd, const sl_render_opts *o);
void sl_render_function_description(sl_buf *out, const json_t *fd, const sl_render_opts *o);

#endif
