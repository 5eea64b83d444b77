/*
 * db: the register in SQLite (see db.h). Every statement is prepared once
 * per connection and kept; all counting, grouping and date arithmetic is
 * SQL. This file must not parse XML, format figures or print anything but
 * diagnostics about the register file.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "datadir.h"
#include "db.h"
#include "diag.h"
#include "figures.h"

/* How long a writer waits for another process's lock before giving up. */
#define BUSY_TIMEOUT_MS 3000

/*
 * The page cache of a connection that imports, in KiB (SQLite's default
 * is 2,000). Version 2 needed 8 MiB: an import appended to every
 * organisation's run of the index by target at once, a few thousand
 * leaf pages. Without that index (version 3) an import keeps busy the
 * last pages of each table and index, and one leaf of the index by
 * country per country: a 100,000-incident file into a register of
 * 800,000 makes 7,600 page writes and 400 reads with 2 MiB, 7,400 and
 * none with 8 MiB, and takes as long. A bound, not a need: it holds
 * whatever the file.
 */
#define IMPORT_CACHE_KIB 2048

enum st {
	ST_COUNTRY_EXISTS,
	ST_ORG_EXISTS,
	ST_PUT_COUNTRY,
	ST_PUT_COUNTRY_NAME,
	ST_PUT_ORG,
	ST_PUT_ORG_NAME,
	ST_PUT_INCIDENT,
	ST_UPDATE_INCIDENT,
	ST_INCIDENT_ID,
	ST_PUT_SUMMARY,
	ST_PUT_NOTIFICATION,
	ST_NOTIFICATION_ID,
	ST_FIRST_NOTIFICATION,
	ST_PUT_REPLY,
	ST_UPDATE_REPLY,
	ST_GET_FIRSTS,
	ST_SET_FIRSTS,
	ST_PUT_EVENT,
	ST_EVENT_ID,
	ST_PUT_EVENT_TEXT,
	ST_FIGURES,
	ST_COUNTRY_CODES,
	ST_COUNTRIES_BETWEEN,
	ST_PUT_RENDER,
	ST_MAX
};

/*
 * The upserts change a row only when a value differs (the WHERE of DO
 * UPDATE, and of ST_UPDATE_INCIDENT), so importing the same file again
 * writes no page at all and the register file stays byte for byte the
 * same. An incident is inserted, or else updated, in two statements
 * rather than one upsert: a new one, the common case, then costs one
 * INSERT that needs no statement journal (an upsert that may update
 * does), and its id comes from sqlite3_last_insert_rowid() rather than
 * another lookup.
 */
static const char *const sql[] = {
	[ST_COUNTRY_EXISTS] =
	    "SELECT 1 FROM country WHERE code = ?1",
	[ST_ORG_EXISTS] =
	    "SELECT 1 FROM organisation WHERE id = ?1",
	[ST_PUT_COUNTRY] =
	    "INSERT INTO country(code) VALUES (?1) "
	    "ON CONFLICT(code) DO NOTHING",
	[ST_PUT_COUNTRY_NAME] =
	    "INSERT INTO country_name(country, lang, name) VALUES (?1, ?2, ?3) "
	    "ON CONFLICT(country, lang) DO UPDATE SET name = excluded.name "
	    "WHERE name IS NOT excluded.name",
	[ST_PUT_ORG] =
	    "INSERT INTO organisation(id, kind, government) VALUES (?1, ?2, ?3) "
	    "ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, "
	    "government = excluded.government "
	    "WHERE kind IS NOT excluded.kind "
	    "OR government IS NOT excluded.government",
	[ST_PUT_ORG_NAME] =
	    "INSERT INTO organisation_name(organisation, lang, name) "
	    "VALUES (?1, ?2, ?3) "
	    "ON CONFLICT(organisation, lang) DO UPDATE SET name = excluded.name "
	    "WHERE name IS NOT excluded.name",
	[ST_PUT_INCIDENT] =
	    "INSERT INTO incident(ref, detected, country, target, type, "
	    "severity, first_sent, first_reply, substantive) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
	    "ON CONFLICT(ref) DO NOTHING",
	[ST_UPDATE_INCIDENT] =
	    "UPDATE incident SET detected = ?2, country = ?3, target = ?4, "
	    "type = ?5, severity = ?6 "
	    "WHERE ref = ?1 AND (detected IS NOT ?2 OR country IS NOT ?3 "
	    "OR target IS NOT ?4 OR type IS NOT ?5 OR severity IS NOT ?6)",
	[ST_INCIDENT_ID] =
	    "SELECT id FROM incident WHERE ref = ?1",
	[ST_PUT_SUMMARY] =
	    "INSERT INTO incident_summary(incident, lang, text) "
	    "VALUES (?1, ?2, ?3) "
	    "ON CONFLICT(incident, lang) DO UPDATE SET text = excluded.text "
	    "WHERE text IS NOT excluded.text",
	[ST_PUT_NOTIFICATION] =
	    "INSERT INTO notification(incident, sent, recipient) "
	    "VALUES (?1, ?2, ?3) "
	    "ON CONFLICT(incident, sent, recipient) DO NOTHING",
	[ST_NOTIFICATION_ID] =
	    "SELECT id FROM notification "
	    "WHERE incident = ?1 AND sent = ?2 AND recipient = ?3",
	[ST_FIRST_NOTIFICATION] =
	    "SELECT min(sent) FROM notification WHERE incident = ?1",
	[ST_PUT_REPLY] =
	    "INSERT INTO reply(notification, received, quality) "
	    "VALUES (?1, ?2, ?3) "
	    "ON CONFLICT(notification, received) DO NOTHING",
	[ST_UPDATE_REPLY] =
	    "UPDATE reply SET quality = ?3 "
	    "WHERE notification = ?1 AND received = ?2 AND quality IS NOT ?3",
	[ST_GET_FIRSTS] =
	    "SELECT first_sent, first_reply, substantive FROM incident "
	    "WHERE id = ?1",
	[ST_SET_FIRSTS] =
	    "UPDATE incident SET first_sent = ?2, first_reply = ?3, "
	    "substantive = ?4 WHERE id = ?1",
	[ST_PUT_EVENT] =
	    "INSERT INTO event(country, date) VALUES (?1, ?2) "
	    "ON CONFLICT(country, date) DO NOTHING",
	[ST_EVENT_ID] =
	    "SELECT id FROM event WHERE country = ?1 AND date = ?2",
	[ST_PUT_EVENT_TEXT] =
	    "INSERT INTO event_text(event, lang, text) VALUES (?1, ?2, ?3) "
	    "ON CONFLICT(event, lang) DO UPDATE SET text = excluded.text "
	    "WHERE text IS NOT excluded.text",
	/*
	 * The key figures of DESIGN.md in one statement. Per incident of the
	 * period: its first notification, its first reply (over all its
	 * notifications) and whether any reply was substantive. The median
	 * of the replied incidents' days to reply is the middle row, or the
	 * mean of the middle two. MATERIALIZED: each CTE is read several
	 * times and must be computed once.
	 */
	[ST_FIGURES] =
	    "WITH inc AS MATERIALIZED ("
	    "  SELECT id, target FROM incident"
	    "  WHERE country = ?1 AND detected BETWEEN ?2 AND ?3"
	    "), per AS MATERIALIZED ("
	    "  SELECT inc.id,"
	    "    (SELECT min(n.sent) FROM notification n"
	    "     WHERE n.incident = inc.id) AS first_sent,"
	    "    (SELECT min(r.received) FROM notification n"
	    "     JOIN reply r ON r.notification = n.id"
	    "     WHERE n.incident = inc.id) AS first_reply,"
	    "    EXISTS (SELECT 1 FROM notification n"
	    "     JOIN reply r ON r.notification = n.id"
	    "     WHERE n.incident = inc.id"
	    "     AND r.quality = 'substantive') AS substantive"
	    "  FROM inc"
	    "), replied AS MATERIALIZED ("
	    "  SELECT julianday(first_reply) - julianday(first_sent) AS days"
	    "  FROM per WHERE first_reply IS NOT NULL"
	    "), n AS MATERIALIZED ("
	    "  SELECT"
	    "    (SELECT count(*) FROM inc) AS incidents,"
	    "    (SELECT count(DISTINCT inc.target) FROM inc"
	    "     JOIN organisation o ON o.id = inc.target"
	    "     WHERE o.government = 1) AS bodies,"
	    "    (SELECT count(*) FROM per"
	    "     WHERE first_sent IS NOT NULL) AS notified,"
	    "    (SELECT count(*) FROM replied) AS replied,"
	    "    (SELECT count(*) FROM per"
	    "     WHERE first_reply IS NOT NULL AND substantive) AS substantive"
	    ")"
	    "SELECT incidents, bodies, notified, replied,"
	    "  replied - substantive, substantive, notified - replied,"
	    "  (SELECT avg(days) FROM (SELECT days FROM replied ORDER BY days"
	    "   LIMIT 2 - (SELECT replied FROM n) % 2"
	    "   OFFSET ((SELECT replied FROM n) - 1) / 2))"
	    " FROM n",
	[ST_COUNTRY_CODES] =
	    "SELECT group_concat(code, ', ') FROM "
	    "(SELECT code FROM country ORDER BY code)",
	[ST_COUNTRIES_BETWEEN] =
	    "SELECT DISTINCT country FROM incident "
	    "WHERE detected BETWEEN ?1 AND ?2 ORDER BY country",
	/*
	 * A file's row is its record: written whole, whatever the row
	 * under that name held (an archive copied elsewhere and run
	 * again, a register restored from a backup), so that the register
	 * never keeps a record the archive does not.
	 */
	[ST_PUT_RENDER] =
	    "INSERT INTO render(archive, file, sha256, bytes, pages, country, "
	    "period_from, period_to, lang, paper, template, template_sha256, "
	    "data_sha256, version, issued, created, superseded) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
	    "?14, ?15, ?16, ?17) "
	    "ON CONFLICT(archive, file) DO UPDATE SET sha256 = excluded.sha256, "
	    "bytes = excluded.bytes, pages = excluded.pages, "
	    "country = excluded.country, period_from = excluded.period_from, "
	    "period_to = excluded.period_to, lang = excluded.lang, "
	    "paper = excluded.paper, template = excluded.template, "
	    "template_sha256 = excluded.template_sha256, "
	    "data_sha256 = excluded.data_sha256, version = excluded.version, "
	    "issued = excluded.issued, created = excluded.created, "
	    "superseded = excluded.superseded",
};
_Static_assert(sizeof(sql) / sizeof(sql[0]) == ST_MAX,
    "every statement has its SQL");

