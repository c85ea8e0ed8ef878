/*
 * history.c - the shell's command history, kept in ~/.sluice_history so it
 * survives restarts.
 *
 * Model: the file is the log of entries, one per line (backslash escapes for
 * '\\', '\n', '\r' so a multi-line entry stays one line), written only by
 * appending, so a shell killed mid-session loses nothing and two shells do not
 * overwrite each other. Opening it loads the entries and, when it holds more
 * than max, rewrites it with the newest max (write to a temporary file, then
 * rename). The file is created with mode 0600 and tightened to 0600 when found
 * wider: statements can hold business data.
 *
 * Entries that look like they hold a secret (password=..., sasl.jaas.config,
 * credentials in a URL, ...) are never kept, in memory or on disk.
 *
 * An sl_history is used by one thread.
 */
#include "cli/shell_int.h"
#include "common/mem.h"
#include "parser/parser.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct sl_history {
    char *path; /* NULL: kept in memory only */
    char **items;
    size_t n, cap, max;
};

static const char *const secret_words[] = {
    "password", "passwd", "secret", "sasl.jaas.config", "credentials", "basic.auth.user.info",
    "api.key",
};

bool sl_history_is_secret(const char *entry)
{
    for (size_t i = 0; i < sizeof secret_words / sizeof secret_words[0]; i++)
        if (strcasestr(entry, secret_words[i])) return true;
    /* scheme://user:password@host */
    const char *scheme = strstr(entry, "://");
    if (scheme) {
        size_t auth = strcspn(scheme + 3, "/@ \t'\"");
        if (scheme[3 + auth] == '@' && memchr(scheme + 3, ':', auth)) return true;
    }
    return false;
}

static void push(sl_history *h, const char *entry)
{
    if (h->n == h->max) {
        free(h->items[0]);
        memmove(h->items, h->items + 1, (h->n - 1) * sizeof *h->items);
        h->n--;
    }
    SL_GROW(h->items, h->cap, h->n + 1);
    h->items[h->n++] = sl_strdup(entry);
}

static void escape(sl_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\')
            sl_buf_puts(b, "\\\\");
        else if (*s == '\n')
            sl_buf_puts(b, "\\n");
        else if (*s == '\r')
            sl_buf_puts(b, "\\r");
        else
            sl_buf_putc(b, *s);
    }
    sl_buf_putc(b, '\n');
}

static void unescape(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r == '\\' && r[1]) {
            r++;
            *w++ = *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

/* Writes every entry to path through a temporary file and a rename. */
static sl_error *rewrite(const sl_history *h)
{
    sl_buf tmp = SL_BUF_INIT, body = SL_BUF_INIT;
    sl_buf_printf(&tmp, "%s.tmp.%ld", h->path, (long)getpid());
    for (size_t i = 0; i < h->n; i++)
        escape(&body, h->items[i]);
    sl_error *err = NULL;
    int fd = open(tmp.p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || write(fd, body.p ? body.p : "", body.len) != (ssize_t)body.len ||
        close(fd) != 0 || rename(tmp.p, h->path) != 0) {
        err = sl_error_new(SL_E_IO, "cannot rewrite history file %s: %s", h->path, strerror(errno));
        unlink(tmp.p);
    }
    sl_buf_free(&tmp);
    sl_buf_free(&body);
    return err;
}

static sl_error *load(sl_history *h, FILE *f)
{
    char *line = NULL;
    size_t cap = 0, total = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        if (line[len - 1] == '\n') line[len - 1] = '\0';
        unescape(line);
        total++;
        if (*line && !sl_history_is_secret(line)) push(h, line);
    }
    free(line);
    if (ferror(f))
        return sl_error_new(SL_E_IO, "cannot read history file %s: %s", h->path, strerror(errno));
    return total > h->n ? rewrite(h) : NULL;
}

sl_error *sl_history_open(const char *path, size_t max, sl_history **out)
{
    sl_history *h = sl_calloc(1, sizeof *h);
    h->max = max ? max : 1000;
    *out = h;
    if (!path) return NULL;
    h->path = sl_strdup(path);
    FILE *f = fopen(path, "re");
    if (!f) {
        if (errno == ENOENT) return NULL;
        return sl_error_new(SL_E_IO, "cannot read history file %s: %s", path, strerror(errno));
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077)) fchmod(fileno(f), 0600);
    sl_error *err = load(h, f);
    fclose(f);
    return err;
}

void sl_history_free(sl_history *h)
{
    if (!h) return;
    for (size_t i = 0; i < h->n; i++)
        free(h->items[i]);
    free(h->items);
    free(h->path);
    free(h);
}

bool sl_history_add(sl_history *h, const char *entry, sl_error **err)
{
    *err = NULL;
    if (!entry[strspn(entry, " \t\r\n")] || sl_history_is_secret(entry)) return false;
    if (h->n && strcmp(h->items[h->n - 1], entry) == 0) return false;
    push(h, entry);
    if (!h->path) return true;
    sl_buf line = SL_BUF_INIT;
    escape(&line, entry);
    int fd = open(h->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || write(fd, line.p, line.len) != (ssize_t)line.len)
        *err = sl_error_new(SL_E_IO, "cannot write history file %s: %s", h->path, strerror(errno));
    if (fd >= 0) close(fd);
    sl_buf_free(&line);
    return true;
}

/* Drops trailing blanks of out back to mark. */
static void trim_end(sl_buf *out, size_t mark)
{
    while (out->len > mark && out->p[out->len - 1] == ' ')
        out->p[--out->len] = '\0';
}

void sl_history_line(const char *text, size_t len, sl_buf *out)
{
    size_t mark = out->len, off = 0;
    while (off < len) {
        int type;
        size_t n = sl_lex_next(text + off, len - off, &type);
        const char *z = text + off;
        off += n;
        if (type == TK_COMMENT && z[0] == '-') continue; /* would swallow the rest of the line */
        if (type == TK_SPACE || type == TK_COMMENT) {
            bool line_break = memchr(z, '\n', n) || memchr(z, '\r', n);
            if (type == TK_SPACE && line_break) {
                trim_end(out, mark);
                if (out->len > mark) sl_buf_putc(out, ' ');
                continue;
            }
            for (size_t i = 0; i < n; i++)
                sl_buf_putc(out, z[i] == '\n' || z[i] == '\r' ? ' ' : z[i]);
            continue;
        }
        sl_buf_append(out, z, n);
    }
    trim_end(out, mark);
}

size_t sl_history_count(const sl_history *h)
{
    return h->n;
}

const char *sl_history_get(const sl_history *h, size_t i)
{
    return i < h->n ? h->items[i] : NULL;
}
