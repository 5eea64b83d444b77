/*
 * bind: template + register -> document tree (see bind.h). Three steps,
 * in order, each stopping the render if it reports anything:
 *   check   every query prepared, and every query, column, parameter and
 *           label name the template uses resolved, with FILE:LINE;
 *   query   the parameters evaluated and every query run, all on one
 *           snapshot of the register, the queries on two threads, into
 *           rows held in memory;
 *   walk    the template turned into doc nodes.
 * This file formats nothing by hand: numbers, dates and plurals are fmt's,
 * and all computing is the template's SQL.
 */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "bind.h"
#include "db.h"
#include "diag.h"
#include "doc.h"
#include "fmt.h"
#include "tmpl.h"

/* A parameter or query of the template, prepared, then run. */
struct query {
	const struct tmpl_node	*node;
	struct db_query		*q;
	struct db_rows		*rows;
};

struct bind {
	struct db		*db;		/* borrowed */
	struct tmpl		*t;		/* borrowed; refs filled in */
	const struct fmt	*fmt;		/* borrowed */
	struct doc		*doc;		/* being built */
	GHashTable		*params;	/* name -> struct db_value * */
	GPtrArray		*param_list;	/* of struct query *, in order */
	GHashTable		*query_index;	/* name -> index + 1 */
	GPtrArray		*queries;	/* of struct query * */
	GHashTable		*labels;	/* name -> (key -> text) */
	GHashTable		*param_names;	/* every parameter's name */
	GHashTable		*ids;		/* section ids -> line */
	GStringChunk		*strings;	/* parameter texts */
	GHashTable		*reported;	/* "line detail" said once */
	unsigned		 annexes;	/* annexes numbered so far */
};

/* The row a column without a query reads: an each's, table's or chart's. */
struct ctx {
	int	 qidx;		/* -1: none */
	size_t	 row;
};

static const struct db_value null_value = { DB_NULL, 0, 0, NULL };

static const char *const builtin[] = { "country", "from", "to", "lang",
    "issued" };

static void
query_free(void *p)
{
	struct query	*q = p;

	db_query_free(q->q);
	db_rows_free(q->rows);
	g_free(q);
}

static void
set_param(struct bind *b, const char *name, const struct db_value *v)
{
	struct db_value	*copy = g_new(struct db_value, 1);

	*copy = *v;
	if (v->type == DB_TEXT)
		copy->s = g_string_chunk_insert_const(b->strings, v->s);
	g_hash_table_replace(b->params, g_strdup(name), copy);
}

static void
set_text_param(struct bind *b, const char *name, const char *s)
{
	struct db_value	v = { DB_TEXT, 0, 0, s };

	set_param(b, name, &v);
}

static const struct db_value *
get_param(const char *name, void *arg)
{
	struct bind	*b = arg;

	return g_hash_table_lookup(b->params, name);
}

/*
 * Note a name in table (name -> line) unless it is there already; report
 * the second definition. 1 if it was new.
 */
static int
define(struct bind *b, GHashTable *table, const char *what,
    const char *name, long line)
{
	gpointer	 prev;

	if (g_hash_table_lookup_extended(table, name, NULL, &prev)) {
		diag_msg(DIAG_TMPL_DUP, b->t->file, line, "%s %s, first at "
		    "line %ld", what, name, (long)GPOINTER_TO_SIZE(prev));
		return 0;
	}
	g_hash_table_insert(table, g_strdup(name),
	    GSIZE_TO_POINTER((gsize)line));
	return 1;
}

/*
 * Check that every parameter q uses is in known (a set of names), at the
 * template line of node n.
 */
static void
check_params(struct bind *b, const struct query *q, GHashTable *known)
{
	int	 i;

	for (i = 0; i < db_query_nparams(q->q); i++)
		if (!g_hash_table_contains(known, db_query_param(q->q, i)))
			diag_msg(DIAG_TMPL_UNKNOWN_PARAM, b->t->file,
			    q->node->line, ":%s", db_query_param(q->q, i));
}

/*
 * Prepare the parameters and queries, note the labels, and check the
 * names each uses. Reports every fault; the caller looks at diag_count.
 */
static void
prepare(struct bind *b)
{
	const struct tmpl_node	*n, *l;
	struct query		*q;
	GHashTable		*known, *names, *table;
	char			*sql;
	size_t			 i;

	known = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (i = 0; i < G_N_ELEMENTS(builtin); i++)
		g_hash_table_insert(known, g_strdup(builtin[i]), NULL);

	/* Parameters: each may use the ones before it. */
	for (n = b->t->root->first; n != NULL; n = n->next) {
		if (n->type != TMPL_PARAM)
			continue;
		if (g_hash_table_contains(known, n->name) &&
		    !g_hash_table_contains(names, n->name)) {
			diag_msg(DIAG_TMPL_DUP, b->t->file, n->line,
			    "parameter %s is given by briefgen", n->name);
			continue;
		}
		if (!define(b, names, "parameter", n->name, n->line))
			continue;
		sql = g_strconcat("SELECT (", n->text, "\n)", NULL);
		q = g_new0(struct query, 1);
		q->node = n;
		q->q = db_query_new(b->db, sql, b->t->file, n->line);
		g_free(sql);
		if (q->q != NULL)
			check_params(b, q, known);
		g_ptr_array_add(b->param_list, q);
		g_hash_table_add(known, g_strdup(n->name));
	}
	g_hash_table_remove_all(names);

	/* Queries may use every parameter. */
	for (n = b->t->root->first; n != NULL; n = n->next) {
		if (n->type != TMPL_QUERY ||
		    !define(b, names, "query", n->name, n->line))
			continue;
		q = g_new0(struct query, 1);
		q->node = n;
		q->q = db_query_new(b->db, n->text, b->t->file, n->line);
		if (q->q != NULL)
			check_params(b, q, known);
		g_ptr_array_add(b->queries, q);
		g_hash_table_insert(b->query_index, g_strdup(n->name),
		    GSIZE_TO_POINTER((gsize)b->queries->len));
	}
	g_hash_table_remove_all(names);

	for (n = b->t->root->first; n != NULL; n = n->next) {
		if (n->type != TMPL_LABELS ||
		    !define(b, names, "labels", n->name, n->line))
			continue;
		table = g_hash_table_new(g_str_hash, g_str_equal);
		for (l = n->first; l != NULL; l = l->next)
			if (g_hash_table_contains(table, l->key))
				diag_msg(DIAG_TMPL_DUP, b->t->file, l->line,
				    "label %s", l->key);
			else
				g_hash_table_insert(table, l->key, l->text);
		g_hash_table_insert(b->labels, g_strdup(n->name), table);
	}
	g_hash_table_destroy(names);
	b->param_names = known;
}

