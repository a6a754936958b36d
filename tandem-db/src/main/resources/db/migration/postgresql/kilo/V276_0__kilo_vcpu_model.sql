-- Kilo (Nova 276_vcpu_model): instance_extra.vcpu_model (Instance 1.19; Tandem's fake driver records
-- none). Nullable, no default: no table rewrite.
ALTER TABLE instance_extra ADD COLUMN vcpu_model TEXT;
