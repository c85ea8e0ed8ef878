/*
 * render_error.c - error messages with the statement line and a caret.
 *
 * The server starts syntax and planning error messages with "line L:C:" (1-based,
 * relative to the statement it was sent, column in characters), as ksqlDB
 * does. The shell shows:
 *
 *   ERROR: line 2:10: mismatched input 'FORM' expecting ...
 *   SELECT * FORM t;
 *            ^
 *
 * The caret line copies the tabs of the statement line so it stays aligned in
 * any terminal.
 */
#include "cli/render_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

bool sl_render_error_position(const char *m, int *line, int *col)
{
    while (*m == ' ' || *m == '\t')
        m++;
    if (strncmp(m, "line ", 5) != 0) return false;
    char *end;
    long l = strtol(m + 5, &end, 10);
    if (end == m + 5 || *end != ':' || !isdigit((unsigned char)end[1])) return false;
    const char *cp = end + 1;
    long c = strtol(cp, &end, 10);
    if (*end != ':' || l < 1 || c < 0 || l > 1000000 || c > 1000000) return false;
    *line = (int)l;
    *col = (int)c;
    return true;
}

/* Appends line `line` of stmt and a caret under character `col`. */
static void caret(sl_buf *out, const char *stmt, size_t len, int line, int col)
{
    const char *p = stmt, *end = stmt + len;
    for (int l = 1; l < line; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) return; /* the statement has no such line */
        p = nl + 1;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (n && p[n - 1] == '\r') n--;
    sl_buf_append(out, p, n);
    sl_buf_putc(out, '\n');
    int c = 1;
    for (size_t i = 0; i < n && c < col; i++) {
        if (((unsigned char)p[i] & 0xC0) == 0x80) continue;
        sl_buf_putc(out, p[i] == '\t' ? '\t' : ' ');
        c++;
    }
    sl_buf_puts(out, "^\n");
}

void sl_render_error(sl_buf *out, const char *message, const char *stmt, size_t stmt_len)
{
    size_t n = strlen(message);
    while (n && (message[n - 1] == '\n' || message[n - 1] == ' '))
        n--;
    sl_buf_puts(out, "ERROR: ");
    sl_buf_append(out, message, n);
    sl_buf_putc(out, '\n');
    int line, col;
    if (stmt && sl_render_error_position(message, &line, &col))
        caret(out, stmt, stmt_len, line, col > 0 ? col : 1);
}