/* The index of query name, or -1 after a diagnostic at n's line. */
static int
resolve_query(struct bind *b, const struct tmpl_node *n, const char *name)
{
	gpointer	 p = g_hash_table_lookup(b->query_index, name);

	if (p == NULL) {
		diag_msg(DIAG_TMPL_UNKNOWN_QUERY, b->t->file, n->line, "%s",
		    name);
		return -1;
	}
	return (int)GPOINTER_TO_SIZE(p) - 1;
}

/* The number of column name in query qidx, or -1 after a diagnostic. */
static int
resolve_column(struct bind *b, const struct tmpl_node *n, int qidx,
    const char *name)
{
	const struct query	*q = g_ptr_array_index(b->queries, qidx);
	int			 i;

	if (q->q == NULL)
		return -1;	/* its SQL was reported */
	for (i = 0; i < db_query_ncols(q->q); i++)
		if (strcmp(db_query_colname(q->q, i), name) == 0)
			return i;
	diag_msg(DIAG_TMPL_UNKNOWN_COLUMN, b->t->file, n->line, "%s has no "
	    "column %s", q->node->name, name);
	return -1;
}

static void
check_param_name(struct bind *b, const struct tmpl_node *n,
    const char *name)
{
	if (!g_hash_table_contains(b->param_names, name))
		diag_msg(DIAG_TMPL_UNKNOWN_PARAM, b->t->file, n->line, "%s",
		    name);
}

/* Resolve the source of a value, plural or condition. */
static void
check_ref(struct bind *b, struct tmpl_node *n, int ctx)
{
	struct tmpl_ref	*r = &n->ref;

	if ((r->param != NULL) == (r->column != NULL) ||
	    (r->param != NULL && r->query != NULL)) {
		diag_msg(DIAG_TMPL_SOURCE, b->t->file, n->line, NULL);
		return;
	}
	if (r->param != NULL) {
		check_param_name(b, n, r->param);
		return;
	}
	if (r->query != NULL)
		r->qidx = resolve_query(b, n, r->query);
	else if ((r->qidx = ctx) < 0) {
		diag_msg(DIAG_TMPL_NO_ROW, b->t->file, n->line, "%s",
		    r->column);
		return;
	}
	if (r->qidx >= 0)
		r->cidx = resolve_column(b, n, r->qidx, r->column);
}

static void
check_labels(struct bind *b, const struct tmpl_node *n)
{
	if (n->labels != NULL && !g_hash_table_contains(b->labels, n->labels))
		diag_msg(DIAG_TMPL_UNKNOWN_LABELS, b->t->file, n->line, "%s",
		    n->labels);
}

static void check_tree(struct bind *, struct tmpl_node *, int);

/*
 * A table takes its rows from its query, every column naming a column of
 * it, or from row elements with as many cells as there are columns.
 */
static void
check_table(struct bind *b, struct tmpl_node *n, int ctx)
{
	struct tmpl_node	*c, *cell;
	int			 q = -1, ncols = 0, ncells;

	if (n->ref.query != NULL)
		q = n->ref.qidx = resolve_query(b, n, n->ref.query);
	for (c = n->first; c != NULL; c = c->next) {
		if (c->type == TMPL_ROW) {
			if (n->ref.query != NULL) {
				diag_msg(DIAG_TMPL_TABLE, b->t->file, c->line,
				    "a table with a query takes no rows");
				return;
			}
			ncells = 0;
			for (cell = c->first; cell != NULL; cell = cell->next) {
				check_tree(b, cell, ctx);
				ncells++;
			}
			if (ncells != ncols)
				diag_msg(DIAG_TMPL_TABLE, b->t->file, c->line,
				    "%d cells for %d columns", ncells, ncols);
			continue;
		}
		ncols++;
		check_labels(b, c);
		if (n->ref.query != NULL && c->ref.column == NULL)
			diag_msg(DIAG_TMPL_TABLE, b->t->file, c->line,
			    "column needs column= in a table with a query");
		else if (n->ref.query == NULL && c->ref.column != NULL)
			diag_msg(DIAG_TMPL_TABLE, b->t->file, c->line,
			    "column= needs a query on the table");
		else if (q >= 0) {
			c->ref.qidx = q;
			c->ref.cidx = resolve_column(b, c, q, c->ref.column);
		}
	}
	if (n->ref.query == NULL && (n->last == NULL ||
	    n->last->type != TMPL_ROW))
		diag_msg(DIAG_TMPL_TABLE, b->t->file, n->line,
		    "a table needs a query or rows");
}

/* A folio must say where the page's number goes, once. */
static void
check_folio(struct bind *b, const struct tmpl_node *n)
{
	const struct tmpl_node	*c;
	int			 page = 0, pages = 0;

	for (c = n->first; c != NULL; c = c->next) {
		page += c->type == TMPL_PAGE;
		pages += c->type == TMPL_PAGES;
	}
	if (page != 1 || pages > 1)
		diag_msg(DIAG_TMPL_FOLIO, b->t->file, n->line, "%d <page/> "
		    "and %d <pages/>", page, pages);
}

/*
 * Check the subtree under n, where columns without a query read the rows
 * of query ctx (-1: none). Recursive over the depth of the template.
 */
