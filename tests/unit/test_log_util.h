/*
 * test_log_util.h - helpers shared by the tests of the state database and the
 * logs: scratch directories, clocks, and checks on sl_error results.
 */
#ifndef SL_TEST_LOG_UTIL_H
#define SL_TEST_LOG_UTIL_H

#include "common/error.h"
#include "exec/log.h"

#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Fails the test with the error's message when err is not NULL. */
#define CK_OK(expr)                                                                                \
    do {                                                                                           \
        sl_error *ck_err_ = (expr);                                                                \
        if (ck_err_) {                                                                             \
            char ck_msg_[512];                                                                     \
            snprintf(ck_msg_, sizeof ck_msg_, "%s", ck_err_->msg);                                 \
            sl_error_free(ck_err_);                                                                \
            ck_abort_msg("%s failed: %s", #expr, ck_msg_);                                         \
        }                                                                                          \
    } while (0)

/* Checks that expr fails with code and a message containing part; frees the error. */
#define CK_FAILS(expr, want_code, part)                                                            \
    do {                                                                                           \
        sl_error *ck_err_ = (expr);                                                                \
        ck_assert_msg(ck_err_ != NULL, "%s succeeded", #expr);                                     \
        int ck_code_ = ck_err_->code;                                                              \
        int ck_has_ = strstr(ck_err_->msg, (part)) != NULL;                                        \
        char ck_msg_[512];                                                                         \
        snprintf(ck_msg_, sizeof ck_msg_, "%s", ck_err_->msg);                                     \
        sl_error_free(ck_err_);                                                                    \
        ck_assert_msg(ck_code_ == (want_code) && ck_has_, "%s: unexpected error [%d] %s", #expr,   \
                      ck_code_, ck_msg_);                                                          \
    } while (0)

static inline char *test_tmpdir(void)
{
    char *d = strdup("/tmp/sl_test_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(d));
    return d;
}

static int test_rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static inline void test_rmdir(char *dir)
{
    nftw(dir, test_rm_one, 16, FTW_DEPTH | FTW_PHYS);
    free(dir);
}

static inline long long test_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A record with string key and value (NULL for null), timestamp ts, any partition. */
static inline sl_log_record test_rec(const char *key, const char *val, int64_t ts)
{
    return (sl_log_record){.key = (const uint8_t *)key,
                           .klen = key ? (uint32_t)strlen(key) : 0,
                           .val = (const uint8_t *)val,
                           .vlen = val ? (uint32_t)strlen(val) : 0,
                           .ts = ts,
                           .partition = SL_LOG_ANY_PARTITION};
}

/* True when the n bytes at p are the string s (or both are null). */
static inline bool test_payload_is(const uint8_t *p, uint32_t n, const char *s)
{
    return s ? p && n == strlen(s) && memcmp(p, s, n) == 0 : p == NULL;
}

#endif
