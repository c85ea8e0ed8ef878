/*
 * config.c - the property table and its loaders (see config.h).
 *
 * Values are kept as validated text, one slot per table entry, so SHOW
 * PROPERTIES prints what the user wrote and typed getters parse on demand
 * (configuration is read at start-up, never per record). kafka.* keys outside
 * the table are kept in order in a NULL-terminated key/value list, prefix
 * removed, ready for sl_log_kafka_conf.extra.
 */
#include "server/config.h"
#include "common/mem.h"
#include "common/str.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const sl_conf_def defs[] = {
    {"listeners", SL_CONF_STRING, "http://0.0.0.0:8088", 0, 0, false,
     "Where the REST API listens: http://host:port (an IPv4 address or a host name; port 0 "
     "picks a free port, which the `sluiced ready` log line reports)."},
    {"data.dir", SL_CONF_STRING, "./sluice-data", 0, 0, false,
     "Directory holding state (RocksDB), the embedded log and the command log."},
    {"bootstrap.servers", SL_CONF_STRING, NULL, 0, 0, false,
     "Kafka brokers (host:port,...). Unset: topics live in the embedded log under data.dir."},
    {"kafka.mock.control", SL_CONF_STRING, NULL, 0, 0, false,
     "Tests only: the control socket of a mock Kafka cluster (tests/tools/sl_mock_kafka), "
     "through which topics are created, as the mock has no CreateTopics API."},
    {"service.id", SL_CONF_STRING, "default_", 0, 0, false,
     "Names this server's cluster: prefixes consumer groups, internal topics and the command "
     "topic, as ksqlDB's ksql.service.id."},
    {"num.stream.threads", SL_CONF_INT, "1", 1, 256, false,
     "Worker threads per persistent query; its tasks (one per input partition) are spread "
     "over them."},
    {"commit.interval.ms", SL_CONF_DURATION, "100", 1, 3600000, false,
     "How often a query commits its outputs, state and source offsets."},
    {"log.sync", SL_CONF_BOOL, "false", 0, 0, false,
     "fsync the state/log write-ahead log on every commit. Off, a kill -9 loses nothing "
     "(the WAL is in the OS); on, a power loss loses nothing either."},
    {"log.level", SL_CONF_ENUM, "info", 0, 0, false,
     "Diagnostics threshold (logfmt lines on stderr).", "debug|info|warn|error|off"},
    {"auto.offset.reset", SL_CONF_ENUM, "earliest", 0, 0, false,
     "Where persistent queries start reading a source without committed offsets "
     "(transient push queries default to latest).", "earliest|latest"},
    {"fail.on.deserialization.error", SL_CONF_BOOL, "false", 0, 0, false,
     "Stop a query on a record that fails to deserialize, instead of logging it to the "
     "processing log and going on."},
    {"idle.timeout.ms", SL_CONF_DURATION, "10000", 0, INT64_MAX, false,
     "An input of a task (an upstream partition) that has said nothing for this long stops "
     "holding the task's watermark back; partitions that are merely caught up never do. "
     "0 waits forever."},
    {"request.max.bytes", SL_CONF_SIZE, "10m", 1024, 1073741824, false,
     "Largest REST request body accepted (larger: HTTP 413)."},
    {"statement.max.bytes", SL_CONF_SIZE, "1m", 64, 1073741824, false,
     "Longest statement text accepted."},
    {"request.max.statements", SL_CONF_INT, "1000", 1, 100000, false,
     "Most statements accepted in one /ksql request."},
    {"push.max.queries", SL_CONF_INT, "100", 1, 100000, false,
     "Concurrent push queries (more: HTTP 429)."},
    {"push.buffer.max.bytes", SL_CONF_SIZE, "4m", 4096, 1073741824, false,
     "How far a push query's client may fall behind: rows it has not read yet, in bytes. "
     "Past it the client gets an error element and its query is closed; other queries are "
     "not affected."},
    {"push.idle.timeout.ms", SL_CONF_DURATION, "0", 0, INT64_MAX, false,
     "A push query that produced no row for this long is closed (its answer ends with an "
     "error element). 0: never; keep-alive newlines hold the connection open meanwhile."},
    {"http.idle.timeout.ms", SL_CONF_DURATION, "60s", 1000, 86400000, false,
     "A connection on which nothing was sent or received for this long is closed: idle "
     "keep-alive connections, clients that stop reading, slow senders."},
    {"http.max.connections", SL_CONF_INT, "1000", 1, 100000, false,
     "Connections served at once (each has a thread)."},
    {"request.denied.properties", SL_CONF_STRING,
     "data.dir,listeners,bootstrap.servers,service.id,num.stream.threads,log.sync", 0, 0, false,
     "Properties a request may not override in streamsProperties/properties (comma-separated); "
     "a request that tries is refused with HTTP 400."},
    {"authentication.basic.user", SL_CONF_STRING, NULL, 0, 0, false,
     "Turns on HTTP Basic authentication: every endpoint but /healthcheck then needs this "
     "user and authentication.basic.password (else HTTP 401)."},
    {"authentication.basic.password", SL_CONF_STRING, NULL, 0, 0, true,
     "The password of authentication.basic.user (never printed or logged)."},
    {"ssl.certificate.location", SL_CONF_STRING, NULL, 0, 0, false,
     "PEM file with the server's TLS certificate (chain), for an https:// listener."},
    {"ssl.key.location", SL_CONF_STRING, NULL, 0, 0, false,
     "PEM file with the private key of ssl.certificate.location (unencrypted)."},
    {"health.window.ms", SL_CONF_DURATION, "60s", 1000, 86400000, false,
     "The window over which /healthcheck judges a query's error rate and activity."},
    {"health.max.error.rate.ppm", SL_CONF_INT, "10000", 0, 1000000, false,
     "A query whose errors exceed this share of the records it read in the health window "
     "(parts per million: 10000 = 1%; at least 100 records) makes /healthcheck unhealthy."},
    {"health.max.watermark.lag.ms", SL_CONF_DURATION, "5m", 1, INT64_MAX, false,
     "A query still receiving records whose watermark is further than this behind the wall "
     "clock makes /healthcheck unhealthy."},
    {"health.stall.ms", SL_CONF_DURATION, "60s", 1000, INT64_MAX, false,
     "A query with records waiting that processed none for this long is stalled: "
     "/healthcheck is unhealthy."},
    {"rest.topics.enabled", SL_CONF_BOOL, "true", 0, 0, false,
     "Serve the topic API (/topics: create topics, write and read raw records), sluice's "
     "way into the embedded log for test drivers and loaders."},
    {"processing.log.include.rows", SL_CONF_BOOL, "false", 0, 0, false,
     "Include the failing record's data in processing log entries."},
};