/*
 * The incident an import writes the notifications and replies of, with
 * the columns the version-2 triggers keep: see db_begin_import.
 */
struct firsts_of {
	int64_t		 id;		/* the incident; 0: none */
	int		 known;		/* row and trig are filled in */
	struct db_firsts row;		/* what its row holds */
	struct db_firsts trig;		/* what the triggers would have made
					   of it by now */
};

struct db {
	sqlite3		*conn;
	char		*path;		/* as given, for messages */
	enum db_mode	 mode;		/* as opened */
	int		 busy_ms;	/* the busy timeout */
	sqlite3_stmt	*st[ST_MAX];	/* prepared on first use */
	int		 created;	/* db_open made the file */
	int		 importing;	/* db_begin_import has tuned it */
	int		 discard;	/* db_free removes it: init failed */
	struct firsts_of cur;		/* the import's incident */
	int64_t		 trig_changes;	/* rows the triggers would have
					   changed, less those kept here */
	int		 reads;		/* read transactions open: the
					   inner ones end with the outer */
};

/*
 * Report the connection's last error as the diagnostic it means for a
 * user: a lock is temporary, a foreign file is bad data, a full disk is
 * I/O; anything else is our bug.
 */
static void
sqlerr(const struct db *db, int rc)
{
	const char	*msg = sqlite3_errmsg(db->conn);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		diag_msg(DIAG_LOCKED, db->path, 0, NULL);
		break;
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		diag_msg(DIAG_NOT_SQLITE, db->path, 0, "%s", msg);
		break;
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		diag_msg(DIAG_IO, db->path, 0, "%s", msg);
		break;
	default:
		diag_msg(DIAG_SQLITE, db->path, 0, "%s", msg);
		break;
	}
}

/*
 * The prepared statement for id, reset (run() binds every parameter
 * anew), or NULL after a diagnostic. Borrowed: the handle keeps it.
 */
static sqlite3_stmt *
stmt(struct db *db, enum st id)
{
	int	rc;

	if (db->st[id] == NULL) {
		rc = sqlite3_prepare_v3(db->conn, sql[id], -1,
		    SQLITE_PREPARE_PERSISTENT, &db->st[id], NULL);
		if (rc != SQLITE_OK) {
			sqlerr(db, rc);
			return NULL;
		}
	}
	sqlite3_reset(db->st[id]);
	return db->st[id];
}

/*
 * Bind the arguments described by types ('s' text, 'z' text that is NULL
 * when empty, 'i' int64, 'n' int) to id's parameters 1, 2, ... and step
 * once. Returns SQLITE_ROW or
 * SQLITE_DONE, or 0 after a diagnostic. Text is bound SQLITE_STATIC: the
 * caller's strings outlive the step.
 */
static int
run(struct db *db, enum st id, const char *types, ...)
{
	sqlite3_stmt	*s;
	const char	*txt;
	va_list		 ap;
	int		 i, rc;

	if ((s = stmt(db, id)) == NULL)
		return 0;
	/* Every parameter is bound anew: none keeps a value from before. */
	g_assert(sqlite3_bind_parameter_count(s) == (int)strlen(types));
	va_start(ap, types);
	for (i = 0; types[i] != '\0'; i++) {
		switch (types[i]) {
		case 's':
			rc = sqlite3_bind_text(s, i + 1, va_arg(ap, const char *),
			    -1, SQLITE_STATIC);
			break;
		case 'z':
			txt = va_arg(ap, const char *);
			rc = *txt == '\0' ? sqlite3_bind_null(s, i + 1) :
			    sqlite3_bind_text(s, i + 1, txt, -1, SQLITE_STATIC);
			break;
		case 'i':
			rc = sqlite3_bind_int64(s, i + 1, va_arg(ap, int64_t));
			break;
		default:
			g_assert(types[i] == 'n');
			rc = sqlite3_bind_int(s, i + 1, va_arg(ap, int));
			break;
		}
		if (rc != SQLITE_OK) {
			va_end(ap);
			sqlerr(db, rc);
			return 0;
		}
	}
	va_end(ap);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlerr(db, rc);
		sqlite3_reset(s);
		return 0;
	}
	return rc;
}

