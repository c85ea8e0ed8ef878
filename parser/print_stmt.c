/*
 * print_stmt.c - the printer's statement half: queries and every statement kind, on one line
 * ending with ';' (see ast.h and print.c, whose helpers it uses for names, strings,
 * durations and expressions).
 *
 * Names that follow a keyword offering both keywords and a name at the same point
 * (CREATE STREAM x, DESCRIBE x, EXPLAIN x, TERMINATE x, DROP ... x, WINDOW w) are printed
 * "strictly": any keyword is quoted there. Aliases are always printed after AS.
 */
#include "parser/parser_int.h"

#include <inttypes.h>
#include <string.h>

static void ident(sl_buf *b, const sl_ast_ident *id)
{
    sl_ast_name_print(b, id, false);
}

static void ident_strict(sl_buf *b, const sl_ast_ident *id)
{
    sl_ast_name_print(b, id, true);
}

static void string(sl_buf *b, const char *s)
{
    sl_ast_string_print(b, s);
}

static void duration(sl_buf *b, const sl_ast_duration *d)
{
    sl_ast_duration_print(b, d);
}

/* ---- queries -------------------------------------------------------------------------- */

static void relation(sl_buf *b, const sl_ast_relation *r)
{
    ident(b, &r->name);
    if (r->alias.text) {
        sl_buf_puts(b, " AS ");
        ident(b, &r->alias);
    }
}

static void select_items(sl_buf *b, const sl_ast_select_list *l)
{
    for (uint32_t i = 0; i < l->n; i++) {
        const sl_ast_select_item *it = &l->v[i];
        if (i) sl_buf_puts(b, ", ");
        if (it->kind == SL_SELECT_ALL) {
            if (it->source.text) {
                ident(b, &it->source);
                sl_buf_putc(b, '.');
            }
            sl_buf_putc(b, '*');
        } else if (it->kind == SL_SELECT_STRUCT_ALL) {
            sl_ast_operand_print(b, it->expr, SL_PRINT_PRIMARY);
            sl_buf_puts(b, "->*");
        } else {
            sl_ast_expr_print(b, it->expr);
            if (it->alias.text) {
                sl_buf_puts(b, " AS ");
                ident(b, &it->alias);
            }
        }
    }
}

static void join(sl_buf *b, const sl_ast_join *j)
{
    static const char *const kw[] = {" INNER JOIN ", " LEFT JOIN ", " RIGHT JOIN ",
                                     " FULL OUTER JOIN "};
    sl_buf_puts(b, kw[j->type]);
    relation(b, &j->right);
    if (j->within) {
        sl_buf_puts(b, " WITHIN ");
        if (j->within->before_after) {
            sl_buf_putc(b, '(');
            duration(b, &j->within->before);
            sl_buf_puts(b, ", ");
            duration(b, &j->within->after);
            sl_buf_putc(b, ')');
        } else {
            duration(b, &j->within->before);
        }
        if (j->within->grace) {
            sl_buf_puts(b, " GRACE PERIOD ");
            duration(b, j->within->grace);
        }
    }
    sl_buf_puts(b, " ON ");
    sl_ast_expr_print(b, j->on);
}

static void window(sl_buf *b, const sl_ast_window *w)
{
    static const char *const kw[] = {"TUMBLING (SIZE ", "HOPPING (SIZE ", "SESSION ("};
    sl_buf_puts(b, " WINDOW ");
    if (w->name.text) {
        ident_strict(b, &w->name);
        sl_buf_putc(b, ' ');
    }
    sl_buf_puts(b, kw[w->type]);
    duration(b, &w->size);
    if (w->type == SL_WINDOW_HOPPING) {
        sl_buf_puts(b, ", ADVANCE BY ");
        duration(b, &w->advance);
    }
    if (w->retention) {
        sl_buf_puts(b, ", RETENTION ");
        duration(b, w->retention);
    }
    if (w->grace) {
        sl_buf_puts(b, ", GRACE PERIOD ");
        duration(b, w->grace);
    }
    sl_buf_putc(b, ')');
}

static void by_list(sl_buf *b, const char *kw, const sl_ast_expr_list *l)
{
    if (!l) return;
    sl_buf_puts(b, kw);
    if (l->n == 0) sl_buf_puts(b, "()");
    sl_ast_expr_list_print(b, l, SL_PRINT_VALUE);
}

