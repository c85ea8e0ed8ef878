/*
 * ast_stmt.c - builders for queries and statements (see parser_int.h).
 *
 * A statement node is made by the rule that recognises it, then finished by
 * sl_ast_stmt_end when its ';' (or the end of the text) is reduced: that records the
 * statement's text span (from its first token through the ';', ksqlDB's statementText),
 * rejects the statement kinds the parse options do not allow (test-only ASSERTs, RUN
 * SCRIPT outside the shell), and appends it to the result.
 *
 * The only checks here are the ones ksqlDB makes while parsing: KEY columns in streams and
 * PRIMARY KEY columns in tables, one WATERMARK, distinct WITH property names, integer
 * ranges of LIMIT / INTERVAL, and no OR REPLACE on connectors.
 */
#include "parser/parser_int.h"

#include "common/str.h"

#include <string.h>
#include <strings.h>

static sl_ast_stmt *stmt_new(sl_parse_ctx *p, sl_stmt_kind kind, sl_token first)
{
    sl_ast_stmt *s = SL_ARENA_NEW(p->ar, sl_ast_stmt);
    s->kind = kind;
    s->pos = first.pos;
    return s;
}

/* A 32-bit count (LIMIT, INTERVAL) from an integer literal; *has is false when absent. */
static int64_t count_of(sl_parse_ctx *p, const sl_ast_expr *e, bool *has, const char *what)
{
    *has = e != NULL;
    if (!e) return 0;
    if (e->lit.kind != SL_LIT_INT)
        sl_parse_fail(p, SL_E_SYNTAX, e->pos, "Value must be a 32-bit integer for command: %s",
                      what);
    return e->lit.i;
}

/* ---- queries -------------------------------------------------------------------------- */

sl_ast_select_list sl_ast_select_add(sl_parse_ctx *p, sl_ast_select_list l, sl_ast_select_item *item)
{
    *SL_AST_PUSH(p->ar, l) = *item;
    return l;
}

sl_ast_select_item *sl_ast_select_expr_new(sl_parse_ctx *p, sl_ast_expr *e, sl_token alias)
{
    sl_ast_select_item *it = SL_ARENA_NEW(p->ar, sl_ast_select_item);
    it->kind = SL_SELECT_EXPR;
    it->pos = e->pos;
    it->expr = e;
    it->alias = sl_ast_ident_of(p, alias);
    return it;
}

sl_ast_select_item *sl_ast_select_all_new(sl_parse_ctx *p, sl_token star, sl_token qualifier)
{
    sl_ast_select_item *it = SL_ARENA_NEW(p->ar, sl_ast_select_item);
    it->kind = SL_SELECT_ALL;
    it->pos = qualifier.z ? qualifier.pos : star.pos;
    it->source = sl_ast_ident_of(p, qualifier);
    return it;
}

sl_ast_select_item *sl_ast_select_struct_all_new(sl_parse_ctx *p, sl_ast_expr *base)
{
    sl_ast_select_item *it = SL_ARENA_NEW(p->ar, sl_ast_select_item);
    it->kind = SL_SELECT_STRUCT_ALL;
    it->pos = base->pos;
    it->expr = base;
    return it;
}

sl_ast_relation *sl_ast_relation_new(sl_parse_ctx *p, sl_token name, sl_token alias)
{
    sl_ast_relation *r = SL_ARENA_NEW(p->ar, sl_ast_relation);
    r->pos = name.pos;
    r->name = sl_ast_ident_of(p, name);
    r->alias = sl_ast_ident_of(p, alias);
    return r;
}

sl_ast_from *sl_ast_from_new(sl_parse_ctx *p, sl_ast_relation *rel)
{
    sl_ast_from *f = SL_ARENA_NEW(p->ar, sl_ast_from);
    f->rel = *rel;
    return f;
}

sl_ast_from *sl_ast_join_add(sl_parse_ctx *p, sl_ast_from *f, sl_join_type type, sl_token t,
                             sl_ast_relation *rel, sl_ast_within *within, sl_ast_expr *on)
{
    *SL_AST_PUSH(p->ar, f->joins) = (sl_ast_join){type, *rel, within, on, t.pos};
    return f;
}

sl_ast_within *sl_ast_within_new(sl_parse_ctx *p, sl_ast_duration *before, sl_ast_duration *after,
                             bool before_after, sl_ast_duration *grace)
{
    sl_ast_within *w = SL_ARENA_NEW(p->ar, sl_ast_within);
    w->before_after = before_after;
    w->before = *before;
    w->after = *after;
    w->grace = grace;
    return w;
}