/* Run SQL text with no results (pragmas, schema files). 1 or 0. */
static int
exec(struct db *db, const char *text)
{
	int	rc;

	rc = sqlite3_exec(db->conn, text, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		sqlerr(db, rc);
		return 0;
	}
	return 1;
}

/* A single integer from SQL text, e.g. a pragma. 1 or 0. */
static int
query_int(struct db *db, const char *text, int64_t *val)
{
	sqlite3_stmt	*s;
	int		 rc;

	rc = sqlite3_prepare_v2(db->conn, text, -1, &s, NULL);
	if (rc != SQLITE_OK) {
		sqlerr(db, rc);
		return 0;
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*val = sqlite3_column_int64(s, 0);
	else if (rc != SQLITE_DONE)
		sqlerr(db, rc);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW;
}

/*
 * Read the register's version and whether it has any table. Fails with
 * a diagnostic when the file is not an SQLite database at all.
 */
static int
version(struct db *db, int64_t *ver, int64_t *tables)
{
	return query_int(db, "PRAGMA user_version", ver) &&
	    query_int(db, "SELECT count(*) FROM sqlite_schema", tables);
}

/*
 * Whether this program can work on the register, with a message saying
 * what to do when it cannot. For init (upgrade set) an empty database
 * and an older register are work to do; for anything else they are not.
 * *ver gets the version found.
 */
static int
check_version(struct db *db, int upgrade, int64_t *ver)
{
	int64_t	tables;

	if (!version(db, ver, &tables))
		return 0;
	if (*ver == DB_SCHEMA_VERSION)
		return 1;
	if (*ver == 0 && tables == 0) {
		if (upgrade)
			return 1;
		diag_msg(DIAG_NO_REGISTER, db->path, 0, NULL);
	} else if (*ver == 0)
		diag_msg(DIAG_NOT_REGISTER, db->path, 0, NULL);
	else if (*ver > DB_SCHEMA_VERSION)
		diag_msg(DIAG_SCHEMA_NEWER, db->path, 0,
		    "schema version %" G_GINT64_FORMAT
		    ", this program reads %d", *ver, DB_SCHEMA_VERSION);
	else if (upgrade)
		return 1;
	else
		diag_msg(DIAG_SCHEMA_OLDER, db->path, 0,
		    "schema version %" G_GINT64_FORMAT ", current %d",
		    *ver, DB_SCHEMA_VERSION);
	return 0;
}

/*
 * Settings for the whole of SQLite, made before its first use. Memory
 * statistics go: every allocation would take a lock that the import's two
 * threads (one on the register, one on its scratch store) then contend
 * for, and this program reads no statistic (sqlite3_status,
 * sqlite3_memory_used, heap limits). No page cache starts with a bulk
 * allocation either: SQLite would write into 20 fresh cache lines for every
 * pager it opens, a template query's temporary tables included, and each
 * first touch of a page is a page fault; lines come one by one as pages
 * are read. Once SQLite is running, the calls fail harmlessly and the
 * defaults stay.
 */
static void
setup(void)
{
	static int	done;

	if (!done) {
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		sqlite3_config(SQLITE_CONFIG_PAGECACHE, NULL, 0, 0);
	}
	done = 1;
}

/*
 * Open the register at path. DB_READ and DB_WRITE need an existing
 * register of this program's schema version; DB_CREATE (for init) creates
 * an empty file if there is none, and removes it again on failure. Returns
 * a handle the caller frees with db_free, or NULL after a diagnostic.
 */
struct db *
db_open(const char *path, enum db_mode mode)
{
	struct db	*db;
	char		*dir;
	int64_t		 ver;
	int		 flags, rc, existed, isdir;

	existed = g_file_test(path, G_FILE_TEST_EXISTS);
	if (!existed && mode != DB_CREATE) {
		diag_msg(DIAG_NO_REGISTER, path, 0, NULL);
		return NULL;
	}
	if (existed && !g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
		diag_msg(DIAG_NOT_SQLITE, path, 0, "%s",
		    g_file_test(path, G_FILE_TEST_IS_DIR) ? "it is a directory" :
		    "not a regular file");
		return NULL;
	}
	if (!existed) {
		dir = g_path_get_dirname(path);
		isdir = g_file_test(dir, G_FILE_TEST_IS_DIR);
		if (!isdir)
			diag_msg(DIAG_CANTCREAT, path, 0, "no directory %s", dir);
		g_free(dir);
		if (!isdir)
			return NULL;
	}

	setup();
	db = g_new0(struct db, 1);
	db->path = g_strdup(path);
	db->created = !existed;
	db->mode = mode;
	/*
	 * A reader is used by one thread at a time (bind hands its second
	 * one to a thread of its own, which alone uses it until joined), so
	 * its connection takes no mutex on every call; the import hands its
	 * writer to a thread of its own and keeps SQLite's default.
	 */
	flags = mode == DB_READ ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX :
	    mode == DB_WRITE ? SQLITE_OPEN_READWRITE :
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(path, &db->conn, flags, NULL);
	if (rc != SQLITE_OK) {
		if (db->conn == NULL)
			diag_msg(DIAG_IO, path, 0, "out of memory");
		else if (!existed)
			diag_msg(DIAG_CANTCREAT, path, 0, "%s",
			    sqlite3_errmsg(db->conn));
		else
			sqlerr(db, rc);
		goto fail;
	}
	sqlite3_extended_result_codes(db->conn, 1);
	db_set_busy_timeout(db, BUSY_TIMEOUT_MS);

	/*
	 * The rollback journal, not WAL: a failed import rolls back into the
	 * same bytes, no -wal/-shm files outlive a run, and a read-only
	 * connection needs no write access to the directory.
	 */
	if (!exec(db, "PRAGMA foreign_keys = ON"))
		goto fail;
	if (mode == DB_CREATE) {
		/* Touch the file so that "not a database" shows now. */
		if (!version(db, &(int64_t){0}, &(int64_t){0}))
			goto fail;
		return db;
	}
	if (!check_version(db, 0, &ver))
		goto fail;
	return db;

fail:
	db->discard = db->created;
	db_free(db);
	return NULL;
}

/*
 * Whether db_open_again can give a second connection to db's register
 * for another thread: SQLite must be built for threads, and the register
 * a file (one in memory, as the fuzz target has, is its connection's
 * alone).
 */
int
db_can_open_again(const struct db *db)
{
	const char	*file = sqlite3_db_filename(db->conn, "main");

	return db_threadsafe() && file != NULL && *file != '\0';
}

/*
 * A second connection to db's register (db_can_open_again must say it
 * can be had): the same file in the same mode, set up the same way, busy
 * timeout included. For reading on another thread; see db_begin_read for
 * how two connections see one snapshot. Returns a handle the caller frees
 * with db_free, or NULL after a diagnostic.
 *
 * XXX: The file is opened again by its name. Were the register replaced
 * by another file under that name (a rename) after db was opened, the
 * two would read different files; briefgen's own writers never do that.
 */
struct db *
db_open_again(const struct db *db)
{
	struct db	*again;

	if ((again = db_open(db->path, db->mode)) != NULL)
		db_set_busy_timeout(again, db->busy_ms);
	return again;
}

/*
 * Close the register and free the handle. A register this run created
 * and could not initialise is removed: a failed init leaves no file.
 * NULL is a no-op.
 */
void
db_free(struct db *db)
{
	int	i;

	if (db == NULL)
		return;
	for (i = 0; i < ST_MAX; i++)
		sqlite3_finalize(db->st[i]);
	sqlite3_close(db->conn);
	if (db->discard)
		g_unlink(db->path);
	g_free(db->path);
	g_free(db);
}

/*
 * Whether a connection may be handed from one thread to another: the
 * import writes on a thread of its own when it may.
 */
int
db_threadsafe(void)
{
	return sqlite3_threadsafe() != 0;
}

/* How long to wait for another process's lock (tests make it short). */
void
db_set_busy_timeout(struct db *db, int ms)
{
	db->busy_ms = ms;
	sqlite3_busy_timeout(db->conn, ms);
}

/* Run the SQL file at relpath under the data directory. 1 or 0. */
static int
exec_file(struct db *db, const char *relpath)
{
	char	*path, *text = NULL;
	GError	*err = NULL;
	int	 ok = 0;

	if ((path = datadir_find(relpath)) == NULL) {
		diag_msg(DIAG_NO_DATAFILE, relpath, 0, NULL);
		return 0;
	}
	if (!g_file_get_contents(path, &text, NULL, &err)) {
		diag_msg(DIAG_IO, path, 0, "%s", err->message);
		g_error_free(err);
		goto out;
	}
	ok = exec(db, text);
out:
	g_free(text);
	g_free(path);
	return ok;
}

/*
 * Bring the register to DB_SCHEMA_VERSION: create it from
 * data/schema.sql when empty, or apply data/migrate/N.sql for each missing
 * version N, all in one transaction. Sets *from_version to the version
 * found (0 for a new register). 1 or 0 after a diagnostic; on failure the
 * register is as it was, or, if db_open created it, gone at db_free.
 */
int
db_init(struct db *db, int *from_version)
{
	int64_t	 ver, tables;
	char	*rel;
	int	 n, ok;

	if (!db_begin_write(db))
		return 0;
	if (!check_version(db, 1, &ver))
		goto fail;
	*from_version = (int)ver;
	if (ver == 0) {
		if (!exec_file(db, "data/schema.sql"))
			goto fail;
	} else {
		for (n = (int)ver + 1; n <= DB_SCHEMA_VERSION; n++) {
			rel = g_strdup_printf("data/migrate/%d.sql", n);
			ok = exec_file(db, rel);
			g_free(rel);
			if (!ok)
				goto fail;
		}
	}
	if (!version(db, &ver, &tables))
		goto fail;
	if (ver != DB_SCHEMA_VERSION) {
		diag_msg(DIAG_SQLITE, db->path, 0, "schema files left version %"
		    G_GINT64_FORMAT ", expected %d", ver, DB_SCHEMA_VERSION);
		goto fail;
	}
	if (db_commit(db))
		return 1;
fail:
	db_rollback(db);
	db->discard = db->created;
	return 0;
}

/*
 * A read transaction: every query until db_commit sees one snapshot, so
 * a concurrent import never makes two sections disagree.
 *
 * The snapshot is taken here, not at the first statement that reads a
 * table (a template's parameters often read none): reading the schema
 * version takes the SHARED lock, held until the transaction ends. With
 * the rollback journal a writer commits only under the EXCLUSIVE lock,
 * which it cannot have while any reader holds SHARED, so a second
 * connection that begins its own read transaction while this one is
 * open sees the very same register. While a writer waiting to commit
 * holds PENDING, a new reader waits for up to the busy timeout, then
 * this fails with DIAG_LOCKED. 1 or 0 (no transaction left open).
 *
 * Read transactions nest: one begun inside another (each briefing of a
 * pack inside the pack's) reads the outer one's snapshot, and its commit
 * or rollback ends nothing but itself.
 */
int
db_begin_read(struct db *db)
{
	if (db->reads > 0) {
		db->reads++;
		return 1;
	}
	if (exec(db, "BEGIN DEFERRED; PRAGMA schema_version")) {
		db->reads = 1;
		return 1;
	}
	db_rollback(db);
	return 0;
}

/* A write transaction that holds the write lock from the start. 1 or 0. */
int
db_begin_write(struct db *db)
{
	return exec(db, "BEGIN IMMEDIATE");
}

/* Turn the register's triggers on or off for this connection. 1 or 0. */
static int
triggers(struct db *db, int on)
{
	int	now = -1;

	if (sqlite3_db_config(db->conn, SQLITE_DBCONFIG_ENABLE_TRIGGER, on,
	    &now) != SQLITE_OK || now != on) {
		diag_msg(DIAG_SQLITE, db->path, 0, "cannot turn triggers %s",
		    on ? "on" : "off");
		return 0;
	}
	return 1;
}

/*
 * A write transaction for importing one file, on a connection tuned for
 * it: a page cache of IMPORT_CACHE_KIB, and the triggers off until the
 * transaction ends.
 *
 * The triggers keep incident.first_sent, first_reply and substantive
 * (data/schema.sql). Run for every notification and reply, they took a
 * quarter of the time spent writing, and made each such INSERT keep a
 * statement journal. The import keeps those columns itself instead: a
 * new incident is written with what its notifications and replies in
 * the file make of it (db_put_incident), and db_put_notification and
 * db_put_reply follow what the triggers would have done with each row
 * they add, to the same end; where the two differ the row is set right
 * before the next incident or the commit. The register ends up as the
 * triggers would have left it, and db_total_changes counts the rows
 * they would have changed.
 *
 * The rest stays as db_open set it, for the register's sake: the
 * rollback journal and synchronous=FULL (a crash leaves the register as
 * it was before the file, a committed file stays), foreign keys, and
 * temporary data in files (statement journals and CHECK lookups are a
 * few pages; nothing grows with the file). 1 or 0.
 */
int
db_begin_import(struct db *db)
{
	char	*pragma;
	int	 ok;

	if (!db->importing) {
		pragma = g_strdup_printf("PRAGMA cache_size = -%d",
		    IMPORT_CACHE_KIB);
		ok = exec(db, pragma);
		g_free(pragma);
		if (!ok)
			return 0;
		db->importing = 1;
	}
	memset(&db->cur, 0, sizeof(db->cur));
	if (!triggers(db, 0))
		return 0;
	if (db_begin_write(db))
		return 1;
	triggers(db, 1);
	return 0;
}

/*
 * Write the columns the triggers keep for the incident being imported,
 * where its row differs from what they would have made of it, and stop
 * following it. 1 or 0 after a diagnostic.
 */
static int
flush_firsts(struct db *db)
{
	struct firsts_of	*c = &db->cur;
	int			 ok = 1;

	if (c->id != 0 && c->known &&
	    (strcmp(c->row.sent, c->trig.sent) != 0 ||
	    strcmp(c->row.reply, c->trig.reply) != 0 ||
	    c->row.substantive != c->trig.substantive)) {
		ok = run(db, ST_SET_FIRSTS, "izzn", c->id, c->trig.sent,
		    c->trig.reply, c->trig.substantive) != 0;
		/* Not a row the triggers would have changed. */
		if (ok)
			db->trig_changes -= sqlite3_changes(db->conn);
	}
	memset(c, 0, sizeof(*c));
	return ok;
}

/* End the transaction, keeping its writes. 1 or 0 (rolled back). */
int
db_commit(struct db *db)
{
	if (db->reads > 1) {
		db->reads--;
		return 1;
	}
	db->reads = 0;
	if (flush_firsts(db) && exec(db, "COMMIT")) {
		if (db->importing)
			triggers(db, 1);
		return 1;
	}
	db_rollback(db);
	return 0;
}

/* Abandon the transaction, if one is open. */
void
db_rollback(struct db *db)
{
	if (db->reads > 1) {
		db->reads--;
		return;
	}
	db->reads = 0;
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
	memset(&db->cur, 0, sizeof(db->cur));
	if (db->importing)
		triggers(db, 1);
}

/*
 * Rows inserted, updated or deleted through this handle so far, those
 * the triggers changed included (and, while importing, those they would
 * have changed).
 */
int64_t
db_total_changes(const struct db *db)
{
	return sqlite3_total_changes64(db->conn) + db->trig_changes;
}

/* 1 if statement id finds a row for key, 0 if not, -1 after a diagnostic. */
static int
exists(struct db *db, enum st id, const char *key)
{
	int	rc = run(db, id, "s", key);

	if (rc == 0)
		return -1;
	sqlite3_reset(db->st[id]);
	return rc == SQLITE_ROW;
}

/* 1 if the country is in the register, 0 if not, -1 after a diagnostic. */
int
db_country_exists(struct db *db, const char *code)
{
	return exists(db, ST_COUNTRY_EXISTS, code);
}

/* 1 if the organisation is in the register, 0 if not, -1 on error. */
int
db_organisation_exists(struct db *db, const char *id)
{
	return exists(db, ST_ORG_EXISTS, id);
}

int
db_put_country(struct db *db, const char *code)
{
	return run(db, ST_PUT_COUNTRY, "s", code) != 0;
}

int
db_put_country_name(struct db *db, const char *code, const char *lang,
    const char *name)
{
	return run(db, ST_PUT_COUNTRY_NAME, "sss", code, lang, name) != 0;
}

int
db_put_organisation(struct db *db, const char *id, const char *kind,
    int government)
{
	return run(db, ST_PUT_ORG, "ssn", id, kind, government) != 0;
}

int
db_put_organisation_name(struct db *db, const char *id, const char *lang,
    const char *name)
{
	return run(db, ST_PUT_ORG_NAME, "sss", id, lang, name) != 0;
}

/*
 * The id column of the row statement id just found (rc is what run()
 * returned for it). 1 or 0 after a diagnostic.
 */
static int
found_id(struct db *db, enum st id, int rc, int64_t *out)
{
	if (rc == 0)
		return 0;
	if (rc != SQLITE_ROW) {
		diag_msg(DIAG_SQLITE, db->path, 0, "row just written is missing");
		return 0;
	}
	*out = sqlite3_column_int64(db->st[id], 0);
	sqlite3_reset(db->st[id]);
	return 1;
}

/*
 * Insert or update the incident with this ref; *id gets its row id and
 * *created whether this call made it (then it has no notification yet).
 * A new incident is written with firsts (may be NULL: none), what the
 * notifications and replies about to be added make of it. Notifications
 * and replies are added by the calls below, never removed: an older
 * export imported later cannot erase a reply.
 */
int
db_put_incident(struct db *db, const char *ref, const char *detected,
    const char *country, const char *target, const char *type, int severity,
    const struct db_firsts *firsts, int64_t *id, int *created)
{
	static const struct db_firsts none;

	if (!flush_firsts(db))
		return 0;
	if (firsts == NULL)
		firsts = &none;
	if (!run(db, ST_PUT_INCIDENT, "sssssnzzn", ref, detected, country,
	    target, type, severity, firsts->sent, firsts->reply,
	    firsts->substantive))
		return 0;
	*created = sqlite3_changes(db->conn) == 1;
	if (*created) {
		*id = sqlite3_last_insert_rowid(db->conn);
		/* The triggers would start from none. */
		db->cur.id = *id;
		db->cur.known = 1;
		db->cur.row = *firsts;
		return 1;
	}
	if (!run(db, ST_UPDATE_INCIDENT, "sssssn", ref, detected, country,
	    target, type, severity))
		return 0;
	if (!found_id(db, ST_INCIDENT_ID,
	    run(db, ST_INCIDENT_ID, "s", ref), id))
		return 0;
	db->cur.id = *id;
	return 1;
}

/*
 * The columns the triggers keep, as the incident being imported (id)
 * holds them, read when first needed. 1 or 0 after a diagnostic.
 */
static int
firsts_known(struct db *db, int64_t id)
{
	struct firsts_of	*c = &db->cur;
	sqlite3_stmt		*s;
	const unsigned char	*t;
	int			 rc;

	g_assert(c->id == id && id != 0);
	if (c->known)
		return 1;
	if ((rc = run(db, ST_GET_FIRSTS, "i", id)) == 0)
		return 0;
	s = db->st[ST_GET_FIRSTS];
	if (rc != SQLITE_ROW) {
		diag_msg(DIAG_SQLITE, db->path, 0, "row just written is missing");
		sqlite3_reset(s);
		return 0;
	}
	t = sqlite3_column_text(s, 0);
	g_strlcpy(c->row.sent, t != NULL ? (const char *)t : "",
	    sizeof(c->row.sent));
	t = sqlite3_column_text(s, 1);
	g_strlcpy(c->row.reply, t != NULL ? (const char *)t : "",
	    sizeof(c->row.reply));
	c->row.substantive = sqlite3_column_int(s, 2);
	sqlite3_reset(s);
	c->trig = c->row;
	c->known = 1;
	return 1;
}

int
db_put_incident_summary(struct db *db, int64_t incident, const char *lang,
    const char *text)
{
	return run(db, ST_PUT_SUMMARY, "iss", incident, lang, text) != 0;
}

/*
 * Add a notification of the incident last put (incident) unless it is
 * there; *id gets its row id.
 */
int
db_put_notification(struct db *db, int64_t incident, const char *sent,
    const char *recipient, int64_t *id)
{
	struct db_firsts	*t = &db->cur.trig;

	if (!run(db, ST_PUT_NOTIFICATION, "iss", incident, sent, recipient))
		return 0;
	if (sqlite3_changes(db->conn) == 1) {
		*id = sqlite3_last_insert_rowid(db->conn);
		/* What notification_first_sent would do. */
		if (!firsts_known(db, incident))
			return 0;
		if (t->sent[0] == '\0' || strcmp(t->sent, sent) > 0) {
			g_strlcpy(t->sent, sent, sizeof(t->sent));
			db->trig_changes++;
		}
		return 1;
	}
	return found_id(db, ST_NOTIFICATION_ID,
	    run(db, ST_NOTIFICATION_ID, "iss", incident, sent, recipient), id);
}

/*
 * The date of the incident's first notification on record into date:
 * 1 if there is one, 0 if none, -1 after a diagnostic.
 */
int
db_first_notification(struct db *db, int64_t incident, char date[11])
{
	sqlite3_stmt	*s;
	int		 found;

	if (run(db, ST_FIRST_NOTIFICATION, "i", incident) != SQLITE_ROW)
		return -1;
	s = db->st[ST_FIRST_NOTIFICATION];
	found = sqlite3_column_type(s, 0) != SQLITE_NULL;
	if (found)
		g_strlcpy(date, (const char *)sqlite3_column_text(s, 0), 11);
	sqlite3_reset(s);
	return found;
}

/*
 * Add a reply to a notification of the incident last put, or change its
 * quality: in two statements rather than one upsert, so that the
 * triggers' part is done for a reply added and only then.
 */
int
db_put_reply(struct db *db, int64_t notification, const char *received,
    const char *quality)
{
	struct db_firsts	*t = &db->cur.trig;

	if (!run(db, ST_PUT_REPLY, "iss", notification, received, quality))
		return 0;
	if (sqlite3_changes(db->conn) != 1)
		return run(db, ST_UPDATE_REPLY, "iss", notification, received,
		    quality) != 0;
	/* What reply_first_reply would do: it changes the row every time. */
	if (!firsts_known(db, db->cur.id))
		return 0;
	if (t->reply[0] == '\0' || strcmp(t->reply, received) > 0)
		g_strlcpy(t->reply, received, sizeof(t->reply));
	if (strcmp(quality, "substantive") == 0)
		t->substantive = 1;
	db->trig_changes++;
	return 1;
}

int
db_put_event(struct db *db, const char *country, const char *date,
    int64_t *id)
{
	if (!run(db, ST_PUT_EVENT, "ss", country, date))
		return 0;
	return found_id(db, ST_EVENT_ID, run(db, ST_EVENT_ID, "ss", country,
	    date), id);
}

int
db_put_event_text(struct db *db, int64_t event, const char *lang,
    const char *text)
{
	return run(db, ST_PUT_EVENT_TEXT, "iss", event, lang, text) != 0;
}

/*
 * Whether country is in the register; when it is not, say so and list
 * the codes it holds: the user mistyped, or wants another. A typing
 * mistake must not read as "no incidents". 1 or 0 after a diagnostic.
 */
int
db_known_country(struct db *db, const char *country)
{
	sqlite3_stmt	*s;
	int		 rc;

	rc = db_country_exists(db, country);
	if (rc <= 0) {
		if (rc < 0 || run(db, ST_COUNTRY_CODES, "") != SQLITE_ROW)
			return 0;
		s = db->st[ST_COUNTRY_CODES];
		diag_msg(DIAG_QUERY_COUNTRY, db->path, 0, "%s (it has %s)",
		    country, sqlite3_column_type(s, 0) == SQLITE_NULL ?
		    "none yet" : (const char *)sqlite3_column_text(s, 0));
		sqlite3_reset(s);
		return 0;
	}
	return 1;
}

/*
 * Count the key figures for country over [from, to], both YYYY-MM-DD and
 * inclusive, into *f. The country must be in the register (see
 * db_known_country). 1 or 0 after a diagnostic.
 */
int
db_figures(struct db *db, const char *country, const char *from,
    const char *to, struct figures *f)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (!db_known_country(db, country))
		return 0;
	if ((rc = run(db, ST_FIGURES, "sss", country, from, to)) == 0)
		return 0;
	if (rc != SQLITE_ROW) {
		diag_msg(DIAG_SQLITE, db->path, 0, "key figures gave no row");
		return 0;
	}
	s = db->st[ST_FIGURES];
	memset(f, 0, sizeof(*f));
	g_strlcpy(f->country, country, sizeof(f->country));
	g_strlcpy(f->from, from, sizeof(f->from));
	g_strlcpy(f->to, to, sizeof(f->to));
	f->incidents = sqlite3_column_int64(s, 0);
	f->government_bodies = sqlite3_column_int64(s, 1);
	f->notified = sqlite3_column_int64(s, 2);
	f->replied = sqlite3_column_int64(s, 3);
	f->formalistic = sqlite3_column_int64(s, 4);
	f->substantive = sqlite3_column_int64(s, 5);
	f->unanswered = sqlite3_column_int64(s, 6);
	f->has_median = sqlite3_column_type(s, 7) != SQLITE_NULL;
	f->median_days_to_reply = f->has_median ?
	    sqlite3_column_double(s, 7) : 0.0;
	sqlite3_reset(s);
	return 1;
}

