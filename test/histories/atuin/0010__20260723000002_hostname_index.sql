-- atuinsh/atuin (MIT) crates/atuin-client/migrations/20260723000002_hostname_index.sql @ 824c8716d82b
-- The host filter compares lower(hostname), because the reported casing of
-- the same machine changes over time (e.g. "Ellies-MBP" vs "ellies-mbp").
-- Index the same expression so the filter is sargable rather than a scan.
create index if not exists idx_history_hostname_timestamp on history(lower(hostname), timestamp)
where deleted_at is null;