sl_ast_window *sl_ast_window_new(sl_parse_ctx *p, sl_token type, sl_token name, sl_ast_duration *size,
                             sl_ast_duration *advance, sl_ast_wopts opts)
{
    sl_ast_window *w = SL_ARENA_NEW(p->ar, sl_ast_window);
    w->type = type.type == TK_TUMBLING  ? SL_WINDOW_TUMBLING
              : type.type == TK_HOPPING ? SL_WINDOW_HOPPING
                                        : SL_WINDOW_SESSION;
    w->pos = name.z ? name.pos : type.pos;
    w->name = sl_ast_ident_of(p, name);
    w->size = *size;
    if (advance) w->advance = *advance;
    w->retention = opts.retention;
    w->grace = opts.grace;
    return w;
}

sl_ast_expr_list *sl_ast_expr_list_box(sl_parse_ctx *p, sl_ast_expr_list l)
{
    sl_ast_expr_list *b = SL_ARENA_NEW(p->ar, sl_ast_expr_list);
    *b = l;
    return b;
}

sl_ast_query *sl_ast_query_new(sl_parse_ctx *p, sl_token select, sl_ast_select_list items,
                           sl_ast_from *from, sl_ast_window *window, sl_ast_expr *where,
                           sl_ast_expr_list *group_by, sl_ast_expr_list *partition_by, sl_ast_expr *having,
                           sl_emit emit, sl_ast_expr *limit)
{
    sl_ast_query *q = SL_ARENA_NEW(p->ar, sl_ast_query);
    q->pos = select.pos;
    q->items = items;
    q->from = from->rel;
    q->joins = from->joins;
    q->window = window;
    q->where = where;
    q->group_by = group_by;
    q->partition_by = partition_by;
    q->having = having;
    q->emit = emit;
    q->limit = count_of(p, limit, &q->has_limit, "LIMIT");
    return q;
}

/* ---- DDL parts ------------------------------------------------------------------------ */

sl_ast_prop_list sl_ast_prop_add(sl_parse_ctx *p, sl_ast_prop_list l, sl_token name, sl_ast_expr *value)
{
    sl_ast_ident id = sl_ast_ident_of(p, name);
    if (name.type == TK_STRLIT) {
        id.text = sl_ast_unquote(p, name, NULL);
        id.quoted = true;
    }
    char *up = (char *)id.text;
    sl_str_upper(up);
    for (uint32_t i = 0; i < l.n; i++) {
        if (strcmp(l.v[i].name.text, up) == 0) {
            sl_parse_fail(p, SL_E_SYNTAX, name.pos, "Duplicate property: %s", up);
            break;
        }
    }
    *SL_AST_PUSH(p->ar, l) = (sl_ast_prop){id, value, name.pos};
    return l;
}

sl_ast_column_def *sl_ast_column_def_new(sl_parse_ctx *p, sl_token name, sl_type_ast *type,
                                     sl_col_constraint c, sl_token header_key)
{
    sl_ast_column_def *col = SL_ARENA_NEW(p->ar, sl_ast_column_def);
    col->pos = name.pos;
    col->name = sl_ast_ident_of(p, name);
    col->type = type;
    col->constraint = c;
    if (header_key.z) col->header_key = sl_ast_unquote(p, header_key, NULL);
    return col;
}

sl_ast_elems *sl_ast_elems_add(sl_parse_ctx *p, sl_ast_elems *l, sl_ast_column_def *col,
                               sl_ast_watermark *wm)
{
    if (!l) l = SL_ARENA_NEW(p->ar, sl_ast_elems);
    if (col) *SL_AST_PUSH(p->ar, l->columns) = *col;
    if (wm && l->watermark) sl_parse_fail_syntax(p, wm->pos, "only one WATERMARK is allowed");
    if (wm) l->watermark = wm;
    return l;
}

sl_ast_column_list sl_ast_column_add(sl_parse_ctx *p, sl_ast_column_list l, sl_ast_column_def *col)
{
    *SL_AST_PUSH(p->ar, l) = *col;
    return l;
}