struct db_query {
	struct db	*db;		/* borrowed */
	sqlite3_stmt	*st;
	char		*file;		/* the template, for messages */
	long		 line;		/* where the SQL starts */
};

/* What an authoriser saw that a template may not do. */
struct deny {
	int		 action;	/* SQLITE_INSERT...; 0 if nothing */
	char		*what;		/* table or function name */
};

/*
 * The authoriser while a template's SQL is prepared: reading is allowed,
 * everything else (writing, pragmas, ATTACH, transactions) is refused
 * and noted, and so is random(), which would make two renders of the
 * same register differ.
 */
static int
authorise(void *arg, int action, const char *a, const char *b,
    const char *dbname, const char *trigger)
{
	struct deny	*d = arg;

	(void)dbname;
	(void)trigger;
	switch (action) {
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	case SQLITE_FUNCTION:
		if (b != NULL && g_ascii_strcasecmp(b, "random") != 0 &&
		    g_ascii_strcasecmp(b, "randomblob") != 0 &&
		    g_ascii_strcasecmp(b, "load_extension") != 0)
			return SQLITE_OK;
		break;
	default:
		break;
	}
	if (d->action == 0) {
		d->action = action;
		d->what = g_strdup(action == SQLITE_FUNCTION ? b :
		    a != NULL ? a : "");
	}
	/* DROP and CREATE write sqlite_schema first. */
	if (a != NULL && (strcmp(a, "sqlite_master") == 0 ||
	    strcmp(a, "sqlite_schema") == 0)) {
		d->action = -1;
		g_free(d->what);
		d->what = g_strdup("the schema");
	}
	return SQLITE_DENY;
}

