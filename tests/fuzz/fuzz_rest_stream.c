/*
 * fuzz_rest_stream.c - fuzz target for the shell's /query response parser
 * (cli/rest_stream.c): bytes from a server are untrusted.
 *
 * The first input byte picks a chunk size (1..256); the rest is the body,
 * fed in chunks of that size. Whatever the bytes, the parser must end in an
 * event sequence or an error - never crash or leak - and give the same result
 * when the body is fed whole. A broken promise aborts.
 */
#include "cli/rest_client.h"
#include "cli/render.h"
#include "common/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool render(void *ctx, const sl_rest_event *ev)
{
    sl_buf *out = ctx;
    sl_render_opts o = {.width = 80, .wrap = true};
    if (ev->kind == SL_REST_EV_ROW)
        sl_render_grid_row(out, ev->columns, 3, ev->tombstone, &o);
    else if (ev->kind == SL_REST_EV_HEADER) {
        json_t *names = sl_render_schema_names(ev->schema);
        sl_render_grid_header(out, names, &o);
        json_decref(names);
    } else if (ev->message)
        sl_buf_printf(out, "%s\n", ev->message);
    return true;
}

/* Parses body in chunks of k bytes; returns the rendering or the error text. */
static char *parse(const char *body, size_t n, size_t k)
{
    sl_buf out = SL_BUF_INIT;
    sl_rest_stream *s = sl_rest_stream_new();
    sl_error *err = NULL;
    bool stopped = false;
    for (size_t off = 0; off < n && !err; off += k)
        err = sl_rest_stream_feed(s, body + off, off + k > n ? n - off : k, render, &out, &stopped);
    if (!err) err = sl_rest_stream_finish(s);
    if (err) {
        sl_buf_reset(&out);
        sl_buf_printf(&out, "ERR %d", (int)err->code);
    }
    sl_error_free(err);
    sl_rest_stream_free(s);
    return out.p ? sl_buf_take(&out) : calloc(1, 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    size_t k = (size_t)data[0] + 1;
    const char *body = (const char *)data + 1;
    char *chunked = parse(body, size - 1, k), *whole = parse(body, size - 1, size);
    if (strcmp(chunked, whole) != 0) abort();
    free(chunked);
    free(whole);
    return 0;
}