/* ksqlDB's rule: KEY columns belong to streams, PRIMARY KEY columns to tables. */
static void check_keys(sl_parse_ctx *p, bool table, const sl_ast_column_list *cols)
{
    for (uint32_t i = 0; i < cols->n; i++) {
        const sl_ast_column_def *c = &cols->v[i];
        if (table && c->constraint == SL_COL_KEY)
            sl_parse_fail(p, SL_E_SYNTAX, c->pos,
                          "Column `%s` is a 'KEY' column: please use 'PRIMARY KEY' for tables.",
                          c->name.text);
        if (!table && c->constraint == SL_COL_PRIMARY_KEY)
            sl_parse_fail(p, SL_E_SYNTAX, c->pos,
                          "Column `%s` is a 'PRIMARY KEY' column: please use 'KEY' for streams.",
                          c->name.text);
    }
}

/* ---- statements ----------------------------------------------------------------------- */

sl_ast_stmt *sl_ast_query_stmt_new(sl_parse_ctx *p, sl_ast_query *q)
{
    sl_ast_stmt *s = SL_ARENA_NEW(p->ar, sl_ast_stmt);
    s->kind = SL_STMT_QUERY;
    s->pos = q->pos;
    s->query = q;
    return s;
}

static void source_fill(sl_parse_ctx *p, sl_ast_stmt *s, bool table, sl_token name, sl_ast_elems *elems,
                        sl_ast_prop_list props)
{
    s->source.is_table = table;
    s->source.name = sl_ast_ident_of(p, name);
    s->source.props = props;
    if (elems) {
        s->source.columns = elems->columns;
        s->source.watermark = elems->watermark;
    }
    check_keys(p, table, &s->source.columns);
}

sl_ast_stmt *sl_ast_source_new(sl_parse_ctx *p, sl_ast_create_head h, sl_token source, bool table,
                           sl_token ifne, sl_token name, sl_ast_elems *elems, sl_ast_prop_list props)
{
    sl_ast_stmt *s = stmt_new(p, SL_STMT_CREATE_SOURCE, h.create);
    s->source.or_replace = h.or_replace.z != NULL;
    s->source.is_source = source.z != NULL;
    s->source.if_not_exists = ifne.z != NULL;
    source_fill(p, s, table, name, elems, props);
    return s;
}

sl_ast_stmt *sl_ast_assert_source_new(sl_parse_ctx *p, sl_token t, bool table, sl_token name,
                                  sl_ast_elems *elems, sl_ast_prop_list props)
{
    sl_ast_stmt *s = stmt_new(p, SL_STMT_ASSERT_SOURCE, t);
    source_fill(p, s, table, name, elems, props);
    return s;
}

sl_ast_stmt *sl_ast_create_as_new(sl_parse_ctx *p, sl_ast_create_head h, bool table, sl_token ifne,
                              sl_token name, sl_ast_prop_list props, sl_ast_query *q)
{
    sl_ast_stmt *s = stmt_new(p, SL_STMT_CREATE_AS, h.create);
    s->create_as.is_table = table;
    s->create_as.or_replace = h.or_replace.z != NULL;
    s->create_as.if_not_exists = ifne.z != NULL;
    s->create_as.name = sl_ast_ident_of(p, name);
    s->create_as.props = props;
    s->create_as.query = q;
    return s;
}

sl_ast_stmt *sl_ast_insert_into_new(sl_parse_ctx *p, sl_token t, sl_token target, sl_ast_prop_list props,
                                sl_ast_query *q)
{
    sl_ast_stmt *s = stmt_new(p, SL_STMT_INSERT_INTO, t);
    s->insert_into.target = sl_ast_ident_of(p, target);
    s->insert_into.props = props;
    s->insert_into.query = q;
    return s;
}

sl_ast_stmt *sl_ast_values_new(sl_parse_ctx *p, sl_stmt_kind kind, sl_token t, sl_token target,
                           sl_ast_ident_list cols, sl_ast_expr_list values)
{
    sl_ast_stmt *s = stmt_new(p, kind, t);
    s->values.target = sl_ast_ident_of(p, target);
    s->values.columns = cols;
    s->values.values = values;
    return s;
}

sl_ast_stmt *sl_ast_drop_new(sl_parse_ctx *p, sl_token t, sl_drop_what what, sl_token if_exists,
                         sl_token name, sl_token delete_topic)
{
    sl_ast_stmt *s = stmt_new(p, SL_STMT_DROP, t);
    s->drop.what = what;
    s->drop.if_exists = if_exists.z != NULL;
    s->drop.delete_topic = delete_topic.z != NULL;
    s->drop.name = sl_ast_ident_of(p, name);
    return s;
}