void sl_ast_query_print(sl_buf *b, const sl_ast_query *q)
{
    sl_buf_puts(b, "SELECT ");
    select_items(b, &q->items);
    sl_buf_puts(b, " FROM ");
    relation(b, &q->from);
    for (uint32_t i = 0; i < q->joins.n; i++)
        join(b, &q->joins.v[i]);
    if (q->window) window(b, q->window);
    if (q->where) {
        sl_buf_puts(b, " WHERE ");
        sl_ast_expr_print(b, q->where);
    }
    by_list(b, " GROUP BY ", q->group_by);
    by_list(b, " PARTITION BY ", q->partition_by);
    if (q->having) {
        sl_buf_puts(b, " HAVING ");
        sl_ast_expr_print(b, q->having);
    }
    if (q->emit != SL_EMIT_NONE)
        sl_buf_puts(b, q->emit == SL_EMIT_CHANGES ? " EMIT CHANGES" : " EMIT FINAL");
    if (q->has_limit) sl_buf_printf(b, " LIMIT %" PRId64, q->limit);
}

/* ---- statements ----------------------------------------------------------------------- */

static void props(sl_buf *b, const sl_ast_prop_list *l)
{
    if (l->n == 0) return;
    sl_buf_puts(b, " WITH (");
    for (uint32_t i = 0; i < l->n; i++) {
        if (i) sl_buf_puts(b, ", ");
        if (sl_ast_name_needs_quotes(l->v[i].name.text, false))
            string(b, l->v[i].name.text);
        else
            sl_buf_puts(b, l->v[i].name.text);
        sl_buf_putc(b, '=');
        sl_ast_expr_print(b, l->v[i].value);
    }
    sl_buf_putc(b, ')');
}

static void column_def(sl_buf *b, const sl_ast_column_def *c)
{
    static const char *const kw[] = {"", " KEY", " PRIMARY KEY", " HEADERS", " HEADER("};
    ident(b, &c->name);
    sl_buf_putc(b, ' ');
    sl_ast_type_print(b, c->type);
    sl_buf_puts(b, kw[c->constraint]);
    if (c->constraint == SL_COL_HEADER) {
        string(b, c->header_key);
        sl_buf_putc(b, ')');
    }
}

static void elements(sl_buf *b, const sl_ast_column_list *cols, const sl_ast_watermark *wm)
{
    if (cols->n == 0 && !wm) return;
    sl_buf_puts(b, " (");
    for (uint32_t i = 0; i < cols->n; i++) {
        if (i) sl_buf_puts(b, ", ");
        column_def(b, &cols->v[i]);
    }
    if (wm) {
        sl_buf_puts(b, cols->n ? ", WATERMARK FOR " : "WATERMARK FOR ");
        ident(b, &wm->column);
        sl_buf_puts(b, " AS ");
        ident(b, &wm->base);
        if (wm->delay)
            sl_buf_printf(b, " - INTERVAL '%" PRId64 "' %s", wm->delay->value,
                          wm->delay->unit_text);
    }
    sl_buf_putc(b, ')');
}

static void name_list(sl_buf *b, const sl_ast_ident_list *l)
{
    if (l->n == 0) return;
    sl_buf_puts(b, " (");
    for (uint32_t i = 0; i < l->n; i++) {
        if (i) sl_buf_puts(b, ", ");
        ident(b, &l->v[i]);
    }
    sl_buf_putc(b, ')');
}

static void values(sl_buf *b, const sl_ast_stmt *s)
{
    static const char *const head[] = {"INSERT INTO ", "ASSERT VALUES ", "ASSERT NULL VALUES "};
    int h = s->kind == SL_STMT_INSERT_VALUES ? 0 : s->kind == SL_STMT_ASSERT_VALUES ? 1 : 2;
    sl_buf_puts(b, head[h]);
    ident(b, &s->values.target);
    name_list(b, &s->values.columns);
    sl_buf_puts(b, h == 2 ? " KEY (" : " VALUES (");
    sl_ast_expr_list_print(b, &s->values.values, SL_PRINT_VALUE);
    sl_buf_putc(b, ')');
}

static void source(sl_buf *b, const sl_ast_stmt *s)
{
    if (s->kind == SL_STMT_ASSERT_SOURCE) {
        sl_buf_puts(b, s->source.is_table ? "ASSERT TABLE " : "ASSERT STREAM ");
        ident(b, &s->source.name);
    } else {
        sl_buf_puts(b, s->source.or_replace ? "CREATE OR REPLACE " : "CREATE ");
        if (s->source.is_source) sl_buf_puts(b, "SOURCE ");
        sl_buf_puts(b, s->source.is_table ? "TABLE " : "STREAM ");
        if (s->source.if_not_exists) sl_buf_puts(b, "IF NOT EXISTS ");
        ident_strict(b, &s->source.name);
    }
    elements(b, &s->source.columns, s->source.watermark);
    props(b, &s->source.props);
}

static void show(sl_buf *b, const sl_ast_stmt *s)
{
    static const char *const what[] = {"STREAMS",    "TABLES",           "TOPICS", "QUERIES",
                                       "PROPERTIES", "FUNCTIONS",        "TYPES",  "VARIABLES",
                                       "CONNECTORS", "CONNECTOR PLUGINS"};
    static const char *const scope[] = {"", "SOURCE ", "SINK "};
    sl_buf_printf(b, "SHOW %s%s%s%s", s->show.all ? "ALL " : "", scope[s->show.scope],
                  what[s->show.what], s->show.extended ? " EXTENDED" : "");
}

