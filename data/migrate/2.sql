-- Version 1 to 2: each incident keeps the dates of its first
-- notification and first reply and whether any reply was substantive,
-- which every briefing asks of every incident (data/schema.sql says
-- more). Filled here from the notifications and replies on record, and
-- kept up to date by triggers from now on.

ALTER TABLE incident ADD COLUMN first_sent TEXT;
ALTER TABLE incident ADD COLUMN first_reply TEXT;
ALTER TABLE incident ADD COLUMN substantive INTEGER NOT NULL DEFAULT 0
	CHECK (substantive IN (0, 1));

UPDATE incident SET
	first_sent = (SELECT min(sent) FROM notification
	    WHERE notification.incident = incident.id),
	first_reply = (SELECT min(r.received) FROM notification n
	    JOIN reply r ON r.notification = n.id WHERE n.incident = incident.id),
	substantive = EXISTS (SELECT 1 FROM notification n
	    JOIN reply r ON r.notification = n.id
	    WHERE n.incident = incident.id AND r.quality = 'substantive');

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

PRAGMA user_version = 2;
