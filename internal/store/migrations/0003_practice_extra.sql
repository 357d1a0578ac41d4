-- Practice, second step: what 0002 left out.
--
-- Closing a request records who closed it, when and why, so the thread can
-- say so ("Closed by Léa Martin: a duplicate of …"): the reason is something
-- a person wrote, and it must not live only in the activity log's detail.
ALTER TABLE requests ADD COLUMN closed_at BIGINT;
ALTER TABLE requests ADD COLUMN closed_by BIGINT REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE requests ADD COLUMN close_reason TEXT NOT NULL DEFAULT '';

-- "Claimed by me": claims are few, but without an index the list would scan
-- every request of every community the person belongs to.
CREATE INDEX requests_claimed ON requests (claimed_by, claimed_until) WHERE claimed_by IS NOT NULL;

-- "Mine" and "waiting for my follow-up" list a person's requests, newest
-- activity first; requests_author (author_id, id) would make a prolific
-- asker's list sort every request they ever made.
CREATE INDEX requests_author_activity ON requests (author_id, last_activity_at, id);

-- A recently solved list walks only solved requests, however rare they
-- have become among a community's newest activity.
CREATE INDEX requests_solved ON requests (community_id, last_activity_at, id) WHERE status = 'solved' AND deleted_at IS NULL;

-- Tag pages list a tag's requests newest activity first. request_tags
-- carries a copy of its request's last_activity_at (kept in the transaction
-- of every change to it) so that a tag page is one range of an index
-- however rare the tag, and however long ago it was last used: walking
-- the community's activity for the tagged requests would read the whole
-- community for a tag that went out of use.
ALTER TABLE request_tags ADD COLUMN last_activity_at BIGINT NOT NULL DEFAULT 0;
UPDATE request_tags SET last_activity_at = (SELECT r.last_activity_at FROM requests r WHERE r.id = request_tags.request_id);
CREATE INDEX request_tags_activity ON request_tags (community_id, tag, last_activity_at, request_id);

-- How many requests (not deleted) carry each tag in a community, kept in
-- the transaction of every ask, edit and delete: counting request_tags at
-- each view of the tag set would take a second and more with a million
-- requests.
CREATE TABLE request_tag_counts (
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    requests INTEGER NOT NULL,
    PRIMARY KEY (community_id, tag)
);
INSERT INTO request_tag_counts (community_id, tag, requests)
    SELECT t.community_id, t.tag, COUNT(*) FROM request_tags t JOIN requests r ON r.id = t.request_id
    WHERE r.deleted_at IS NULL GROUP BY t.community_id, t.tag;