static void describe(sl_buf *b, const sl_ast_stmt *s)
{
    static const char *const what[] = {"", "STREAMS", "TABLES", "FUNCTION ", "CONNECTOR "};
    sl_buf_printf(b, "DESCRIBE %s", what[s->describe.what]);
    if (s->describe.what == SL_DESCRIBE_SOURCE)
        ident_strict(b, &s->describe.name);
    else if (s->describe.name.text)
        ident(b, &s->describe.name);
    if (s->describe.extended) sl_buf_puts(b, " EXTENDED");
}

static void drop(sl_buf *b, const sl_ast_stmt *s)
{
    static const char *const what[] = {"STREAM ", "TABLE ", "TYPE ", "CONNECTOR "};
    sl_buf_printf(b, "DROP %s%s", what[s->drop.what], s->drop.if_exists ? "IF EXISTS " : "");
    ident_strict(b, &s->drop.name);
    if (s->drop.delete_topic) sl_buf_puts(b, " DELETE TOPIC");
}

static void query_ctl(sl_buf *b, const sl_ast_stmt *s)
{
    sl_buf_puts(b, s->kind == SL_STMT_TERMINATE ? "TERMINATE "
                   : s->kind == SL_STMT_PAUSE   ? "PAUSE "
                                                : "RESUME ");
    if (s->query_ctl.all)
        sl_buf_puts(b, "ALL");
    else
        ident_strict(b, &s->query_ctl.query_id);
}

static void print_stmt(sl_buf *b, const sl_ast_stmt *s)
{
    sl_buf_puts(b, "PRINT ");
    string(b, s->print.topic);
    if (s->print.from_beginning) sl_buf_puts(b, " FROM BEGINNING");
    if (s->print.has_interval) sl_buf_printf(b, " INTERVAL %" PRId64, s->print.interval);
    if (s->print.has_limit) sl_buf_printf(b, " LIMIT %" PRId64, s->print.limit);
}

static void settings(sl_buf *b, const sl_ast_stmt *s)
{
    switch (s->kind) {
    case SL_STMT_SET:
    case SL_STMT_ALTER_SYSTEM:
        sl_buf_puts(b, s->kind == SL_STMT_SET ? "SET " : "ALTER SYSTEM ");
        string(b, s->set.name);
        sl_buf_puts(b, " = ");
        string(b, s->set.value);
        break;
    case SL_STMT_UNSET:
        sl_buf_puts(b, "UNSET ");
        string(b, s->set.name);
        break;
    case SL_STMT_DEFINE:
        sl_buf_printf(b, "DEFINE %s = ", s->define.name);
        string(b, s->define.value);
        break;
    case SL_STMT_UNDEFINE:
        sl_buf_printf(b, "UNDEFINE %s", s->define.name);
        break;
    default: /* RUN_SCRIPT */
        sl_buf_puts(b, "RUN SCRIPT ");
        string(b, s->script_path);
        break;
    }
}

static void asserts(sl_buf *b, const sl_ast_stmt *s)
{
    if (s->kind == SL_STMT_ASSERT_TOPIC) {
        sl_buf_puts(b, s->assert_topic.not_exists ? "ASSERT NOT EXISTS TOPIC " : "ASSERT TOPIC ");
        string(b, s->assert_topic.topic);
        props(b, &s->assert_topic.props);
        if (s->assert_topic.timeout) {
            sl_buf_puts(b, " TIMEOUT ");
            duration(b, s->assert_topic.timeout);
        }
        return;
    }
    sl_buf_puts(b, s->assert_schema.not_exists ? "ASSERT NOT EXISTS SCHEMA" : "ASSERT SCHEMA");
    if (s->assert_schema.subject) {
        sl_buf_puts(b, " SUBJECT ");
        string(b, s->assert_schema.subject);
    }
    if (s->assert_schema.id) {
        sl_buf_puts(b, " ID ");
        sl_ast_expr_print(b, s->assert_schema.id);
    }
    if (s->assert_schema.timeout) {
        sl_buf_puts(b, " TIMEOUT ");
        duration(b, s->assert_schema.timeout);
    }
}