static void
check_tree(struct bind *b, struct tmpl_node *n, int ctx)
{
	struct tmpl_node	*c;
	unsigned		 used;
	int			 i, q;

	switch (n->type) {
	case TMPL_PARAM:
	case TMPL_QUERY:
	case TMPL_LABELS:
		return;
	case TMPL_SECTION:
	case TMPL_ANNEX:
		if (n->id != NULL)
			define(b, b->ids, "section id", n->id, n->line);
		break;
	case TMPL_VALUE:
	case TMPL_IF:
		if (n->type == TMPL_IF && n->ref.query != NULL &&
		    n->ref.column == NULL && n->ref.param == NULL)
			diag_msg(DIAG_TMPL_SOURCE, b->t->file, n->line, NULL);
		else
			check_ref(b, n, ctx);
		check_labels(b, n);
		break;
	case TMPL_PLURAL:
		check_ref(b, n, ctx);
		used = fmt_plural_used(b->fmt);
		for (i = 0; i < FMT_PLURAL_MAX; i++)
			if ((used & (1u << i)) && n->forms[i] == NULL)
				diag_msg(DIAG_TMPL_PLURAL, b->t->file,
				    n->line, "%s for %s", fmt_plural_name(i),
				    b->t->locale);
		break;
	case TMPL_PERIOD:
		check_param_name(b, n, n->from);
		check_param_name(b, n, n->to);
		break;
	case TMPL_META:
		if (strcmp(n->name, "folio") == 0)
			check_folio(b, n);
		break;
	case TMPL_EACH:
		n->ref.qidx = resolve_query(b, n, n->ref.query);
		ctx = n->ref.qidx >= 0 ? n->ref.qidx : ctx;
		break;
	case TMPL_TABLE:
		check_table(b, n, ctx);
		return;
	case TMPL_CHART:
		q = n->ref.qidx = resolve_query(b, n, n->ref.query);
		check_labels(b, n);
		if (q >= 0)
			n->label_cidx = resolve_column(b, n, q,
			    n->label_column);
		for (c = n->first; c != NULL; c = c->next)
			if (c->type == TMPL_SERIES && q >= 0)
				c->ref.cidx = resolve_column(b, c, q,
				    c->ref.column);
			else if (c->type != TMPL_SERIES)
				check_tree(b, c, ctx);
		return;
	default:
		break;
	}
	for (c = n->first; c != NULL; c = c->next)
		check_tree(b, c, ctx);
}

#define NO_QUERY G_MAXUINT

/* What the threads that run the queries share. */
struct run {
	struct bind	*b;
	gint		 next;		/* the next query to claim */
	gint		 stop;		/* 1: a query failed, claim no more */
};

/* One thread's part in running the queries. */
struct lane {
	struct run		*run;
	struct db		*db;		/* its own connection, or NULL:
						   b->db and the queries as
						   prepared on it */
	guint			 failed;	/* the query that failed, or
						   NO_QUERY */
	struct diag_kept	*msgs;		/* its diagnostics, kept */
};

/*
 * Run the queries one at a time, each the next in the template's order
 * that no lane has claimed, until none is left or a query has failed on
 * either lane. A lane with a connection of its own prepares each query
 * on it anew, at the same file and line. Both lanes read the parameters
 * in b->params, which nothing changes while they run. The diagnostics
 * are kept in l->msgs for run_queries to sort out.
 */
static void
run_lane(struct lane *l)
{
	struct bind	*b = l->run->b;
	struct query	*q;
	struct db_query	*own;
	guint		 i;

	diag_keep();
	while (!g_atomic_int_get(&l->run->stop)) {
		i = (guint)g_atomic_int_add(&l->run->next, 1);
		if (i >= b->queries->len)
			break;
		q = g_ptr_array_index(b->queries, i);
		if (l->db == NULL)
			q->rows = db_query_run(q->q, get_param, b);
		else if ((own = db_query_new(l->db, q->node->text,
		    b->t->file, q->node->line)) != NULL) {
			q->rows = db_query_run(own, get_param, b);
			db_query_free(own);
		}
		if (q->rows == NULL) {
			l->failed = i;
			g_atomic_int_set(&l->run->stop, 1);
			break;
		}
	}
	l->msgs = diag_keep_detach();
}

static gpointer
lane_thread(gpointer l)
{
	run_lane(l);
	return NULL;
}

/*
 * Evaluate the parameters and run every query, all on one snapshot of
 * the register so that all sections agree. 1 or 0.
 *
 * The parameters come first, in order: each may use the ones before it,
 * and the queries use them all. The queries then run on two threads,
 * each on a connection of its own (SQLite runs one statement at a time
 * per connection), each claiming the next query yet to run, so that the
 * slowest, the key figures, runs on one while the rest run on the other.
 *
 * One snapshot on two connections: db_begin_read takes the first
 * connection's SHARED lock, the second takes its own before anything
 * runs, and the first keeps its lock until both threads are done. With
 * the rollback journal no writer can commit while a reader holds SHARED
 * (db_begin_read), so both read the same register from start to end.
 * SQLite's unix VFS counts one process's SHARED locks on a file, so the
 * second is granted at once even while a writer waiting to commit holds
 * PENDING (which turns new readers of other processes away). Should the
 * second connection fail to begin all the same (busy, an I/O error),
 * the render fails with that diagnostic: it never reads on with one
 * connection alone.
 */
static int
run_queries(struct bind *b)
{
	struct run	 r = { b, 0, 0 };
	struct lane	 lane[2] = {
		{ &r, NULL, NO_QUERY, NULL },
		{ &r, NULL, NO_QUERY, NULL }
	};
	GThread		*thread = NULL;
	struct query	*q;
	guint		 i;
	int		 first, ok = 0;

	if (b->queries->len > 1 && db_can_open_again(b->db) &&
	    (lane[1].db = db_open_again(b->db)) == NULL)
		return 0;
	if (!db_begin_read(b->db))
		goto out;
	if (lane[1].db != NULL && !db_begin_read(lane[1].db))
		goto out;
	for (i = 0; i < b->param_list->len; i++) {
		q = g_ptr_array_index(b->param_list, i);
		if ((q->rows = db_query_run(q->q, get_param, b)) == NULL)
			goto out;
		set_param(b, q->node->name, q->rows->nrows > 0 ?
		    &q->rows->v[0] : &null_value);
	}

	/* Without a thread this one runs every query, on one connection. */
	if (lane[1].db != NULL)
		thread = g_thread_try_new("briefgen-query", lane_thread,
		    &lane[1], NULL);
	run_lane(&lane[0]);
	if (thread != NULL)
		g_thread_join(thread);

	/*
	 * A lane keeps messages only about the query it stopped at. The
	 * first such in the template's order is the failure one thread
	 * would have met, and every query before it ran: report that one
	 * alone, as one thread would have.
	 */
	first = lane[1].failed < lane[0].failed;
	diag_kept_issue(lane[first].msgs);
	diag_kept_free(lane[!first].msgs);
	ok = lane[0].failed == NO_QUERY && lane[1].failed == NO_QUERY;
out:
	if (lane[1].db != NULL) {
		db_rollback(lane[1].db);
		db_free(lane[1].db);
	}
	if (ok)
		ok = db_commit(b->db);
	else
		db_rollback(b->db);
	return ok;
}

