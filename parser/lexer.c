/*
 * lexer.c - the hand-written tokenizer (SQLite tokenize.c style): one call, one token.
 *
 * sl_lex_next looks at the first byte and scans the longest token from there, following
 * ksqlDB's lexer (SqlBase.g4):
 *   identifiers  [A-Za-z_][A-Za-z0-9_@]*, then looked up in the keyword table
 *                (generated from grammar/keywords.txt); `quoted` and "quoted" with the
 *                quote doubled inside; digit-first names like 1abc (DIGIT_IDENTIFIER)
 *   numbers      123 INTLIT; 1.5 .5 5. DECLIT; 1.5E3 1e-1 FLOATLIT (a number followed by
 *                name characters is a digit-first identifier when that is longer)
 *   strings      '...' with '' for a quote; no backslash escapes
 *   variables    ${name}
 *   comments     -- to the end of the line, / * ... * / (not nested)
 *   operators    = <> != < <= > >= + - * / % || -> => := ( ) [ ] , . ;
 * Anything else, and an unterminated string, quoted name or comment, is one TK_ILLEGAL
 * token (an unterminated one runs to the end of the input). The lexer never fails and
 * never reads past z + n.
 */
#include "parser/parser_int.h"

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool is_name_char(unsigned char c)
{
    return is_alpha(c) || is_digit(c) || c == '@';
}

/* A quoted token: string or quoted identifier. Returns its length, or n when unterminated. */
static size_t lex_quoted(const char *z, size_t n, int *type, int ok_type)
{
    char q = z[0];
    for (size_t i = 1; i < n; i++) {
        if (z[i] != q) continue;
        if (i + 1 < n && z[i + 1] == q) {
            i++;
            continue;
        }
        *type = ok_type;
        return i + 1;
    }
    *type = TK_ILLEGAL;
    return n;
}

/* Length of an exponent (E[+-]digits) at z[i..n), or 0 when there is none. */
static size_t exponent_len(const char *z, size_t i, size_t n)
{
    size_t j = i;
    if (j >= n || (z[j] != 'e' && z[j] != 'E')) return 0;
    j++;
    if (j < n && (z[j] == '+' || z[j] == '-')) j++;
    if (j >= n || !is_digit((unsigned char)z[j])) return 0;
    while (j < n && is_digit((unsigned char)z[j]))
        j++;
    return j - i;
}

static size_t lex_number(const char *z, size_t n, int *type)
{
    size_t i = 0;
    bool dot = false;
    while (i < n && is_digit((unsigned char)z[i]))
        i++;
    *type = TK_INTLIT;
    if (i < n && z[i] == '.') {
        dot = true;
        i++;
        while (i < n && is_digit((unsigned char)z[i]))
            i++;
        *type = TK_DECLIT;
    }
    size_t e = exponent_len(z, i, n);
    if (e) {
        i += e;
        *type = TK_FLOATLIT;
    }
    if (!dot && is_digit((unsigned char)z[0])) {
        /* ksqlDB's DIGIT_IDENTIFIER wins when it is the longer match (1abc, 1e5x). */
        size_t j = 0;
        while (j < n && is_name_char((unsigned char)z[j]))
            j++;
        if (j > i) {
            *type = TK_IDENT;
            return j;
        }
    }
    return i;
}

static size_t lex_variable(const char *z, size_t n, int *type)
{
    size_t i = 2;
    *type = TK_ILLEGAL;
    if (n < 2 || z[1] != '{') return 1;
    if (i >= n || !is_alpha((unsigned char)z[i])) return 2;
    while (i < n && is_name_char((unsigned char)z[i]))
        i++;
    if (i >= n || z[i] != '}') return i;
    *type = TK_VARIABLE;
    return i + 1;
}

static size_t lex_comment_or_slash(const char *z, size_t n, int *type)
{
    if (n < 2 || z[1] != '*') {
        *type = TK_SLASH;
        return 1;
    }
    for (size_t i = 2; i + 1 < n; i++) {
        if (z[i] == '*' && z[i + 1] == '/') {
            *type = TK_COMMENT;
            return i + 2;
        }
    }
    *type = TK_ILLEGAL;
    return n;
}