#define NDEFS ((int)(sizeof defs / sizeof defs[0]))

#define KAFKA_PREFIX "kafka."

struct sl_conf {
    char *val[NDEFS];
    char **kafka; /* key, value, ..., NULL (prefix removed); NULL when none */
    size_t nkafka, capkafka; /* strings in kafka, without the NULL */
};

/* Names are looked up per request (limits, planner properties), most often for a name that
 * is not in the table (ksqlDB's own properties): an open-addressing index over the names,
 * built once, makes a miss one probe or two instead of a pass over the table. */
#define INDEX_SLOTS 256
static int16_t name_index[INDEX_SLOTS]; /* def + 1; 0: empty */
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static unsigned name_hash(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static void build_index(void)
{
    _Static_assert(NDEFS < INDEX_SLOTS / 2, "the config index is too small");
    for (int i = 0; i < NDEFS; i++) {
        unsigned h = name_hash(defs[i].name) % INDEX_SLOTS;
        while (name_index[h]) h = (h + 1) % INDEX_SLOTS;
        name_index[h] = (int16_t)(i + 1);
    }
}

static int find_def(const char *name)
{
    pthread_once(&index_once, build_index);
    for (unsigned h = name_hash(name) % INDEX_SLOTS; name_index[h]; h = (h + 1) % INDEX_SLOTS)
        if (strcmp(defs[name_index[h] - 1].name, name) == 0) return name_index[h] - 1;
    return -1;
}

sl_conf *sl_conf_new(void)
{
    sl_conf *conf = sl_calloc(1, sizeof *conf);
    for (int i = 0; i < NDEFS; i++)
        if (defs[i].def) conf->val[i] = sl_strdup(defs[i].def);
    return conf;
}

void sl_conf_free(sl_conf *conf)
{
    if (!conf) return;
    for (int i = 0; i < NDEFS; i++) free(conf->val[i]);
    for (size_t i = 0; i < conf->nkafka; i++) free(conf->kafka[i]);
    free(conf->kafka);
    free(conf);
}

/* Parses n with an optional unit suffix; units maps suffix letters to multipliers. */
static bool parse_scaled(const char *s, const char *const *units, const int64_t *mult,
                         int64_t *out)
{
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || errno) return false;
    int64_t m = 1;
    if (*end) {
        int k = 0;
        for (; units[k]; k++)
            if (strcasecmp(end, units[k]) == 0) break;
        if (!units[k]) return false;
        m = mult[k];
    }
    if (v != 0 && (v > INT64_MAX / m || v < INT64_MIN / m)) return false;
    *out = v * m;
    return true;
}

