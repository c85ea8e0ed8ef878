/*
 * render_error.c - the server's error messages as the shell prints them.
 *
 * The server starts syntax and planning error messages with "line L:C:"
 * (1-based, relative to the statement it was sent, column in characters), as
 * ksqlDB does. The shell prints the message after "ERROR: " and, where it
 * finds that position, the statement line with a caret under the column
 * (drawn by the parser's sl_parse_error_caret, as for its own errors):
 *
 *   ERROR: line 2:10: mismatched input 'FORM' expecting ';'
 *   SELECT * FORM t;
 *            ^
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

void sl_render_error(sl_buf *out, const char *message)
{
    size_t n = strlen(message);
    while (n && (message[n - 1] == '\n' || message[n - 1] == ' '))
        n--;
    sl_buf_puts(out, "ERROR: ");
    sl_buf_append(out, message, n);
    sl_buf_putc(out, '\n');
}
