-- Tandem schema at Nova Juno's level (Nova migrations 216..254 squashed into one), for MariaDB/MySQL.
-- Expand-only: later files may only add tables, columns, indexes.
-- Soft delete everywhere: deleted = 0 for live rows, deleted = id once deleted; timestamps are UTC.
-- Tandem's own additions beyond Juno (kept here so that no later migration has to alter them):
--   services.last_seen_up, services.forced_down, services.version (Nova added them in Liberty);
--   compute_nodes.host and uniq_compute_nodes0host0hypervisor_hostname0deleted (Nova: Kilo 268/279);
--   compute_nodes.service_id nullable (Nova: Kilo 278); instances.uuid NOT NULL (Nova: Kilo 267);
--   migrations.migration_type (Nova: Liberty).

CREATE TABLE instances (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    deleted_at DATETIME(6),
    deleted INTEGER NOT NULL DEFAULT 0,
    uuid VARCHAR(36) NOT NULL,
    internal_id INTEGER,
    user_id VARCHAR(255),
    project_id VARCHAR(255),
    image_ref VARCHAR(255),
    kernel_id VARCHAR(255),
    ramdisk_id VARCHAR(255),
    launch_index INTEGER,
    key_name VARCHAR(255),
    key_data TEXT,
    power_state INTEGER,
    vm_state VARCHAR(255),
    task_state VARCHAR(255),
    memory_mb INTEGER,
    vcpus INTEGER,
    root_gb INTEGER,
    ephemeral_gb INTEGER,
    hostname VARCHAR(255),
    host VARCHAR(255),
    node VARCHAR(255),
    instance_type_id INTEGER,
    user_data TEXT,
    reservation_id VARCHAR(255),
    scheduled_at DATETIME(6),
    launched_at DATETIME(6),
    terminated_at DATETIME(6),
    display_name VARCHAR(255),
    display_description VARCHAR(255),
    availability_zone VARCHAR(255),
    locked BOOLEAN,
    locked_by VARCHAR(5),
    os_type VARCHAR(255),
    launched_on TEXT,
    vm_mode VARCHAR(255),
    architecture VARCHAR(255),
    root_device_name VARCHAR(255),
    default_ephemeral_device VARCHAR(255),
    default_swap_device VARCHAR(255),
    config_drive VARCHAR(255),
    access_ip_v4 VARCHAR(39),
    access_ip_v6 VARCHAR(39),
    auto_disk_config BOOLEAN,
    progress INTEGER,
    shutdown_terminate BOOLEAN,
    disable_terminate BOOLEAN,
    cell_name VARCHAR(255),
    ephemeral_key_uuid VARCHAR(36),
    cleaned INTEGER DEFAULT 0,
    CONSTRAINT uniq_instances0uuid UNIQUE (uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX instances_host_deleted_idx ON instances (host, deleted);
CREATE INDEX instances_host_node_deleted_idx ON instances (host, node, deleted);
CREATE INDEX instances_host_deleted_cleaned_idx ON instances (host, deleted, cleaned);
CREATE INDEX instances_reservation_id_idx ON instances (reservation_id);
CREATE INDEX instances_terminated_at_launched_at_idx ON instances (terminated_at, launched_at);
CREATE INDEX instances_uuid_deleted_idx ON instances (uuid, deleted);
CREATE INDEX instances_task_state_updated_at_idx ON instances (task_state, updated_at);

CREATE TABLE instance_system_metadata (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    deleted_at DATETIME(6),
    deleted INTEGER NOT NULL DEFAULT 0,
    instance_uuid VARCHAR(36) NOT NULL,
    `key` VARCHAR(255) NOT NULL,
    `value` VARCHAR(255),
    CONSTRAINT instance_system_metadata_instance_uuid_fkey FOREIGN KEY (instance_uuid) REFERENCES instances (uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX instance_system_metadata_instance_uuid_idx ON instance_system_metadata (instance_uuid);

CREATE TABLE instance_metadata (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    deleted_at DATETIME(6),
    deleted INTEGER NOT NULL DEFAULT 0,
    instance_uuid VARCHAR(36) NOT NULL,
    `key` VARCHAR(255),
    `value` VARCHAR(255),
    CONSTRAINT instance_metadata_instance_uuid_fkey FOREIGN KEY (instance_uuid) REFERENCES instances (uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX instance_metadata_instance_uuid_idx ON instance_metadata (instance_uuid);

CREATE TABLE instance_extra (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    deleted_at DATETIME(6),
    deleted INTEGER NOT NULL DEFAULT 0,
    instance_uuid VARCHAR(36) NOT NULL,
    numa_topology TEXT,
    pci_requests TEXT,
    CONSTRAINT instance_extra_instance_uuid_fkey FOREIGN KEY (instance_uuid) REFERENCES instances (uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX instance_extra_idx ON instance_extra (instance_uuid);

CREATE TABLE instance_types (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    deleted_at DATETIME(6),
    deleted INTEGER NOT NULL DEFAULT 0,
    name VARCHAR(255),
    memory_mb INTEGER NOT NULL,
    vcpus INTEGER NOT NULL,
    swap INTEGER NOT NULL DEFAULT 0,
    vcpu_weight INTEGER,
    flavorid VARCHAR(255),
    rxtx_factor DOUBLE DEFAULT 1.0,
    root_gb INTEGER,
    ephemeral_gb INTEGER,
    disabled BOOLEAN DEFAULT FALSE,
    is_public BOOLEAN DEFAULT TRUE,
    CONSTRAINT uniq_instance_types0name0deleted UNIQUE (name, deleted),
    CONSTRAINT uniq_instance_types0flavorid0deleted UNIQUE (flavorid, deleted)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE instance_type_extra_specs (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    deleted_at DATETIME(6),
    deleted INTEGER NOT NULL DEFAULT 0,
    instance_type_id INTEGER NOT NULL,
    `key` VARCHAR(255),
    `value` VARCHAR(255),
    CONSTRAINT instance_type_extra_specs_instance_type_id_fkey FOREIGN KEY (instance_type_id) REFERENCES instance_types (id),
    CONSTRAINT uniq_instance_type_extra_specs0instance_type_id0key0deleted UNIQUE (instance_type_id, `key`, deleted)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX instance_type_extra_specs_instance_type_id_key_idx ON instance_type_extra_specs (instance_type_id, `key`);

CREATE TABLE instance_type_projects (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    deleted_at DATETIME(6),
    deleted INTEGER NOT NULL DEFAULT 0,
    instance_type_id INTEGER NOT NULL,
    project_id VARCHAR(255),
    CONSTRAINT instance_type_projects_instance_type_id_fkey FOREIGN KEY (instance_type_id) REFERENCES instance_types (id),
    CONSTRAINT uniq_instance_type_projects0instance_type_id0project_id0deleted UNIQUE (instance_type_id, project_id, deleted)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE services (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    deleted_at DATETIME(6),
    deleted INTEGER NOT NULL DEFAULT 0,
    host VARCHAR(255),
    `binary` VARCHAR(255),
    topic VARCHAR(255),
    report_count INTEGER NOT NULL DEFAULT 0,
    disabled BOOLEAN DEFAULT FALSE,
    disabled_reason VARCHAR(255),
    last_seen_up DATETIME(6),
    forced_down BOOLEAN NOT NULL DEFAULT FALSE,
    version INTEGER DEFAULT 0,
    CONSTRAINT uniq_services0host0topic0deleted UNIQUE (host, topic, deleted),
    CONSTRAINT uniq_services0host0binary0deleted UNIQUE (host, `binary`, deleted)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE compute_nodes (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    deleted_at DATETIME(6),
    deleted INTEGER NOT NULL DEFAULT 0,
    service_id INTEGER,
    host VARCHAR(255),
    hypervisor_hostname VARCHAR(255),
    vcpus INTEGER NOT NULL DEFAULT 0,
    memory_mb INTEGER NOT NULL DEFAULT 0,
    local_gb INTEGER NOT NULL DEFAULT 0,
    vcpus_used INTEGER NOT NULL DEFAULT 0,
    memory_mb_used INTEGER NOT NULL DEFAULT 0,
    local_gb_used INTEGER NOT NULL DEFAULT 0,
    hypervisor_type TEXT,
    hypervisor_version INTEGER,
    cpu_info TEXT,
    disk_available_least INTEGER,
    free_ram_mb INTEGER,
    free_disk_gb INTEGER,
    current_workload INTEGER,
    running_vms INTEGER,
    host_ip VARCHAR(39),
    supported_instances TEXT,
    pci_stats TEXT,
    metrics TEXT,
    extra_resources TEXT,
    stats TEXT,
    numa_topology TEXT,
    CONSTRAINT uniq_compute_nodes0host0hypervisor_hostname0deleted UNIQUE (host, hypervisor_hostname, deleted)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE migrations (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    deleted_at DATETIME(6),
    deleted INTEGER NOT NULL DEFAULT 0,
    source_compute VARCHAR(255),
    dest_compute VARCHAR(255),
    dest_host VARCHAR(255),
    source_node VARCHAR(255),
    dest_node VARCHAR(255),
    status VARCHAR(255),
    instance_uuid VARCHAR(36),
    old_instance_type_id INTEGER,
    new_instance_type_id INTEGER,
    migration_type VARCHAR(32),
    CONSTRAINT migrations_instance_uuid_fkey FOREIGN KEY (instance_uuid) REFERENCES instances (uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX migrations_instance_uuid_and_status_idx ON migrations (deleted, instance_uuid, status);
CREATE INDEX migrations_by_source_host_node_and_status_idx ON migrations (deleted, source_compute, source_node, status);
CREATE INDEX migrations_by_dest_host_node_and_status_idx ON migrations (deleted, dest_compute, dest_node, status);

CREATE TABLE instance_faults (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    deleted_at DATETIME(6),
    deleted INTEGER NOT NULL DEFAULT 0,
    instance_uuid VARCHAR(36),
    code INTEGER NOT NULL,
    message VARCHAR(255),
    details TEXT,
    host VARCHAR(255),
    CONSTRAINT instance_faults_instance_uuid_fkey FOREIGN KEY (instance_uuid) REFERENCES instances (uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX instance_faults_host_idx ON instance_faults (host);
CREATE INDEX instance_faults_instance_uuid_deleted_created_at_idx ON instance_faults (instance_uuid, deleted, created_at);

CREATE TABLE instance_actions (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    deleted_at DATETIME(6),
    deleted INTEGER NOT NULL DEFAULT 0,
    action VARCHAR(255),
    instance_uuid VARCHAR(36),
    request_id VARCHAR(255),
    user_id VARCHAR(255),
    project_id VARCHAR(255),
    start_time DATETIME(6),
    finish_time DATETIME(6),
    message VARCHAR(255),
    CONSTRAINT instance_actions_instance_uuid_fkey FOREIGN KEY (instance_uuid) REFERENCES instances (uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX instance_actions_instance_uuid_idx ON instance_actions (instance_uuid);
CREATE INDEX instance_actions_request_id_idx ON instance_actions (request_id);

CREATE TABLE instance_actions_events (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    created_at DATETIME(6),
    updated_at DATETIME(6),
    deleted_at DATETIME(6),
    deleted INTEGER NOT NULL DEFAULT 0,
    event VARCHAR(255),
    action_id INTEGER,
    start_time DATETIME(6),
    finish_time DATETIME(6),
    result VARCHAR(255),
    traceback TEXT,
    host VARCHAR(255),
    details TEXT,
    CONSTRAINT instance_actions_events_action_id_fkey FOREIGN KEY (action_id) REFERENCES instance_actions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX instance_actions_events_action_id_idx ON instance_actions_events (action_id);

-- The default flavors Nova ships (ids 1..5 on a fresh table, flavorid '1'..'5').
INSERT INTO instance_types (created_at, deleted, name, memory_mb, vcpus, swap, vcpu_weight, flavorid, rxtx_factor, root_gb, ephemeral_gb, disabled, is_public)
    VALUES (UTC_TIMESTAMP(6), 0, 'm1.tiny', 512, 1, 0, NULL, '1', 1.0, 1, 0, FALSE, TRUE);
INSERT INTO instance_types (created_at, deleted, name, memory_mb, vcpus, swap, vcpu_weight, flavorid, rxtx_factor, root_gb, ephemeral_gb, disabled, is_public)
    VALUES (UTC_TIMESTAMP(6), 0, 'm1.small', 2048, 1, 0, NULL, '2', 1.0, 20, 0, FALSE, TRUE);
INSERT INTO instance_types (created_at, deleted, name, memory_mb, vcpus, swap, vcpu_weight, flavorid, rxtx_factor, root_gb, ephemeral_gb, disabled, is_public)
    VALUES (UTC_TIMESTAMP(6), 0, 'm1.medium', 4096, 2, 0, NULL, '3', 1.0, 40, 0, FALSE, TRUE);
INSERT INTO instance_types (created_at, deleted, name, memory_mb, vcpus, swap, vcpu_weight, flavorid, rxtx_factor, root_gb, ephemeral_gb, disabled, is_public)
    VALUES (UTC_TIMESTAMP(6), 0, 'm1.large', 8192, 4, 0, NULL, '4', 1.0, 80, 0, FALSE, TRUE);
INSERT INTO instance_types (created_at, deleted, name, memory_mb, vcpus, swap, vcpu_weight, flavorid, rxtx_factor, root_gb, ephemeral_gb, disabled, is_public)
    VALUES (UTC_TIMESTAMP(6), 0, 'm1.xlarge', 16384, 8, 0, NULL, '5', 1.0, 160, 0, FALSE, TRUE);