/* The index of word s among choices ("a|b|c"), case-insensitive. */
static bool enum_index(const char *choices, const char *s, int64_t *out)
{
    size_t n = strlen(s);
    int64_t i = 0;
    for (const char *c = choices; *c; i++) {
        size_t len = strcspn(c, "|");
        if (len == n && n && strncasecmp(c, s, n) == 0) {
            *out = i;
            return true;
        }
        c += len + (c[len] == '|');
    }
    return false;
}

static bool parse_value(const sl_conf_def *d, const char *s, int64_t *out)
{
    static const char *const dur_units[] = {"ms", "s", "m", "h", "d", NULL};
    static const int64_t dur_mult[] = {1, 1000, 60000, 3600000, 86400000};
    static const char *const size_units[] = {"b", "k", "kb", "m", "mb", "g", "gb", NULL};
    static const int64_t size_mult[] = {1, 1 << 10, 1 << 10, 1 << 20, 1 << 20, 1 << 30, 1 << 30};
    switch (d->type) {
    case SL_CONF_BOOL:
        if (strcasecmp(s, "true") == 0) *out = 1;
        else if (strcasecmp(s, "false") == 0) *out = 0;
        else return false;
        return true;
    case SL_CONF_INT: {
        long long v;
        if (!sl_str_to_i64(s, strlen(s), &v)) return false;
        *out = v;
        return true;
    }
    case SL_CONF_DURATION: return parse_scaled(s, dur_units, dur_mult, out);
    case SL_CONF_SIZE: return parse_scaled(s, size_units, size_mult, out);
    case SL_CONF_ENUM: return enum_index(d->choices, s, out);
    default: return true;
    }
}

/* Sets a kafka.* passthrough property (name without the prefix), replacing an earlier value. */
static sl_error *set_kafka(sl_conf *conf, const char *name, const char *value)
{
    if (!*name)
        return sl_error_new(SL_E_BAD_REQUEST, "'%s' names no librdkafka property", KAFKA_PREFIX);
    for (size_t i = 0; i < conf->nkafka; i += 2) {
        if (strcmp(conf->kafka[i], name) != 0) continue;
        free(conf->kafka[i + 1]);
        conf->kafka[i + 1] = sl_strdup(value);
        return NULL;
    }
    SL_GROW(conf->kafka, conf->capkafka, conf->nkafka + 3);
    conf->kafka[conf->nkafka++] = sl_strdup(name);
    conf->kafka[conf->nkafka++] = sl_strdup(value);
    conf->kafka[conf->nkafka] = NULL;
    return NULL;
}

