/*
 * serde.c - the serde front: the table of formats and what each accepts, WITH
 * property validation, compiling a serde (copy the schema, check it against
 * the format, let the format build its plan) and dispatching decode/encode.
 *
 * One table drives the format rules:
 *
 *   format     wrap  unwrap  delimiter   columns
 *   NONE       -     -       -           none
 *   KAFKA      -     yes     -           exactly one INT/BIGINT/DOUBLE/STRING/BYTES
 *   JSON       yes   yes     -           any; MAP keys must be STRING
 *   DELIMITED  -     yes     yes         primitives only
 *
 * "wrap"/"unwrap" are the WRAP_SINGLE_VALUE settings a format takes (ksqlDB's
 * WRAP_SINGLES / UNWRAP_SINGLES features).
 */
#include "exec/serde_int.h"
#include "common/mem.h"
#include "common/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *name;
    bool wrap, unwrap, delimiter;
} formats[SL_SERDE__COUNT] = {
    [SL_SERDE_NONE] = {"NONE", false, false, false},
    [SL_SERDE_KAFKA] = {"KAFKA", false, true, false},
    [SL_SERDE_JSON] = {"JSON", true, true, false},
    [SL_SERDE_DELIMITED] = {"DELIMITED", false, true, true},
};

/* ksqlDB formats sluice does not implement (yet). */
static const char *const missing_formats[] = {"AVRO", "PROTOBUF", "PROTOBUF_NOSR", "JSON_SR"};

const char *sl_serde_format_name(sl_serde_format f)
{
    return f < SL_SERDE__COUNT ? formats[f].name : "?";
}

sl_error *sl_serde_format_parse(const char *name, sl_serde_format *out)
{
    for (int f = 0; f < SL_SERDE__COUNT; f++)
        if (strcasecmp(name, formats[f].name) == 0) {
            *out = (sl_serde_format)f;
            return NULL;
        }
    for (size_t i = 0; i < sizeof missing_formats / sizeof *missing_formats; i++)
        if (strcasecmp(name, missing_formats[i]) == 0)
            return sl_error_new(SL_E_UNSUPPORTED, "format '%s' is not supported by sluice",
                                missing_formats[i]);
    return sl_error_new(SL_E_STATEMENT, "Unknown format: %s", name);
}

bool sl_serde_format_accepts(sl_serde_format f, const char *name)
{
    if (f >= SL_SERDE__COUNT) return false;
    if (strcasecmp(name, "WRAP_SINGLE_VALUE") == 0) return formats[f].wrap || formats[f].unwrap;
    if (strcasecmp(name, "VALUE_DELIMITER") == 0 || strcasecmp(name, "KEY_DELIMITER") == 0)
        return formats[f].delimiter;
    return false;
}

/* ksqlDB's Delimiter.parse, reported as its config validator reports it. */
static sl_error *parse_delimiter(const char *prop, const char *value, char *out)
{
    static const char example[] = "\nExample valid value: ';'";
    size_t n = strlen(value), blank = 0;
    while (blank < n && (unsigned char)value[blank] <= ' ')
        blank++;
    if (blank == n)
        return sl_error_new(SL_E_STATEMENT,
                            "Configuration %s is invalid: Delimiter cannot be empty, if you meant "
                            "to have a tab or space for delimiter, please use the special values "
                            "'TAB' or 'SPACE'%s",
                            prop, example);
    if (strcmp(value, "TAB") == 0)
        *out = '\t';
    else if (strcmp(value, "SPACE") == 0)
        *out = ' ';
    else if (n == 1 && (unsigned char)value[0] < 0x80)
        *out = value[0];
    else
        return sl_error_new(SL_E_STATEMENT,
                            "Configuration %s is invalid: Invalid delimiter value: '%s'. Delimiter "
                            "must be a single %scharacter or TAB,SPACE%s",
                            prop, value,
                            n > 1 && n <= 4 && (unsigned char)value[0] >= 0xC0 ? "ASCII " : "",
                            example);
    /* commons-csv refuses these as delimiters of its CSV format. */
    if (*out == '"')
        return sl_error_new(SL_E_STATEMENT,
                            "Configuration %s is invalid: The quoteChar character and the "
                            "delimiter cannot be the same ('\"')%s",
                            prop, example);
    if (*out == '\n' || *out == '\r')
        return sl_error_new(SL_E_STATEMENT,
                            "Configuration %s is invalid: The delimiter cannot be a line break%s",
                            prop, example);
    return NULL;
}

