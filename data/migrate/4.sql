-- Version 3 to 4: the render table, where `briefgen monthly` records
-- every file it archives (see data/schema.sql). Nothing else changes.

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

PRAGMA user_version = 4;