/* The value a reference names, in row context ctx. Borrowed. */
static const struct db_value *
lookup(struct bind *b, const struct tmpl_ref *r, const struct ctx *ctx)
{
	const struct query	*q;
	size_t			 row;

	if (r->param != NULL)
		return get_param(r->param, b);
	q = g_ptr_array_index(b->queries, r->qidx);
	row = r->query != NULL ? 0 : ctx->row;
	if (row >= q->rows->nrows)
		return &null_value;
	return &q->rows->v[row * q->rows->ncols + r->cidx];
}

/*
 * Whether the fault detail at line is new: a value that cannot be
 * written is reported once, not once for every row that holds it.
 */
static int
once(struct bind *b, long line, const char *detail)
{
	char	*key = g_strdup_printf("%ld %s", line, detail);

	if (g_hash_table_contains(b->reported, key)) {
		g_free(key);
		return 0;
	}
	g_hash_table_add(b->reported, key);
	return 1;
}

/* A value as the number it holds; 0 if it holds none. */
static int
number(const struct db_value *v, double *x)
{
	char	*end;

	switch (v->type) {
	case DB_INT:
		*x = (double)v->i;
		return 1;
	case DB_REAL:
		*x = v->r;
		return 1;
	case DB_TEXT:
		*x = g_ascii_strtod(v->s, &end);
		return *v->s != '\0' && *end == '\0';
	default:
		return 0;
	}
}

/* Whether a condition's value is true: not NULL, zero, "" or "0". */
static int
truth(const struct db_value *v)
{
	switch (v->type) {
	case DB_INT:
		return v->i != 0;
	case DB_REAL:
		return v->r != 0.0;
	case DB_TEXT:
		return *v->s != '\0' && strcmp(v->s, "0") != 0;
	default:
		return 0;
	}
}

/* The value as text with no formatting at all. Caller frees. */
static char *
raw(const struct db_value *v)
{
	switch (v->type) {
	case DB_INT:
		return g_strdup_printf("%" G_GINT64_FORMAT, v->i);
	case DB_REAL:
		return g_strdup_printf("%.15g", v->r);
	case DB_TEXT:
		return g_strdup(v->s);
	default:
		return g_strdup("");
	}
}

/*
 * v written as the template node n asks: through its labels, or in its
 * format (f, with n's digits). NULL becomes n's null text, else a dash.
 * Returns a new string, or NULL after a diagnostic at n's line.
 */
static char *
format(struct bind *b, const struct tmpl_node *n, enum tmpl_format f,
    const struct db_value *v)
{
	GHashTable	*labels;
	const char	*label;
	char		*key, *s = NULL;
	double		 x;

	if (v->type == DB_NULL)
		return g_strdup(n->null != NULL ? n->null : "\u2014");
	if (n->labels != NULL) {
		labels = g_hash_table_lookup(b->labels, n->labels);
		key = raw(v);
		label = g_hash_table_lookup(labels, key);
		if (label == NULL && once(b, n->line, key))
			diag_msg(DIAG_TMPL_NO_LABEL, b->t->file, n->line,
			    "'%s' in labels %s", key, n->labels);
		g_free(key);
		return g_strdup(label);
	}
	/* Only the numeric formats read a number: an annex has 40,000 dates. */
	switch (f) {
	case TMPL_FMT_TEXT:
		if (v->type == DB_INT)
			s = fmt_integer(b->fmt, v->i);
		else if (v->type == DB_REAL)
			s = fmt_number(b->fmt, v->r, n->digits);
		else
			s = g_strdup(v->s);
		break;
	case TMPL_FMT_INTEGER:
		if (number(v, &x) && x == (double)(int64_t)x)
			s = fmt_integer(b->fmt, (int64_t)x);
		break;
	case TMPL_FMT_NUMBER:
		if (number(v, &x))
			s = fmt_number(b->fmt, x, n->digits);
		break;
	case TMPL_FMT_PERCENT:
		if (number(v, &x))
			s = fmt_percent(b->fmt, x, n->digits);
		break;
	case TMPL_FMT_CHANGE:
		if (number(v, &x) && x == (double)(int64_t)x)
			s = fmt_change(b->fmt, (int64_t)x);
		break;
	case TMPL_FMT_DAYS:
		if (number(v, &x))
			s = fmt_days(b->fmt, x);
		break;
	case TMPL_FMT_DATE:
	case TMPL_FMT_DATE_SHORT:
	case TMPL_FMT_MONTH:
	case TMPL_FMT_MONTH_SHORT:
	case TMPL_FMT_YEAR:
		if (v->type != DB_TEXT)
			break;
		s = f == TMPL_FMT_DATE ? fmt_date(b->fmt, v->s) :
		    f == TMPL_FMT_DATE_SHORT ? fmt_date_short(b->fmt, v->s) :
		    f == TMPL_FMT_MONTH ? fmt_month(b->fmt, v->s) :
		    f == TMPL_FMT_MONTH_SHORT ? fmt_month_short(b->fmt, v->s) :
		    fmt_year(b->fmt, v->s);
		break;
	default:
		break;
	}
	if (s == NULL) {
		key = raw(v);
		if (once(b, n->line, key))
			diag_msg(DIAG_TMPL_FORMAT, b->t->file, n->line,
			    "'%s' as %s", key, tmpl_format_name(f));
		g_free(key);
	}
	return s;
}

/* Append the plural form n chooses for its count, "#" the count. */
static void
plural(struct bind *b, const struct tmpl_node *n, const struct ctx *ctx,
    struct doc_node *out, unsigned style)
{
	const struct db_value	*v = lookup(b, &n->ref, ctx);
	const char		*form, *hash;
	enum fmt_plural		 cat;
	char			*num, *before;
	double			 x;

