-- Quota reservations for resizes: a resize to a bigger flavor reserves, under the project's quota
-- lock, the sizes the instance will have (cores and ram hold those target sizes on such a row,
-- instances 0); it counts for what the instance still lacks of them, so from the moment the API
-- accepts the resize until the compute host applies the new flavor, and not after. Expand-only: a
-- new nullable column (NULL on a create's reservation) and an index.
ALTER TABLE quota_reservations ADD COLUMN instance_uuid VARCHAR(36);
CREATE INDEX quota_reservations_instance_uuid_idx ON quota_reservations (instance_uuid);
