-- Kilo (Nova 270_flavor_data_in_extra): instance_extra.flavor holds an instance's flavors as JSON
-- {"cur": <Flavor>, "old": <Flavor or null>, "new": <Flavor or null>}. A nullable column with no
-- default: no table rewrite on PostgreSQL or MariaDB (instant ADD COLUMN), juno code ignores it,
-- and kilo code fills it online (on load/save and with nova-manage migrate_flavor_data).
ALTER TABLE instance_extra ADD COLUMN flavor TEXT;
