/*
 * fn_url.c - the URL functions: URL_ENCODE_PARAM, URL_DECODE_PARAM and
 * URL_EXTRACT_{FRAGMENT,HOST,PARAMETER,PATH,PORT,PROTOCOL,QUERY}.
 *
 * Model: ksqlDB parses with java.net.URI (RFC 2396), so this file has a small
 * parser with the same shape:
 *
 *     [scheme:]scheme-specific-part[#fragment]
 *     hierarchical part:  [//authority][path][?query]     (opaque when the part
 *     authority:          [userinfo@]host[:port]           after "scheme:" does
 *                         or a registry name (no host)      not start with '/')
 *
 * Characters outside what RFC 2396 allows (spaces, quotes, braces, a stray '%')
 * make the URL invalid, which is a per-record error as in ksqlDB. An authority
 * that is not a valid server (say, an underscore in the host name) is kept as a
 * registry name, so the URL is valid but has no host or port. Path, query and
 * fragment come back percent-decoded (UTF-8), '+' left alone; the parameter
 * functions use application/x-www-form-urlencoded rules ('+' is a space).
 */
#include "exec/fn_int.h"

#include <string.h>

#define FN(name) static sl_error *name(sl_fnctx *cx, const sl_value *a, int n, sl_value *out)

typedef struct span {
    const char *p; /* NULL when the component is absent */
    size_t n;
} span;

typedef struct url {
    span scheme, host, port, path, query, fragment;
} url;

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
    return is_alpha(c) || is_digit(c);
}

static bool is_hex(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* ASCII characters RFC 2396 allows in a URI besides alphanumerics and escapes. */
static bool uri_punct(char c)
{
    return c && strchr("-_.!~*'();/?:@&=+$,[]#", c) != NULL;
}

/* Checks s[0..n) holds only URI characters: ASCII ones RFC 2396 allows, %XX
 * escapes, and non-ASCII characters that are not spaces or controls (Java's
 * "other" category). Returns the offset of the first bad character, or n. */
static size_t uri_check(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            size_t j = i;
            uint32_t cp = sl_fn_utf8_next(s, n, &j);
            if (cp == 0xFFFD || cp < 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
                cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000)
                return i;
            i = j;
        } else if (c == '%') {
            if (i + 2 >= n || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) return i;
            i += 3;
        } else if (is_alnum((char)c) || uri_punct((char)c)) {
            i++;
        } else {
            return i;
        }
    }
    return n;
}

/* A host name: dot-separated labels of alphanumerics and inner dashes, the last
 * starting with a letter; or an IPv4 address; or a bracketed IPv6 address. */
static bool valid_host(const char *h, size_t n)
{
    if (n == 0) return false;
    if (h[0] == '[') return n > 2 && h[n - 1] == ']';
    bool ipv4 = true;
    for (size_t i = 0; i < n; i++)
        ipv4 &= is_digit(h[i]) || h[i] == '.';
    if (ipv4) return true;
    size_t last = 0;
    for (size_t i = 0; i < n;) {
        size_t b = i;
        if (!is_alnum(h[i])) return false;
        while (i < n && (is_alnum(h[i]) || h[i] == '-'))
            i++;
        if (h[i - 1] == '-') return false;
        last = b;
        if (i < n && h[i++] != '.') return false;
    }
    return is_alpha(h[last]);
}

/* Splits an authority into host and port when it is server-based. */
static void parse_authority(const char *s, size_t n, url *u)
{
    const char *at = memchr(s, '@', n);
    const char *h = at ? at + 1 : s;
    size_t hn = n - (size_t)(h - s);
    const char *colon = NULL;
    if (hn && h[0] == '[') {
        const char *close = memchr(h, ']', hn);
        if (!close) return;
        if ((size_t)(close - h) + 1 < hn) {
            if (close[1] != ':') return;
            colon = close + 1;
        }
    } else {
        colon = memrchr(h, ':', hn);
    }
    size_t host_n = colon ? (size_t)(colon - h) : hn;
    if (!valid_host(h, host_n)) return;
    if (colon) {
        size_t pn = hn - host_n - 1;
        if (pn > 9) return; /* Integer.parseInt would overflow: not a server authority */
        for (size_t i = 0; i < pn; i++)
            if (!is_digit(colon[1 + i])) return;
        if (pn) u->port = (span){colon + 1, pn};
    }
    u->host = (span){h, host_n};
}

