/*
 * logger.h - leveled diagnostics in logfmt on stderr:
 *
 *   ts=2026-11-21T10:00:00.123Z level=info msg="query started" query=CSAS_OUT_0
 *
 * The level threshold is process-wide (set once at start-up from config or the
 * SLUICE_LOG_LEVEL environment variable); writes are thread-safe, one line per
 * call. Never log secrets: callers pass only names, ids and counts.
 */
#ifndef SL_COMMON_LOGGER_H
#define SL_COMMON_LOGGER_H

typedef enum sl_loglevel {
    SL_LOGLEVEL_DEBUG,
    SL_LOGLEVEL_INFO,
    SL_LOGLEVEL_WARN,
    SL_LOGLEVEL_ERROR,
    SL_LOGLEVEL_OFF
} sl_loglevel;

void sl_logger_set_level(sl_loglevel level);
/* Parses "debug", "info", "warn", "error" or "off"; returns -1 for anything else. */
int sl_logger_parse_level(const char *s);
int sl_logger_enabled(sl_loglevel level);
/* Writes one line: msg is quoted; kvfmt (may be NULL) is a printf format of
 * extra " key=value" pairs, e.g. "query=%s rows=%d". */
void sl_logger_write(sl_loglevel level, const char *msg, const char *kvfmt, ...)
    __attribute__((format(printf, 3, 4)));

#define SL_DEBUG(msg, ...) \
    do { if (sl_logger_enabled(SL_LOGLEVEL_DEBUG)) sl_logger_write(SL_LOGLEVEL_DEBUG, msg, __VA_ARGS__); } while (0)
#define SL_INFO(msg, ...)  sl_logger_write(SL_LOGLEVEL_INFO, msg, __VA_ARGS__)
#define SL_WARN(msg, ...)  sl_logger_write(SL_LOGLEVEL_WARN, msg, __VA_ARGS__)
#define SL_ERROR(msg, ...) sl_logger_write(SL_LOGLEVEL_ERROR, msg, __VA_ARGS__)

#endif
