/*
 * expr_like.c - SQL LIKE: '%' matches any run of characters, '_' exactly one
 * (a UTF-8 code point), the ESCAPE character makes the next one literal; the
 * whole value must match, case-sensitively.
 *
 * Model
 *   A constant pattern is compiled once into one of five shapes: an exact
 *   string, a prefix ('abc%'), a suffix ('%abc'), a substring ('%abc%'), or the
 *   general case, which keeps the unescaped pattern as a list of tokens
 *   (literal runs, '_', '%'). The general matcher is the classic two-pointer
 *   walk that remembers the last '%' and retries from one character further on
 *   a mismatch: linear on typical patterns, O(n*m) at worst, no recursion.
 *   A pattern that is not constant is tokenised per row into a small stack
 *   buffer (or a heap one for very long patterns).
 */
#include "exec/expr_int.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

enum { TOK_LIT, TOK_ONE, TOK_ANY };
enum { LIKE_EXACT, LIKE_PREFIX, LIKE_SUFFIX, LIKE_CONTAINS, LIKE_GENERAL };

typedef struct tok {
    uint8_t kind;
    uint32_t off, len; /* TOK_LIT: bytes of the unescaped text */
} tok;

struct like_pattern {
    int shape;
    const char *text; /* unescaped literal text the tokens point into */
    const tok *toks;
    uint32_t ntoks;
    const char *lit; /* the literal of the four simple shapes */
    uint32_t litn;
};

/* The index after the character at s[i] (a UTF-8 code point; a truncated one ends at n). */
static size_t next_char(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    return n - i < len ? n : i + len;
}

/* Splits p into tokens; literal bytes go to text. Returns the token count, or -1 when an
 * escape character ends the pattern. toks has room for pn tokens, text for pn bytes. */
static int tokenize(const char *p, size_t pn, char escape, tok *toks, char *text)
{
    int nt = 0;
    uint32_t tl = 0;
    for (size_t i = 0; i < pn; i++) {
        char c = p[i];
        if (escape && c == escape) {
            if (++i == pn) return -1;
            c = p[i];
        } else if (c == '%' || c == '_') {
            if (c == '%' && nt && toks[nt - 1].kind == TOK_ANY) continue; /* %% is % */
            toks[nt++] = (tok){c == '%' ? TOK_ANY : TOK_ONE, 0, 0};
            continue;
        }
        if (!nt || toks[nt - 1].kind != TOK_LIT) toks[nt++] = (tok){TOK_LIT, tl, 0};
        text[tl++] = c;
        toks[nt - 1].len++;
    }
    return nt;
}

static bool match_tokens(const tok *t, uint32_t nt, const char *text, const char *s, size_t n)
{
    size_t si = 0, star_si = 0;
    uint32_t ti = 0;
    int64_t star_ti = -1;
    while (si < n || ti < nt) {
        if (ti < nt) {
            const tok *k = &t[ti];
            if (k->kind == TOK_ANY) {
                star_ti = ti++;
                star_si = si;
                continue;
            }
            if (k->kind == TOK_ONE && si < n) {
                si = next_char(s, n, si);
                ti++;
                continue;
            }
            if (k->kind == TOK_LIT && n - si >= k->len &&
                memcmp(s + si, text + k->off, k->len) == 0) {
                si += k->len;
                ti++;
                continue;
            }
        }
        if (star_ti < 0 || star_si >= n) return false;
        star_si = next_char(s, n, star_si);
        si = star_si;
        ti = (uint32_t)star_ti + 1;
    }
    return true;
}

like_pattern *sl_like_compile(sl_arena *ar, const char *p, size_t n, char escape, sl_error **err)
{
    tok *toks = SL_ARENA_ARRAY(ar, tok, n ? n : 1);
    char *text = sl_arena_alloc(ar, n ? n : 1);
    int nt = tokenize(p, n, escape, toks, text);
    if (nt < 0) {
        *err = sl_error_new(SL_E_TYPE, "LIKE pattern must not end with escape character: %.*s",
                            (int)n, p);
        return NULL;
    }
    like_pattern *lp = SL_ARENA_NEW(ar, like_pattern);
    lp->shape = LIKE_GENERAL;
    lp->text = text;
    lp->toks = toks;
    lp->ntoks = (uint32_t)nt;
    bool any0 = nt && toks[0].kind == TOK_ANY, anyN = nt && toks[nt - 1].kind == TOK_ANY;
    int first = any0, last = nt - 1 - anyN;
    if (first == last && toks[first].kind == TOK_LIT) { /* one literal, % at either end */
        lp->lit = text + toks[first].off;
        lp->litn = toks[first].len;
        lp->shape = any0 && anyN ? LIKE_CONTAINS
                    : any0       ? LIKE_SUFFIX
                    : anyN       ? LIKE_PREFIX
                                 : LIKE_EXACT;
    } else if (nt == 0) {
        lp->shape = LIKE_EXACT;
        lp->lit = text;
        lp->litn = 0;
    }
    return lp;
}

bool sl_like_match(const like_pattern *lp, const char *s, size_t n)
{
    switch (lp->shape) {
    case LIKE_EXACT:
        return n == lp->litn && memcmp(s, lp->lit, n) == 0;
    case LIKE_PREFIX:
        return n >= lp->litn && memcmp(s, lp->lit, lp->litn) == 0;
    case LIKE_SUFFIX:
        return n >= lp->litn && memcmp(s + n - lp->litn, lp->lit, lp->litn) == 0;
    case LIKE_CONTAINS:
        return lp->litn == 0 || memmem(s, n, lp->lit, lp->litn) != NULL;
    default:
        return match_tokens(lp->toks, lp->ntoks, lp->text, s, n);
    }
}

bool sl_like_match_text(const char *p, size_t pn, char escape, const char *s, size_t n,
                        sl_error **err)
{
    tok small_toks[64];
    char small_text[256];
    tok *toks = pn <= 64 ? small_toks : sl_malloc(sizeof *toks * pn);
    char *text = pn <= 256 ? small_text : sl_malloc(pn);
    int nt = tokenize(p, pn, escape, toks, text);
    bool r = false;
    if (nt < 0)
        *err = sl_error_new(SL_E_EVAL, "LIKE pattern must not end with escape character: %.*s",
                            (int)(pn > 200 ? 200 : pn), p);
    else
        r = match_tokens(toks, (uint32_t)nt, text, s, n);
    if (toks != small_toks) free(toks);
    if (text != small_text) free(text);
    return r;
}
