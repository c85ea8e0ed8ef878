/*
 * timefmt.c - DateTimeFormatter patterns: compile to a list of elements,
 * format a broken-down value, parse text into fields (see timefmt.h).
 *
 * Model: a pattern compiles to elements, one per letter run or literal, as
 * DateTimeFormatterBuilder.appendPattern builds them:
 *
 *     NUM       a field as digits, min..max wide, with a sign style
 *     REDUCED   yy: two digits of the year, read back as 2000..2099
 *     FRACTION  S..S: the first n digits of the nanoseconds
 *     TEXT      month, weekday, AM/PM, era or quarter names
 *     OFFSET    X x Z: +HH[:MM[:SS]] in one of nine shapes, or a text for zero
 *     LOCOFF    O ZZZZ: GMT+8 / GMT+08:00
 *     ZONEID    VV, ZONENAME z: the zone's ID or abbreviation
 *     OPT       [ ... ]: printed when every field inside is there, parsed if it can be
 *
 * Parsing does Java's "adjacent value parsing": a variable-width number
 * followed directly by fixed-width ones leaves them their digits, so yyyyMMdd
 * reads 20240131 as 2024, 01, 31.
 */
#include "exec/timefmt.h"
#include "common/mem.h"
#include "exec/fn_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum el_kind {
    EL_LIT,
    EL_NUM,
    EL_REDUCED,
    EL_FRACTION,
    EL_TEXT,
    EL_OFFSET,
    EL_LOCOFF,
    EL_ZONEID,
    EL_ZONENAME,
    EL_OPT_START,
    EL_OPT_END,
} el_kind;

enum { SIGN_NOT_NEGATIVE, SIGN_NORMAL, SIGN_EXCEEDS_PAD };
enum { TS_SHORT, TS_FULL, TS_NARROW };

typedef struct el {
    el_kind kind;
    uint8_t field; /* sl_tf_field */
    uint8_t min, max;
    uint8_t sign;
    uint8_t style;      /* TEXT: TS_*; OFFSET: shape 0..8; LOCOFF: TS_SHORT/TS_FULL */
    uint8_t reserve;    /* digits the following fixed-width numbers need (parsing) */
    const char *zero;   /* OFFSET: the text of a zero offset */
    uint32_t lit, litn; /* LIT: text in f->lits */
    uint32_t end;       /* OPT_START: index of the matching OPT_END */
} el;

struct sl_timefmt {
    char *pattern;
    el *els;
    uint32_t n;
    char *lits;
    size_t max_len; /* of any formatted text */
};

static const char *const field_names[SL_TF__COUNT] = {
    "Era",
    "YearOfEra",
    "Year",
    "QuarterOfYear",
    "MonthOfYear",
    "DayOfMonth",
    "DayOfYear",
    "DayOfWeek",
    "AmPmOfDay",
    "HourOfAmPm",
    "ClockHourOfAmPm",
    "HourOfDay",
    "ClockHourOfDay",
    "MinuteOfHour",
    "SecondOfMinute",
    "NanoOfSecond",
    "MilliOfDay",
    "NanoOfDay",
};

const char *sl_tf_field_name(sl_tf_field f)
{
    return f < SL_TF__COUNT ? field_names[f] : "?";
}