/* Parses s as java.net.URI does; an error names the first offending offset. */
static sl_error *url_parse(const char *s, size_t n, url *u)
{
    memset(u, 0, sizeof *u);
    size_t bad = uri_check(s, n);
    const char *hash = memchr(s, '#', n);
    if (bad < n || (hash && memchr(hash + 1, '#', n - (size_t)(hash - s) - 1)))
        return fn_err("URL input has invalid syntax: %.*s", (int)n, s);
    size_t end = hash ? (size_t)(hash - s) : n;
    if (hash) u->fragment = (span){hash + 1, n - end - 1};
    size_t i = 0;
    size_t colon = 0;
    while (colon < end && s[colon] != ':' && s[colon] != '/' && s[colon] != '?')
        colon++;
    if (colon < end && s[colon] == ':') {
        if (colon == 0 || !is_alpha(s[0]))
            return fn_err("URL input has invalid syntax: %.*s", (int)n, s);
        for (size_t k = 1; k < colon; k++)
            if (!is_alnum(s[k]) && s[k] != '+' && s[k] != '-' && s[k] != '.')
                return fn_err("URL input has invalid syntax: %.*s", (int)n, s);
        u->scheme = (span){s, colon};
        i = colon + 1;
        if (i == end) return fn_err("URL input has invalid syntax: %.*s", (int)n, s);
        if (s[i] != '/') return NULL; /* opaque: no host, path or query */
    }
    if (end - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
        i += 2;
        size_t e = i;
        while (e < end && s[e] != '/' && s[e] != '?')
            e++;
        if (e == i && e == end) return fn_err("URL input has invalid syntax: %.*s", (int)n, s);
        parse_authority(s + i, e - i, u);
        i = e;
    }
    const char *q = memchr(s + i, '?', end - i);
    size_t pe = q ? (size_t)(q - s) : end;
    u->path = (span){s + i, pe - i};
    if (q) u->query = (span){q + 1, end - pe - 1};
    return NULL;
}

/* Percent-decodes sp (URI rules; with form, '+' is a space too) into cx->ar. */
static sl_error *decode(sl_fnctx *cx, span sp, bool form, sl_value *out)
{
    char *buf = sl_arena_alloc(cx->ar, sp.n + 1);
    size_t w = 0;
    for (size_t i = 0; i < sp.n; i++) {
        char c = sp.p[i];
        if (c == '%') {
            if (i + 2 >= sp.n || !is_hex(sp.p[i + 1]) || !is_hex(sp.p[i + 2]))
                return fn_err("URLDecoder: Illegal hex characters in escape (%%) pattern");
            uint8_t b;
            sl_fn_hex_decode(&b, sp.p + i + 1, 2);
            buf[w++] = (char)b;
            i += 2;
        } else {
            buf[w++] = form && c == '+' ? ' ' : c;
        }
    }
    /* the decoded bytes are read as UTF-8, malformed sequences as U+FFFD */
    size_t i = 0;
    while (i < w) {
        size_t j = i;
        if (sl_fn_utf8_next(buf, w, &j) == 0xFFFD) break;
        i = j;
    }
    if (i == w) {
        *out = sl_value_str(buf, (uint32_t)w);
        return NULL;
    }
    char *o = sl_arena_alloc(cx->ar, w * 3 + 1);
    size_t k = 0;
    for (i = 0; i < w;)
        k += (size_t)sl_fn_utf8_put(o + k, sl_fn_utf8_next(buf, w, &i));
    *out = sl_value_str(o, (uint32_t)k);
    return NULL;
}

