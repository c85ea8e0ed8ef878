/*
 * logger.c - logfmt lines on stderr (see logger.h). Each line is formatted into
 * a local buffer and written with one write(2), so lines of concurrent threads
 * do not interleave.
 */
#include "common/logger.h"
#include "common/buf.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static atomic_int threshold = SL_LOGLEVEL_INFO;
static const char *level_names[] = {"debug", "info", "warn", "error", "off"};

void sl_logger_set_level(sl_loglevel level)
{
    atomic_store(&threshold, (int)level);
}

int sl_logger_parse_level(const char *s)
{
    for (int i = 0; i <= SL_LOGLEVEL_OFF; i++)
        if (strcasecmp(s, level_names[i]) == 0) return i;
    return -1;
}

int sl_logger_enabled(sl_loglevel level)
{
    return (int)level >= atomic_load(&threshold);
}

static void put_timestamp(sl_buf *b)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    sl_buf_printf(b, "ts=%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
}

void sl_logger_write(sl_loglevel level, const char *msg, const char *kvfmt, ...)
{
    if (!sl_logger_enabled(level)) return;
    sl_buf b = SL_BUF_INIT;
    put_timestamp(&b);
    sl_buf_printf(&b, " level=%s msg=", level_names[level]);
    sl_buf_json_str(&b, msg, strlen(msg));
    if (kvfmt && *kvfmt) {
        va_list ap;
        va_start(ap, kvfmt);
        sl_buf_putc(&b, ' ');
        sl_buf_vprintf(&b, kvfmt, ap);
        va_end(ap);
    }
    sl_buf_putc(&b, '\n');
    ssize_t off = 0;
    while (off < (ssize_t)b.len) {
        ssize_t w = write(STDERR_FILENO, b.p + off, b.len - (size_t)off);
        if (w <= 0) break;
        off += w;
    }
    sl_buf_free(&b);
}