static sl_error *wrong_side(const char *name, bool is_key)
{
    return sl_error_new(SL_E_INTERNAL, "property %s does not apply to a record %s", name,
                        is_key ? "key" : "value");
}

sl_error *sl_serde_props_set(sl_serde_props *props, sl_serde_format f, const char *name,
                             const char *value)
{
    if (f >= SL_SERDE__COUNT) return sl_error_new(SL_E_INTERNAL, "bad serde format %d", f);
    const char *fname = formats[f].name;
    if (strcasecmp(name, "WRAP_SINGLE_VALUE") == 0) {
        if (props->is_key) return wrong_side("WRAP_SINGLE_VALUE", true);
        bool wrap;
        if (strcasecmp(value, "true") == 0)
            wrap = true;
        else if (strcasecmp(value, "false") == 0)
            wrap = false;
        else
            return sl_error_new(SL_E_STATEMENT,
                                "Invalid value %s for configuration WRAP_SINGLE_VALUE: Expected "
                                "value to be either true or false",
                                value);
        if (wrap ? !formats[f].wrap : !formats[f].unwrap)
            return sl_error_new(SL_E_STATEMENT,
                                "Format '%s' does not support 'WRAP_SINGLE_VALUE' set to '%s'.",
                                fname, wrap ? "true" : "false");
        props->wrap_single = wrap;
        return NULL;
    }
    bool vdelim = strcasecmp(name, "VALUE_DELIMITER") == 0;
    if (vdelim || strcasecmp(name, "KEY_DELIMITER") == 0) {
        if (props->is_key == vdelim)
            return wrong_side(vdelim ? "VALUE_DELIMITER" : "KEY_DELIMITER", props->is_key);
        char c = 0;
        sl_error *err = parse_delimiter(vdelim ? "VALUE_DELIMITER" : "KEY_DELIMITER", value, &c);
        if (err) return err;
        if (!formats[f].delimiter)
            return sl_error_new(SL_E_STATEMENT,
                                "%s does not support the following configs: [delimiter]", fname);
        props->delimiter = c;
        return NULL;
    }
    return sl_error_new(SL_E_STATEMENT, "Invalid config variable(s) in the WITH clause: %s", name);
}

/* --- messages ----------------------------------------------------------------------------- */

sl_error *sl_serde_fail(const sl_serde *s, const char *fmt, ...)
{
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    const char *target = s->is_key ? "key" : "value";
    if (s->topic[0])
        return sl_error_new(SL_E_SERDE, "Failed to deserialize %s from topic: %s. %s", target,
                            s->topic, reason);
    return sl_error_new(SL_E_SERDE, "Failed to deserialize %s. %s", target, reason);
}

sl_error *sl_serde_type_unsupported(const sl_serde *s, const sl_type *t, const char *column)
{
    if (column)
        return sl_error_new(SL_E_STATEMENT,
                            "The '%s' format does not support type '%s', column: `%s`",
                            formats[s->format].name, sl_kind_name(t->kind), column);
    return sl_error_new(SL_E_STATEMENT, "The '%s' format does not support type '%s'",
                        formats[s->format].name, sl_kind_name(t->kind));
}

const char *sl_serde_clip(char *out, size_t cap, const void *text, size_t n)
{
    const uint8_t *p = text;
    size_t i = 0, k = 0;
    while (i < n) {
        size_t q = p[i] < 0x80 ? 1 : sl_serde_utf8_seq(p + i, n - i);
        if (k + (q ? q : 1) > cap - 4) {
            memcpy(out + k, "...", 3);
            k += 3;
            break;
        }
        if (q > 1) {
            memcpy(out + k, p + i, q);
            k += q;
            i += q;
            continue;
        }
        out[k++] = q && p[i] >= 0x20 && p[i] != 0x7F ? (char)p[i] : '?';
        i++;
    }
    out[k] = '\0';
    return out;
}