typedef enum part { P_FRAGMENT, P_HOST, P_PATH, P_PORT, P_PROTOCOL, P_QUERY } part;

static sl_error *extract(sl_fnctx *cx, const sl_value *s, part which, sl_value *out)
{
    url u;
    sl_error *err = url_parse(s->u.s, s->len, &u);
    if (err) return err;
    *out = sl_value_null();
    switch (which) {
    case P_FRAGMENT:
        return u.fragment.p ? decode(cx, u.fragment, false, out) : NULL;
    case P_PATH:
        return u.path.p ? decode(cx, u.path, false, out) : NULL;
    case P_QUERY:
        return u.query.p ? decode(cx, u.query, false, out) : NULL;
    case P_HOST:
        if (u.host.p) *out = fn_str_dup(cx, u.host.p, u.host.n);
        return NULL;
    case P_PROTOCOL:
        if (u.scheme.p) *out = fn_str_dup(cx, u.scheme.p, u.scheme.n);
        return NULL;
    case P_PORT: {
        if (!u.port.p) return NULL;
        int64_t port = 0;
        for (size_t i = 0; i < u.port.n; i++)
            port = port * 10 + (u.port.p[i] - '0');
        *out = sl_value_int(port);
        return NULL;
    }
    }
    return NULL;
}

FN(extract_fragment)
{
    (void)n;
    return extract(cx, &a[0], P_FRAGMENT, out);
}

FN(extract_host)
{
    (void)n;
    return extract(cx, &a[0], P_HOST, out);
}

FN(extract_path)
{
    (void)n;
    return extract(cx, &a[0], P_PATH, out);
}

FN(extract_port)
{
    (void)n;
    return extract(cx, &a[0], P_PORT, out);
}

FN(extract_protocol)
{
    (void)n;
    return extract(cx, &a[0], P_PROTOCOL, out);
}

FN(extract_query)
{
    (void)n;
    return extract(cx, &a[0], P_QUERY, out);
}

/* The value of the first parameter named a[1] in the decoded query: "" for a
 * bare name, NULL when absent. */
FN(extract_parameter)
{
    (void)n;
    sl_value q;
    sl_error *err = extract(cx, &a[0], P_QUERY, &q);
    if (err || q.null) {
        *out = sl_value_null();
        return err;
    }
    const sl_value *name = &a[1];
    *out = sl_value_null();
    for (size_t i = 0; i <= q.len;) {
        const char *amp = memchr(q.u.s + i, '&', q.len - i);
        size_t e = amp ? (size_t)(amp - q.u.s) : q.len;
        const char *eq = memchr(q.u.s + i, '=', e - i);
        size_t ke = eq ? (size_t)(eq - q.u.s) : e;
        if (ke - i == name->len && memcmp(q.u.s + i, name->u.s, name->len) == 0) {
            *out = eq ? sl_value_str(eq + 1, (uint32_t)(e - ke - 1)) : sl_value_str(q.u.s, 0);
            return NULL;
        }
        i = e + 1;
    }
    return NULL;
}

/* URLEncoder.encode: alphanumerics and .-*_ stay, space is '+', the rest %XX of UTF-8. */
FN(encode_param)
{
    (void)n;
    const char *s = a[0].u.s;
    char *o;
    sl_value v = fn_str_new(cx, (size_t)a[0].len * 3, &o);
    size_t w = 0;
    for (size_t i = 0; i < a[0].len; i++) {
        char c = s[i];
        if (is_alnum(c) || c == '.' || c == '-' || c == '*' || c == '_') {
            o[w++] = c;
        } else if (c == ' ') {
            o[w++] = '+';
        } else {
            static const char hx[] = "0123456789ABCDEF";
            o[w++] = '%';
            o[w++] = hx[(unsigned char)c >> 4];
            o[w++] = hx[c & 15];
        }
    }
    v.len = (uint32_t)w;
    *out = v;
    return NULL;
}

FN(decode_param)
{
    (void)n;
    return decode(cx, (span){a[0].u.s, a[0].len}, true, out);
}

/* --- the table ------------------------------------------------------------------------------ */