sl_error *sl_conf_set(sl_conf *conf, const char *name, const char *value)
{
    int i = find_def(name);
    if (i < 0 && strncmp(name, KAFKA_PREFIX, strlen(KAFKA_PREFIX)) == 0)
        return set_kafka(conf, name + strlen(KAFKA_PREFIX), value);
    if (i < 0) return sl_error_new(SL_E_BAD_REQUEST, "unknown configuration property '%s'", name);
    const sl_conf_def *d = &defs[i];
    int64_t v = 0;
    if (d->type == SL_CONF_ENUM && !parse_value(d, value, &v))
        return sl_error_new(SL_E_BAD_REQUEST, "invalid value for '%s': '%s' (one of: %s)", name,
                            value, d->choices);
    if (!parse_value(d, value, &v))
        return sl_error_new(SL_E_BAD_REQUEST, "invalid value for '%s': '%s'", name,
                            d->secret ? "***" : value);
    if ((d->type == SL_CONF_INT || d->type == SL_CONF_DURATION || d->type == SL_CONF_SIZE) &&
        (v < d->min || v > d->max))
        return sl_error_new(SL_E_BAD_REQUEST, "value for '%s' out of range [%lld, %lld]: %s",
                            name, (long long)d->min, (long long)d->max, value);
    free(conf->val[i]);
    conf->val[i] = sl_strdup(value);
    return NULL;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
    return s;
}

/* Joins backslash-continued lines into one logical line in *line (malloc'd). */
static bool read_logical_line(FILE *f, sl_buf *line, int *lineno)
{
    sl_buf_reset(line);
    char *raw = NULL;
    size_t cap = 0;
    bool any = false;
    while (getline(&raw, &cap, f) >= 0) {
        (*lineno)++;
        any = true;
        size_t n = strcspn(raw, "\r\n");
        raw[n] = '\0';
        char *t = line->len ? trim(raw) : raw;
        size_t tn = strlen(t);
        if (tn && t[tn - 1] == '\\') {
            sl_buf_append(line, t, tn - 1);
            continue;
        }
        sl_buf_append(line, t, tn);
        break;
    }
    free(raw);
    return any;
}

sl_error *sl_conf_load_file(sl_conf *conf, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return sl_error_new(SL_E_IO, "cannot open config file '%s': %s", path, strerror(errno));
    sl_buf line = SL_BUF_INIT;
    sl_error *err = NULL;
    int lineno = 0;
    while (!err && read_logical_line(f, &line, &lineno)) {
        if (!line.p) continue;
        char *s = trim(line.p);
        if (!*s || *s == '#' || *s == '!') continue;
        size_t k = strcspn(s, "=:");
        if (!s[k]) {
            err = sl_error_new(SL_E_BAD_REQUEST, "%s:%d: expected key=value", path, lineno);
            break;
        }
        s[k] = '\0';
        err = sl_conf_set(conf, trim(s), trim(s + k + 1));
        if (err) err = sl_error_prefix(err, "%s:%d: ", path, lineno);
    }
    sl_buf_free(&line);
    fclose(f);
    return err;
}

/* The environment variable of a key: SLUICE_ + the key upper-cased, dots as underscores. */
static void env_name(const char *key, char *var, size_t size)
{
    size_t n = (size_t)snprintf(var, size, "SLUICE_");
    for (const char *c = key; *c && n < size - 1; c++)
        var[n++] = *c == '.' ? '_' : (char)toupper((unsigned char)*c);
    var[n] = '\0';
}

/* SLUICE_KAFKA_<X> that is not a table key: kafka.<x>, lower-cased, underscores as dots. */
static sl_error *load_env_kafka(sl_conf *conf, const char *entry)
{
    static const char prefix[] = "SLUICE_KAFKA_";
    const char *eq = strchr(entry, '=');
    if (strncmp(entry, prefix, sizeof prefix - 1) != 0 || !eq) return NULL;
    char key[256] = KAFKA_PREFIX;
    size_t n = strlen(key);
    for (const char *c = entry + sizeof prefix - 1; c < eq && n < sizeof key - 1; c++)
        key[n++] = *c == '_' ? '.' : (char)tolower((unsigned char)*c);
    key[n] = '\0';
    if (find_def(key) >= 0) return NULL; /* a table key (kafka.mock.control): done already */
    sl_error *err = sl_conf_set(conf, key, eq + 1);
    return err ? sl_error_prefix(err, "environment %.*s: ", (int)(eq - entry), entry) : NULL;
}