void sl_serde_print_columns(sl_buf *b, const sl_field *cols, uint32_t n, bool is_key)
{
    sl_buf_putc(b, '[');
    for (uint32_t i = 0; i < n; i++) {
        if (i) sl_buf_puts(b, ", ");
        sl_buf_printf(b, "`%s` ", cols[i].name);
        sl_type_print(b, cols[i].type);
        if (is_key) sl_buf_puts(b, " KEY");
    }
    sl_buf_putc(b, ']');
}

/* --- compile ------------------------------------------------------------------------------ */

static sl_error *check_none(const sl_serde *s)
{
    if (s->ncols == 0) return NULL;
    sl_buf b = SL_BUF_INIT;
    sl_serde_print_columns(&b, s->cols, s->ncols, s->is_key);
    sl_error *err = sl_error_new(SL_E_STATEMENT,
                                 "The 'NONE' format can only be used when no columns are defined. "
                                 "Got: %s",
                                 sl_buf_cstr(&b));
    sl_buf_free(&b);
    return err;
}

static sl_error *check_format(sl_serde *s)
{
    switch (s->format) {
    case SL_SERDE_NONE:
        return check_none(s);
    case SL_SERDE_KAFKA:
        return sl_serde_kafka_check(s);
    case SL_SERDE_JSON:
        return sl_serde_json_compile(s);
    case SL_SERDE_DELIMITED:
        return sl_serde_delim_check(s);
    default:
        return sl_error_new(SL_E_INTERNAL, "bad serde format %d", s->format);
    }
}

/* ksqlDB reports a key schema its format cannot hold with the schema spelled out. */
static sl_error *wrap_key_error(const sl_serde *s, sl_error *err)
{
    sl_buf b = SL_BUF_INIT;
    sl_serde_print_columns(&b, s->cols, s->ncols, true);
    sl_error *e2 =
        sl_error_new(err->code,
                     "Key format does not support schema.\nformat: %s\nschema: "
                     "Persistence{columns=%s, features=[%s]}\nreason: %s",
                     formats[s->format].name, sl_buf_cstr(&b),
                     s->unwrapped && s->format == SL_SERDE_JSON ? "UNWRAP_SINGLES" : "", err->msg);
    sl_buf_free(&b);
    sl_error_free(err);
    return e2;
}

static sl_error *check_wrapping(const sl_serde *s, const sl_serde_props *props)
{
    if (props->wrap_single == SL_SERDE_WRAP_DEFAULT) return NULL;
    if (s->is_key) return wrong_side("WRAP_SINGLE_VALUE", true);
    if (s->ncols != 1)
        return sl_error_new(SL_E_STATEMENT,
                            "'WRAP_SINGLE_VALUE' is only valid for single-field value schemas");
    bool wrap = props->wrap_single != 0;
    if (wrap ? !formats[s->format].wrap : !formats[s->format].unwrap)
        return sl_error_new(SL_E_STATEMENT,
                            "Format '%s' does not support 'WRAP_SINGLE_VALUE' set to '%s'.",
                            formats[s->format].name, wrap ? "true" : "false");
    return NULL;
}

