/*
 * session_int.h - what the session files share (session.c: opening, push and
 * stream pull queries, reading; session_pull.c: table pull queries;
 * session_print.c: PRINT). Private to them.
 */
#ifndef SL_SERVER_SESSION_INT_H
#define SL_SERVER_SESSION_INT_H

#include "exec/pullstore.h"
#include "server/engine_int.h"
#include "server/session.h"

#include <pthread.h>

typedef enum sess_kind { SESS_PUSH, SESS_PULL_STREAM, SESS_PULL_TABLE, SESS_PRINT } sess_kind;

struct sl_session {
    sl_engine *eng;
    sess_kind kind;
    sl_qfmt fmt;
    char id[128];
    const sl_field *cols; /* the result columns */
    uint32_t ncols;
    int64_t limit, sent; /* LIMIT (-1: none) and rows written */
    /* the answer: bytes [off, out.len) not yet read; guarded by mu for a push query, whose
     * rows arrive on its worker thread */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    sl_buf out;
    size_t off;
    size_t buffer_max;
    bool done;       /* the answer is complete in out */
    bool registered; /* in the engine's list of push sessions */
    /* push and stream pull */
    sl_transient tr;
    sl_query *q;
    int64_t *ends; /* stream pull: the end offsets to read up to */
    int32_t nparts;
    int idle; /* stream pull: empty steps in a row */
    /* table pull (session_pull.c) */
    sl_pull_plan *pp;
    sl_pull_reader *rd;
    sl_prog *where, *proj;
    sl_arena *row_ar;
    sl_value *tvals, *vals;
    /* PRINT (session_print.c) */
    sl_log_consumer *c;
    bool from_beginning;
    int64_t interval, seen;
};

/* session.c: appends the end of the answer (a final message first when given) and marks it
 * done. Callers hold mu when the session is a push session. */
void sl_sess_finish(sl_session *s, const char *final_msg);
/* Allocates a session of kind for eng. */
sl_session *sl_sess_new(sl_engine *eng, sess_kind kind, const sl_session_opts *o);

/* session_pull.c: a pull query on a table, planned (under the engine lock, by the caller)
 * and ready to read. */
sl_error *sl_sess_pull_open(sl_session *s, sl_stmtctx *sx);
/* Appends rows until out holds about want bytes or the answer is complete. */
void sl_sess_pull_fill(sl_session *s, size_t want);
void sl_sess_pull_close(sl_session *s);

/* session_print.c */
sl_error *sl_sess_print_open(sl_session *s, sl_stmtctx *sx);
void sl_sess_print_fill(sl_session *s, int wait_ms);
void sl_sess_print_close(sl_session *s);

#endif