/* The template line of byte offset off in sql, which starts at line. */
static long
sql_line(const char *sql, long line, int off)
{
	int	i;

	for (i = 0; off > 0 && i < off && sql[i] != '\0'; i++)
		if (sql[i] == '\n')
			line++;
	return line;
}

/* A name for an authoriser action, for a message. */
static const char *
action_name(int action)
{
	switch (action) {
	case SQLITE_INSERT:
		return "INSERT into";
	case SQLITE_UPDATE:
		return "UPDATE of";
	case SQLITE_DELETE:
		return "DELETE from";
	case SQLITE_FUNCTION:
		return "the function";
	case SQLITE_PRAGMA:
		return "PRAGMA";
	case SQLITE_ATTACH:
		return "ATTACH";
	case SQLITE_TRANSACTION:
		return "a transaction:";
	case SQLITE_DROP_TABLE:
		return "DROP TABLE";
	case SQLITE_CREATE_TABLE:
	case SQLITE_CREATE_TEMP_TABLE:
		return "CREATE TABLE";
	default:
		return "a change to";
	}
}

/*
 * Prepare a template's SQL (file and line say where it is, for
 * messages). It must be one statement that reads and returns columns,
 * with parameters written :name. Returns NULL after a diagnostic; caller
 * frees with db_query_free.
 */
