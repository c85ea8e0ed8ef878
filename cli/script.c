/*
 * script.c - statement boundaries, tokens, ${var} substitution and normal
 * forms over SQL text (see script.h).
 *
 * All routines walk the text with the same lexical rules: quotes ('...',
 * `...`, "...", each escaped by doubling), line comments (-- ...) and block
 * comments (/ * ... * /, not nested, as in ksqlDB's grammar). Positions count
 * lines from 1 and columns in characters from 1 (UTF-8 continuation bytes do
 * not advance the column).
 */
#include "cli/script.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Index just past the quote that closes the one at s[i], or n when unterminated. */
static size_t skip_quoted(const char *s, size_t n, size_t i)
{
    char q = s[i++];
    while (i < n) {
        if (s[i] == q) {
            if (i + 1 < n && s[i + 1] == q) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i++;
    }
    return n;
}

static bool is_quote(char c)
{
    return c == '\'' || c == '`' || c == '"';
}

/* When s[i] starts a comment, the index just past it (n when unterminated);
 * otherwise i. A line comment ends before its newline. */
static size_t skip_comment(const char *s, size_t n, size_t i)
{
    if (i + 1 < n && s[i] == '-' && s[i + 1] == '-') {
        const char *nl = memchr(s + i, '\n', n - i);
        return nl ? (size_t)(nl - s) : n;
    }
    if (i + 1 < n && s[i] == '/' && s[i + 1] == '*') {
        for (size_t j = i + 2; j + 1 < n; j++)
            if (s[j] == '*' && s[j + 1] == '/') return j + 2;
        return n;
    }
    return i;
}

/* Skips blanks and complete comments from i; an unterminated block comment
 * counts as blank to the end (it is not a statement). */
static size_t skip_blank(const char *s, size_t n, size_t i)
{
    while (i < n) {
        if (isspace((unsigned char)s[i])) {
            i++;
            continue;
        }
        size_t j = skip_comment(s, n, i);
        if (j == i) break;
        i = j;
    }
    return i;
}

static void advance(sl_script_scan *sc, size_t to)
{
    for (; sc->off < to; sc->off++) {
        unsigned char c = (unsigned char)sc->src[sc->off];
        if (c == '\n') {
            sc->line++;
            sc->col = 1;
        } else if ((c & 0xC0) != 0x80) {
            sc->col++;
        }
    }
}

void sl_script_scan_init(sl_script_scan *sc, const char *src, size_t n)
{
    *sc = (sl_script_scan){src, n, 0, 1, 1};
}

sl_script_next_result sl_script_next(sl_script_scan *sc, sl_script_stmt *out)
{
    const char *s = sc->src;
    size_t n = sc->n, start = skip_blank(s, n, sc->off);
    if (start >= n) return SL_SCRIPT_END;
    sl_script_scan at = *sc;
    advance(&at, start);
    *out = (sl_script_stmt){s + start, n - start, at.line, at.col};
    size_t i = start;
    while (i < n) {
        if (s[i] == ';') {
            out->len = i + 1 - start;
            advance(sc, i + 1);
            return SL_SCRIPT_STMT;
        }
        if (is_quote(s[i])) {
            i = skip_quoted(s, n, i);
            continue;
        }
        size_t j = skip_comment(s, n, i);
        i = j > i ? j : i + 1;
    }
    return SL_SCRIPT_PARTIAL;
}

static bool is_word_start(char c)
{
    return isalpha((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80;
}

static bool is_word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '@' || (unsigned char)c >= 0x80;
}

static size_t number_len(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (isdigit((unsigned char)s[i]) || s[i] == '.'))
        i++;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        if (j < n && (s[j] == '+' || s[j] == '-')) j++;
        if (j < n && isdigit((unsigned char)s[j])) {
            i = j;
            while (i < n && isdigit((unsigned char)s[i]))
                i++;
        }
    }
    return i;
}