	if (!number(v, &x) || x != (double)(int64_t)x) {
		num = raw(v);
		diag_msg(DIAG_TMPL_FORMAT, b->t->file, n->line,
		    "'%s' is not a count", num);
		g_free(num);
		return;
	}
	/*
	 * zero= is the form for exactly 0 in every language (ICU's "=0"):
	 * CLDR gives English and Russian no zero category, yet "no
	 * notification remains" reads better than "0 notifications remain".
	 */
	cat = x == 0 && n->forms[FMT_ZERO] != NULL ? FMT_ZERO :
	    fmt_plural(b->fmt, (int64_t)x);
	form = cat < FMT_PLURAL_MAX && n->forms[cat] != NULL ?
	    n->forms[cat] : n->forms[FMT_OTHER];
	num = fmt_integer(b->fmt, (int64_t)x);
	if ((hash = strchr(form, '#')) == NULL)
		doc_add_run(b->doc, out, form, style);
	else {
		before = g_strndup(form, hash - form);
		doc_add_run(b->doc, out, before, style);
		doc_add_run(b->doc, out, num, style | DOC_VALUE);
		doc_add_run(b->doc, out, hash + 1, style);
		g_free(before);
	}
	g_free(num);
}

/* Bind the inline children of n into out's runs. */
static void
bind_inline(struct bind *b, const struct tmpl_node *n, const struct ctx *ctx,
    struct doc_node *out, unsigned style)
{
	const struct tmpl_node	*c;
	const struct db_value	*from, *to;
	char			*s;

	for (c = n->first; c != NULL; c = c->next) {
		switch (c->type) {
		case TMPL_TEXT:
			doc_add_run(b->doc, out, c->text, style);
			break;
		case TMPL_EM:
			bind_inline(b, c, ctx, out, style | DOC_EM);
			break;
		case TMPL_STRONG:
			bind_inline(b, c, ctx, out, style | DOC_STRONG);
			break;
		case TMPL_IF:
			if (truth(lookup(b, &c->ref, ctx)) != c->negate)
				bind_inline(b, c, ctx, out, style);
			break;
		case TMPL_VALUE:
			s = format(b, c, c->format, lookup(b, &c->ref, ctx));
			doc_add_run(b->doc, out, s, style | DOC_VALUE);
			g_free(s);
			break;
		case TMPL_PLURAL:
			plural(b, c, ctx, out, style);
			break;
		case TMPL_PAGE:
			doc_add_run(b->doc, out, "#", style | DOC_PAGE);
			break;
		case TMPL_PAGES:
			doc_add_run(b->doc, out, "#", style | DOC_PAGES);
			break;
		case TMPL_PARTS:
			doc_add_run(b->doc, out, "#", style | DOC_PARTS);
			break;
		case TMPL_PERIOD:
			from = get_param(c->from, b);
			to = get_param(c->to, b);
			s = from->type == DB_TEXT && to->type == DB_TEXT ?
			    fmt_period(b->fmt, from->s, to->s) : NULL;
			if (s == NULL)
				diag_msg(DIAG_TMPL_FORMAT, b->t->file, c->line,
				    "parameters %s and %s are not a period",
				    c->from, c->to);
			doc_add_run(b->doc, out, s, style | DOC_VALUE);
			g_free(s);
			break;
		default:
			g_assert_not_reached();
		}
	}
}

/* A node of type t under parent holding n's inline content. */
static struct doc_node *
inline_node(struct bind *b, const struct tmpl_node *n, const struct ctx *ctx,
    struct doc_node *parent, enum doc_type t)
{
	struct doc_node	*out = doc_append(b->doc, parent, t);

	bind_inline(b, n, ctx, out, DOC_PLAIN);
	doc_tidy_runs(b->doc, out);
	return out;
}

/* n's inline content as plain text, interned in the document. */
static const char *
plain(struct bind *b, const struct tmpl_node *n, const struct ctx *ctx)
{
	struct doc_node	*tmp;
	const char	*s;
	char		*text;

	tmp = inline_node(b, n, ctx, NULL, DOC_PARA);
	text = doc_runs_text(tmp);
	s = doc_intern(b->doc, text);
	g_free(text);
	if (tmp->runs != NULL)
		g_array_free(tmp->runs, TRUE);
	g_free(tmp);
	return s;
}

static void
bind_table(struct bind *b, const struct tmpl_node *n, const struct ctx *ctx,
    struct doc_node *parent)
{
	const struct tmpl_node	*c, *cell;
	const struct query	*q = NULL;
	struct doc_node		*table, *col, *row;
	struct ctx		 rowctx = { n->ref.qidx, 0 };
	const char		*text;
	char			*s;
	int			 ncols = 0, i;

	table = doc_append(b->doc, parent, DOC_TABLE);
	for (c = n->first; c != NULL && c->type == TMPL_COLUMN; c = c->next) {
		col = doc_append(b->doc, table, DOC_COLUMN);
		col->text = plain(b, c, ctx);
		col->align = c->align;
		col->width = c->width;
		ncols++;
	}
	table->ncols = ncols;
	if (n->ref.query == NULL) {
		for (; c != NULL; c = c->next) {
			row = doc_append(b->doc, table, DOC_ROW);
			row->ncols = ncols;
			row->cells = g_new(const char *, ncols);
			for (cell = c->first, i = 0; cell != NULL;
			    cell = cell->next, i++)
				row->cells[i] = plain(b, cell, ctx);
		}
		return;
	}
	q = g_ptr_array_index(b->queries, n->ref.qidx);
	for (; rowctx.row < q->rows->nrows; rowctx.row++) {
		row = doc_append(b->doc, table, DOC_ROW);
		row->ncols = ncols;
		row->cells = g_new(const char *, ncols);
		for (c = n->first, i = 0; i < ncols; c = c->next, i++) {
			s = format(b, c, c->format, lookup(b, &c->ref,
			    &rowctx));
			text = s != NULL ? s : "";
			row->cells[i] = doc_intern(b->doc, text);
			g_free(s);
		}
	}
}

/* A count as the chart writes it: whole, or to one decimal. */
static char *
alt_number(const struct bind *b, double x)
{
	if (x == floor(x) && fabs(x) < 9e15)
		return fmt_integer(b->fmt, (int64_t)x);
	return fmt_number(b->fmt, x, 1);
}

/*
 * pattern with each {name} of names (n of them) replaced by its value
 * (NULL: ""); any other brace is kept. Caller frees.
 */
static char *
alt_expand(const char *pattern, const char *const *names,
    char *const *values, int n)
{
	GString		*s = g_string_new(NULL);
	const char	*p, *e;
	size_t		 len;
	int		 i;

	for (p = pattern; *p != '\0'; p++) {
		if (*p == '{' && (e = strchr(p, '}')) != NULL) {
			len = (size_t)(e - p - 1);
			for (i = 0; i < n; i++)
				if (strlen(names[i]) == len &&
				    strncmp(p + 1, names[i], len) == 0)
					break;
			if (i < n) {
				if (values[i] != NULL)
					g_string_append(s, values[i]);
				p = e;
				continue;
			}
		}
		g_string_append_c(s, *p);
	}
	return g_string_free(s, FALSE);
}

