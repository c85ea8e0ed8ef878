/*
 * ast_eq.c - structural equality of syntax trees (see ast.h).
 *
 * Two trees are equal when they say the same thing: same node kinds, canonical names,
 * literal texts, operators, flags and list shapes. Positions, statement text and whether a
 * name was quoted are not compared, so a tree equals the tree of its own printed form.
 */
#include "parser/parser_int.h"

#include <string.h>

static bool str_eq(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool ident_eq(const sl_ast_ident *a, const sl_ast_ident *b)
{
    return a->variable == b->variable && str_eq(a->text, b->text);
}

static bool idents_eq(const sl_ast_ident_list *a, const sl_ast_ident_list *b)
{
    if (a->n != b->n) return false;
    for (uint32_t i = 0; i < a->n; i++)
        if (!ident_eq(&a->v[i], &b->v[i])) return false;
    return true;
}

static bool exprs_eq(const sl_ast_expr_list *a, const sl_ast_expr_list *b)
{
    if (a->n != b->n) return false;
    for (uint32_t i = 0; i < a->n; i++)
        if (!sl_ast_expr_eq(a->v[i], b->v[i])) return false;
    return true;
}

static bool duration_eq(const sl_ast_duration *a, const sl_ast_duration *b)
{
    if (!a || !b) return a == b;
    return a->value == b->value && a->unit == b->unit && a->ms == b->ms;
}

static bool lit_eq(const sl_ast_lit *a, const sl_ast_lit *b)
{
    if (a->kind != b->kind) return false;
    if (a->kind == SL_LIT_BOOLEAN) return a->b == b->b;
    if (a->kind == SL_LIT_NULL) return true;
    return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

bool sl_ast_type_eq(const sl_type_ast *a, const sl_type_ast *b)
{
    if (!a || !b) return a == b;
    if (a->kind != b->kind) return false;
    switch (a->kind) {
    case SL_TYPE_AST_NAME:
        if (!ident_eq(&a->named.name, &b->named.name)) return false;
        if (a->named.params.n != b->named.params.n) return false;
        for (uint32_t i = 0; i < a->named.params.n; i++)
            if (!str_eq(a->named.params.v[i], b->named.params.v[i])) return false;
        return true;
    case SL_TYPE_AST_ARRAY:
        return sl_ast_type_eq(a->elem, b->elem);
    case SL_TYPE_AST_MAP:
        return sl_ast_type_eq(a->map.key, b->map.key) && sl_ast_type_eq(a->map.value, b->map.value);
    case SL_TYPE_AST_STRUCT:
        if (a->fields.n != b->fields.n) return false;
        for (uint32_t i = 0; i < a->fields.n; i++)
            if (!ident_eq(&a->fields.v[i].name, &b->fields.v[i].name) ||
                !sl_ast_type_eq(a->fields.v[i].type, b->fields.v[i].type))
                return false;
        return true;
    }
    return false;
}

/* The kinds made of a few sub-expressions and flags. */
static bool compound_eq(const sl_ast_expr *a, const sl_ast_expr *b)
{
    switch (a->kind) {
    case SL_AST_CASE:
        if (!sl_ast_expr_eq(a->case_.operand, b->case_.operand) ||
            !sl_ast_expr_eq(a->case_.else_, b->case_.else_) || a->case_.whens.n != b->case_.whens.n)
            return false;
        for (uint32_t i = 0; i < a->case_.whens.n; i++)
            if (!sl_ast_expr_eq(a->case_.whens.v[i].cond, b->case_.whens.v[i].cond) ||
                !sl_ast_expr_eq(a->case_.whens.v[i].result, b->case_.whens.v[i].result))
                return false;
        return true;
    case SL_AST_MAP:
        if (a->map.n != b->map.n) return false;
        for (uint32_t i = 0; i < a->map.n; i++)
            if (!sl_ast_expr_eq(a->map.v[i].key, b->map.v[i].key) ||
                !sl_ast_expr_eq(a->map.v[i].value, b->map.v[i].value))
                return false;
        return true;
    case SL_AST_STRUCT:
        if (a->struct_.n != b->struct_.n) return false;
        for (uint32_t i = 0; i < a->struct_.n; i++)
            if (!ident_eq(&a->struct_.v[i].name, &b->struct_.v[i].name) ||
                !sl_ast_expr_eq(a->struct_.v[i].value, b->struct_.v[i].value))
                return false;
        return true;
    case SL_AST_LIKE:
        return a->like.negated == b->like.negated && str_eq(a->like.escape, b->like.escape) &&
               sl_ast_expr_eq(a->like.value, b->like.value) &&
               sl_ast_expr_eq(a->like.pattern, b->like.pattern);
    case SL_AST_BETWEEN:
        return a->between.negated == b->between.negated &&
               sl_ast_expr_eq(a->between.value, b->between.value) &&
               sl_ast_expr_eq(a->between.low, b->between.low) &&
               sl_ast_expr_eq(a->between.high, b->between.high);
    case SL_AST_IN:
        return a->in.negated == b->in.negated && sl_ast_expr_eq(a->in.value, b->in.value) &&
               exprs_eq(&a->in.list, &b->in.list);
    case SL_AST_CALL:
        return ident_eq(&a->call.name, &b->call.name) && a->call.star == b->call.star &&
               exprs_eq(&a->call.args, &b->call.args);
    case SL_AST_LAMBDA:
        return idents_eq(&a->lambda.params, &b->lambda.params) &&
               sl_ast_expr_eq(a->lambda.body, b->lambda.body);
    default:
        return false;
    }
}

/* A dispatch switch over expression kinds. */
bool sl_ast_expr_eq(const sl_ast_expr *a, const sl_ast_expr *b)
{
    if (!a || !b) return a == b;
    if (a->kind != b->kind) return false;
    switch (a->kind) {
    case SL_AST_LITERAL:
        return lit_eq(&a->lit, &b->lit);
    case SL_AST_TYPED_LITERAL:
        return ident_eq(&a->typed.type, &b->typed.type) && a->typed.len == b->typed.len &&
               memcmp(a->typed.text, b->typed.text, a->typed.len) == 0;
    case SL_AST_COLUMN:
        return ident_eq(&a->column.qualifier, &b->column.qualifier) &&
               ident_eq(&a->column.name, &b->column.name);
    case SL_AST_DEREF:
        return ident_eq(&a->deref.field, &b->deref.field) &&
               sl_ast_expr_eq(a->deref.base, b->deref.base);
    case SL_AST_SUBSCRIPT:
        return sl_ast_expr_eq(a->subscript.base, b->subscript.base) &&
               sl_ast_expr_eq(a->subscript.index, b->subscript.index);
    case SL_AST_UNARY:
        return a->unary.negate == b->unary.negate && sl_ast_expr_eq(a->unary.arg, b->unary.arg);
    case SL_AST_BINARY:
        return a->binary.op == b->binary.op && sl_ast_expr_eq(a->binary.left, b->binary.left) &&
               sl_ast_expr_eq(a->binary.right, b->binary.right);
    case SL_AST_COMPARE:
        return a->compare.op == b->compare.op && sl_ast_expr_eq(a->compare.left, b->compare.left) &&
               sl_ast_expr_eq(a->compare.right, b->compare.right);
    case SL_AST_LOGIC:
        return a->logic.op == b->logic.op && exprs_eq(&a->logic.args, &b->logic.args);
    case SL_AST_NOT:
        return sl_ast_expr_eq(a->not_arg, b->not_arg);
    case SL_AST_IS_NULL:
        return a->is_null.negated == b->is_null.negated &&
               sl_ast_expr_eq(a->is_null.arg, b->is_null.arg);
    case SL_AST_CAST:
        return sl_ast_expr_eq(a->cast.arg, b->cast.arg) &&
               sl_ast_type_eq(a->cast.type, b->cast.type);
    case SL_AST_ARRAY:
        return exprs_eq(&a->array, &b->array);
    case SL_AST_TIME_UNIT:
        return a->time_unit.unit == b->time_unit.unit;
    case SL_AST_AT_TIME_ZONE:
        return str_eq(a->at_tz.zone, b->at_tz.zone) && sl_ast_expr_eq(a->at_tz.arg, b->at_tz.arg);
    default:
        return compound_eq(a, b);
    }
}

/* ---- queries -------------------------------------------------------------------------- */

static bool relation_eq(const sl_ast_relation *a, const sl_ast_relation *b)
{
    return ident_eq(&a->name, &b->name) && ident_eq(&a->alias, &b->alias);
}

static bool within_eq(const sl_ast_within *a, const sl_ast_within *b)
{
    if (!a || !b) return a == b;
    return a->before_after == b->before_after && duration_eq(&a->before, &b->before) &&
           duration_eq(&a->after, &b->after) && duration_eq(a->grace, b->grace);
}

static bool window_eq(const sl_ast_window *a, const sl_ast_window *b)
{
    if (!a || !b) return a == b;
    return a->type == b->type && ident_eq(&a->name, &b->name) && duration_eq(&a->size, &b->size) &&
           (a->type != SL_WINDOW_HOPPING || duration_eq(&a->advance, &b->advance)) &&
           duration_eq(a->retention, b->retention) && duration_eq(a->grace, b->grace);
}

static bool by_eq(const sl_ast_expr_list *a, const sl_ast_expr_list *b)
{
    if (!a || !b) return a == b;
    return exprs_eq(a, b);
}

static bool items_eq(const sl_ast_select_list *a, const sl_ast_select_list *b)
{
    if (a->n != b->n) return false;
    for (uint32_t i = 0; i < a->n; i++) {
        const sl_ast_select_item *x = &a->v[i], *y = &b->v[i];
        if (x->kind != y->kind || !sl_ast_expr_eq(x->expr, y->expr) ||
            !ident_eq(&x->alias, &y->alias) || !ident_eq(&x->source, &y->source))
            return false;
    }
    return true;
}

bool sl_ast_query_eq(const sl_ast_query *a, const sl_ast_query *b)
{
    if (!a || !b) return a == b;
    if (!items_eq(&a->items, &b->items) || !relation_eq(&a->from, &b->from) ||
        a->joins.n != b->joins.n)
        return false;
    for (uint32_t i = 0; i < a->joins.n; i++) {
        const sl_ast_join *x = &a->joins.v[i], *y = &b->joins.v[i];
        if (x->type != y->type || !relation_eq(&x->right, &y->right) ||
            !within_eq(x->within, y->within) || !sl_ast_expr_eq(x->on, y->on))
            return false;
    }
    return window_eq(a->window, b->window) && sl_ast_expr_eq(a->where, b->where) &&
           by_eq(a->group_by, b->group_by) && by_eq(a->partition_by, b->partition_by) &&
           sl_ast_expr_eq(a->having, b->having) && a->emit == b->emit &&
           a->has_limit == b->has_limit && a->limit == b->limit;
}

/* ---- statements ----------------------------------------------------------------------- */

static bool props_eq(const sl_ast_prop_list *a, const sl_ast_prop_list *b)
{
    if (a->n != b->n) return false;
    for (uint32_t i = 0; i < a->n; i++)
        if (!ident_eq(&a->v[i].name, &b->v[i].name) ||
            !sl_ast_expr_eq(a->v[i].value, b->v[i].value))
            return false;
    return true;
}

static bool columns_eq(const sl_ast_column_list *a, const sl_ast_column_list *b)
{
    if (a->n != b->n) return false;
    for (uint32_t i = 0; i < a->n; i++) {
        const sl_ast_column_def *x = &a->v[i], *y = &b->v[i];
        if (!ident_eq(&x->name, &y->name) || !sl_ast_type_eq(x->type, y->type) ||
            x->constraint != y->constraint || !str_eq(x->header_key, y->header_key))
            return false;
    }
    return true;
}

static bool watermark_eq(const sl_ast_watermark *a, const sl_ast_watermark *b)
{
    if (!a || !b) return a == b;
    return ident_eq(&a->column, &b->column) && ident_eq(&a->base, &b->base) &&
           duration_eq(a->delay, b->delay);
}

static bool ddl_eq(const sl_ast_stmt *a, const sl_ast_stmt *b)
{
    switch (a->kind) {
    case SL_STMT_CREATE_SOURCE:
    case SL_STMT_ASSERT_SOURCE:
        return a->source.is_table == b->source.is_table &&
               a->source.or_replace == b->source.or_replace &&
               a->source.if_not_exists == b->source.if_not_exists &&
               a->source.is_source == b->source.is_source &&
               ident_eq(&a->source.name, &b->source.name) &&
               columns_eq(&a->source.columns, &b->source.columns) &&
               watermark_eq(a->source.watermark, b->source.watermark) &&
               props_eq(&a->source.props, &b->source.props);
    case SL_STMT_CREATE_AS:
        return a->create_as.is_table == b->create_as.is_table &&
               a->create_as.or_replace == b->create_as.or_replace &&
               a->create_as.if_not_exists == b->create_as.if_not_exists &&
               ident_eq(&a->create_as.name, &b->create_as.name) &&
               props_eq(&a->create_as.props, &b->create_as.props) &&
               sl_ast_query_eq(a->create_as.query, b->create_as.query);
    case SL_STMT_INSERT_INTO:
        return ident_eq(&a->insert_into.target, &b->insert_into.target) &&
               props_eq(&a->insert_into.props, &b->insert_into.props) &&
               sl_ast_query_eq(a->insert_into.query, b->insert_into.query);
    case SL_STMT_DROP:
        return a->drop.what == b->drop.what && a->drop.if_exists == b->drop.if_exists &&
               a->drop.delete_topic == b->drop.delete_topic &&
               ident_eq(&a->drop.name, &b->drop.name);
    case SL_STMT_CREATE_TYPE:
        return a->create_type.if_not_exists == b->create_type.if_not_exists &&
               ident_eq(&a->create_type.name, &b->create_type.name) &&
               sl_ast_type_eq(a->create_type.type, b->create_type.type);
    case SL_STMT_ALTER_SOURCE:
        return a->alter.is_table == b->alter.is_table && ident_eq(&a->alter.name, &b->alter.name) &&
               columns_eq(&a->alter.columns, &b->alter.columns);
    default: /* CREATE_CONNECTOR */
        return a->connector.is_source == b->connector.is_source &&
               a->connector.if_not_exists == b->connector.if_not_exists &&
               ident_eq(&a->connector.name, &b->connector.name) &&
               props_eq(&a->connector.props, &b->connector.props);
    }
}

static bool misc_eq(const sl_ast_stmt *a, const sl_ast_stmt *b)
{
    switch (a->kind) {
    case SL_STMT_SHOW:
        return a->show.what == b->show.what && a->show.extended == b->show.extended &&
               a->show.all == b->show.all && a->show.scope == b->show.scope;
    case SL_STMT_DESCRIBE:
        return a->describe.what == b->describe.what &&
               a->describe.extended == b->describe.extended &&
               ident_eq(&a->describe.name, &b->describe.name);
    case SL_STMT_EXPLAIN:
        return ident_eq(&a->explain.query_id, &b->explain.query_id) &&
               sl_ast_stmt_eq(a->explain.stmt, b->explain.stmt);
    case SL_STMT_TERMINATE:
    case SL_STMT_PAUSE:
    case SL_STMT_RESUME:
        return a->query_ctl.all == b->query_ctl.all &&
               ident_eq(&a->query_ctl.query_id, &b->query_ctl.query_id);
    case SL_STMT_PRINT:
        return str_eq(a->print.topic, b->print.topic) &&
               a->print.from_beginning == b->print.from_beginning &&
               a->print.has_interval == b->print.has_interval &&
               a->print.interval == b->print.interval && a->print.has_limit == b->print.has_limit &&
               a->print.limit == b->print.limit;
    case SL_STMT_DEFINE:
    case SL_STMT_UNDEFINE:
        return str_eq(a->define.name, b->define.name) && str_eq(a->define.value, b->define.value);
    case SL_STMT_RUN_SCRIPT:
        return str_eq(a->script_path, b->script_path);
    case SL_STMT_ASSERT_TOPIC:
        return a->assert_topic.not_exists == b->assert_topic.not_exists &&
               str_eq(a->assert_topic.topic, b->assert_topic.topic) &&
               props_eq(&a->assert_topic.props, &b->assert_topic.props) &&
               duration_eq(a->assert_topic.timeout, b->assert_topic.timeout);
    case SL_STMT_ASSERT_SCHEMA:
        return a->assert_schema.not_exists == b->assert_schema.not_exists &&
               str_eq(a->assert_schema.subject, b->assert_schema.subject) &&
               sl_ast_expr_eq(a->assert_schema.id, b->assert_schema.id) &&
               duration_eq(a->assert_schema.timeout, b->assert_schema.timeout);
    default: /* SET, UNSET, ALTER_SYSTEM */
        return str_eq(a->set.name, b->set.name) && str_eq(a->set.value, b->set.value);
    }
}

bool sl_ast_stmt_eq(const sl_ast_stmt *a, const sl_ast_stmt *b)
{
    if (!a || !b) return a == b;
    if (a->kind != b->kind) return false;
    switch (a->kind) {
    case SL_STMT_QUERY:
        return sl_ast_query_eq(a->query, b->query);
    case SL_STMT_INSERT_VALUES:
    case SL_STMT_ASSERT_VALUES:
    case SL_STMT_ASSERT_TOMBSTONE:
        return ident_eq(&a->values.target, &b->values.target) &&
               idents_eq(&a->values.columns, &b->values.columns) &&
               exprs_eq(&a->values.values, &b->values.values);
    case SL_STMT_CREATE_SOURCE:
    case SL_STMT_ASSERT_SOURCE:
    case SL_STMT_CREATE_AS:
    case SL_STMT_INSERT_INTO:
    case SL_STMT_DROP:
    case SL_STMT_CREATE_TYPE:
    case SL_STMT_ALTER_SOURCE:
    case SL_STMT_CREATE_CONNECTOR:
        return ddl_eq(a, b);
    default:
        return misc_eq(a, b);
    }
}
