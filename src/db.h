/*
 * db: the register in SQLite. The only module that sees sqlite3*: it
 * opens, creates and upgrades the register, runs the import's writes and
 * the read queries, and turns every SQLite error into a diagnostic naming
 * the register file. It knows nothing of XML or of how figures print.
 */
#ifndef DB_H
#define DB_H

#include <stdint.h>

#include <glib.h>

#include "diag.h"

struct figures;

/* The register schema version this program reads and writes. */
#define DB_SCHEMA_VERSION 4

enum db_mode {
	DB_READ,		/* read-only; the register must exist */
	DB_WRITE,		/* read-write; the register must exist */
	DB_CREATE		/* read-write; created when missing (init) */
};

struct db;

struct db	*db_open(const char *path, enum db_mode);
int		 db_can_open_again(const struct db *);
struct db	*db_open_again(const struct db *);
void		 db_free(struct db *);
void		 db_set_busy_timeout(struct db *, int ms);
int		 db_threadsafe(void);
int		 db_init(struct db *, int *from_version);

int		 db_begin_read(struct db *);
int		 db_begin_write(struct db *);
int		 db_begin_import(struct db *);
int		 db_commit(struct db *);
void		 db_rollback(struct db *);
int64_t		 db_total_changes(const struct db *);

/* Import writes: upserts that leave a row untouched when nothing differs. */
int		 db_country_exists(struct db *, const char *code);
int		 db_organisation_exists(struct db *, const char *id);
int		 db_put_country(struct db *, const char *code);
int		 db_put_country_name(struct db *, const char *code,
		    const char *lang, const char *name);
int		 db_put_organisation(struct db *, const char *id,
		    const char *kind, int government);
int		 db_put_organisation_name(struct db *, const char *id,
		    const char *lang, const char *name);
/*
 * What an incident's notifications and replies make of it: the columns
 * the version-2 triggers keep (data/schema.sql).
 */
struct db_firsts {
	char		 sent[11];	/* first notification, "" for none */
	char		 reply[11];	/* first reply, "" for none */
	int		 substantive;	/* a reply was substantive: 1 or 0 */
};

int		 db_put_incident(struct db *, const char *ref,
		    const char *detected, const char *country,
		    const char *target, const char *type, int severity,
		    const struct db_firsts *, int64_t *id, int *created);
int		 db_put_incident_summary(struct db *, int64_t incident,
		    const char *lang, const char *text);
int		 db_put_notification(struct db *, int64_t incident,
		    const char *sent, const char *recipient, int64_t *id);
int		 db_first_notification(struct db *, int64_t incident,
		    char date[11]);
int		 db_put_reply(struct db *, int64_t notification,
		    const char *received, const char *quality);
int		 db_put_event(struct db *, const char *country,
		    const char *date, int64_t *id);
int		 db_put_event_text(struct db *, int64_t event,
		    const char *lang, const char *text);

/* The import's scratch store of the keys one file has used. */
struct db_seen;

struct db_seen	*db_seen_new(void);
void		 db_seen_free(struct db_seen *);
int		 db_seen_begin(struct db_seen *);
void		 db_seen_end(struct db_seen *);
int		 db_seen_add(struct db_seen *, int kind, const char *key,
		    long line, long *first);
int		 db_seen_has(struct db_seen *, int kind, const char *key);
enum diag_id	 db_seen_error(const struct db_seen *, const char **msg);

/*
 * What the render table (version 4) holds of a file the archive holds:
 * the same record as its manifest. Strings borrowed.
 */
struct db_render {
	const char	*archive;	/* the archive directory, absolute */
	const char	*file;		/* under it: 2020/05/DE-en.pdf */
	const char	*sha256;	/* hex */
	int64_t		 bytes;
	unsigned	 pages;
	const char	*country, *from, *to, *lang, *paper;
	const char	*template;	/* templates/briefing.en.xml */
	const char	*template_sha256, *data_sha256;	/* hex */
	const char	*version;	/* briefgen's */
	const char	*issued;	/* YYYY-MM-DD */
	const char	*created;	/* 2020-06-01T06:00:00Z */
	const char	*superseded;	/* the day it was replaced, or NULL */
};

int		 db_put_render(struct db *, const struct db_render *);

/* Reads; call inside db_begin_read() ... db_commit(). */
int		 db_countries_between(struct db *, const char *from,
		    const char *to, GPtrArray *codes);
int		 db_known_country(struct db *, const char *code);
int		 db_figures(struct db *, const char *country,
		    const char *from, const char *to, struct figures *);

/*
 * Template queries: any SQL a template holds, prepared read-only on a
 * register opened DB_READ, and run inside one read transaction (or two,
 * on two connections, that share its snapshot: see db_begin_read) so
 * that all of a briefing's queries see one snapshot.
 */
enum db_type {
	DB_NULL,
	DB_INT,
	DB_REAL,
	DB_TEXT
};

struct db_value {
	enum db_type	 type;
	int64_t		 i;		/* DB_INT */
	double		 r;		/* DB_REAL */
	const char	*s;		/* DB_TEXT; borrowed from the rows */
};

/* A query's result: nrows rows of ncols values. */
struct db_rows {
	size_t		 nrows;
	int		 ncols;
	struct db_value	*v;		/* row r, column c: v[r * ncols + c] */
	GStringChunk	*text;		/* owns every text value */
};

/* A parameter's value by name (without the colon), or NULL if none. */
typedef const struct db_value *(*db_param_fn)(const char *name, void *arg);

struct db_query;

struct db_query	*db_query_new(struct db *, const char *sql,
		    const char *file, long line);
void		 db_query_free(struct db_query *);
int		 db_query_ncols(const struct db_query *);
const char	*db_query_colname(const struct db_query *, int);
int		 db_query_nparams(const struct db_query *);
const char	*db_query_param(const struct db_query *, int);
struct db_rows	*db_query_run(struct db_query *, db_param_fn, void *arg);
void		 db_rows_free(struct db_rows *);

#endif /* DB_H */
