-- Knowledge, second step: two indexes 0002 left out.
--
-- A community's Knowledge tab lists its artefacts newest first. The index
-- on (community_id, kind, id) serves a list of one kind only; without this
-- one, the unfiltered list would read and sort every artefact of the
-- community for each page.
CREATE INDEX artefacts_community_recent ON artefacts (community_id, id);

-- "What was learned from this thread (or event)": the artefacts citing a
-- source, shown on every thread's page. artefact_links' primary key starts
-- with the artefact, which only serves the other direction.
CREATE INDEX artefact_links_target ON artefact_links (target_type, target_id);
