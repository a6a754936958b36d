package org.tandem.model;

import java.time.OffsetDateTime;
import java.util.Map;
import org.tandem.objects.FieldDef;
import org.tandem.objects.ObjectNamespace;
import org.tandem.objects.ObjectSchema;
import org.tandem.objects.VersionedObject;
import org.tandem.objects.fields.Fields;
import org.tandem.version.Version;

/** A hypervisor's resources and usage (Nova's {@code ComputeNode}); one per compute host in Tandem. */
public final class ComputeNode extends VersionedObject {
    /** 1.5: Juno ComputeNode (stats 1.3, host_ip 1.4, numa_topology 1.5); no host field before kilo's 1.7. */
    public static final Version V1_5 = Version.of(1, 5);
    /** 1.11: Kilo (Nova 2015.1) ComputeNode. */
    public static final Version V1_11 = Version.of(1, 11);
    /** The newest version this build knows. */
    public static final Version VERSION = V1_11;

    private static final ObjectSchema.Builder<ComputeNode> B = ObjectSchema
            .builder("ComputeNode", ObjectNamespace.NOVA, ComputeNode.class, ComputeNode::new)
.version(V1_5, "Juno ComputeNode (stats 1.3, host_ip 1.4, numa_topology 1.5); no host field before kilo's 1.7")
            .version(Version.of(1, 6), "Kilo: supported_hv_specs (not modelled: the fake driver has no hypervisor specs)")
            .version(Version.of(1, 7), "Kilo: host")
            .version(Version.of(1, 8), "Kilo: get_by_host_and_nodename")
            .version(Version.of(1, 9), "Kilo: pci_device_pools (not modelled: no PCI devices)")
            .version(Version.of(1, 10), "Kilo: get_first_node_by_host_for_old_compat")
            .version(V1_11, "Kilo (Nova 2015.1) ComputeNode: PciDevicePoolList 1.1");
    public static final FieldDef<Long> ID = B.field(FieldDef.of("id", Fields.INTEGER));
    public static final FieldDef<Long> SERVICE_ID = B.field(FieldDef.of("service_id", Fields.INTEGER));
    public static final FieldDef<Long> VCPUS = B.field(FieldDef.of("vcpus", Fields.INTEGER));
    public static final FieldDef<Long> MEMORY_MB = B.field(FieldDef.of("memory_mb", Fields.INTEGER));
    public static final FieldDef<Long> LOCAL_GB = B.field(FieldDef.of("local_gb", Fields.INTEGER));
    public static final FieldDef<Long> VCPUS_USED = B.field(FieldDef.of("vcpus_used", Fields.INTEGER));
    public static final FieldDef<Long> MEMORY_MB_USED = B.field(FieldDef.of("memory_mb_used", Fields.INTEGER));
    public static final FieldDef<Long> LOCAL_GB_USED = B.field(FieldDef.of("local_gb_used", Fields.INTEGER));
    public static final FieldDef<String> HYPERVISOR_TYPE = B.field(FieldDef.of("hypervisor_type", Fields.STRING));
    public static final FieldDef<Long> HYPERVISOR_VERSION = B.field(FieldDef.of("hypervisor_version", Fields.INTEGER));
    public static final FieldDef<String> HYPERVISOR_HOSTNAME = B.field(FieldDef.of("hypervisor_hostname", Fields.STRING).nullable());
    public static final FieldDef<Long> FREE_RAM_MB = B.field(FieldDef.of("free_ram_mb", Fields.INTEGER).nullable());
    public static final FieldDef<Long> FREE_DISK_GB = B.field(FieldDef.of("free_disk_gb", Fields.INTEGER).nullable());
    public static final FieldDef<Long> CURRENT_WORKLOAD = B.field(FieldDef.of("current_workload", Fields.INTEGER).nullable());
    public static final FieldDef<Long> RUNNING_VMS = B.field(FieldDef.of("running_vms", Fields.INTEGER).nullable());
    public static final FieldDef<String> CPU_INFO = B.field(FieldDef.of("cpu_info", Fields.STRING).nullable());
    public static final FieldDef<Long> DISK_AVAILABLE_LEAST = B.field(FieldDef.of("disk_available_least", Fields.INTEGER).nullable());
    public static final FieldDef<String> HOST_IP = B.field(FieldDef.of("host_ip", Fields.IP_ADDRESS).nullable());
    public static final FieldDef<Map<String, String>> STATS = B.field(FieldDef.of("stats", Fields.dictOf(Fields.STRING)).nullable());
    public static final FieldDef<String> NUMA_TOPOLOGY = B.field(FieldDef.of("numa_topology", Fields.STRING).nullable());
    public static final FieldDef<OffsetDateTime> CREATED_AT = B.field(FieldDef.of("created_at", Fields.DATETIME).nullable());
    public static final FieldDef<OffsetDateTime> UPDATED_AT = B.field(FieldDef.of("updated_at", Fields.DATETIME).nullable());
    public static final FieldDef<OffsetDateTime> DELETED_AT = B.field(FieldDef.of("deleted_at", Fields.DATETIME).nullable());
    public static final FieldDef<Boolean> DELETED = B.field(FieldDef.of("deleted", Fields.BOOLEAN).defaultValue(false));
    /** 1.7: the compute host's name (juno computes learned it from the service record, so a backport below 1.7 drops it). */
    public static final FieldDef<String> HOST = B.field(FieldDef.of("host", Fields.STRING).nullable().since(Version.of(1, 7)).droppable());
    public static final ObjectSchema<ComputeNode> SCHEMA = B.build();

    public ComputeNode() {
        super(SCHEMA);
    }
}