size_t sl_script_token(const char *s, size_t n, sl_script_tok *tok)
{
    size_t i = skip_blank(s, n, 0);
    *tok = (sl_script_tok){SL_TOK_END, s + i, 0};
    if (i >= n) return n;
    char c = s[i];
    size_t len = 1;
    if (is_quote(c)) {
        tok->type = c == '\'' ? SL_TOK_STRING : SL_TOK_QIDENT;
        len = skip_quoted(s, n, i) - i;
    } else if (is_word_start(c)) {
        tok->type = SL_TOK_WORD;
        while (i + len < n && is_word_char(s[i + len]))
            len++;
    } else if (isdigit((unsigned char)c) ||
               (c == '.' && i + 1 < n && isdigit((unsigned char)s[i + 1]))) {
        tok->type = SL_TOK_NUMBER;
        len = number_len(s + i, n - i);
    } else {
        tok->type = SL_TOK_PUNCT;
    }
    tok->n = len;
    return i + len;
}

bool sl_script_tok_is(const sl_script_tok *tok, const char *kw)
{
    size_t n = strlen(kw);
    return tok->type == SL_TOK_WORD && tok->n == n && strncasecmp(tok->p, kw, n) == 0;
}

void sl_script_tok_unquote(const sl_script_tok *tok, sl_buf *out)
{
    if (tok->type != SL_TOK_STRING && tok->type != SL_TOK_QIDENT) {
        sl_buf_append(out, tok->p, tok->n);
        return;
    }
    char q = tok->p[0];
    size_t end = tok->n >= 2 && tok->p[tok->n - 1] == q ? tok->n - 1 : tok->n;
    for (size_t i = 1; i < end; i++) {
        sl_buf_putc(out, tok->p[i]);
        if (tok->p[i] == q && i + 1 < end && tok->p[i + 1] == q) i++;
    }
}

int sl_script_tokens(const char *s, size_t n, sl_script_tok *toks, int max)
{
    int k = 0;
    size_t off = 0;
    while (k < max) {
        off += sl_script_token(s + off, n - off, &toks[k]);
        if (toks[k].type == SL_TOK_END) break;
        k++;
    }
    return k;
}

/* ---- ${var} substitution ---- */

static bool is_plain_ident(const char *v, size_t n)
{
    if (n == 0 || !(isalpha((unsigned char)v[0]) || v[0] == '_')) return false;
    for (size_t i = 1; i < n; i++)
        if (!isalnum((unsigned char)v[i]) && v[i] != '_' && v[i] != '@') return false;
    return true;
}

/* One SQL token that cannot end or add a statement: what ksqlDB accepts for a
 * variable outside quotes (an identifier, a literal, true/false). */
static bool value_is_one_token(const char *v)
{
    size_t n = strlen(v);
    if (n == 0) return false;
    if (is_plain_ident(v, n)) return true;
    if (is_quote(v[0])) return n >= 2 && skip_quoted(v, n, 0) == n;
    size_t i = v[0] == '-' || v[0] == '+' ? 1 : 0;
    return i < n && (isdigit((unsigned char)v[i]) || v[i] == '.') &&
           number_len(v + i, n - i) == n - i;
}

static void put_doubling(sl_buf *out, const char *v, char q)
{
    for (; *v; v++) {
        sl_buf_putc(out, *v);
        if (*v == q) sl_buf_putc(out, q);
    }
}

/* Length of the ${name} reference at s[i], or 0 when there is none. */
static size_t ref_len(const char *s, size_t n, size_t i)
{
    if (i + 3 >= n || s[i] != '$' || s[i + 1] != '{') return 0;
    size_t j = i + 2;
    if (!(isalpha((unsigned char)s[j]) || s[j] == '_')) return 0;
    while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_'))
        j++;
    return j < n && s[j] == '}' ? j + 1 - i : 0;
}

/* Position (line, col) of s[i] within s. */
static void pos_of(const char *s, size_t i, int *line, int *col)
{
    sl_script_scan sc;
    sl_script_scan_init(&sc, s, i);
    advance(&sc, i);
    *line = sc.line;
    *col = sc.col;
}

/* Substitutes inside one quoted run s[i..end) whose quote char is s[i]. */
static void subst_quoted(const char *s, size_t i, size_t end, sl_script_lookup_fn lookup, void *ctx,
                         sl_buf *out)
{
    char q = s[i];
    while (i < end) {
        size_t r = ref_len(s, end, i);
        const char *v = r ? lookup(ctx, s + i + 2, r - 3) : NULL;
        if (v) {
            put_doubling(out, v, q);
            i += r;
        } else {
            sl_buf_putc(out, s[i++]);
        }
    }
}

