/*
 * diag: the one catalogue of diagnostics and their printer.
 *
 * Every message briefgen prints about bad input, a missing file or a failing
 * library goes through diag_msg(), which writes
 *     briefgen: FILE:LINE: text: detail
 * to stderr (or the stream set by diag_set_output) and remembers the worst
 * exit status seen. Nothing else in the program writes diagnostics.
 * Printing is the main thread's: another thread keeps its messages
 * (diag_keep) for the main thread to issue or drop.
 */
#ifndef DIAG_H
#define DIAG_H

#include <stdio.h>
#include <glib.h>

/* sysexits.h values, spelled out so that the catalogue reads on its own. */
enum diag_exit {
	EXIT_OK = 0,
	EXIT_USAGE = 64,	/* command line misused */
	EXIT_DATAERR = 65,	/* bad register data or template */
	EXIT_NOINPUT = 66,	/* input file or register missing */
	EXIT_SOFTWARE = 70,	/* internal error: a bug */
	EXIT_CANTCREAT = 73,	/* cannot create output */
	EXIT_IOERR = 74,	/* read or write failed */
	EXIT_TEMPFAIL = 75	/* register locked: try again later */
};

/* Messages a thread kept for the main thread to issue (diag_keep). */
struct diag_kept;

/*
 * The catalogue, grouped by exit status. Each entry's text is fixed; what
 * varies (a value, a reference) goes in the detail.
 */
enum diag_id {
	/* EXIT_USAGE */
	DIAG_USAGE,
	/* EXIT_DATAERR: the XML itself */
	DIAG_EMPTY_FILE,
	DIAG_NO_ELEMENT,
	DIAG_XML,
	DIAG_DOCTYPE,
	DIAG_NAMESPACE,
	DIAG_SCHEMA,
	/* EXIT_DATAERR: what the schema cannot say */
	DIAG_DATE_IMPOSSIBLE,
	DIAG_NOTIFIED_EARLY,
	DIAG_REPLY_EARLY,
	DIAG_DUP_REF,
	DIAG_DUP_COUNTRY,
	DIAG_DUP_ORG,
	DIAG_DUP_EVENT,
	DIAG_DUP_NOTIFICATION,
	DIAG_DUP_REPLY,
	DIAG_DUP_LANG,
	DIAG_EMPTY_TEXT,
	DIAG_UNKNOWN_COUNTRY,
	DIAG_UNKNOWN_ORG,
	/* EXIT_DATAERR: the register file */
	DIAG_NOT_SQLITE,
	DIAG_NOT_REGISTER,
	DIAG_SCHEMA_NEWER,
	DIAG_SCHEMA_OLDER,
	DIAG_QUERY_COUNTRY,
	/* EXIT_DATAERR: templates */
	DIAG_TMPL_ROOT,
	DIAG_TMPL_DOCTYPE,
	DIAG_TMPL_SQL,
	DIAG_TMPL_WRITES,
	DIAG_TMPL_FUNCTION,
	DIAG_TMPL_STATEMENTS,
	DIAG_TMPL_NO_COLUMNS,
	DIAG_TMPL_PARAM_FORM,
	DIAG_TMPL_DUP,
	DIAG_TMPL_UNKNOWN_QUERY,
	DIAG_TMPL_UNKNOWN_COLUMN,
	DIAG_TMPL_UNKNOWN_PARAM,
	DIAG_TMPL_UNKNOWN_LABELS,
	DIAG_TMPL_NO_ROW,
	DIAG_TMPL_SOURCE,
	DIAG_TMPL_TABLE,
	DIAG_TMPL_PLURAL,
	DIAG_TMPL_LOCALE,
	DIAG_TMPL_RUN,
	DIAG_TMPL_NO_LABEL,
	DIAG_TMPL_FORMAT,
	DIAG_TMPL_CHART_VALUE,
	DIAG_TMPL_FOLIO,
	/* EXIT_DATAERR: the archive */
	DIAG_MANIFEST,
	DIAG_SUMS,
	DIAG_ARCHIVE_CHANGED,
	DIAG_ARCHIVE_UNLISTED,
	DIAG_ARCHIVE_DISAGREE,
	DIAG_RERENDER,
	DIAG_TMPL_NO_PACK,
	/* EXIT_NOINPUT */
	DIAG_NO_FILE,
	DIAG_NO_REGISTER,
	DIAG_NO_DATAFILE,
	DIAG_NO_ARCHIVE,
	DIAG_ARCHIVE_MISSING,
	/* EXIT_TEMPFAIL */
	DIAG_LOCKED,
	DIAG_ARCHIVE_LOCKED,
	/* EXIT_IOERR */
	DIAG_IO,
	/* EXIT_CANTCREAT */
	DIAG_CANTCREAT,
	/* EXIT_SOFTWARE */
	DIAG_SQLITE,
	DIAG_LIBXML,
	DIAG_CAIRO,
	DIAG_PDF,
	DIAG_MAX
};

void	 diag_msg(enum diag_id, const char *file, long line,
	    const char *fmt, ...) G_GNUC_PRINTF(4, 5);
int	 diag_exit_status(void);
unsigned diag_count(void);
void	 diag_reset(void);
void	 diag_set_output(FILE *);
void	 diag_hold(void);
void	 diag_drop_held(void);
void	 diag_release(void);
void	 diag_keep(void);
struct diag_kept *diag_keep_detach(void);
void	 diag_kept_issue(struct diag_kept *);
void	 diag_kept_free(struct diag_kept *);

#endif /* DIAG_H */
