/*
 * diag: the diagnostic catalogue and its printer (see diag.h). It formats
 * and orders messages; it never decides whether a run goes on, and it never
 * looks at the inputs the messages are about.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

struct entry {
	enum diag_exit	 status;
	const char	*text;
};

static const struct entry catalogue[] = {
	[DIAG_USAGE] =		{ EXIT_USAGE, "usage" },
	[DIAG_EMPTY_FILE] =	{ EXIT_DATAERR, "empty file, no register in it" },
	[DIAG_NO_ELEMENT] =	{ EXIT_DATAERR,
	    "not XML: no element in the file" },
	[DIAG_XML] =		{ EXIT_DATAERR, "not well-formed XML" },
	[DIAG_DOCTYPE] =	{ EXIT_DATAERR,
	    "document type declarations are not allowed in a register" },
	[DIAG_NAMESPACE] =	{ EXIT_DATAERR,
	    "not a register (root must be register in urn:briefgen:register:1)" },
	[DIAG_SCHEMA] =		{ EXIT_DATAERR, "invalid" },
	[DIAG_DATE_IMPOSSIBLE] = { EXIT_DATAERR, "no such date" },
	[DIAG_NOTIFIED_EARLY] =	{ EXIT_DATAERR,
	    "notification sent before the incident was detected" },
	[DIAG_REPLY_EARLY] =	{ EXIT_DATAERR,
	    "reply received before the notification was sent" },
	[DIAG_DUP_REF] =	{ EXIT_DATAERR, "incident ref used twice in this file" },
	[DIAG_DUP_COUNTRY] =	{ EXIT_DATAERR, "country given twice in this file" },
	[DIAG_DUP_ORG] =	{ EXIT_DATAERR,
	    "organisation id used twice in this file" },
	[DIAG_DUP_EVENT] =	{ EXIT_DATAERR,
	    "second event for the same country and date in this file" },
	[DIAG_DUP_NOTIFICATION] = { EXIT_DATAERR,
	    "notification given twice for this incident" },
	[DIAG_DUP_REPLY] =	{ EXIT_DATAERR,
	    "reply given twice for this notification" },
	[DIAG_DUP_LANG] =	{ EXIT_DATAERR, "language given twice" },
	[DIAG_EMPTY_TEXT] =	{ EXIT_DATAERR, "empty text" },
	[DIAG_UNKNOWN_COUNTRY] = { EXIT_DATAERR, "unknown country" },
	[DIAG_UNKNOWN_ORG] =	{ EXIT_DATAERR, "unknown organisation" },
	[DIAG_NOT_SQLITE] =	{ EXIT_DATAERR, "not an SQLite database" },
	[DIAG_NOT_REGISTER] =	{ EXIT_DATAERR,
	    "an SQLite database, but not a briefgen register" },
	[DIAG_SCHEMA_NEWER] =	{ EXIT_DATAERR,
	    "register made by a newer briefgen" },
	[DIAG_SCHEMA_OLDER] =	{ EXIT_DATAERR,
	    "register made by an older briefgen; run 'briefgen init' to upgrade it" },
	[DIAG_QUERY_COUNTRY] =	{ EXIT_DATAERR, "country not in the register" },
	[DIAG_TMPL_ROOT] =	{ EXIT_DATAERR,
	    "not a template (root must be briefing in urn:briefgen:template:1)" },
	[DIAG_TMPL_DOCTYPE] =	{ EXIT_DATAERR,
	    "document type declarations are not allowed in a template" },
	[DIAG_TMPL_SQL] =	{ EXIT_DATAERR, "SQL error in query" },
	[DIAG_TMPL_WRITES] =	{ EXIT_DATAERR,
	    "query would change the register; templates only read" },
	[DIAG_TMPL_FUNCTION] =	{ EXIT_DATAERR,
	    "function not allowed in a template (output must not vary)" },
	[DIAG_TMPL_STATEMENTS] = { EXIT_DATAERR,
	    "more than one SQL statement in a query" },
	[DIAG_TMPL_NO_COLUMNS] = { EXIT_DATAERR, "query returns no columns" },
	[DIAG_TMPL_PARAM_FORM] = { EXIT_DATAERR,
	    "parameters are written :name" },
	[DIAG_TMPL_DUP] =	{ EXIT_DATAERR, "name defined twice" },
	[DIAG_TMPL_UNKNOWN_QUERY] = { EXIT_DATAERR, "no query of that name" },
	[DIAG_TMPL_UNKNOWN_COLUMN] = { EXIT_DATAERR,
	    "the query has no such column" },
	[DIAG_TMPL_UNKNOWN_PARAM] = { EXIT_DATAERR,
	    "no parameter of that name" },
	[DIAG_TMPL_UNKNOWN_LABELS] = { EXIT_DATAERR,
	    "no labels of that name" },
	[DIAG_TMPL_NO_ROW] =	{ EXIT_DATAERR,
	    "column without a query outside a repeated block" },
	[DIAG_TMPL_SOURCE] =	{ EXIT_DATAERR,
	    "a value takes either param or column, not both or neither" },
	[DIAG_TMPL_TABLE] =	{ EXIT_DATAERR, "table" },
	[DIAG_TMPL_PLURAL] =	{ EXIT_DATAERR,
	    "plural lacks a form the language needs" },
	[DIAG_TMPL_LOCALE] =	{ EXIT_DATAERR, "no locale data for" },
	[DIAG_TMPL_RUN] =	{ EXIT_DATAERR, "query failed" },
	[DIAG_TMPL_NO_LABEL] =	{ EXIT_DATAERR, "no label for a value" },
	[DIAG_TMPL_FORMAT] =	{ EXIT_DATAERR,
	    "value cannot be formatted as asked" },
	[DIAG_TMPL_CHART_VALUE] = { EXIT_DATAERR,
	    "chart values must be numbers of zero or more" },
	[DIAG_TMPL_FOLIO] =	{ EXIT_DATAERR, "a folio needs one <page/> and "
	    "at most one <pages/>" },
	[DIAG_MANIFEST] =	{ EXIT_DATAERR, "not a valid archive manifest" },
	[DIAG_SUMS] =		{ EXIT_DATAERR,
	    "not a valid SHA256SUMS line" },
	[DIAG_ARCHIVE_CHANGED] = { EXIT_DATAERR,
	    "changed since it was archived" },
	[DIAG_ARCHIVE_UNLISTED] = { EXIT_DATAERR,
	    "not listed in the archive" },
	[DIAG_ARCHIVE_DISAGREE] = { EXIT_DATAERR,
	    "manifest.xml and SHA256SUMS disagree" },
	[DIAG_RERENDER] =	{ EXIT_DATAERR,
	    "rendering it again does not give the archived file" },
	[DIAG_TMPL_NO_PACK] =	{ EXIT_DATAERR,
	    "no <pack> element: the template makes no pack" },
	[DIAG_NO_FILE] =	{ EXIT_NOINPUT, "cannot open" },
	[DIAG_NO_REGISTER] =	{ EXIT_NOINPUT,
	    "no register here; create one with 'briefgen init'" },
	[DIAG_NO_DATAFILE] =	{ EXIT_NOINPUT,
	    "briefgen data file not found (set BRIEFGEN_DATADIR)" },
	[DIAG_NO_ARCHIVE] =	{ EXIT_NOINPUT,
	    "no archive here (no manifest.xml in it or below)" },
	[DIAG_ARCHIVE_MISSING] = { EXIT_NOINPUT,
	    "listed in the archive but missing" },
	[DIAG_LOCKED] =		{ EXIT_TEMPFAIL,
	    "register is locked by another process; try again later" },
	[DIAG_ARCHIVE_LOCKED] =	{ EXIT_TEMPFAIL,
	    "another briefgen run is writing this archive; try again later" },
	[DIAG_IO] =		{ EXIT_IOERR, "I/O error" },
	[DIAG_CANTCREAT] =	{ EXIT_CANTCREAT, "cannot create" },
	[DIAG_SQLITE] =		{ EXIT_SOFTWARE, "internal SQLite error" },
	[DIAG_LIBXML] =		{ EXIT_SOFTWARE, "internal libxml2 error" },
	[DIAG_CAIRO] =		{ EXIT_SOFTWARE, "internal cairo error" },
	[DIAG_PDF] =		{ EXIT_SOFTWARE, "internal PDF writer error" },
};
_Static_assert(sizeof(catalogue) / sizeof(catalogue[0]) == DIAG_MAX,
    "every diag_id has a catalogue entry");

/* A message waiting in diag_hold() mode. */
struct held {
	long	 line;
	unsigned seq;		/* arrival order: keeps the sort stable */
	char	*text;		/* the whole line, newline included */
};

