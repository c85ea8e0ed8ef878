/*
 * rest_stream.c - cuts a /query response into its elements as bytes arrive
 * (see rest_client.h for the format).
 *
 * Model: a byte-at-a-time state machine that needs no look-ahead, so a chunk
 * may end anywhere - inside a string, an escape, a number:
 *
 *   START --'['--> BETWEEN --'{'--> IN (depth 1) --depth back to 0--> BETWEEN
 *     |                |  ^ blanks, ','                         (element done:
 *     '{' (no array:   ']'                                       parse + event)
 *     objects one      v
 *     after another)  DONE (only blanks may follow)
 *
 * Inside an element it tracks only string/escape state and bracket depth; the
 * complete element is then parsed by jansson. Keep-alive blank lines are
 * blanks between elements.
 */
#include "cli/rest_client.h"
#include "common/buf.h"
#include "common/mem.h"

#include <stdlib.h>

#define MAX_ELEMENT (64u << 20)

typedef enum stream_state { ST_START, ST_BETWEEN, ST_IN, ST_DONE } stream_state;

struct sl_rest_stream {
    stream_state st;
    bool bare; /* objects one after another instead of an array */
    int depth; /* bracket depth inside the current element */
    bool in_str, esc;
    size_t offset; /* bytes consumed so far, for messages */
    sl_buf elem;   /* the current element's bytes */
};

sl_rest_stream *sl_rest_stream_new(void)
{
    return sl_calloc(1, sizeof(sl_rest_stream));
}

void sl_rest_stream_free(sl_rest_stream *s)
{
    if (!s) return;
    sl_buf_free(&s->elem);
    free(s);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static const char *str_member(const json_t *obj, const char *key)
{
    const char *v = json_string_value(json_object_get(obj, key));
    return v;
}

/* Turns a parsed element into an event. A tombstone without "columns" (the
 * v2 shape: {"row":{"key":[10],"tombstone":true}}) gets its key as columns. */
static sl_error *classify(json_t *el, sl_rest_event *ev)
{
    *ev = (sl_rest_event){.kind = SL_REST_EV_OTHER, .json = el};
    if (!json_is_object(el))
        return sl_error_new(SL_E_CORRUPT, "query response element is not an object");
    const json_t *v;
    if ((v = json_object_get(el, "header")) && json_is_object(v)) {
        ev->kind = SL_REST_EV_HEADER;
        ev->query_id = str_member(v, "queryId");
        ev->schema = str_member(v, "schema");
        if (!ev->schema) ev->schema = "";
    } else if ((v = json_object_get(el, "row")) && json_is_object(v)) {
        json_t *row = (json_t *)v, *key = json_object_get(row, "key");
        ev->kind = SL_REST_EV_ROW;
        ev->tombstone = json_is_true(json_object_get(row, "tombstone"));
        if (ev->tombstone && !json_object_get(row, "columns"))
            json_object_set_new(row, "columns", json_is_array(key) ? json_copy(key) : json_array());
        ev->columns = json_object_get(row, "columns");
        if (!json_is_array(ev->columns))
            return sl_error_new(SL_E_CORRUPT, "query response row has no \"columns\" array");
    } else if ((v = json_object_get(el, "finalMessage"))) {
        ev->kind = SL_REST_EV_FINAL;
        ev->message = json_is_string(v) ? json_string_value(v) : "";
    } else if ((v = json_object_get(el, "errorMessage"))) {
        ev->kind = SL_REST_EV_ERROR;
        ev->message = json_is_string(v) ? json_string_value(v) : sl_rest_error_message(v);
    } else if (json_object_get(el, "error_code") && json_object_get(el, "message")) {
        ev->kind = SL_REST_EV_ERROR; /* a bare error entity where rows were expected */
        ev->message = sl_rest_error_message(el);
    }
    return NULL;
}

static sl_error *emit(sl_rest_stream *s, sl_rest_event_fn fn, void *ctx, bool *stopped)
{
    json_error_t jerr;
    json_t *el = json_loadb(s->elem.p, s->elem.len, JSON_DECODE_ANY, &jerr);
    sl_buf_reset(&s->elem);
    if (!el)
        return sl_error_new(SL_E_CORRUPT,
                            "malformed element in the query response (near byte %zu): %s",
                            s->offset, jerr.text);
    sl_rest_event ev;
    sl_error *err = classify(el, &ev);
    if (!err && !fn(ctx, &ev)) *stopped = true;
    json_decref(el);
    return err;
}

static sl_error *unexpected(const sl_rest_stream *s, char c, const char *where)
{
    if ((unsigned char)c >= 0x20 && (unsigned char)c < 0x7f)
        return sl_error_new(SL_E_CORRUPT, "unexpected '%c' at byte %zu of the query response %s", c,
                            s->offset, where);
    return sl_error_new(SL_E_CORRUPT, "unexpected byte 0x%02x at byte %zu of the query response %s",
                        (unsigned char)c, s->offset, where);
}

/* One byte inside an element; true when it completes the element. */
static bool in_element(sl_rest_stream *s, char c)
{
    sl_buf_putc(&s->elem, c);
    if (s->in_str) {
        if (s->esc)
            s->esc = false;
        else if (c == '\\')
            s->esc = true;
        else if (c == '"')
            s->in_str = false;
        return false;
    }
    if (c == '"')
        s->in_str = true;
    else if (c == '{' || c == '[')
        s->depth++;
    else if (c == '}' || c == ']')
        s->depth--;
    return s->depth == 0;
}

static void start_element(sl_rest_stream *s, char c)
{
    s->st = ST_IN;
    s->depth = 1;
    s->in_str = s->esc = false;
    sl_buf_putc(&s->elem, c);
}

/* One byte outside an element. */
static sl_error *outside(sl_rest_stream *s, char c)
{
    if (is_blank(c)) return NULL;
    switch (s->st) {
    case ST_START:
        if (c == '[')
            s->st = ST_BETWEEN;
        else if (c == '{')
            s->bare = true, start_element(s, c);
        else
            return unexpected(s, c, "(it should start with '[')");
        return NULL;
    case ST_BETWEEN:
        if (c == '{')
            start_element(s, c);
        else if (c == ']' && !s->bare)
            s->st = ST_DONE;
        else if (c != ',')
            return unexpected(s, c, "between rows");
        return NULL;
    default:
        return unexpected(s, c, "after its end");
    }
}

sl_error *sl_rest_stream_feed(sl_rest_stream *s, const char *p, size_t n, sl_rest_event_fn fn,
                              void *ctx, bool *stopped)
{
    *stopped = false;
    for (size_t i = 0; i < n && !*stopped; i++, s->offset++) {
        sl_error *err = NULL;
        if (s->st != ST_IN) {
            err = outside(s, p[i]);
        } else if (in_element(s, p[i])) {
            s->st = ST_BETWEEN;
            err = emit(s, fn, ctx, stopped);
        } else if (s->elem.len > MAX_ELEMENT) {
            err = sl_error_new(SL_E_TOO_LARGE, "a query response element exceeds %u MiB",
                               MAX_ELEMENT >> 20);
        }
        if (err) return err;
    }
    return NULL;
}

sl_error *sl_rest_stream_finish(const sl_rest_stream *s)
{
    if (s->st == ST_IN)
        return sl_error_new(SL_E_CORRUPT, "the query response ended inside a row (after %zu bytes)",
                            s->offset);
    return NULL;
}