struct db_query *
db_query_new(struct db *db, const char *sql, const char *file, long line)
{
	struct db_query	*q;
	struct deny	 d = { 0, NULL };
	sqlite3_stmt	*st = NULL;
	const char	*tail, *name;
	int		 rc, i;

	sqlite3_set_authorizer(db->conn, authorise, &d);
	rc = sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &st, &tail);
	sqlite3_set_authorizer(db->conn, NULL, NULL);
	if (d.action != 0) {
		if (d.action == SQLITE_FUNCTION)
			diag_msg(DIAG_TMPL_FUNCTION, file, line, "%s()", d.what);
		else
			diag_msg(DIAG_TMPL_WRITES, file, line, "%s %s",
			    action_name(d.action), d.what);
		goto fail;
	}
	if (rc != SQLITE_OK) {
		diag_msg(DIAG_TMPL_SQL, file, sql_line(sql, line,
		    sqlite3_error_offset(db->conn)), "%s",
		    sqlite3_errmsg(db->conn));
		goto fail;
	}
	if (st == NULL) {
		diag_msg(DIAG_TMPL_SQL, file, line, "no statement");
		goto fail;
	}
	while (g_ascii_isspace(*tail) || *tail == ';')
		tail++;
	if (*tail != '\0') {
		diag_msg(DIAG_TMPL_STATEMENTS, file,
		    sql_line(sql, line, (int)(tail - sql)), NULL);
		goto fail;
	}
	if (!sqlite3_stmt_readonly(st)) {
		diag_msg(DIAG_TMPL_WRITES, file, line, NULL);
		goto fail;
	}
	if (sqlite3_column_count(st) == 0) {
		diag_msg(DIAG_TMPL_NO_COLUMNS, file, line, NULL);
		goto fail;
	}
	for (i = 1; i <= sqlite3_bind_parameter_count(st); i++) {
		name = sqlite3_bind_parameter_name(st, i);
		if (name == NULL || name[0] != ':') {
			diag_msg(DIAG_TMPL_PARAM_FORM, file, line, "not %s",
			    name != NULL ? name : "?");
			goto fail;
		}
	}
	q = g_new0(struct db_query, 1);
	q->db = db;
	q->st = st;
	q->file = g_strdup(file);
	q->line = line;
	return q;
