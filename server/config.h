/*
 * config.h - sluiced's configuration: one static table of properties (name,
 * type, default, range, documentation) read from a .properties file and
 * overridden by environment variables named SLUICE_ + the key upper-cased with
 * dots as underscores (data.dir -> SLUICE_DATA_DIR). The same table generates
 * docs/configuration.md (`sluiced --print-config-doc`).
 *
 * Beside the table, keys starting "kafka." pass through to librdkafka with the
 * prefix removed (kafka.security.protocol=SASL_SSL, kafka.producer.linger.ms=5);
 * their environment form is SLUICE_KAFKA_ + the key with dots as underscores.
 *
 * An sl_conf is immutable once loaded; any thread may read it.
 */
#ifndef SL_SERVER_CONFIG_H
#define SL_SERVER_CONFIG_H

#include "common/buf.h"
#include "common/error.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct sl_conf sl_conf;

typedef enum sl_conf_type {
    SL_CONF_STRING,
    SL_CONF_INT,      /* 64-bit integer within [min, max] */
    SL_CONF_BOOL,     /* true/false */
    SL_CONF_DURATION, /* milliseconds; accepts "500", "500ms", "10s", "5m", "1h" */
    SL_CONF_SIZE,     /* bytes; accepts "1024", "64k", "10m", "1g" (KiB-based) */
    SL_CONF_ENUM,     /* one of the words in choices (case-insensitive) */
} sl_conf_type;

typedef struct sl_conf_def {
    const char *name;
    sl_conf_type type;
    const char *def; /* default, as text; NULL: unset */
    int64_t min, max;
    bool secret;      /* never printed or logged (passwords) */
    const char *doc;
    const char *choices; /* SL_CONF_ENUM: the accepted words, "a|b|c" */
} sl_conf_def;

/* A configuration holding every default. */
sl_conf *sl_conf_new(void);
void sl_conf_free(sl_conf *conf);
/* Reads a .properties file (key=value or key: value lines, # and ! comments,
 * backslash line continuations). Unknown keys and bad values are errors that
 * name the file and line. */
sl_error *sl_conf_load_file(sl_conf *conf, const char *path);
/* Applies SLUICE_* environment overrides from envp (NULL-terminated). */
sl_error *sl_conf_load_env(sl_conf *conf, char *const *envp);
/* Sets one property from text, validating it (a kafka.* key outside the table is a
 * passthrough; its value is librdkafka's to check). */
sl_error *sl_conf_set(sl_conf *conf, const char *name, const char *value);

const char *sl_conf_str(const sl_conf *conf, const char *name);   /* NULL when unset */
int64_t sl_conf_int(const sl_conf *conf, const char *name);       /* INT, DURATION, SIZE */
bool sl_conf_bool(const sl_conf *conf, const char *name);
/* The kafka.* passthrough properties as a NULL-terminated key, value, key, value... list
 * with the "kafka." prefix removed, in the order set; valid until conf changes or is freed. */
const char *const *sl_conf_kafka_props(const sl_conf *conf);

/* The table, for SHOW PROPERTIES and docs. */
const sl_conf_def *sl_conf_defs(int *n);
/* Appends the configuration reference in Markdown. */
void sl_conf_print_doc(sl_buf *out);

#endif
