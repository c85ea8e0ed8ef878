/*
 * cluster_id.c - the id /info reports as kafkaClusterId.
 *
 * With Kafka it is the cluster's own id, asked once at start-up through a
 * short-lived librdkafka handle configured as the engine's (bootstrap.servers
 * and the kafka.* passthrough properties that are not for the producer or
 * consumer only). With the embedded log there is no Kafka cluster, but the
 * data dir is one: a random 22-character id (16 bytes, base64url, as Kafka's)
 * is made on the first start and kept in data.dir/cluster.id.
 */
#include "common/mem.h"
#include "server/rest_int.h"

#include <errno.h>
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#define ID_LEN 22

static sl_error *kafka_cluster_id(const sl_conf *conf, char **out)
{
    char errstr[512];
    rd_kafka_conf_t *kc = rd_kafka_conf_new();
    rd_kafka_conf_res_t r = rd_kafka_conf_set(
        kc, "bootstrap.servers", sl_conf_str(conf, "bootstrap.servers"), errstr, sizeof errstr);
    for (const char *const *p = sl_conf_kafka_props(conf); r == RD_KAFKA_CONF_OK && *p; p += 2)
        if (strncmp(p[0], "producer.", 9) != 0 && strncmp(p[0], "consumer.", 9) != 0)
            r = rd_kafka_conf_set(kc, p[0], p[1], errstr, sizeof errstr);
    if (r != RD_KAFKA_CONF_OK) {
        rd_kafka_conf_destroy(kc);
        return sl_error_new(SL_E_KAFKA, "%s", errstr);
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, kc, errstr, sizeof errstr);
    if (!rk) {
        rd_kafka_conf_destroy(kc);
        return sl_error_new(SL_E_KAFKA, "%s", errstr);
    }
    char *id = rd_kafka_clusterid(rk, 10000);
    sl_error *err = id ? NULL : sl_error_new(SL_E_TIMEOUT, "no cluster id within 10 s");
    if (id) *out = sl_strdup(id);
    rd_kafka_mem_free(rk, id);
    rd_kafka_destroy(rk);
    return err;
}

static void new_id(char *id)
{
    static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    unsigned char raw[16];
    size_t got = 0;
    while (got < sizeof raw) {
        ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
        if (n > 0) got += (size_t)n;
    }
    for (int i = 0; i < ID_LEN; i++) { /* 6 bits per character */
        int bit = i * 6;
        unsigned v = (unsigned)raw[bit / 8] << 8 | (bit / 8 + 1 < 16 ? raw[bit / 8 + 1] : 0);
        id[i] = b64url[(v >> (10 - bit % 8)) & 63];
    }
    id[ID_LEN] = '\0';
}

static sl_error *embedded_cluster_id(const sl_conf *conf, char **out)
{
    char path[4096], tmp[4200], id[64];
    snprintf(path, sizeof path, "%s/cluster.id", sl_conf_str(conf, "data.dir"));
    FILE *f = fopen(path, "r");
    if (f) {
        bool ok = fgets(id, sizeof id, f) != NULL;
        fclose(f);
        id[strcspn(id, "\r\n")] = '\0';
        if (!ok || strlen(id) != ID_LEN)
            return sl_error_new(SL_E_CORRUPT, "%s does not hold a cluster id", path);
        *out = sl_strdup(id);
        return NULL;
    }
    if (errno != ENOENT) return sl_error_new(SL_E_IO, "cannot read %s: %s", path, strerror(errno));
    new_id(id);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    f = fopen(tmp, "w");
    bool ok = f && fprintf(f, "%s\n", id) > 0;
    if (f && fclose(f) != 0) ok = false;
    if (!ok || rename(tmp, path) != 0)
        return sl_error_new(SL_E_IO, "cannot write %s: %s", path, strerror(errno));
    *out = sl_strdup(id);
    return NULL;
}

sl_error *sl_rest_cluster_id(const sl_conf *conf, char **out)
{
    const char *bootstrap = sl_conf_str(conf, "bootstrap.servers");
    if (bootstrap && *bootstrap) return kafka_cluster_id(conf, out);
    return embedded_cluster_id(conf, out);
}