/* One or two character operators. */
static size_t lex_operator(const char *z, size_t n, int *type)
{
    char c = z[0], d = n > 1 ? z[1] : '\0';
    switch (c) {
    case '(':
        *type = TK_LP;
        return 1;
    case ')':
        *type = TK_RP;
        return 1;
    case '[':
        *type = TK_LB;
        return 1;
    case ']':
        *type = TK_RB;
        return 1;
    case ',':
        *type = TK_COMMA;
        return 1;
    case ';':
        *type = TK_SEMI;
        return 1;
    case '+':
        *type = TK_PLUS;
        return 1;
    case '*':
        *type = TK_STAR;
        return 1;
    case '%':
        *type = TK_REM;
        return 1;
    case '.':
        *type = TK_DOT;
        return 1;
    case '=':
        *type = d == '>' ? TK_LAMBDA : TK_EQ;
        return d == '>' ? 2 : 1;
    case '-':
        *type = d == '>' ? TK_ARROW : TK_MINUS;
        return d == '>' ? 2 : 1;
    case '<':
        *type = d == '=' ? TK_LE : d == '>' ? TK_NE : TK_LT;
        return d == '=' || d == '>' ? 2 : 1;
    case '>':
        *type = d == '=' ? TK_GE : TK_GT;
        return d == '=' ? 2 : 1;
    case '!':
        *type = d == '=' ? TK_NE : TK_ILLEGAL;
        return d == '=' ? 2 : 1;
    case '|':
        *type = d == '|' ? TK_CONCAT : TK_ILLEGAL;
        return d == '|' ? 2 : 1;
    case ':':
        *type = d == '=' ? TK_ASSIGN : TK_ILLEGAL;
        return d == '=' ? 2 : 1;
    default:
        break;
    }
    /* A byte that starts nothing: take a whole UTF-8 character so messages show it. */
    size_t len = 1;
    while (len < n && len < 4 && ((unsigned char)z[len] & 0xC0) == 0x80 &&
           ((unsigned char)c & 0x80))
        len++;
    *type = TK_ILLEGAL;
    return len;
}

size_t sl_lex_next(const char *z, size_t n, int *type)
{
    if (n == 0) {
        *type = TK_SPACE;
        return 0;
    }
    unsigned char c = (unsigned char)z[0];
    size_t i;
    if (is_space(c)) {
        for (i = 1; i < n && is_space((unsigned char)z[i]); i++) {
        }
        *type = TK_SPACE;
        return i;
    }
    if (is_alpha(c)) {
        for (i = 1; i < n && is_name_char((unsigned char)z[i]); i++) {
        }
        *type = sl_lex_keyword(z, i);
        return i;
    }
    if (is_digit(c) || (c == '.' && n > 1 && is_digit((unsigned char)z[1])))
        return lex_number(z, n, type);
    switch (c) {
    case '\'':
        return lex_quoted(z, n, type, TK_STRLIT);
    case '"':
    case '`':
        return lex_quoted(z, n, type, TK_IDENT);
    case '$':
        return lex_variable(z, n, type);
    case '/':
        return lex_comment_or_slash(z, n, type);
    case '-':
        if (n > 1 && z[1] == '-') {
            for (i = 2; i < n && z[i] != '\n'; i++) {
            }
            *type = TK_COMMENT;
            return i;
        }
        break;
    default:
        break;
    }
    return lex_operator(z, n, type);
}

bool sl_lex_is_reserved(int tk)
{
    return sl_lex_keyword_text(tk) != NULL && sl_lemon_parseFallback(tk) == 0;
}

const char *sl_lex_token_name(int tk)
{
    switch (tk) {
    case 0:
        return "<EOF>";
    case TK_SEMI:
        return "';'";
    case TK_COMMA:
        return "','";
    case TK_DOT:
        return "'.'";
    case TK_LP:
        return "'('";
    case TK_RP:
        return "')'";
    case TK_LB:
        return "'['";
    case TK_RB:
        return "']'";
    case TK_EQ:
        return "'='";
    case TK_NE:
        return "'<>'";
    case TK_LT:
        return "'<'";
    case TK_LE:
        return "'<='";
    case TK_GT:
        return "'>'";
    case TK_GE:
        return "'>='";
    case TK_PLUS:
        return "'+'";
    case TK_MINUS:
        return "'-'";
    case TK_STAR:
        return "'*'";
    case TK_SLASH:
        return "'/'";
    case TK_REM:
        return "'%'";
    case TK_CONCAT:
        return "'||'";
    case TK_ARROW:
        return "'->'";
    case TK_LAMBDA:
        return "'=>'";
    case TK_ASSIGN:
        return "':='";
    case TK_IDENT:
        return "IDENTIFIER";
    case TK_STRLIT:
        return "STRING";
    case TK_INTLIT:
        return "INTEGER_VALUE";
    case TK_DECLIT:
        return "DECIMAL_VALUE";
    case TK_FLOATLIT:
        return "FLOATING_POINT_VALUE";
    case TK_VARIABLE:
        return "VARIABLE";
    default:
        break;
    }
    const char *kw = sl_lex_keyword_quoted(tk);
    return kw ? kw : "?";
}
