-- The briefgen register, schema version 4.
--
-- `briefgen init` runs this file on an empty database. A later version adds
-- data/migrate/N.sql, which takes a register from version N-1 to N; init
-- applies the missing ones in order, in one transaction, and the program
-- refuses to work on a register of another version than its own.
--
-- Dates are TEXT in YYYY-MM-DD, which sorts and compares as dates and is
-- what SQLite's date functions read. Every CHECK here repeats a rule the
-- import already enforces with a better message: it is the last line of
-- defence, not the first.

CREATE TABLE country (
	code	TEXT PRIMARY KEY		-- ISO 3166 alpha-2
		CHECK (code GLOB '[A-Z][A-Z]')
) WITHOUT ROWID;

CREATE TABLE country_name (
	country	TEXT NOT NULL REFERENCES country(code),
	lang	TEXT NOT NULL			-- BCP 47, lower case: "en", "ru"
		CHECK (lang GLOB '[a-z]*' AND lang NOT GLOB '*[^a-z0-9-]*'),
	name	TEXT NOT NULL CHECK (name <> ''),
	PRIMARY KEY (country, lang)
) WITHOUT ROWID;

CREATE TABLE organisation (
	id	TEXT PRIMARY KEY,		-- the register's own id, "minfin"
	kind	TEXT NOT NULL CHECK (kind IN ('federal-ministry',
		    'federal-agency', 'regional-government', 'municipal',
		    'state-enterprise', 'other')),
	government INTEGER NOT NULL CHECK (government IN (0, 1))
) WITHOUT ROWID;

CREATE TABLE organisation_name (
	organisation TEXT NOT NULL REFERENCES organisation(id),
	lang	TEXT NOT NULL
		CHECK (lang GLOB '[a-z]*' AND lang NOT GLOB '*[^a-z0-9-]*'),
	name	TEXT NOT NULL CHECK (name <> ''),
	PRIMARY KEY (organisation, lang)
) WITHOUT ROWID;

CREATE TABLE incident (
	id	INTEGER PRIMARY KEY,
	ref	TEXT NOT NULL UNIQUE,		-- "NCCCI-2019-0001"
	detected TEXT NOT NULL CHECK (date(detected) IS detected),
	country	TEXT NOT NULL REFERENCES country(code),	-- source segment
	target	TEXT NOT NULL REFERENCES organisation(id),
	-- Spelt out rather than IN (...): SQLite checks an IN list of more
	-- than two values by building a temporary index, anew for each row,
	-- which took a quarter of the time an import spends writing one.
	type	TEXT NOT NULL CHECK (type = 'ddos' OR type = 'intrusion' OR
		    type = 'malware' OR type = 'phishing' OR
		    type = 'defacement' OR type = 'other'),
	severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 4),
	-- What every briefing asks of each incident, kept up to date by the
	-- triggers below (version 2): the first notification's date, the
	-- first reply's, and whether any reply was substantive. A briefing
	-- of 15,000 incidents would otherwise look up notifications and
	-- replies 15,000 times in each of four queries.
	first_sent TEXT,
	first_reply TEXT,
	substantive INTEGER NOT NULL DEFAULT 0 CHECK (substantive IN (0, 1))
);
-- Every briefing selects by counterpart and period; with the target in
-- it, counting affected bodies never reads the table.
CREATE INDEX incident_country_detected ON incident(country, detected, target);
-- No index by target alone (version 3 dropped it): no query used it,
-- and an import appended to every organisation's run of it at once, which
-- took a third of the time it spent writing an incident.

CREATE TABLE incident_summary (
	incident INTEGER NOT NULL REFERENCES incident(id),
	lang	TEXT NOT NULL
		CHECK (lang GLOB '[a-z]*' AND lang NOT GLOB '*[^a-z0-9-]*'),
	text	TEXT NOT NULL CHECK (text <> ''),
	PRIMARY KEY (incident, lang)
) WITHOUT ROWID;