sl_error *sl_conf_load_env(sl_conf *conf, char *const *envp)
{
    for (int i = 0; i < NDEFS; i++) {
        char var[128];
        env_name(defs[i].name, var, sizeof var);
        size_t n = strlen(var);
        for (char *const *e = envp; e && *e; e++) {
            if (strncmp(*e, var, n) != 0 || (*e)[n] != '=') continue;
            sl_error *err = sl_conf_set(conf, defs[i].name, *e + n + 1);
            if (err) return sl_error_prefix(err, "environment %s: ", var);
        }
    }
    for (char *const *e = envp; e && *e; e++) {
        sl_error *err = load_env_kafka(conf, *e);
        if (err) return err;
    }
    return NULL;
}

const char *sl_conf_str(const sl_conf *conf, const char *name)
{
    int i = find_def(name);
    return i < 0 ? NULL : conf->val[i];
}

int64_t sl_conf_int(const sl_conf *conf, const char *name)
{
    int i = find_def(name);
    int64_t v = 0;
    if (i >= 0 && conf->val[i]) parse_value(&defs[i], conf->val[i], &v);
    return v;
}

bool sl_conf_bool(const sl_conf *conf, const char *name)
{
    return sl_conf_int(conf, name) != 0;
}

const char *const *sl_conf_kafka_props(const sl_conf *conf)
{
    static const char *const none[] = {NULL};
    return conf->kafka ? (const char *const *)conf->kafka : none;
}

const sl_conf_def *sl_conf_defs(int *n)
{
    *n = NDEFS;
    return defs;
}

void sl_conf_print_doc(sl_buf *out)
{
    static const char *type_names[] = {"string", "integer", "boolean",
                                       "duration", "size", "one of"};
    sl_buf_puts(out, "# Configuration reference\n\n"
                     "<!-- Generated by `sluiced --print-config-doc`; do not edit by hand. -->\n\n"
                     "sluiced reads `--config FILE` (Java .properties syntax); every key can be\n"
                     "overridden by an environment variable `SLUICE_<KEY>` (upper case, dots as\n"
                     "underscores), e.g. `SLUICE_DATA_DIR=/var/lib/sluice`.\n\n"
                     "Durations accept `ms`, `s`, `m`, `h`, `d` suffixes; sizes `k`, `m`, `g`.\n\n"
                     "| key | type | default | description |\n| --- | --- | --- | --- |\n");
    for (int i = 0; i < NDEFS; i++) {
        const sl_conf_def *d = &defs[i];
        sl_buf_printf(out, "| `%s` | %s", d->name, type_names[d->type]);
        for (const char *c = d->choices; d->type == SL_CONF_ENUM && *c;) {
            size_t len = strcspn(c, "|");
            sl_buf_printf(out, "%s`%.*s`", c == d->choices ? " " : ", ", (int)len, c);
            c += len + (c[len] == '|');
        }
        sl_buf_printf(out, " | %s | %s |\n", d->def ? d->def : "(unset)", d->doc);
    }
    sl_buf_puts(out, "\n## Kafka client properties\n\n"
                     "With `bootstrap.servers` set, any key `kafka.<property>` is handed to\n"
                     "librdkafka as `<property>` (its CONFIGURATION.md lists them): for example\n"
                     "`kafka.security.protocol=SASL_SSL`, `kafka.sasl.mechanism=PLAIN`. A\n"
                     "`kafka.producer.` or `kafka.consumer.` prefix gives the property to that\n"
                     "client only (`kafka.producer.linger.ms=5`). librdkafka checks the values\n"
                     "when sluiced starts. The environment form is `SLUICE_KAFKA_<PROPERTY>`,\n"
                     "lower-cased with underscores as dots (`SLUICE_KAFKA_SASL_USERNAME`), so\n"
                     "properties whose names contain an underscore can only be set in the file.\n");
}
