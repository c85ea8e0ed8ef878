/*
 * timefmt.h - date/time patterns in java.time.format.DateTimeFormatter's
 * language, compiled once and then used to format and parse many values.
 *
 *     yyyy-MM-dd'T'HH:mm:ss.SSSXXX     dd-MMM-yyyy     hh:mm a     EEE, d MMM yyyy
 *
 * Letters: G u y Q q M L d D E a h K k H m s S n N A V z O X x Z, each with
 * DateTimeFormatter's meaning for its count; 'text' and '' for literals;
 * [ ] for optional sections. Week-based fields (Y w W e c F) and long zone
 * names (zzzz) are not supported and fail to compile with a clear error. Text
 * (month and day names, AM/PM, eras) is English; parsing matches it without
 * regard to case.
 *
 * Formatting takes a broken-down value (sl_timeval) that says which parts it
 * has: a DATE has no time of day, a TIME no date, so formatting a date with a
 * time letter is an error ("Unsupported field: HourOfDay"), as in Java.
 * Parsing yields the fields found (sl_timeparse); what they resolve to is the
 * caller's business (PARSE_DATE needs a whole date, PARSE_TIMESTAMP defaults
 * missing fields to 1970-01-01T00:00).
 *
 * A compiled pattern is immutable: any thread may use it.
 */
#ifndef SL_EXEC_TIMEFMT_H
#define SL_EXEC_TIMEFMT_H

#include "common/buf.h"
#include "common/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sl_timefmt sl_timefmt;

/* The fields of a date-time, as the pattern letters address them. */
typedef enum sl_tf_field {
    SL_TF_ERA,          /* G: 0 BC, 1 AD */
    SL_TF_YEAR_OF_ERA,  /* y */
    SL_TF_YEAR,         /* u: proleptic year */
    SL_TF_QUARTER,      /* Q q: 1..4 */
    SL_TF_MONTH,        /* M L: 1..12 */
    SL_TF_DAY,          /* d: 1..31 */
    SL_TF_DAY_OF_YEAR,  /* D: 1..366 */
    SL_TF_DAY_OF_WEEK,  /* E: 1 Monday .. 7 Sunday */
    SL_TF_AMPM,         /* a: 0 AM, 1 PM */
    SL_TF_HOUR_AMPM,    /* K: 0..11 */
    SL_TF_CLOCK_AMPM,   /* h: 1..12 */
    SL_TF_HOUR,         /* H: 0..23 */
    SL_TF_CLOCK_HOUR,   /* k: 1..24 */
    SL_TF_MINUTE,       /* m */
    SL_TF_SECOND,       /* s */
    SL_TF_NANO,         /* S (a fraction) and n */
    SL_TF_MILLI_OF_DAY, /* A */
    SL_TF_NANO_OF_DAY,  /* N */
    SL_TF__COUNT
} sl_tf_field;

#define SL_TF_DATE_FIELDS                                                                          \
    ((1u << SL_TF_ERA) | (1u << SL_TF_YEAR_OF_ERA) | (1u << SL_TF_YEAR) | (1u << SL_TF_QUARTER) |  \
     (1u << SL_TF_MONTH) | (1u << SL_TF_DAY) | (1u << SL_TF_DAY_OF_YEAR) |                         \
     (1u << SL_TF_DAY_OF_WEEK))
#define SL_TF_TIME_FIELDS (((1u << SL_TF__COUNT) - 1) & ~SL_TF_DATE_FIELDS)

/* Java's name of a field in messages ("MonthOfYear"). */
const char *sl_tf_field_name(sl_tf_field f);

/* Compiles pattern (n bytes). The result is malloc'd; free with sl_timefmt_free.
 * Errors (SL_E_EVAL) carry DateTimeFormatter's wording ("Unknown pattern letter: b"). */
sl_error *sl_timefmt_compile(const char *pattern, size_t n, sl_timefmt **out);
void sl_timefmt_free(sl_timefmt *f);
/* The pattern text the format was compiled from (NUL-terminated). */
const char *sl_timefmt_pattern(const sl_timefmt *f);

/* A value to format: a date, a time of day, or both, with the zone it is in. */
typedef struct sl_timeval {
    bool has_date, has_time, has_zone;
    int64_t year;   /* proleptic: 0 is 1 BC */
    int month, day; /* 1-based */
    int hour, minute, second;
    int32_t nano;                    /* of the second */
    int32_t offset;                  /* seconds east of UTC, when has_zone */
    const char *zone_id, *zone_abbr; /* when has_zone */
} sl_timeval;

/* An upper bound of the length of any text f formats. */
size_t sl_timefmt_max_len(const sl_timefmt *f);
/* Writes v formatted by f to out (room for sl_timefmt_max_len bytes, not
 * NUL-terminated) and its length to *len; an error when the pattern needs a part
 * v lacks. */
sl_error *sl_timefmt_format(const sl_timefmt *f, const sl_timeval *v, char *out, size_t *len);

/* What parsing found: a bit in have per field, its value in v. */
typedef struct sl_timeparse {
    uint32_t have;
    int64_t v[SL_TF__COUNT];
    bool has_offset;
    int32_t offset;   /* X x Z O: seconds east of UTC */
    const char *zone; /* z VV: the zone text, pointing into the parsed string */
    size_t zone_len;
} sl_timeparse;

/* Parses all of s (n bytes) by f. Errors (SL_E_EVAL) follow Java's wording:
 * "Text '...' could not be parsed at index 5", "... Invalid value for
 * MonthOfYear (valid values 1 - 12): 13". */
sl_error *sl_timefmt_parse(const sl_timefmt *f, const char *s, size_t n, sl_timeparse *out);

#endif