sl_ast_stmt *sl_ast_create_type_new(sl_parse_ctx *p, sl_token t, sl_token ifne, sl_token name,
                                sl_type_ast *type)
{
    sl_ast_stmt *s = stmt_new(p, SL_STMT_CREATE_TYPE, t);
    s->create_type.if_not_exists = ifne.z != NULL;
    s->create_type.name = sl_ast_ident_of(p, name);
    s->create_type.type = type;
    return s;
}

sl_ast_stmt *sl_ast_alter_new(sl_parse_ctx *p, sl_token t, bool table, sl_token name,
                          sl_ast_column_list cols)
{
    sl_ast_stmt *s = stmt_new(p, SL_STMT_ALTER_SOURCE, t);
    s->alter.is_table = table;
    s->alter.name = sl_ast_ident_of(p, name);
    s->alter.columns = cols;
    return s;
}

sl_ast_stmt *sl_ast_connector_new(sl_parse_ctx *p, sl_ast_create_head h, bool source, sl_token ifne,
                              sl_token name, sl_ast_prop_list props)
{
    sl_ast_stmt *s = stmt_new(p, SL_STMT_CREATE_CONNECTOR, h.create);
    if (h.or_replace.z)
        sl_parse_fail_syntax(p, h.or_replace.pos,
                             "CREATE OR REPLACE is not supported for connectors");
    s->connector.is_source = source;
    s->connector.if_not_exists = ifne.z != NULL;
    s->connector.name = sl_ast_ident_of(p, name);
    s->connector.props = props;
    return s;
}

sl_ast_stmt *sl_ast_show_new(sl_parse_ctx *p, sl_token t, sl_show_what what, bool extended, bool all,
                         sl_connector_scope scope)
{
    sl_ast_stmt *s = stmt_new(p, SL_STMT_SHOW, t);
    s->show.what = what;
    s->show.extended = extended;
    s->show.all = all;
    s->show.scope = scope;
    return s;
}

sl_ast_stmt *sl_ast_describe_new(sl_parse_ctx *p, sl_token t, sl_describe_what what, bool extended,
                             sl_token name)
{
    sl_ast_stmt *s = stmt_new(p, SL_STMT_DESCRIBE, t);
    s->describe.what = what;
    s->describe.extended = extended;
    s->describe.name = sl_ast_ident_of(p, name);
    return s;
}

sl_ast_stmt *sl_ast_explain_new(sl_parse_ctx *p, sl_token t, sl_ast_stmt *stmt, sl_token query_id)
{
    sl_ast_stmt *s = stmt_new(p, SL_STMT_EXPLAIN, t);
    s->explain.stmt = stmt;
    s->explain.query_id = sl_ast_ident_of(p, query_id);
    return s;
}

sl_ast_stmt *sl_ast_query_ctl_new(sl_parse_ctx *p, sl_stmt_kind kind, sl_token t, sl_token query_id)
{
    sl_ast_stmt *s = stmt_new(p, kind, t);
    s->query_ctl.all = query_id.z == NULL;
    s->query_ctl.query_id = sl_ast_ident_of(p, query_id);
    return s;
}

/* A topic or subject name: 'string' unquoted, `quoted` unquoted, a bare name as written. */
static const char *resource_name(sl_parse_ctx *p, sl_token t)
{
    if (!t.z) return NULL;
    if (t.type == TK_STRLIT) return sl_ast_unquote(p, t, NULL);
    sl_ast_ident id = sl_ast_ident_of(p, t);
    return id.quoted || id.variable ? id.text : sl_arena_strndup(p->ar, t.z, t.n);
}

sl_ast_stmt *sl_ast_print_new(sl_parse_ctx *p, sl_token t, sl_token topic, bool from_beginning,
                          sl_ast_expr *interval, sl_ast_expr *limit)
{
    sl_ast_stmt *s = stmt_new(p, SL_STMT_PRINT, t);
    s->print.topic = resource_name(p, topic);
    s->print.from_beginning = from_beginning;
    s->print.interval = count_of(p, interval, &s->print.has_interval, "INTERVAL");
    s->print.limit = count_of(p, limit, &s->print.has_limit, "LIMIT");
    return s;
}