/*
 * The alternate text of chart (bound, its points in place), in the
 * words of the template's <figure-alt>: a chart whose every point is a
 * month gives its first and last month and its peak, any other its
 * largest point and that point's share of all its points; when several
 * points share the largest value, the ties pattern says how many (a
 * screen reader must not hear that one month stands out when it does
 * not), and when all do, the even pattern; a chart without points (or
 * whose points are all zero: nothing to compare) gives its <empty>
 * words. A point's value is its total for a stacked chart, else its
 * largest series, as the chart draws it. Numbers and months come from
 * the template's locale; without a pattern for the case, or without
 * <empty> words for an empty chart, the title alone. Interned in the
 * doc.
 */
static const char *
chart_alt(struct bind *b, struct doc_node *chart)
{
	static const char *const names[] = { "title", "first", "last",
	    "label", "value", "share", "empty", "count" };
	enum { TITLE, FIRST, LAST, LABEL, VALUE, SHARE, EMPTY, COUNT };
	const struct tmpl_node	*n;
	const struct doc_node	*c, *first = NULL, *last = NULL, *top = NULL;
	const char		*pattern = NULL;
	char			*v[G_N_ELEMENTS(names)] = { NULL }, *s;
	const char		*r;
	double			 total = 0, best = -1, val;
	int			 months = 1, i, points = 0, ties = 0;
	enum tmpl_alt		 which;
	size_t			 k;

	for (c = chart->first; c != NULL; c = c->next)
		if (c->type == DOC_CAPTION && c->title && v[TITLE] == NULL)
			v[TITLE] = doc_runs_text(c);
		else if (c->type == DOC_POINT) {
			if (first == NULL)
				first = c;
			last = c;
			months = months && c->id != NULL;
			for (i = 0, val = 0; i < c->ncols; i++) {
				total += c->values[i];
				if (chart->kind == TMPL_CHART_STACKED)
					val += c->values[i];
				else
					val = MAX(val, c->values[i]);
			}
			points++;
			if (val > best) {
				best = val;
				top = c;
				ties = 1;
			} else if (val == best)
				ties++;
		}
	if (total <= 0)
		which = TMPL_ALT_EMPTY;
	else if (ties > 1 && ties == points)
		which = TMPL_ALT_EVEN;
	else if (ties > 1)
		which = TMPL_ALT_TIES;
	else if (months && chart->kind != TMPL_CHART_BARS &&
	    chart->kind != TMPL_CHART_DONUT)
		which = TMPL_ALT_MONTHS;
	else
		which = TMPL_ALT_LARGEST;
	for (n = b->t->root->first; n != NULL; n = n->next)
		if (n->type == TMPL_FIGURE_ALT)
			pattern = n->alt[which];
	if (pattern == NULL || (which == TMPL_ALT_EMPTY && chart->text == NULL))
		pattern = "{title}";
	if (total <= 0)
		v[EMPTY] = g_strdup(chart->text);
	else {
		v[FIRST] = months ? fmt_month(b->fmt, first->id) :
		    g_strdup(first->text);
		v[LAST] = months ? fmt_month(b->fmt, last->id) :
		    g_strdup(last->text);
		v[LABEL] = months ? fmt_month(b->fmt, top->id) :
		    g_strdup(top->text);
		v[VALUE] = alt_number(b, best);
		v[SHARE] = fmt_percent(b->fmt, total > 0 ? best / total : 0, 0);
		v[COUNT] = alt_number(b, ties);
	}
	s = alt_expand(pattern, names, v, (int)G_N_ELEMENTS(names));
	r = doc_intern(b->doc, s);
	g_free(s);
	for (k = 0; k < G_N_ELEMENTS(v); k++)
		g_free(v[k]);
	return r;
}

static void
bind_chart(struct bind *b, const struct tmpl_node *n, const struct ctx *ctx,
    struct doc_node *parent)
{
	const struct tmpl_node	*c;
	const struct query	*q = g_ptr_array_index(b->queries, n->ref.qidx);
	const struct db_value	*v;
	struct doc_node		*chart, *d, *pt;
	size_t			 row;
	char			*s;
	int			 nseries = 0, i;

	chart = doc_append(b->doc, parent, DOC_CHART);
	chart->kind = n->kind;
	for (c = n->first; c != NULL; c = c->next) {
		if (c->type == TMPL_CHART_TITLE) {
			d = inline_node(b, c, ctx, chart, DOC_CAPTION);
			d->title = 1;
		} else if (c->type == TMPL_SERIES) {
			d = doc_append(b->doc, chart, DOC_SERIES);
			d->text = doc_intern(b->doc, c->text);
			nseries++;
		}
	}
	chart->ncols = nseries;
	for (row = 0; row < q->rows->nrows; row++) {
		pt = doc_append(b->doc, chart, DOC_POINT);
		s = format(b, n, n->format,
		    &q->rows->v[row * q->rows->ncols + n->label_cidx]);
		pt->text = doc_intern(b->doc, s != NULL ? s : "");
		g_free(s);
		/* A month axis: the chart marks the years itself. */
		v = &q->rows->v[row * q->rows->ncols + n->label_cidx];
		if ((n->format == TMPL_FMT_MONTH ||
		    n->format == TMPL_FMT_MONTH_SHORT) && v->type == DB_TEXT)
			pt->id = doc_intern(b->doc, v->s);
		pt->ncols = nseries;
		pt->values = g_new0(double, nseries);
		for (c = n->first, i = 0; c != NULL; c = c->next) {
			if (c->type != TMPL_SERIES)
				continue;
			v = &q->rows->v[row * q->rows->ncols + c->ref.cidx];
			if (!number(v, &pt->values[i]) || pt->values[i] < 0 ||
			    pt->values[i] != pt->values[i]) {
				s = raw(v);
				diag_msg(DIAG_TMPL_CHART_VALUE, b->t->file,
				    c->line, "%s is %s in row %zu",
				    c->ref.column, v->type == DB_NULL ?
				    "NULL" : s, row + 1);
				g_free(s);
			}
			i++;
		}
	}
	for (c = n->first; c != NULL; c = c->next)
		if (c->type == TMPL_CAPTION)
			inline_node(b, c, ctx, chart, DOC_CAPTION);
		else if (c->type == TMPL_EMPTY)
			chart->text = plain(b, c, ctx);
	chart->alt = chart_alt(b, chart);
}