sl_error *sl_script_subst(const char *s, size_t n, sl_script_lookup_fn lookup, void *ctx,
                          sl_buf *out)
{
    size_t i = 0;
    while (i < n) {
        if (is_quote(s[i])) {
            size_t end = skip_quoted(s, n, i);
            subst_quoted(s, i, end, lookup, ctx, out);
            i = end;
            continue;
        }
        size_t j = skip_comment(s, n, i);
        if (j > i) {
            sl_buf_append(out, s + i, j - i);
            i = j;
            continue;
        }
        size_t r = ref_len(s, n, i);
        const char *v = r ? lookup(ctx, s + i + 2, r - 3) : NULL;
        if (!v) {
            sl_buf_putc(out, s[i++]);
            continue;
        }
        if (!value_is_one_token(v)) {
            int line, col;
            pos_of(s, i, &line, &col);
            sl_error *err = sl_error_at(SL_E_SYNTAX, line, col,
                                        "line %d:%d: variable '%.*s' cannot be used here: its "
                                        "value '%s' is not one identifier or literal",
                                        line, col, (int)(r - 3), s + i + 2, v);
            return sl_error_with_hint(err, "quote the reference ('${%.*s}') to use it as a string",
                                      (int)(r - 3), s + i + 2);
        }
        sl_buf_puts(out, v);
        i += r;
    }
    return NULL;
}

/* ---- normal form and history lines ---- */

static bool is_upper_ident(const char *p, size_t n)
{
    if (n == 0 || !(isupper((unsigned char)p[0]) || p[0] == '_')) return false;
    for (size_t i = 1; i < n; i++)
        if (!isupper((unsigned char)p[i]) && !isdigit((unsigned char)p[i]) && p[i] != '_')
            return false;
    return true;
}

void sl_script_normalize(const char *s, size_t n, sl_buf *out)
{
    size_t off = 0, mark = out->len, before_semis = out->len;
    bool semis = false; /* only ';' since before_semis */
    sl_script_tok t;
    while ((off += sl_script_token(s + off, n - off, &t)), t.type != SL_TOK_END) {
        bool semi = t.type == SL_TOK_PUNCT && t.p[0] == ';';
        if (semi && !semis) before_semis = out->len;
        semis = semi;
        if (out->len > mark) sl_buf_putc(out, ' ');
        size_t at = out->len;
        bool closed = t.n >= 2 && skip_quoted(t.p, t.n, 0) == t.n;
        if (t.type == SL_TOK_QIDENT && t.p[0] == '`' && closed &&
            is_upper_ident(t.p + 1, t.n - 2)) {
            sl_buf_append(out, t.p + 1, t.n - 2);
        } else {
            sl_buf_append(out, t.p, t.n);
            if (t.type == SL_TOK_WORD)
                for (size_t k = at; k < out->len; k++)
                    out->p[k] = (char)toupper((unsigned char)out->p[k]);
        }
    }
    if (semis) { /* trailing ';' tokens are not part of the statement's form */
        out->len = before_semis;
        if (out->p) out->p[out->len] = '\0';
    }
}

/* Drops the blanks at the end of out (back to mark). */
static void trim_end(sl_buf *out, size_t mark)
{
    while (out->len > mark && (out->p[out->len - 1] == ' ' || out->p[out->len - 1] == '\t'))
        out->p[--out->len] = '\0';
}

void sl_script_flatten(const char *s, size_t n, sl_buf *out)
{
    size_t i = 0, mark = out->len;
    while (i < n) {
        if (is_quote(s[i])) {
            size_t end = skip_quoted(s, n, i);
            sl_buf_append(out, s + i, end - i);
            i = end;
        } else if (s[i] == '-' && i + 1 < n && s[i + 1] == '-') {
            i = skip_comment(s, n, i);
        } else if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
            size_t end = skip_comment(s, n, i);
            for (; i < end; i++)
                sl_buf_putc(out, s[i] == '\n' || s[i] == '\r' ? ' ' : s[i]);
        } else if (s[i] == '\n' || s[i] == '\r') {
            /* a line break and the indentation around it become one space */
            trim_end(out, mark);
            if (out->len > mark) sl_buf_putc(out, ' ');
            while (i < n && (s[i] == '\n' || s[i] == '\r' || s[i] == ' ' || s[i] == '\t'))
                i++;
        } else {
            sl_buf_putc(out, s[i++]);
        }
    }
    trim_end(out, mark);
}