fail:
	g_free(d.what);
	sqlite3_finalize(st);
	return NULL;
}

/* Free a template query. NULL is a no-op. */
void
db_query_free(struct db_query *q)
{
	if (q == NULL)
		return;
	sqlite3_finalize(q->st);
	g_free(q->file);
	g_free(q);
}

int
db_query_ncols(const struct db_query *q)
{
	return sqlite3_column_count(q->st);
}

/* The name of column i (from 0). Borrowed from the query. */
const char *
db_query_colname(const struct db_query *q, int i)
{
	return sqlite3_column_name(q->st, i);
}

int
db_query_nparams(const struct db_query *q)
{
	return sqlite3_bind_parameter_count(q->st);
}

/* The name of parameter i (from 0), without its colon. Borrowed. */
const char *
db_query_param(const struct db_query *q, int i)
{
	return sqlite3_bind_parameter_name(q->st, i + 1) + 1;
}

/*
 * Run the query with its parameters' values from get (each must have
 * one: bind checked that) and collect every row. Returns the rows (caller
 * frees with db_rows_free) or NULL after a diagnostic at the query's line.
 */
struct db_rows *
db_query_run(struct db_query *q, db_param_fn get, void *arg)
{
	struct db_rows		*rows;
	const struct db_value	*v;
	GArray			*vals;
	struct db_value		 out;
	const char		*text;
	int			 i, rc, n;

	sqlite3_reset(q->st);
	sqlite3_clear_bindings(q->st);
	n = sqlite3_bind_parameter_count(q->st);
	for (i = 1; i <= n; i++) {
		v = get(sqlite3_bind_parameter_name(q->st, i) + 1, arg);
		g_assert(v != NULL);
		switch (v->type) {
		case DB_INT:
			rc = sqlite3_bind_int64(q->st, i, v->i);
			break;
		case DB_REAL:
			rc = sqlite3_bind_double(q->st, i, v->r);
			break;
		case DB_TEXT:
			rc = sqlite3_bind_text(q->st, i, v->s, -1,
			    SQLITE_TRANSIENT);
			break;
		default:
			rc = sqlite3_bind_null(q->st, i);
			break;
		}
		if (rc != SQLITE_OK) {
			sqlerr(q->db, rc);
			return NULL;
		}
	}

	rows = g_new0(struct db_rows, 1);
	rows->ncols = sqlite3_column_count(q->st);
	rows->text = g_string_chunk_new(4096);
	vals = g_array_new(FALSE, FALSE, sizeof(struct db_value));
	while ((rc = sqlite3_step(q->st)) == SQLITE_ROW) {
		for (i = 0; i < rows->ncols; i++) {
			memset(&out, 0, sizeof(out));
			switch (sqlite3_column_type(q->st, i)) {
			case SQLITE_INTEGER:
				out.type = DB_INT;
				out.i = sqlite3_column_int64(q->st, i);
				break;
			case SQLITE_FLOAT:
				out.type = DB_REAL;
				out.r = sqlite3_column_double(q->st, i);
				break;
			case SQLITE_NULL:
				out.type = DB_NULL;
				break;
			default:
				/*
				 * Text and blobs alike, as text. Not shared
				 * between equal values: hashing every one cost
				 * more than the copies, which live only until
				 * the document is built.
				 */
				out.type = DB_TEXT;
				text = (const char *)sqlite3_column_text(q->st,
				    i);
				out.s = g_string_chunk_insert_len(rows->text,
				    text, sqlite3_column_bytes(q->st, i));
				break;
			}
			g_array_append_val(vals, out);
		}
		rows->nrows++;
	}
	if (rc != SQLITE_DONE) {
		if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED ||
		    (rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_CORRUPT)
			sqlerr(q->db, rc);
		else
			diag_msg(DIAG_TMPL_RUN, q->file, q->line, "%s",
			    sqlite3_errmsg(q->db->conn));
		sqlite3_reset(q->st);
		g_array_free(vals, TRUE);
		db_rows_free(rows);
		return NULL;
	}
	sqlite3_reset(q->st);
	rows->v = (struct db_value *)(void *)g_array_free(vals, FALSE);
	return rows;
}

/* Free a query's rows. NULL is a no-op. */
void
db_rows_free(struct db_rows *rows)
{
	if (rows == NULL)
		return;
	g_free(rows->v);
	if (rows->text != NULL)
		g_string_chunk_free(rows->text);
	g_free(rows);
}