/* The number of a new section under parent: "2", "2.1", "A", "A.1". */
static const char *
section_number(struct bind *b, const struct tmpl_node *n,
    const struct doc_node *parent)
{
	const struct doc_node	*c;
	char			*s;
	const char		*r;
	int			 k = 0;	/* the new section is a child already */

	if (n->type == TMPL_ANNEX && parent->type != DOC_SECTION) {
		if (b->annexes < 26)
			s = g_strdup_printf("%c", 'A' + b->annexes);
		else
			s = g_strdup_printf("%u", b->annexes + 1);
		b->annexes++;
	} else {
		for (c = parent->first; c != NULL; c = c->next)
			if (c->type == DOC_SECTION && c->label == NULL)
				k++;
		s = parent->type == DOC_SECTION ?
		    g_strdup_printf("%s.%d", parent->number, k) :
		    g_strdup_printf("%d", k);
	}
	r = doc_intern(b->doc, s);
	g_free(s);
	return r;
}

static void bind_blocks(struct bind *, const struct tmpl_node *,
    const struct ctx *, struct doc_node *);

static void
bind_section(struct bind *b, const struct tmpl_node *n, const struct ctx *ctx,
    struct doc_node *parent)
{
	struct doc_node	*sec;
	char		*id, *lower;

	sec = doc_append(b->doc, parent, DOC_SECTION);
	sec->level = parent->type == DOC_SECTION ? parent->level + 1 : 1;
	sec->number = section_number(b, n, parent);
	if (n->type == TMPL_ANNEX || (parent->type == DOC_SECTION &&
	    parent->label != NULL))
		sec->label = doc_intern(b->doc, n->label != NULL ? n->label :
		    parent->label);
	if (n->id != NULL)
		sec->id = doc_intern(b->doc, n->id);
	else {
		id = g_strdup_printf("%s-%s", sec->label != NULL ? "annex" :
		    "section", sec->number);
		lower = g_ascii_strdown(id, -1);
		sec->id = doc_intern(b->doc, lower);
		g_free(lower);
		g_free(id);
	}
	bind_blocks(b, n, ctx, sec);
}

/* Bind the block children of n into parent. */
static void
bind_blocks(struct bind *b, const struct tmpl_node *n, const struct ctx *ctx,
    struct doc_node *parent)
{
	const struct tmpl_node	*c;
	const struct query	*q;
	struct doc_node		*d;
	struct ctx		 row;

	for (c = n->first; c != NULL; c = c->next) {
		switch (c->type) {
		case TMPL_META:
		case TMPL_PARAM:
		case TMPL_QUERY:
		case TMPL_LABELS:
		case TMPL_PACK:		/* not this briefing's: see pack() */
		case TMPL_FIGURE_ALT:
			break;
		case TMPL_COVER:
			d = doc_append(b->doc, parent, DOC_COVER);
			bind_blocks(b, c, ctx, d);
			break;
		case TMPL_LINE:
			d = inline_node(b, c, ctx, parent, DOC_LINE);
			d->id = doc_intern(b->doc, c->id);
			break;
		case TMPL_CONTENTS:
			d = doc_append(b->doc, parent, DOC_CONTENTS);
			bind_blocks(b, c, ctx, d);
			break;
		case TMPL_SECTION:
		case TMPL_ANNEX:
			bind_section(b, c, ctx, parent);
			break;
		case TMPL_HEADING:
			inline_node(b, c, ctx, parent, DOC_HEADING);
			break;
		case TMPL_PARA:
			inline_node(b, c, ctx, parent, DOC_PARA);
			break;
		case TMPL_ITEM:
			inline_node(b, c, ctx, parent, DOC_ITEM);
			break;
		case TMPL_LIST:
			d = doc_append(b->doc, parent, DOC_LIST);
			bind_blocks(b, c, ctx, d);
			break;
		case TMPL_TABLE:
			bind_table(b, c, ctx, parent);
			break;
		case TMPL_CHART:
			bind_chart(b, c, ctx, parent);
			break;
		case TMPL_PAGE_BREAK:
			doc_append(b->doc, parent, DOC_PAGE_BREAK);
			break;
		case TMPL_IF:
			if (truth(lookup(b, &c->ref, ctx)) != c->negate)
				bind_blocks(b, c, ctx, parent);
			break;
		case TMPL_EACH:
			q = g_ptr_array_index(b->queries, c->ref.qidx);
			row.qidx = c->ref.qidx;
			for (row.row = 0; row.row < q->rows->nrows; row.row++)
				bind_blocks(b, c, &row, parent);
			break;
		default:
			g_assert_not_reached();
		}
	}
}

/* Fill each contents node with the sections of the first two levels. */
static void
contents(struct bind *b)
{
	struct doc_node	*toc, *n, *e;
	guint		 i;

	for (toc = b->doc->root->first; toc != NULL; toc = toc->next) {
		if (toc->type != DOC_CONTENTS)
			continue;
		/* Walk the tree in order without recursion. */
		n = b->doc->root->first;
		while (n != NULL) {
			if (n->type == DOC_SECTION && n->level <= 2) {
				e = doc_append(b->doc, toc, DOC_ENTRY);
				e->number = n->number;
				e->id = n->id;
				e->label = n->label;
				e->level = n->level;
				if (n->first != NULL &&
				    n->first->type == DOC_HEADING &&
				    n->first->runs != NULL)
					for (i = 0; i < n->first->runs->len;
					    i++)
						doc_add_run(b->doc, e,
						    g_array_index(
						    n->first->runs,
						    struct doc_run, i).text,
						    DOC_PLAIN);
			}
			if (n->first != NULL && n->type == DOC_SECTION &&
			    n->level < 2)
				n = n->first;
			else {
				while (n->next == NULL && n->parent !=
				    b->doc->root)
					n = n->parent;
				n = n->next;
			}
		}
	}
}

/*
 * The template's cover for a pack of its briefings, bound with this
 * briefing's values, and the briefing's name in the pack, for pack.c.
 */