/* A message a thread keeps in diag_keep() mode, to be issued later. */
struct kept {
	enum diag_id	 id;
	long		 line;
	char		*text;		/* the whole line, newline included */
};

struct diag_kept {
	GArray		*msgs;		/* of struct kept, in order */
};

static FILE	*out;		/* NULL means stderr */
static int	 worst = EXIT_OK;
static unsigned	 count;
static GArray	*held;		/* of struct held; NULL when not holding */
static _Thread_local struct diag_kept *keeping;	/* this thread's; NULL:
						   not keeping */

/*
 * Severity order for choosing the exit status when several kinds of error
 * happen in one run: an internal error outranks everything, a usage error
 * outranks the data it was about.
 */
static int
rank(int status)
{
	switch (status) {
	case EXIT_OK:		return 0;
	case EXIT_DATAERR:	return 1;
	case EXIT_NOINPUT:	return 2;
	case EXIT_TEMPFAIL:	return 3;
	case EXIT_CANTCREAT:	return 4;
	case EXIT_IOERR:	return 5;
	case EXIT_USAGE:	return 6;
	default:		return 7;
	}
}

/* Count text, a message id at line (freed here), and print or hold it. */
static void
say(enum diag_id id, long line, char *text)
{
	struct held	 h;

	if (rank(catalogue[id].status) > rank(worst))
		worst = catalogue[id].status;
	count++;

	if (held != NULL) {
		h.line = line;
		h.seq = held->len;
		h.text = text;
		g_array_append_val(held, h);
		return;
	}
	fputs(text, out != NULL ? out : stderr);
	g_free(text);
}