/*
 * The import's scratch store: every key a file has used so far (a ref, a
 * country code, an organisation id, an event's country and date) with
 * the line it was first used at, so that a repeat can be reported with
 * where the first one was. It is a private temporary database on its own
 * connection, which SQLite deletes on close; pages beyond its small cache
 * go to a temporary file, so that the keys of a file of a million
 * incidents cost disk, not memory. A file's keys are one transaction,
 * rolled back when the file ends. The import adds and looks up keys on
 * its reader thread while the register's connection works on another,
 * so db_seen_add and db_seen_has print nothing (diag is not thread-safe):
 * they return -1 on failure and db_seen_error() says why.
 */
struct db_seen {
	sqlite3		*conn;
	sqlite3_stmt	*add;		/* a key, unless it is there */
	sqlite3_stmt	*get;		/* the line a key was first used at */
	int		 rc;		/* the last failure's result code */
	char		*msg;		/* and its message */
};

/* Note the connection's last error as the store's failure; returns -1. */
static int
seen_fail(struct db_seen *s, int rc)
{
	s->rc = rc;
	g_free(s->msg);
	s->msg = g_strdup(s->conn != NULL ? sqlite3_errmsg(s->conn) :
	    sqlite3_errstr(rc));
	return -1;
}

/* Open an empty scratch store. Returns NULL after a diagnostic. */
struct db_seen *
db_seen_new(void)
{
	struct db_seen	*s = g_new0(struct db_seen, 1);
	const char	*msg;
	enum diag_id	 id;
	int		 rc;

	/*
	 * The scratch data is made anew from the file on every run: no
	 * journal beyond memory (for the rollback), no syncing. Only the
	 * reader's thread uses it: no mutex.
	 */
	setup();
	rc = sqlite3_open_v2("", &s->conn, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(s->conn, "PRAGMA journal_mode = MEMORY;"
		    "PRAGMA synchronous = OFF;"
		    "CREATE TABLE seen(kind INTEGER NOT NULL, key TEXT NOT NULL,"
		    " line INTEGER NOT NULL, PRIMARY KEY (kind, key))"
		    " WITHOUT ROWID", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v3(s->conn, "INSERT INTO seen(kind, key, "
		    "line) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING", -1,
		    SQLITE_PREPARE_PERSISTENT, &s->add, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v3(s->conn, "SELECT line FROM seen "
		    "WHERE kind = ?1 AND key = ?2", -1,
		    SQLITE_PREPARE_PERSISTENT, &s->get, NULL);
	if (rc != SQLITE_OK) {
		seen_fail(s, rc);
		id = db_seen_error(s, &msg);
		diag_msg(id, NULL, 0, "scratch store: %s", msg);
		db_seen_free(s);
		return NULL;
	}
	return s;
}

/* Close and delete the store. NULL is a no-op. */
void
db_seen_free(struct db_seen *s)
{
	if (s == NULL)
		return;
	sqlite3_finalize(s->add);
	sqlite3_finalize(s->get);
	sqlite3_close(s->conn);
	g_free(s->msg);
	g_free(s);
}

/*
 * Start a file: the store is empty until db_seen_end. 1, or 0 after a
 * diagnostic.
 */
int
db_seen_begin(struct db_seen *s)
{
	const char	*msg;
	enum diag_id	 id;
	int		 rc = sqlite3_exec(s->conn, "BEGIN", NULL, NULL, NULL);

	if (rc == SQLITE_OK)
		return 1;
	seen_fail(s, rc);
	id = db_seen_error(s, &msg);
	diag_msg(id, NULL, 0, "scratch store: %s", msg);
	return 0;
}

/* End a file: forget its keys. */
void
db_seen_end(struct db_seen *s)
{
	if (!sqlite3_get_autocommit(s->conn))
		sqlite3_exec(s->conn, "ROLLBACK", NULL, NULL, NULL);
}

/*
 * The line key (of kind, which the caller numbers) was first used at
 * into *line: 1 if it was used before, 0 if not, -1 on failure.
 */
static int
seen_line(struct db_seen *s, int kind, const char *key, long *line)
{
	int	rc;

	sqlite3_reset(s->get);
	sqlite3_bind_int(s->get, 1, kind);
	sqlite3_bind_text(s->get, 2, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s->get);
	if (rc == SQLITE_ROW)
		*line = (long)sqlite3_column_int64(s->get, 0);
	else if (rc != SQLITE_DONE)
		seen_fail(s, rc);
	sqlite3_reset(s->get);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Note that key (of kind) is used at line. Returns 1 when it is the
 * first use; 0 when it was used before, with *first set to that line;
 * -1 on failure.
 */
int
db_seen_add(struct db_seen *s, int kind, const char *key, long line,
    long *first)
{
	int	rc;

	sqlite3_reset(s->add);
	sqlite3_bind_int(s->add, 1, kind);
	sqlite3_bind_text(s->add, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s->add, 3, line);
	rc = sqlite3_step(s->add);
	sqlite3_reset(s->add);
	if (rc != SQLITE_DONE)
		return seen_fail(s, rc);
	if (sqlite3_changes(s->conn) == 1)
		return 1;
	rc = seen_line(s, kind, key, first);
	return rc == 1 ? 0 : -1;
}

/* Whether key (of kind) was used: 1 or 0, or -1 on failure. */
int
db_seen_has(struct db_seen *s, int kind, const char *key)
{
	long	line;

	return seen_line(s, kind, key, &line);
}

/*
 * What the store's last failure means for a user, and its detail into
 * *msg (may be NULL; borrowed until the next call).
 */
enum diag_id
db_seen_error(const struct db_seen *s, const char **msg)
{
	if (msg != NULL)
		*msg = s->msg != NULL ? s->msg : "";
	switch (s->rc & 0xff) {
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		return DIAG_IO;
	default:
		return DIAG_SQLITE;
	}
}

/*
 * The counterparts with an incident detected in [from, to] (YYYY-MM-DD,
 * inclusive), in code order, appended to codes as strings the caller
 * frees (codes should free its elements with g_free). 1 or 0 after a
 * diagnostic.
 */
int
db_countries_between(struct db *db, const char *from, const char *to,
    GPtrArray *codes)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((rc = run(db, ST_COUNTRIES_BETWEEN, "ss", from, to)) == 0)
		return 0;
	s = db->st[ST_COUNTRIES_BETWEEN];
	while (rc == SQLITE_ROW) {
		g_ptr_array_add(codes,
		    g_strdup((const char *)sqlite3_column_text(s, 0)));
		rc = sqlite3_step(s);
	}
	if (rc != SQLITE_DONE) {
		sqlerr(db, rc);
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	return 1;
}

/*
 * Record r, a file the archive holds, in the render table (inside
 * db_begin_write ... db_commit): its row, under its archive and file,
 * becomes r. 1 or 0 after a diagnostic.
 */
int
db_put_render(struct db *db, const struct db_render *r)
{
	return run(db, ST_PUT_RENDER, "sssinsssssssssssz", r->archive,
	    r->file, r->sha256, r->bytes, (int)r->pages, r->country, r->from,
	    r->to, r->lang, r->paper, r->template, r->template_sha256,
	    r->data_sha256, r->version, r->issued, r->created,
	    r->superseded != NULL ? r->superseded : "") != 0;
}
