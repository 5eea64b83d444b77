-- The register at schema version 1, as briefgen 0.1.0 before issue 6
-- created it: tests/regress.sh upgrades one to the current version.
-- The briefgen register, schema version 1.
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
	type	TEXT NOT NULL CHECK (type IN ('ddos', 'intrusion', 'malware',
		    'phishing', 'defacement', 'other')),
	severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 4)
);
-- Every briefing selects by counterpart and period; with the target in
-- it, counting affected bodies never reads the table.
CREATE INDEX incident_country_detected ON incident(country, detected, target);
-- Affected bodies: grouping by target.
CREATE INDEX incident_target ON incident(target);

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

-- The register's schema version; db.c knows which one it speaks.
PRAGMA user_version = 1;