static void
pack(struct bind *b)
{
	const struct tmpl_node	*n, *c;
	struct doc_node		*d;
	struct ctx		 none = { -1, 0 };

	for (n = b->t->root->first; n != NULL; n = n->next) {
		if (n->type != TMPL_PACK)
			continue;
		b->doc->pack = doc_append(b->doc, NULL, DOC_COVER);
		for (c = n->first; c != NULL; c = c->next)
			if (c->type == TMPL_PART_NAME)
				b->doc->part_name = plain(b, c, &none);
			else if (c->type == TMPL_LINE) {
				d = inline_node(b, c, &none, b->doc->pack,
				    DOC_LINE);
				d->id = doc_intern(b->doc, c->id);
			}
	}
}

/* Fill the document information from the template's meta elements. */
static void
meta(struct bind *b)
{
	const struct tmpl_node	*n;
	struct doc		*d = b->doc;
	struct ctx		 none = { -1, 0 };
	const char		*s;

	for (n = b->t->root->first; n != NULL; n = n->next) {
		if (n->type != TMPL_META)
			continue;
		if (strcmp(n->name, "folio") == 0) {
			d->folio = inline_node(b, n, &none, NULL, DOC_LINE);
			continue;
		}
		s = plain(b, n, &none);
		if (strcmp(n->name, "title") == 0)
			d->title = s;
		else if (strcmp(n->name, "short-title") == 0)
			d->short_title = s;
		else if (strcmp(n->name, "subject") == 0)
			d->subject = s;
		else if (strcmp(n->name, "marking") == 0)
			d->marking = s;
		else if (strcmp(n->name, "author") == 0)
			d->author = s;
		else if (strcmp(n->name, "keywords") == 0)
			d->keywords = s;
		else if (strcmp(n->name, "footer") == 0)
			d->footer = s;
	}
	if (d->short_title == NULL)
		d->short_title = d->title;
	d->lang = doc_intern(d, b->t->lang);
	d->locale = doc_intern(d, b->t->locale);
}

/*
 * The SHA-256 of what the queries read, hex: each query's name and rows
 * in the template's order, every value with its type, so that two
 * renders with equal hashes saw the same register content. The
 * parameters are not in it: the archive records them apart.
 */
static char *
data_hash(const struct bind *b)
{
	GChecksum		*sum = g_checksum_new(G_CHECKSUM_SHA256);
	const struct query	*q;
	const struct db_value	*v;
	guint			 i;
	size_t			 k, n;
	char			 buf[64];
	char			*hex;

	for (i = 0; i < b->queries->len; i++) {
		q = g_ptr_array_index(b->queries, i);
		g_checksum_update(sum, (const guchar *)q->node->name,
		    (gssize)strlen(q->node->name) + 1);
		n = q->rows->nrows * (size_t)q->rows->ncols;
		snprintf(buf, sizeof(buf), "%zu %d", q->rows->nrows,
		    q->rows->ncols);
		g_checksum_update(sum, (const guchar *)buf,
		    (gssize)strlen(buf) + 1);
		for (k = 0; k < n; k++) {
			v = &q->rows->v[k];
			switch (v->type) {
			case DB_NULL:
				snprintf(buf, sizeof(buf), "n");
				break;
			case DB_INT:
				snprintf(buf, sizeof(buf), "i%" G_GINT64_FORMAT,
				    (gint64)v->i);
				break;
			case DB_REAL:
				snprintf(buf, sizeof(buf), "r%.17g", v->r);
				break;
			case DB_TEXT:
				snprintf(buf, sizeof(buf), "t%zu:",
				    strlen(v->s));
				break;
			}
			g_checksum_update(sum, (const guchar *)buf,
			    (gssize)strlen(buf) + 1);
			if (v->type == DB_TEXT)
				g_checksum_update(sum, (const guchar *)v->s,
				    (gssize)strlen(v->s));
		}
	}
	hex = g_strdup(g_checksum_get_string(sum));
	g_checksum_free(sum);
	return hex;
}

/*
 * Bind template t (its references get resolved in place) to the register
 * db, opened DB_READ, for the render p. fmt is what fmt_new made of t's
 * locale (borrowed: the caller formats the charts with it too); NULL, a
 * locale ICU does not have, is reported as the template's fault. Returns
 * the document (caller frees with doc_free), or NULL after diagnostics:
 * every template fault is reported before any query runs.
 */
struct doc *
bind_doc(struct db *db, struct tmpl *t, const struct fmt *fmt,
    const struct bind_params *p)
{
	struct bind	 b;
	struct doc	*doc = NULL;
	struct ctx	 none = { -1, 0 };
	unsigned	 before = diag_count();
	char		*hash;

	memset(&b, 0, sizeof(b));
	b.db = db;
	b.t = t;
	b.params = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    g_free);
	b.param_list = g_ptr_array_new_with_free_func(query_free);
	b.query_index = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	b.queries = g_ptr_array_new_with_free_func(query_free);
	b.labels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    (GDestroyNotify)g_hash_table_destroy);
	b.ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	b.strings = g_string_chunk_new(256);
	b.reported = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);

	if ((b.fmt = fmt) == NULL) {
		diag_msg(DIAG_TMPL_LOCALE, t->file, t->root->line, "%s",
		    t->locale);
		goto out;
	}
	prepare(&b);
	check_tree(&b, t->root, -1);
	if (diag_count() != before)
		goto out;

	set_text_param(&b, "country", p->country);
	set_text_param(&b, "from", p->from);
	set_text_param(&b, "to", p->to);
	set_text_param(&b, "lang", t->lang);
	set_text_param(&b, "issued", p->issued);
	if (!run_queries(&b))
		goto out;

	b.doc = doc_new();
	b.doc->issued = doc_intern(b.doc, p->issued);
	hash = data_hash(&b);
	b.doc->data_sha256 = doc_intern(b.doc, hash);
	g_free(hash);
	meta(&b);
	bind_blocks(&b, t->root, &none, b.doc->root);
	contents(&b);
	pack(&b);
	if (diag_count() != before) {
		doc_free(b.doc);
		b.doc = NULL;
	}
	doc = b.doc;
out:
	g_hash_table_destroy(b.params);
	g_ptr_array_free(b.param_list, TRUE);
	g_hash_table_destroy(b.query_index);
	g_ptr_array_free(b.queries, TRUE);
	g_hash_table_destroy(b.labels);
	g_hash_table_destroy(b.ids);
	if (b.param_names != NULL)
		g_hash_table_destroy(b.param_names);
	g_string_chunk_free(b.strings);
	g_hash_table_destroy(b.reported);
	return doc;
}