static void ddl(sl_buf *b, const sl_ast_stmt *s)
{
    switch (s->kind) {
    case SL_STMT_CREATE_AS:
        sl_buf_puts(b, s->create_as.or_replace ? "CREATE OR REPLACE " : "CREATE ");
        sl_buf_puts(b, s->create_as.is_table ? "TABLE " : "STREAM ");
        if (s->create_as.if_not_exists) sl_buf_puts(b, "IF NOT EXISTS ");
        ident_strict(b, &s->create_as.name);
        props(b, &s->create_as.props);
        sl_buf_puts(b, " AS ");
        sl_ast_query_print(b, s->create_as.query);
        break;
    case SL_STMT_CREATE_TYPE:
        sl_buf_puts(b,
                    s->create_type.if_not_exists ? "CREATE TYPE IF NOT EXISTS " : "CREATE TYPE ");
        ident_strict(b, &s->create_type.name);
        sl_buf_puts(b, " AS ");
        sl_ast_type_print(b, s->create_type.type);
        break;
    case SL_STMT_ALTER_SOURCE:
        sl_buf_puts(b, s->alter.is_table ? "ALTER TABLE " : "ALTER STREAM ");
        ident(b, &s->alter.name);
        for (uint32_t i = 0; i < s->alter.columns.n; i++) {
            sl_buf_puts(b, i ? ", ADD COLUMN " : " ADD COLUMN ");
            column_def(b, &s->alter.columns.v[i]);
        }
        break;
    default: /* CREATE_CONNECTOR */
        sl_buf_puts(b,
                    s->connector.is_source ? "CREATE SOURCE CONNECTOR " : "CREATE SINK CONNECTOR ");
        if (s->connector.if_not_exists) sl_buf_puts(b, "IF NOT EXISTS ");
        ident_strict(b, &s->connector.name);
        props(b, &s->connector.props);
        break;
    }
}

/* The statement without its ';'. A dispatch switch over statement kinds. */
static void stmt(sl_buf *b, const sl_ast_stmt *s)
{
    switch (s->kind) {
    case SL_STMT_QUERY:
        sl_ast_query_print(b, s->query);
        break;
    case SL_STMT_CREATE_SOURCE:
    case SL_STMT_ASSERT_SOURCE:
        source(b, s);
        break;
    case SL_STMT_CREATE_AS:
    case SL_STMT_CREATE_TYPE:
    case SL_STMT_ALTER_SOURCE:
    case SL_STMT_CREATE_CONNECTOR:
        ddl(b, s);
        break;
    case SL_STMT_INSERT_INTO:
        sl_buf_puts(b, "INSERT INTO ");
        ident(b, &s->insert_into.target);
        props(b, &s->insert_into.props);
        sl_buf_putc(b, ' ');
        sl_ast_query_print(b, s->insert_into.query);
        break;
    case SL_STMT_INSERT_VALUES:
    case SL_STMT_ASSERT_VALUES:
    case SL_STMT_ASSERT_TOMBSTONE:
        values(b, s);
        break;
    case SL_STMT_DROP:
        drop(b, s);
        break;
    case SL_STMT_SHOW:
        show(b, s);
        break;
    case SL_STMT_DESCRIBE:
        describe(b, s);
        break;
    case SL_STMT_EXPLAIN:
        sl_buf_puts(b, "EXPLAIN ");
        if (s->explain.stmt)
            stmt(b, s->explain.stmt);
        else
            ident_strict(b, &s->explain.query_id);
        break;
    case SL_STMT_TERMINATE:
    case SL_STMT_PAUSE:
    case SL_STMT_RESUME:
        query_ctl(b, s);
        break;
    case SL_STMT_PRINT:
        print_stmt(b, s);
        break;
    case SL_STMT_ASSERT_TOPIC:
    case SL_STMT_ASSERT_SCHEMA:
        asserts(b, s);
        break;
    default:
        settings(b, s);
        break;
    }
}

void sl_ast_stmt_print(sl_buf *out, const sl_ast_stmt *s)
{
    stmt(out, s);
    sl_buf_putc(out, ';');
}

/* ---- names for messages --------------------------------------------------------------- */

const char *sl_ast_stmt_kind_name(sl_stmt_kind kind)
{
    static const char *const names[] = {"QUERY",         "CREATE_SOURCE",
                                        "CREATE_AS",     "INSERT_INTO",
                                        "INSERT_VALUES", "DROP",
                                        "CREATE_TYPE",   "ALTER_SOURCE",
                                        "ALTER_SYSTEM",  "CREATE_CONNECTOR",
                                        "SHOW",          "DESCRIBE",
                                        "EXPLAIN",       "TERMINATE",
                                        "PAUSE",         "RESUME",
                                        "PRINT",         "SET",
                                        "UNSET",         "DEFINE",
                                        "UNDEFINE",      "RUN_SCRIPT",
                                        "ASSERT_VALUES", "ASSERT_TOMBSTONE",
                                        "ASSERT_SOURCE", "ASSERT_TOPIC",
                                        "ASSERT_SCHEMA"};
    _Static_assert(sizeof names / sizeof names[0] == SL_STMT__COUNT, "a name per kind");
    return kind < SL_STMT__COUNT ? names[kind] : "?";
}
