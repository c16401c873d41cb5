-- The audit trail is filtered by actor and by application (the target of the events about one), newest first
-- (issue 14). Time (audit_event_time_ix) and category already have an index since V2; the retention purge uses
-- the time index.
CREATE INDEX audit_event_actor_ix ON audit_event (actor, occurred_at);
CREATE INDEX audit_event_target_ix ON audit_event (target, occurred_at);
