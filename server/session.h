/*
 * session.h - a query answered over REST: one SELECT (push or pull) or PRINT,
 * from its text to the bytes of its answer.
 *
 *   text ─parse─> SELECT ... EMIT CHANGES   push: a transient query on its own worker
 *                                           thread; rows arrive through its CALLBACK
 *                                           node and wait in the session's buffer
 *                 SELECT ... FROM table     pull: read from the table's pull store
 *                                           (one snapshot) as the client reads
 *                 SELECT ... FROM stream    pull: a transient query stepped by the
 *                                           reading thread up to the topic's end offsets
 *                                           as they were when the query began
 *                 PRINT topic               the topic's records as text lines
 *
 * The client pulls the answer with sl_session_read (framed by qout.h). A push
 * session's buffer is bounded: a client that falls more than buffer_max bytes
 * behind gets an error element and its query is stopped; nothing else waits on
 * it. A push query ends at its LIMIT, at /close-query (sl_session_terminate),
 * or when the client goes (sl_session_close).
 *
 * Threads: sl_session_read and sl_session_close are the owner's (the HTTP
 * connection's thread); sl_session_terminate and the counters may be called
 * from any thread.
 */
#ifndef SL_SERVER_SESSION_H
#define SL_SERVER_SESSION_H

#include "common/error.h"
#include "server/engine.h"
#include "server/qout.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct sl_session sl_session;

typedef struct sl_session_opts {
    sl_qfmt fmt;
    size_t buffer_max; /* push: how far a client may fall behind (bytes) */
    int max_push;      /* push queries open at once (more: SL_E_TOO_MANY) */
} sl_session_opts;

#define SL_SESSION_END ((ssize_t)-1)

/* Opens a session for text, which must hold one SELECT or PRINT statement. Errors:
 * SL_E_WRONG_ENDPOINT (another statement), SL_E_TOO_MANY (push query cap), the parser's
 * and planner's. *is_pull (may be NULL) tells whether text was a pull query, whose errors
 * ksqlDB reports as statement errors. req's properties and variables apply (borrowed). */
sl_error *sl_session_open(sl_engine *eng, const char *text, sl_request *req,
                          const sl_session_opts *o, sl_session **out, bool *is_pull);
/* Writes the next bytes of the answer to buf (at most max): their count; 0 when a push
 * query had nothing for wait_ms; SL_SESSION_END after the last byte. */
ssize_t sl_session_read(sl_session *s, char *buf, size_t max, int wait_ms);
/* The query id (the header's queryId). */
const char *sl_session_id(const sl_session *s);
bool sl_session_is_push(const sl_session *s);
/* The Content-Type of the answer (PRINT answers text). */
const char *sl_session_content_type(const sl_session *s);
/* Ends the answer with an error element carrying msg (a push query's client idled too
 * long, say); what was produced before it is still read first. Any thread. */
void sl_session_fail(sl_session *s, const char *msg);
/* Stops whatever still runs and frees the session. NULL is a no-op. */
void sl_session_close(sl_session *s);

/* Ends the push query id: its answer ends after what it already produced. SL_E_NOT_FOUND
 * when no push query has that id. */
sl_error *sl_session_terminate(sl_engine *eng, const char *id);
/* Push queries open now. */
int sl_session_push_count(sl_engine *eng);

#endif