/*
 * Print (or hold, or keep) one diagnostic. file may be NULL for messages
 * about no file; line <= 0 means the whole file. Values in detail are the
 * caller's, printed as they are.
 */
void
diag_msg(enum diag_id id, const char *file, long line, const char *fmt, ...)
{
	GString		*s;
	va_list		 ap;
	struct kept	 k;

	g_assert(id < DIAG_MAX);
	s = g_string_new("briefgen: ");
	if (file != NULL) {
		g_string_append(s, file);
		if (line > 0)
			g_string_append_printf(s, ":%ld", line);
		g_string_append(s, ": ");
	}
	g_string_append(s, catalogue[id].text);
	if (fmt != NULL && *fmt != '\0') {
		g_string_append(s, ": ");
		va_start(ap, fmt);
		g_string_append_vprintf(s, fmt, ap);
		va_end(ap);
	}
	g_string_append_c(s, '\n');

	if (keeping != NULL) {
		k.id = id;
		k.line = line;
		k.text = g_string_free(s, FALSE);
		g_array_append_val(keeping->msgs, k);
		return;
	}
	say(id, line, g_string_free(s, FALSE));
}

/* The exit status the messages so far call for (EXIT_OK if none). */
int
diag_exit_status(void)
{
	return worst;
}

/* How many messages were issued since the start or diag_reset(). */
unsigned
diag_count(void)
{
	return count;
}

/* Forget the status and count (tests run many cases in one process). */
void
diag_reset(void)
{
	worst = EXIT_OK;
	count = 0;
}

/* Send diagnostics to f (borrowed) instead of stderr; NULL restores it. */
void
diag_set_output(FILE *f)
{
	out = f;
}

/*
 * Hold messages until diag_release(), which prints them ordered by line.
 * A streaming parser reports schema errors as it reads ahead, so messages
 * for one file arrive out of order; the reader wants them top to bottom.
 */
void
diag_hold(void)
{
	if (held == NULL)
		held = g_array_new(FALSE, FALSE, sizeof(struct held));
}

static gint
held_cmp(gconstpointer a, gconstpointer b)
{
	const struct held *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Forget the held messages unprinted (they still count) and stop holding. */
void
diag_drop_held(void)
{
	guint	i;

	if (held == NULL)
		return;
	for (i = 0; i < held->len; i++)
		g_free(g_array_index(held, struct held, i).text);
	g_array_set_size(held, 0);
}

/* Print the held messages in line order and stop holding. */
void
diag_release(void)
{
	struct held	*h;
	guint		 i;

	if (held == NULL)
		return;
	g_array_sort(held, held_cmp);
	for (i = 0; i < held->len; i++) {
		h = &g_array_index(held, struct held, i);
		/* Two messages for one fault (libxml2 does this) print once. */
		if (i == 0 || strcmp(h->text,
		    g_array_index(held, struct held, i - 1).text) != 0)
			fputs(h->text, out != NULL ? out : stderr);
	}
	for (i = 0; i < held->len; i++)
		g_free(g_array_index(held, struct held, i).text);
	g_array_free(held, TRUE);
	held = NULL;
}

/*
 * Keep the calling thread's messages, unprinted and uncounted, until
 * diag_keep_detach(). A thread other than the main one must: the
 * printer, the held messages and the exit status are not locked, and
 * belong to the main thread.
 */
void
diag_keep(void)
{
	g_assert(keeping == NULL);
	keeping = g_new0(struct diag_kept, 1);
	keeping->msgs = g_array_new(FALSE, FALSE, sizeof(struct kept));
}

/*
 * Stop keeping the calling thread's messages. Returns those kept, which
 * the caller issues with diag_kept_issue() or frees with diag_kept_free().
 */
struct diag_kept *
diag_keep_detach(void)
{
	struct diag_kept	*k = keeping;

	g_assert(k != NULL);
	keeping = NULL;
	return k;
}

/*
 * Issue kept messages in the order they were made, as if they were made
 * now on the calling thread, and free them. NULL is a no-op.
 */
void
diag_kept_issue(struct diag_kept *k)
{
	struct kept	*m;
	guint		 i;

	if (k == NULL)
		return;
	for (i = 0; i < k->msgs->len; i++) {
		m = &g_array_index(k->msgs, struct kept, i);
		say(m->id, m->line, m->text);
	}
	g_array_free(k->msgs, TRUE);
	g_free(k);
}

/* Forget kept messages unissued. NULL is a no-op. */
void
diag_kept_free(struct diag_kept *k)
{
	guint	i;

	if (k == NULL)
		return;
	for (i = 0; i < k->msgs->len; i++)
		g_free(g_array_index(k->msgs, struct kept, i).text);
	g_array_free(k->msgs, TRUE);
	g_free(k);
}
