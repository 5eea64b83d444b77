-- Version 2 to 3: the index of incidents by target goes. No query of
-- the templates or of `briefgen figures` used it (EXPLAIN QUERY PLAN of
-- each on the 1,000,000-incident benchmark register): they select by
-- counterpart and period, and incident_country_detected holds the target.
-- Yet every incident imported was added to it, at the end of its
-- organisation's run, which with 2,000 organisations kept 2,000 leaf pages
-- busy at once: a third of the time an import spent writing an incident.

DROP INDEX incident_target;

PRAGMA user_version = 3;