#define URL1(fn, T, doc_)                                                                          \
    {                                                                                              \
        .params = "STRING", .ret = T, .impl = fn, .doc = doc_                                      \
    }

static const sl_fn_sig encode_sigs[] = {URL1(encode_param, "STRING",
                                             "Encodes the value with "
                                             "application/x-www-form-"
                                             "urlencoded rules.")};
static const sl_fn_sig decode_sigs[] = {URL1(decode_param, "STRING",
                                             "Decodes an application/"
                                             "x-www-form-urlencoded "
                                             "value.")};
static const sl_fn_sig fragment_sigs[] = {
    URL1(extract_fragment, "STRING", "Returns the decoded fragment of the URL, or NULL.")};
static const sl_fn_sig host_sigs[] = {
    URL1(extract_host, "STRING", "Returns the host of the URL, or NULL.")};
static const sl_fn_sig path_sigs[] = {
    URL1(extract_path, "STRING", "Returns the decoded path of the URL (empty when it has none).")};
static const sl_fn_sig port_sigs[] = {
    URL1(extract_port, "INT", "Returns the port of the URL, or NULL when it has none.")};
static const sl_fn_sig protocol_sigs[] = {
    URL1(extract_protocol, "STRING", "Returns the protocol (scheme) of the URL, or NULL.")};
static const sl_fn_sig query_sigs[] = {
    URL1(extract_query, "STRING", "Returns the decoded query string of the URL, or NULL.")};
static const sl_fn_sig parameter_sigs[] = {
    {.params = "STRING, STRING",
     .ret = "STRING",
     .impl = extract_parameter,
     .doc = "Returns the value of the named parameter in the URL's query string, or NULL."},
};

const sl_fn_def sl_fn_defs_url[] = {
    {"URL_DECODE_PARAM", SL_FN_SCALAR, FN_CAT_URL,
     "Decodes a previously encoded application/x-www-form-urlencoded String",
     FN_NSIGS(decode_sigs)},
    {"URL_ENCODE_PARAM", SL_FN_SCALAR, FN_CAT_URL,
     "Encodes a String so that it can be used in an application/x-www-form-urlencoded query "
     "parameter.",
     FN_NSIGS(encode_sigs)},
    {"URL_EXTRACT_FRAGMENT", SL_FN_SCALAR, FN_CAT_URL,
     "Extracts the fragment of an application/x-www-form-urlencoded String input",
     FN_NSIGS(fragment_sigs)},
    {"URL_EXTRACT_HOST", SL_FN_SCALAR, FN_CAT_URL,
     "Extracts the Host Name of an application/x-www-form-urlencoded String input",
     FN_NSIGS(host_sigs)},
    {"URL_EXTRACT_PARAMETER", SL_FN_SCALAR, FN_CAT_URL,
     "Extracts a parameter with a specified name encoded inside an "
     "application/x-www-form-urlencoded String.",
     FN_NSIGS(parameter_sigs)},
    {"URL_EXTRACT_PATH", SL_FN_SCALAR, FN_CAT_URL,
     "Extracts the path of an application/x-www-form-urlencoded String input", FN_NSIGS(path_sigs)},
    {"URL_EXTRACT_PORT", SL_FN_SCALAR, FN_CAT_URL,
     "Extracts the port from an application/x-www-form-urlencoded encoded String. If there is no "
     "port or the string is invalid, this will return null.",
     FN_NSIGS(port_sigs)},
    {"URL_EXTRACT_PROTOCOL", SL_FN_SCALAR, FN_CAT_URL,
     "Extracts the protocol of an application/x-www-form-urlencoded String input",
     FN_NSIGS(protocol_sigs)},
    {"URL_EXTRACT_QUERY", SL_FN_SCALAR, FN_CAT_URL,
     "Extracts the query of an application/x-www-form-urlencoded String input",
     FN_NSIGS(query_sigs)},
};
const uint32_t sl_fn_ndefs_url = FN_NDEFS(sl_fn_defs_url);