CREATE TABLE notification (
	id	INTEGER PRIMARY KEY,
	incident INTEGER NOT NULL REFERENCES incident(id),
	sent	TEXT NOT NULL CHECK (date(sent) IS sent),
	recipient TEXT NOT NULL CHECK (recipient <> ''),
	UNIQUE (incident, sent, recipient)	-- also the index by incident
);

CREATE TABLE reply (
	id	INTEGER PRIMARY KEY,
	notification INTEGER NOT NULL REFERENCES notification(id),
	received TEXT NOT NULL CHECK (date(received) IS received),
	quality	TEXT NOT NULL CHECK (quality IN ('formalistic', 'substantive')),
	UNIQUE (notification, received)		-- also the index by notification
);

CREATE TABLE event (
	id	INTEGER PRIMARY KEY,
	country	TEXT NOT NULL REFERENCES country(code),
	date	TEXT NOT NULL CHECK (date(date) IS date),
	UNIQUE (country, date)
);

CREATE TABLE event_text (
	event	INTEGER NOT NULL REFERENCES event(id),
	lang	TEXT NOT NULL
		CHECK (lang GLOB '[a-z]*' AND lang NOT GLOB '*[^a-z0-9-]*'),
	text	TEXT NOT NULL CHECK (text <> ''),
	PRIMARY KEY (event, lang)
) WITHOUT ROWID;

-- What `briefgen monthly` archived (version 4): one row per file it put
-- in an archive directory, the same record as the archive's manifest.xml,
-- so that the register itself can say what was issued from it, when and
-- from which template and data. A file replaced by a later rendering keeps
-- its row, with the name it was moved to and the day it was superseded.
CREATE TABLE render (
	id	INTEGER PRIMARY KEY,
	archive	TEXT NOT NULL,			-- the directory, absolute
	file	TEXT NOT NULL,			-- under it: 2020/05/DE-en.pdf
	sha256	TEXT NOT NULL CHECK (length(sha256) = 64),
	bytes	INTEGER NOT NULL CHECK (bytes > 0),
	pages	INTEGER NOT NULL CHECK (pages > 0),
	country	TEXT NOT NULL,
	period_from TEXT NOT NULL CHECK (date(period_from) IS period_from),
	period_to TEXT NOT NULL CHECK (date(period_to) IS period_to),
	lang	TEXT NOT NULL,
	paper	TEXT NOT NULL,
	template TEXT NOT NULL,			-- templates/briefing.en.xml
	template_sha256 TEXT NOT NULL CHECK (length(template_sha256) = 64),
	data_sha256 TEXT NOT NULL CHECK (length(data_sha256) = 64),
	version	TEXT NOT NULL,			-- of briefgen
	issued	TEXT NOT NULL CHECK (date(issued) IS issued),
	created	TEXT NOT NULL,			-- 2020-06-01T06:00:00Z
	superseded TEXT CHECK (superseded IS NULL OR
		    date(superseded) IS superseded),
	UNIQUE (archive, file)
);

-- incident.first_sent, first_reply and substantive follow every
-- notification and reply inserted (the register only ever grows).
CREATE TRIGGER notification_first_sent AFTER INSERT ON notification
BEGIN
	UPDATE incident SET first_sent = NEW.sent
	WHERE id = NEW.incident AND (first_sent IS NULL OR first_sent > NEW.sent);
END;
CREATE TRIGGER reply_first_reply AFTER INSERT ON reply
BEGIN
	UPDATE incident SET
		first_reply = CASE WHEN first_reply IS NULL
		    OR first_reply > NEW.received THEN NEW.received
		    ELSE first_reply END,
		substantive = substantive OR NEW.quality = 'substantive'
	WHERE id = (SELECT incident FROM notification
	    WHERE id = NEW.notification);
END;

-- The register's schema version; db.c knows which one it speaks.
PRAGMA user_version = 4;