static const char *const months[3][12] = {
    {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"},
    {"J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"},
};
static const char *const weekdays[3][7] = {
    {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"},
    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
    {"M", "T", "W", "T", "F", "S", "S"},
};
static const char *const eras[3][2] = {{"BC", "AD"}, {"Before Christ", "Anno Domini"}, {"B", "A"}};
static const char *const quarters[3][4] = {
    {"Q1", "Q2", "Q3", "Q4"},
    {"1st quarter", "2nd quarter", "3rd quarter", "4th quarter"},
    {"1", "2", "3", "4"},
};
static const char *const ampm[2] = {"AM", "PM"};

/* The names of a text field's values in a style, and the value of the first. */
static const char *const *names_of(int field, int style, int *count, int *first)
{
    switch (field) {
    case SL_TF_MONTH:
        *count = 12, *first = 1;
        return months[style];
    case SL_TF_DAY_OF_WEEK:
        *count = 7, *first = 1;
        return weekdays[style];
    case SL_TF_ERA:
        *count = 2, *first = 0;
        return eras[style];
    case SL_TF_QUARTER:
        *count = 4, *first = 1;
        return quarters[style];
    default:
        *count = 2, *first = 0;
        return ampm;
    }
}

/* --- compiling ---------------------------------------------------------------------------- */

typedef struct builder {
    el *els;
    size_t n, cap;
    sl_buf lits;
    uint32_t open[64]; /* indexes of the open OPT_STARTs */
    int depth;
} builder;

static el *add(builder *b, el_kind kind)
{
    SL_GROW(b->els, b->cap, b->n + 1);
    el *e = &b->els[b->n++];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    return e;
}

static void add_lit(builder *b, const char *s, size_t n)
{
    el *e = add(b, EL_LIT);
    e->lit = (uint32_t)b->lits.len;
    e->litn = (uint32_t)n;
    sl_buf_append(&b->lits, s, n);
}

static void add_num(builder *b, int field, int min, int max, int sign)
{
    el *e = add(b, EL_NUM);
    e->field = (uint8_t)field, e->min = (uint8_t)min, e->max = (uint8_t)max,
    e->sign = (uint8_t)sign;
}

static void add_text(builder *b, int field, int style)
{
    el *e = add(b, EL_TEXT);
    e->field = (uint8_t)field, e->style = (uint8_t)style;
}

static void add_offset(builder *b, int shape, const char *zero)
{
    el *e = add(b, EL_OFFSET);
    e->style = (uint8_t)shape, e->zero = zero;
}

static sl_error *too_many(char c)
{
    return sl_error_new(SL_E_EVAL, "Too many pattern letters: %c", c);
}

/* A numeric field written with 1 or 2 letters (d H h K k m s). */
static sl_error *small_num(builder *b, char c, int count, int field)
{
    if (count > 2) return too_many(c);
    if (count == 1)
        add_num(b, field, 1, 19, SIGN_NORMAL);
    else
        add_num(b, field, 2, 2, SIGN_NOT_NEGATIVE);
    return NULL;
}

/* Month, quarter: a number (1-2 letters) or text (3-5 letters). */
static sl_error *num_or_text(builder *b, char c, int count, int field)
{
    if (count > 5) return too_many(c);
    if (count <= 2) return small_num(b, c, count, field);
    add_text(b, field, count == 3 ? TS_SHORT : count == 4 ? TS_FULL : TS_NARROW);
    return NULL;
}

static sl_error *year_field(builder *b, int count, int field)
{
    if (count == 2) {
        el *e = add(b, EL_REDUCED);
        e->field = (uint8_t)field, e->min = e->max = 2;
    } else if (count > 19) {
        return too_many(field == SL_TF_YEAR ? 'u' : 'y');
    } else {
        add_num(b, field, count == 1 ? 1 : count, 19, count >= 4 ? SIGN_EXCEEDS_PAD : SIGN_NORMAL);
    }
    return NULL;
}

static sl_error *zone_letters(builder *b, char c, int count)
{
    static const int xshape[5] = {1, 3, 4, 5, 6};
    static const char *const xzero[5] = {"+00", "+0000", "+00:00", "+0000", "+00:00"};
    switch (c) {
    case 'V':
        if (count != 2) return sl_error_new(SL_E_EVAL, "Pattern letter count must be 2: V");
        add(b, EL_ZONEID);
        return NULL;
    case 'z':
        if (count > 4) return too_many(c);
        if (count == 4)
            return sl_error_new(SL_E_EVAL, "long time-zone names (zzzz) are not supported");
        add(b, EL_ZONENAME);
        return NULL;
    case 'O':
        if (count != 1 && count != 4)
            return sl_error_new(SL_E_EVAL, "Pattern letter count must be 1 or 4: O");
        add(b, EL_LOCOFF)->style = count == 1 ? TS_SHORT : TS_FULL;
        return NULL;
    case 'X':
    case 'x':
        if (count > 5) return too_many(c);
        add_offset(b, xshape[count - 1], c == 'X' ? "Z" : xzero[count - 1]);
        return NULL;
    default: /* Z */
        if (count > 5) return too_many(c);
        if (count == 4)
            add(b, EL_LOCOFF)->style = TS_FULL;
        else if (count == 5)
            add_offset(b, 6, "Z");
        else
            add_offset(b, 3, "+0000");
        return NULL;
    }
}

/* Adds the element(s) of a run of count letters c. */
static sl_error *letters(builder *b, char c, int count)
{
    switch (c) {
    case 'G':
        if (count > 5) return too_many(c);
        add_text(b, SL_TF_ERA, count <= 3 ? TS_SHORT : count == 4 ? TS_FULL : TS_NARROW);
        return NULL;
    case 'y':
        return year_field(b, count, SL_TF_YEAR_OF_ERA);
    case 'u':
        return year_field(b, count, SL_TF_YEAR);
    case 'Q':
    case 'q':
        return num_or_text(b, c, count, SL_TF_QUARTER);
    case 'M':
    case 'L':
        return num_or_text(b, c, count, SL_TF_MONTH);
    case 'd':
        return small_num(b, c, count, SL_TF_DAY);
    case 'D':
        if (count > 3) return too_many(c);
        if (count == 1)
            add_num(b, SL_TF_DAY_OF_YEAR, 1, 19, SIGN_NORMAL);
        else if (count == 2)
            add_num(b, SL_TF_DAY_OF_YEAR, 2, 3, SIGN_NOT_NEGATIVE);
        else
            add_num(b, SL_TF_DAY_OF_YEAR, 3, 3, SIGN_NOT_NEGATIVE);
        return NULL;
    case 'E':
        if (count > 5) return too_many(c);
        add_text(b, SL_TF_DAY_OF_WEEK, count <= 3 ? TS_SHORT : count == 4 ? TS_FULL : TS_NARROW);
        return NULL;
    case 'a':
        if (count > 1) return too_many(c);
        add_text(b, SL_TF_AMPM, TS_SHORT);
        return NULL;
    case 'h':
        return small_num(b, c, count, SL_TF_CLOCK_AMPM);
    case 'K':
        return small_num(b, c, count, SL_TF_HOUR_AMPM);
    case 'k':
        return small_num(b, c, count, SL_TF_CLOCK_HOUR);
    case 'H':
        return small_num(b, c, count, SL_TF_HOUR);
    case 'm':
        return small_num(b, c, count, SL_TF_MINUTE);
    case 's':
        return small_num(b, c, count, SL_TF_SECOND);
    case 'S': {
        if (count > 9) return too_many(c);
        el *e = add(b, EL_FRACTION);
        e->field = SL_TF_NANO, e->min = e->max = (uint8_t)count;
        return NULL;
    }
    case 'n':
    case 'N':
    case 'A': {
        int field = c == 'n' ? SL_TF_NANO : c == 'N' ? SL_TF_NANO_OF_DAY : SL_TF_MILLI_OF_DAY;
        if (count > 19) return too_many(c);
        if (count == 1)
            add_num(b, field, 1, 19, SIGN_NOT_NEGATIVE);
        else
            add_num(b, field, count, count, SIGN_NOT_NEGATIVE);
        return NULL;
    }
    case 'V':
    case 'z':
    case 'O':
    case 'X':
    case 'x':
    case 'Z':
        return zone_letters(b, c, count);
    case 'Y':
    case 'w':
    case 'W':
    case 'e':
    case 'c':
    case 'F':
        return sl_error_new(SL_E_EVAL,
                            "pattern letter '%c' (week-based fields) is not supported; use y, M, "
                            "d and E",
                            c);
    case 'p':
        return sl_error_new(SL_E_EVAL, "the pad modifier 'p' is not supported");
    default:
        return sl_error_new(SL_E_EVAL, "Unknown pattern letter: %c", c);
    }
}

/* Reads the quoted literal at p[*i] (on the opening quote) into the builder. */
static sl_error *quoted(builder *b, const char *p, size_t n, size_t *i)
{
    size_t j = *i + 1;
    if (j < n && p[j] == '\'') { /* '' is a quote */
        add_lit(b, "'", 1);
        *i = j + 1;
        return NULL;
    }
    sl_buf text = SL_BUF_INIT;
    for (;; j++) {
        if (j >= n) {
            sl_buf_free(&text);
            return sl_error_new(SL_E_EVAL, "Pattern ends with an incomplete string literal: %.*s",
                                (int)n, p);
        }
        if (p[j] == '\'') {
            if (j + 1 < n && p[j + 1] == '\'') {
                sl_buf_putc(&text, '\'');
                j++;
                continue;
            }
            break;
        }
        sl_buf_putc(&text, p[j]);
    }
    add_lit(b, sl_buf_cstr(&text), text.len);
    sl_buf_free(&text);
    *i = j + 1;
    return NULL;
}

/* Whether e is a fixed-width number that can follow a variable one (adjacent parsing). */
static bool fixed_width(const el *e)
{
    return (e->kind == EL_NUM && e->min == e->max && e->sign == SIGN_NOT_NEGATIVE) ||
           e->kind == EL_REDUCED || e->kind == EL_FRACTION;
}

static void reserve_adjacent(sl_timefmt *f)
{
    for (uint32_t i = 0; i < f->n; i++) {
        el *e = &f->els[i];
        if (e->kind != EL_NUM || e->min == e->max) continue;
        unsigned r = 0;
        for (uint32_t j = i + 1; j < f->n && fixed_width(&f->els[j]); j++)
            r += f->els[j].min;
        e->reserve = (uint8_t)(r > 255 ? 255 : r);
    }
}

static size_t el_max_len(const el *e);

static sl_error *compile_all(builder *b, const char *p, size_t n)
{
    sl_error *err = NULL;
    for (size_t i = 0; i < n && !err;) {
        char c = p[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
            size_t j = i;
            while (j < n && p[j] == c)
                j++;
            err = letters(b, c, (int)(j - i));
            i = j;
        } else if (c == '\'') {
            err = quoted(b, p, n, &i);
        } else if (c == '[') {
            if (b->depth == 64) return sl_error_new(SL_E_EVAL, "optional sections nest too deep");
            b->open[b->depth++] = (uint32_t)b->n;
            add(b, EL_OPT_START);
            i++;
        } else if (c == ']') {
            if (b->depth == 0)
                return sl_error_new(SL_E_EVAL,
                                    "Pattern invalid as it contains ] without previous [");
            b->els[b->open[--b->depth]].end = (uint32_t)b->n;
            add(b, EL_OPT_END);
            i++;
        } else if (c == '{' || c == '}' || c == '#') {
            return sl_error_new(SL_E_EVAL, "Pattern includes reserved character: '%c'", c);
        } else {
            add_lit(b, p + i, 1);
            i++;
        }
    }
    while (!err && b->depth > 0) { /* Java closes open sections at the end */
        b->els[b->open[--b->depth]].end = (uint32_t)b->n;
        add(b, EL_OPT_END);
    }
    return err;
}

sl_error *sl_timefmt_compile(const char *pattern, size_t n, sl_timefmt **out)
{
    builder b = {0};
    sl_error *err = compile_all(&b, pattern, n);
    if (err) {
        free(b.els);
        sl_buf_free(&b.lits);
        return err;
    }
    sl_timefmt *f = sl_calloc(1, sizeof *f);
    f->pattern = sl_strndup(pattern, n);
    f->els = b.els;
    f->n = (uint32_t)b.n;
    f->lits = b.lits.p ? sl_buf_take(&b.lits) : sl_strdup("");
    reserve_adjacent(f);
    for (uint32_t i = 0; i < f->n; i++)
        f->max_len += el_max_len(&f->els[i]);
    *out = f;
    return NULL;
}

void sl_timefmt_free(sl_timefmt *f)
{
    if (!f) return;
    free(f->pattern);
    free(f->els);
    free(f->lits);
    free(f);
}

const char *sl_timefmt_pattern(const sl_timefmt *f)
{
    return f->pattern;
}

/* --- formatting --------------------------------------------------------------------------- */

/* The output of one format call: the caller sized it by sl_timefmt_max_len. */
typedef struct wbuf {
    char *p;
    size_t n;
} wbuf;

static void put(wbuf *w, const char *s, size_t n)
{
    memcpy(w->p + w->n, s, n);
    w->n += n;
}

static void putch(wbuf *w, char c)
{
    w->p[w->n++] = c;
}

/* At most this much text for a zone ID or abbreviation (IDs are at most 200). */
#define ZONE_TEXT_MAX 256

/* The values of every field of v, and which of them it has. */
typedef struct fields {
    uint32_t have;
    int64_t v[SL_TF__COUNT];
} fields;

static void fields_of(const sl_timeval *v, fields *f)
{
    f->have = 0;
    if (v->has_date) {
        int64_t days = sl_cast_days_from_civil(v->year, v->month, v->day);
        f->have |= SL_TF_DATE_FIELDS;
        f->v[SL_TF_ERA] = v->year >= 1;
        f->v[SL_TF_YEAR_OF_ERA] = v->year >= 1 ? v->year : 1 - v->year;
        f->v[SL_TF_YEAR] = v->year;
        f->v[SL_TF_QUARTER] = (v->month - 1) / 3 + 1;
        f->v[SL_TF_MONTH] = v->month;
        f->v[SL_TF_DAY] = v->day;
        f->v[SL_TF_DAY_OF_YEAR] = days - sl_cast_days_from_civil(v->year, 1, 1) + 1;
        f->v[SL_TF_DAY_OF_WEEK] = ((days + 3) % 7 + 7) % 7 + 1;
    }
    if (v->has_time) {
        int64_t secs = v->hour * 3600 + v->minute * 60 + v->second;
        f->have |= SL_TF_TIME_FIELDS;
        f->v[SL_TF_AMPM] = v->hour >= 12;
        f->v[SL_TF_HOUR_AMPM] = v->hour % 12;
        f->v[SL_TF_CLOCK_AMPM] = v->hour % 12 ? v->hour % 12 : 12;
        f->v[SL_TF_HOUR] = v->hour;
        f->v[SL_TF_CLOCK_HOUR] = v->hour ? v->hour : 24;
        f->v[SL_TF_MINUTE] = v->minute;
        f->v[SL_TF_SECOND] = v->second;
        f->v[SL_TF_NANO] = v->nano;
        f->v[SL_TF_MILLI_OF_DAY] = secs * 1000 + v->nano / 1000000;
        f->v[SL_TF_NANO_OF_DAY] = secs * 1000000000LL + v->nano;
    }
}

static bool is_zone_el(const el *e)
{
    return e->kind == EL_OFFSET || e->kind == EL_LOCOFF || e->kind == EL_ZONEID ||
           e->kind == EL_ZONENAME;
}

static bool has_field_el(const el *e)
{
    return e->kind == EL_NUM || e->kind == EL_REDUCED || e->kind == EL_FRACTION ||
           e->kind == EL_TEXT;
}

static bool available(const sl_timefmt *f, uint32_t from, uint32_t to, const fields *fv,
                      const sl_timeval *v)
{
    for (uint32_t i = from; i < to; i++) {
        const el *e = &f->els[i];
        if (has_field_el(e) && !(fv->have >> e->field & 1)) return false;
        if (is_zone_el(e) && !v->has_zone) return false;
    }
    return true;
}

static int ndigits(uint64_t v)
{
    int n = 1;
    while (v >= 10)
        v /= 10, n++;
    return n;
}

/* v (>= 0) as at least width digits, written from the last digit back. */
static void put_fixed(wbuf *w, uint64_t v, int width)
{
    int nd = ndigits(v), total = nd > width ? nd : width;
    char *p = w->p + w->n + total;
    w->n += (size_t)total;
    for (int k = 0; k < total; k++) {
        *--p = (char)('0' + v % 10);
        v /= 10;
    }
}

static sl_error *format_num(const el *e, int64_t x, wbuf *w)
{
    uint64_t ax = x < 0 ? 0 - (uint64_t)x : (uint64_t)x;
    int nd = ndigits(ax);
    if (nd > e->max)
        return sl_error_new(SL_E_EVAL,
                            "Field %s cannot be printed as the value %lld exceeds the maximum "
                            "print width of %d",
                            field_names[e->field], (long long)x, e->max);
    if (x < 0) {
        if (e->sign == SIGN_NOT_NEGATIVE)
            return sl_error_new(SL_E_EVAL,
                                "Field %s cannot be printed as the value %lld cannot be negative "
                                "according to the SignStyle",
                                field_names[e->field], (long long)x);
        putch(w, '-');
    } else if (e->sign == SIGN_EXCEEDS_PAD && nd > e->min) {
        putch(w, '+');
    }
    put_fixed(w, ax, e->min);
    return NULL;
}

/* +HH[:MM[:SS]] in shape 0..8: +HH, +HHmm, +HH:mm, +HHMM, +HH:MM, +HHMMss, +HH:MM:ss,
 * +HHMMSS, +HH:MM:SS (lower case: only when not zero). */
static void format_offset(int shape, int32_t off, wbuf *w)
{
    int32_t a = off < 0 ? -off : off;
    int h = a / 3600, m = a / 60 % 60, s = a % 60;
    bool colon = shape % 2 == 0 && shape > 0;
    putch(w, off < 0 ? '-' : '+');
    put_fixed(w, (uint64_t)h, 2);
    if (shape >= 3 || (shape >= 1 && (m || s))) {
        if (colon) putch(w, ':');
        put_fixed(w, (uint64_t)m, 2);
        if (shape >= 7 || (shape >= 5 && s)) {
            if (colon) putch(w, ':');
            put_fixed(w, (uint64_t)s, 2);
        }
    }
}

/* GMT, GMT+8, GMT+8:30 (short) or GMT+08:00 (full), seconds when not zero. */
static void format_locoff(int style, int32_t off, wbuf *w)
{
    put(w, "GMT", 3);
    if (off == 0) return;
    int32_t a = off < 0 ? -off : off;
    int h = a / 3600, m = a / 60 % 60, s = a % 60;
    putch(w, off < 0 ? '-' : '+');
    put_fixed(w, (uint64_t)h, style == TS_FULL ? 2 : 1);
    if (style == TS_FULL || m || s) {
        putch(w, ':');
        put_fixed(w, (uint64_t)m, 2);
    }
    if (s) {
        putch(w, ':');
        put_fixed(w, (uint64_t)s, 2);
    }
}

static void put_zone_text(wbuf *w, const char *s)
{
    size_t n = strlen(s);
    put(w, s, n < ZONE_TEXT_MAX ? n : ZONE_TEXT_MAX);
}

static sl_error *format_el(const el *e, const char *lits, const fields *fv, const sl_timeval *v,
                           wbuf *w)
{
    if (is_zone_el(e) && !v->has_zone)
        return sl_error_new(SL_E_EVAL, "Unable to extract ZoneId from temporal");
    if (has_field_el(e) && !(fv->have >> e->field & 1))
        return sl_error_new(SL_E_EVAL, "Unsupported field: %s", field_names[e->field]);
    int64_t x = has_field_el(e) ? fv->v[e->field] : 0;
    switch (e->kind) {
    case EL_LIT:
        put(w, lits + e->lit, e->litn);
        break;
    case EL_NUM:
        return format_num(e, x, w);
    case EL_REDUCED:
        put_fixed(w, (uint64_t)(x < 0 ? -x : x) % 100, 2);
        break;
    case EL_FRACTION: { /* the first min of the nine digits */
        uint64_t frac = (uint64_t)x;
        for (int k = e->min; k < 9; k++)
            frac /= 10;
        put_fixed(w, frac, e->min);
        break;
    }
    case EL_TEXT: {
        int count, first;
        const char *const *names = names_of(e->field, e->style, &count, &first);
        put(w, names[x - first], strlen(names[x - first]));
        break;
    }
    case EL_OFFSET:
        if (v->offset == 0)
            put(w, e->zero, strlen(e->zero));
        else
            format_offset(e->style, v->offset, w);
        break;
    case EL_LOCOFF:
        format_locoff(e->style, v->offset, w);
        break;
    case EL_ZONEID:
        put_zone_text(w, v->zone_id);
        break;
    case EL_ZONENAME:
        put_zone_text(w, v->zone_abbr);
        break;
    default:
        break;
    }
    return NULL;
}

/* An upper bound of any element's output: a 19-digit number padded to 19 plus
 * a sign, the longest name, an offset, or a zone text. */
static size_t el_max_len(const el *e)
{
    switch (e->kind) {
    case EL_LIT:
        return e->litn;
    case EL_ZONEID:
    case EL_ZONENAME:
        return ZONE_TEXT_MAX;
    case EL_OPT_START:
    case EL_OPT_END:
        return 0;
    default:
        return 40;
    }
}

size_t sl_timefmt_max_len(const sl_timefmt *f)
{
    return f->max_len;
}

sl_error *sl_timefmt_format(const sl_timefmt *f, const sl_timeval *v, char *out, size_t *len)
{
    fields fv;
    fields_of(v, &fv);
    wbuf w = {out, 0};
    for (uint32_t i = 0; i < f->n; i++) {
        const el *e = &f->els[i];
        if (e->kind == EL_OPT_START) {
            if (!available(f, i + 1, e->end, &fv, v)) i = e->end;
            continue;
        }
        if (e->kind == EL_OPT_END) continue;
        sl_error *err = format_el(e, f->lits, &fv, v, &w);
        if (err) return err;
    }
    *len = w.n;
    return NULL;
}

/* --- parsing ------------------------------------------------------------------------------ */

typedef struct pstate {
    const char *s;
    size_t n, pos;
    sl_timeparse *out;
    bool conflict;
    int conflict_field;
} pstate;

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool set_field(pstate *ps, int field, int64_t v)
{
    sl_timeparse *o = ps->out;
    if ((o->have & (1u << field)) && o->v[field] != v) {
        ps->conflict = true;
        ps->conflict_field = field;
        return false;
    }
    o->have |= 1u << field;
    o->v[field] = v;
    return true;
}

/* Reads exactly k digits (k <= 18) at pos. */
static bool read_digits(pstate *ps, int k, int64_t *v)
{
    if (ps->pos + (size_t)k > ps->n) return false;
    int64_t x = 0;
    for (int i = 0; i < k; i++) {
        char c = ps->s[ps->pos + (size_t)i];
        if (!is_digit(c)) return false;
        x = x * 10 + (c - '0');
    }
    ps->pos += (size_t)k;
    *v = x;
    return true;
}

static bool parse_num(pstate *ps, const el *e)
{
    int sign = 1;
    if (e->sign != SIGN_NOT_NEGATIVE && ps->pos < ps->n &&
        (ps->s[ps->pos] == '-' || ps->s[ps->pos] == '+'))
        sign = ps->s[ps->pos++] == '-' ? -1 : 1;
    size_t avail = 0;
    while (ps->pos + avail < ps->n && is_digit(ps->s[ps->pos + avail]))
        avail++;
    int take = e->min;
    if (e->min != e->max) {
        /* as many as the field allows, leaving adjacent fixed-width fields theirs */
        int64_t room = (int64_t)avail - e->reserve;
        take = room > e->max ? e->max : (int)room;
        if (take < e->min) return false;
    }
    if (take > 18) return false; /* beyond any field's range */
    int64_t v;
    if (!read_digits(ps, take, &v)) return false;
    return set_field(ps, e->field, sign * v);
}

static bool parse_text(pstate *ps, const el *e)
{
    int count, first;
    const char *const *names = names_of(e->field, e->style, &count, &first);
    int best = -1;
    size_t best_len = 0;
    for (int i = 0; i < count; i++) {
        size_t len = strlen(names[i]);
        if (len > best_len && ps->pos + len <= ps->n &&
            strncasecmp(ps->s + ps->pos, names[i], len) == 0)
            best = i, best_len = len;
    }
    if (best < 0) return false;
    ps->pos += best_len;
    return set_field(ps, e->field, best + first);
}

/* [+-]HH then the shape's minutes and seconds; the zero text first. */
static bool parse_offset(pstate *ps, const el *e)
{
    size_t zl = strlen(e->zero);
    if (ps->pos + zl <= ps->n && strncasecmp(ps->s + ps->pos, e->zero, zl) == 0) {
        bool more =
            ps->pos + zl < ps->n && (is_digit(ps->s[ps->pos + zl]) || ps->s[ps->pos + zl] == ':');
        if (!more || e->zero[0] == 'Z') {
            ps->pos += zl;
            ps->out->has_offset = true;
            ps->out->offset = 0;
            return true;
        }
    }
    if (ps->pos >= ps->n || (ps->s[ps->pos] != '+' && ps->s[ps->pos] != '-')) return false;
    int sign = ps->s[ps->pos++] == '-' ? -1 : 1;
    int64_t h, m = 0, s = 0;
    if (!read_digits(ps, 2, &h)) return false;
    int shape = e->style;
    bool colon = shape % 2 == 0 && shape > 0;
    for (int part = 0; part < 2 && shape > 0; part++) {
        bool required = part == 0 ? shape >= 3 : shape >= 7;
        if (part == 1 && shape < 5) break;
        size_t save = ps->pos;
        if (colon) {
            if (ps->pos < ps->n && ps->s[ps->pos] == ':')
                ps->pos++;
            else if (required)
                return false;
            else
                break;
        }
        int64_t v;
        if (!read_digits(ps, 2, &v)) {
            if (required) return false;
            ps->pos = save;
            break;
        }
        if (part == 0)
            m = v;
        else
            s = v;
    }
    if (h > 18 || m > 59 || s > 59) return false;
    ps->out->has_offset = true;
    ps->out->offset = (int32_t)(sign * (h * 3600 + m * 60 + s));
    return true;
}

static bool parse_locoff(pstate *ps, const el *e)
{
    if (ps->pos + 3 > ps->n || strncasecmp(ps->s + ps->pos, "GMT", 3) != 0) return false;
    ps->pos += 3;
    ps->out->has_offset = true;
    ps->out->offset = 0;
    if (ps->pos >= ps->n || (ps->s[ps->pos] != '+' && ps->s[ps->pos] != '-')) return true;
    int sign = ps->s[ps->pos++] == '-' ? -1 : 1;
    int64_t h = 0, m = 0, s = 0;
    if (e->style == TS_FULL) {
        if (!read_digits(ps, 2, &h)) return false;
    } else {
        if (!read_digits(ps, 1, &h)) return false;
        int64_t h2;
        size_t save = ps->pos;
        if (read_digits(ps, 1, &h2))
            h = h * 10 + h2;
        else
            ps->pos = save;
    }
    if (ps->pos < ps->n && ps->s[ps->pos] == ':') {
        ps->pos++;
        if (!read_digits(ps, 2, &m)) return false;
        if (ps->pos < ps->n && ps->s[ps->pos] == ':') {
            ps->pos++;
            if (!read_digits(ps, 2, &s)) return false;
        }
    } else if (e->style == TS_FULL) {
        return false;
    }
    if (h > 18 || m > 59 || s > 59) return false;
    ps->out->offset = (int32_t)(sign * (h * 3600 + m * 60 + s));
    return true;
}

static bool parse_zone(pstate *ps)
{
    size_t b = ps->pos;
    while (ps->pos < ps->n) {
        char c = ps->s[ps->pos];
        bool ok =
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || strchr("~/._+:-", c);
        if (!ok || c == 0) break;
        ps->pos++;
    }
    if (ps->pos == b) return false;
    ps->out->zone = ps->s + b;
    ps->out->zone_len = ps->pos - b;
    return true;
}

static bool parse_el(pstate *ps, const sl_timefmt *f, const el *e)
{
    switch (e->kind) {
    case EL_LIT:
        if (ps->pos + e->litn > ps->n || memcmp(ps->s + ps->pos, f->lits + e->lit, e->litn) != 0)
            return false;
        ps->pos += e->litn;
        return true;
    case EL_NUM:
        return parse_num(ps, e);
    case EL_REDUCED: {
        int64_t v;
        if (!read_digits(ps, 2, &v)) return false;
        return set_field(ps, e->field, 2000 + v);
    }
    case EL_FRACTION: {
        int64_t v;
        if (!read_digits(ps, e->min, &v)) return false;
        for (int k = e->min; k < 9; k++)
            v *= 10;
        return set_field(ps, SL_TF_NANO, v);
    }
    case EL_TEXT:
        return parse_text(ps, e);
    case EL_OFFSET:
        return parse_offset(ps, e);
    case EL_LOCOFF:
        return parse_locoff(ps, e);
    case EL_ZONEID:
    case EL_ZONENAME:
        return parse_zone(ps);
    default:
        return true;
    }
}

/* Parses elements [from, to); on failure *err_pos is where it stopped. */
static bool parse_range(pstate *ps, const sl_timefmt *f, uint32_t from, uint32_t to)
{
    for (uint32_t i = from; i < to; i++) {
        const el *e = &f->els[i];
        if (e->kind == EL_OPT_START) {
            pstate save = *ps;
            sl_timeparse saved = *ps->out;
            if (!parse_range(ps, f, i + 1, e->end)) {
                if (ps->conflict) return false;
                *ps = save;
                *ps->out = saved;
            }
            i = e->end;
            continue;
        }
        if (e->kind == EL_OPT_END) continue;
        if (!parse_el(ps, f, e)) return false;
    }
    return true;
}

static const int64_t ranges[SL_TF__COUNT][2] = {
    [SL_TF_ERA] = {0, 1},
    [SL_TF_YEAR_OF_ERA] = {1, 999999999},
    [SL_TF_YEAR] = {-999999999, 999999999},
    [SL_TF_QUARTER] = {1, 4},
    [SL_TF_MONTH] = {1, 12},
    [SL_TF_DAY] = {1, 31},
    [SL_TF_DAY_OF_YEAR] = {1, 366},
    [SL_TF_DAY_OF_WEEK] = {1, 7},
    [SL_TF_AMPM] = {0, 1},
    [SL_TF_HOUR_AMPM] = {0, 11},
    [SL_TF_CLOCK_AMPM] = {1, 12},
    [SL_TF_HOUR] = {0, 23},
    [SL_TF_CLOCK_HOUR] = {1, 24},
    [SL_TF_MINUTE] = {0, 59},
    [SL_TF_SECOND] = {0, 59},
    [SL_TF_NANO] = {0, 999999999},
    [SL_TF_MILLI_OF_DAY] = {0, 86399999},
    [SL_TF_NANO_OF_DAY] = {0, 86399999999999LL},
};

sl_error *sl_timefmt_parse(const sl_timefmt *f, const char *s, size_t n, sl_timeparse *out)
{
    memset(out, 0, sizeof *out);
    pstate ps = {s, n, 0, out, false, 0};
    int shown = n > 200 ? 200 : (int)n;
    if (!parse_range(&ps, f, 0, f->n)) {
        if (ps.conflict)
            return sl_error_new(SL_E_EVAL, "Text '%.*s' could not be parsed: Conflict found: %s",
                                shown, s, field_names[ps.conflict_field]);
        return sl_error_new(SL_E_EVAL, "Text '%.*s' could not be parsed at index %zu", shown, s,
                            ps.pos);
    }
    if (ps.pos != n)
        return sl_error_new(SL_E_EVAL,
                            "Text '%.*s' could not be parsed, unparsed text found at index %zu",
                            shown, s, ps.pos);
    for (int fld = 0; fld < SL_TF__COUNT; fld++) {
        if (!(out->have & (1u << fld))) continue;
        int64_t v = out->v[fld];
        /* 24:00 is midnight at the end of the day (java.time's SMART resolving) */
        bool end_of_day = fld == SL_TF_HOUR && v == 24;
        if (!end_of_day && (v < ranges[fld][0] || v > ranges[fld][1]))
            return sl_error_new(SL_E_EVAL,
                                "Text '%.*s' could not be parsed: Invalid value for %s (valid "
                                "values %lld - %lld): %lld",
                                shown, s, field_names[fld], (long long)ranges[fld][0],
                                (long long)ranges[fld][1], (long long)v);
    }
    return NULL;
}