sl_ast_stmt *sl_ast_setting_new(sl_parse_ctx *p, sl_stmt_kind kind, sl_token t, sl_token name,
                            sl_token value)
{
    sl_ast_stmt *s = stmt_new(p, kind, t);
    const char *v = value.z ? sl_ast_unquote(p, value, NULL) : NULL;
    switch (kind) {
    case SL_STMT_DEFINE:
    case SL_STMT_UNDEFINE:
        if (name.z[0] == '"' || name.z[0] == '`')
            sl_parse_fail_syntax(p, name.pos, "a variable name cannot be quoted");
        s->define.name = sl_arena_strndup(p->ar, name.z, name.n);
        s->define.value = v;
        break;
    case SL_STMT_RUN_SCRIPT:
        s->script_path = sl_ast_unquote(p, name, NULL);
        break;
    default:
        s->set.name = sl_ast_unquote(p, name, NULL);
        s->set.value = v;
        break;
    }
    return s;
}

sl_ast_stmt *sl_ast_assert_topic_new(sl_parse_ctx *p, sl_token t, bool not_exists, sl_token topic,
                                 sl_ast_prop_list props, sl_ast_duration *timeout)
{
    sl_ast_stmt *s = stmt_new(p, SL_STMT_ASSERT_TOPIC, t);
    s->assert_topic.not_exists = not_exists;
    s->assert_topic.topic = resource_name(p, topic);
    s->assert_topic.props = props;
    s->assert_topic.timeout = timeout;
    return s;
}

sl_ast_stmt *sl_ast_assert_schema_new(sl_parse_ctx *p, sl_token t, bool not_exists, sl_token subject,
                                  sl_ast_expr *id, sl_ast_duration *timeout)
{
    sl_ast_stmt *s = stmt_new(p, SL_STMT_ASSERT_SCHEMA, t);
    s->assert_schema.not_exists = not_exists;
    s->assert_schema.subject = resource_name(p, subject);
    s->assert_schema.id = id;
    s->assert_schema.timeout = timeout;
    return s;
}

/* ---- the end of a statement ----------------------------------------------------------- */

/* Position of the first token after the one at s's start (for "ASSERT VALUES" errors). */
static sl_pos second_token(sl_parse_ctx *p, const sl_ast_stmt *s)
{
    sl_pos pos = s->pos;
    int type;
    bool first = true;
    while (pos.off < p->len) {
        size_t n = sl_lex_next(p->sql + pos.off, p->len - pos.off, &type);
        if (type != TK_SPACE && type != TK_COMMENT && !first) break;
        first = false;
        sl_parse_pos_advance(&pos, p->sql + pos.off, n);
    }
    return pos;
}

/* Rejects what the options do not allow; EXPLAIN is checked through. */
static void check_allowed(sl_parse_ctx *p, const sl_ast_stmt *s)
{
    switch (s->kind) {
    case SL_STMT_EXPLAIN:
        if (s->explain.stmt) check_allowed(p, s->explain.stmt);
        break;
    case SL_STMT_ASSERT_VALUES:
    case SL_STMT_ASSERT_TOMBSTONE:
    case SL_STMT_ASSERT_SOURCE:
        if (!(p->flags & SL_PARSE_ALLOW_ASSERT))
            sl_parse_fail_syntax(p, second_token(p, s),
                                 "ASSERT VALUES, ASSERT NULL VALUES, ASSERT STREAM and ASSERT "
                                 "TABLE are only allowed in test files");
        break;
    case SL_STMT_RUN_SCRIPT:
        if (!(p->flags & SL_PARSE_ALLOW_RUN_SCRIPT))
            sl_parse_fail_syntax(p, s->pos, "Unknown statement 'RUN'");
        break;
    default:
        break;
    }
}

void sl_ast_stmt_end(sl_parse_ctx *p, sl_ast_stmt *s, sl_token semi)
{
    uint32_t end = semi.pos.off + semi.n;
    for (sl_ast_stmt *t = s; t; t = t->kind == SL_STMT_EXPLAIN ? t->explain.stmt : NULL) {
        t->text_len = end - t->pos.off; /* an EXPLAINed statement ends where EXPLAIN does */
        t->text = sl_arena_strndup(p->ar, p->sql + t->pos.off, t->text_len);
    }
    check_allowed(p, s);
    if (p->stmts && !p->err) *SL_AST_PUSH(p->ar, *p->stmts) = s;
}