sl_error *sl_serde_new(sl_serde_format f, const sl_field *cols, uint32_t ncols,
                       const sl_serde_props *props, const bool *needed, sl_serde **out)
{
    static const sl_serde_props defaults = SL_SERDE_PROPS_INIT;
    if (!props) props = &defaults;
    *out = NULL;
    if (f >= SL_SERDE__COUNT) return sl_error_new(SL_E_INTERNAL, "bad serde format %d", f);
    sl_serde *s = sl_calloc(1, sizeof *s);
    s->ar = sl_arena_new(0);
    s->format = f;
    s->is_key = props->is_key;
    s->ncols = ncols;
    s->delim = props->delimiter ? props->delimiter : ',';
    s->max_record = props->max_record_bytes ? props->max_record_bytes : SL_SERDE_MAX_RECORD_DEFAULT;
    s->max_depth = props->max_depth ? props->max_depth : SL_SERDE_MAX_DEPTH_DEFAULT;
    s->topic = sl_arena_strdup(s->ar, props->topic ? props->topic : "");
    s->cols = SL_ARENA_ARRAY(s->ar, sl_field, ncols ? ncols : 1);
    s->needed = SL_ARENA_ARRAY(s->ar, bool, ncols ? ncols : 1);
    for (uint32_t i = 0; i < ncols; i++) {
        s->cols[i].name = sl_arena_strdup(s->ar, cols[i].name);
        s->cols[i].type = sl_type_copy(s->ar, cols[i].type);
        s->needed[i] = needed ? needed[i] : true;
    }
    /* A lone column goes bare for KAFKA, for JSON keys, and for JSON values when asked. */
    s->unwrapped = ncols == 1 && (f == SL_SERDE_KAFKA ||
                                  (f == SL_SERDE_JSON && (s->is_key || props->wrap_single == 0)));
    sl_error *err = check_wrapping(s, props);
    if (!err && s->is_key) err = sl_serde_key_check(s);
    if (!err) {
        err = check_format(s);
        if (err && s->is_key) err = wrap_key_error(s, err);
    }
    if (err) {
        sl_serde_free(s);
        return err;
    }
    *out = s;
    return NULL;
}

void sl_serde_free(sl_serde *s)
{
    if (!s) return;
    sl_arena_free(s->ar);
    free(s);
}

sl_serde_format sl_serde_format_of(const sl_serde *s)
{
    return s->format;
}

uint32_t sl_serde_ncols(const sl_serde *s)
{
    return s->ncols;
}

/* --- run ---------------------------------------------------------------------------------- */

static void set_all_null(const sl_serde *s, sl_value *cols)
{
    for (uint32_t i = 0; i < s->ncols; i++)
        cols[i] = sl_value_null();
}

sl_error *sl_serde_decode(const sl_serde *s, const void *data, size_t len, sl_arena *ar,
                          sl_value *cols, bool *is_null)
{
    bool dummy;
    if (!is_null) is_null = &dummy;
    *is_null = false;
    if (!data) {
        set_all_null(s, cols);
        *is_null = true;
        return NULL;
    }
    if (len > s->max_record)
        return sl_serde_fail(s, "Record of %zu bytes exceeds the limit of %u bytes", len,
                             s->max_record);
    if (s->ncols == 0) return NULL; /* nothing to read: the bytes are ignored (NONE) */
    const uint8_t *p = data;
    switch (s->format) {
    case SL_SERDE_KAFKA:
        return sl_serde_kafka_decode(s, p, len, ar, cols);
    case SL_SERDE_JSON:
        return sl_serde_json_decode(s, p, len, ar, cols, is_null);
    case SL_SERDE_DELIMITED:
        return sl_serde_delim_decode(s, p, len, ar, cols);
    default:
        return sl_error_new(SL_E_INTERNAL, "bad serde format %d", s->format);
    }
}

sl_error *sl_serde_encode(const sl_serde *s, const sl_value *cols, sl_buf *out, bool *is_null)
{
    bool dummy;
    size_t mark = out->len;
    if (!is_null) is_null = &dummy;
    *is_null = false;
    switch (s->format) {
    case SL_SERDE_NONE:
        *is_null = true;
        return NULL;
    case SL_SERDE_KAFKA:
        sl_serde_kafka_encode(s, cols, out, is_null);
        break;
    case SL_SERDE_JSON: {
        sl_error *err = sl_serde_json_encode(s, cols, out, is_null);
        if (err) return err;
        break;
    }
    case SL_SERDE_DELIMITED:
        sl_serde_delim_encode(s, cols, out);
        break;
    default:
        return sl_error_new(SL_E_INTERNAL, "bad serde format %d", s->format);
    }
    if (out->len - mark > s->max_record) {
        size_t n = out->len - mark;
        out->len = mark;
        if (out->p) out->p[mark] = '\0';
        return sl_error_new(SL_E_SERDE,
                            "Failed to serialize %s%s%s: record of %zu bytes exceeds "
                            "the limit of %u bytes",
                            s->is_key ? "key" : "value", s->topic[0] ? " to topic: " : "", s->topic,
                            n, s->max_record);
    }
    return NULL;
}
