package org.tandem.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.tandem.api.ApiException;
import org.tandem.api.ApiVersions;
import org.tandem.api.BadRequestException;
import org.tandem.api.ComputeActions;
import org.tandem.api.CreateServersRequest;
import org.tandem.api.FlavorNotFoundException;
import org.tandem.api.InstanceNotFoundException;
import org.tandem.api.InstanceStates;
import org.tandem.api.InstanceStates.Action;
import org.tandem.api.QuotaExceededException;
import org.tandem.api.RebootType;
import org.tandem.db.Database;
import org.tandem.db.NotFoundException;
import org.tandem.db.repository.FlavorRepository;
import org.tandem.db.repository.FlavorRow;
import org.tandem.db.repository.InstanceFaultRepository;
import org.tandem.db.repository.InstanceFaultRow;
import org.tandem.db.repository.InstanceRepository;
import org.tandem.db.repository.InstanceRow;
import org.tandem.db.repository.ListQuery;
import org.tandem.db.repository.MigrationRepository;
import org.tandem.db.repository.ReadDeleted;
import org.tandem.identity.Quotas;
import org.tandem.rpc.RequestContext;

/** {@code /servers}: list, detail, show, create, delete and the actions this API serves. */
final class ServersResource {
    private static final JsonSchemas.Checked CREATE = JsonSchemas.load("server_create");
    private static final Map<String, JsonSchemas.Checked> ACTIONS = new LinkedHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        ACTIONS.put("reboot", JsonSchemas.load("reboot"));
        ACTIONS.put("os-stop", JsonSchemas.load("action_os-stop"));
        ACTIONS.put("os-start", JsonSchemas.load("action_os-start"));
        ACTIONS.put("resize", JsonSchemas.load("resize"));
        ACTIONS.put("confirmResize", JsonSchemas.load("action_confirmResize"));
        ACTIONS.put("revertResize", JsonSchemas.load("action_revertResize"));
        ACTIONS.put("migrate", JsonSchemas.load("action_migrate"));
        ACTIONS.put("os-getConsoleOutput", JsonSchemas.load("console_output"));
    }

    /** The policy rule of each server action. */
    private static final Map<String, String> ACTION_RULES = Map.of(
            "reboot", "os_compute_api:servers:reboot",
            "os-stop", "os_compute_api:servers:stop",
            "os-start", "os_compute_api:servers:start",
            "resize", "os_compute_api:servers:resize",
            "confirmResize", "os_compute_api:servers:confirm_resize",
            "revertResize", "os_compute_api:servers:revert_resize",
            "migrate", "os_compute_api:os-migrate-server:migrate",
            "os-getConsoleOutput", "os_compute_api:os-console-output");

    private final InstanceRepository instances;
    private final FlavorRepository flavors;
    private final InstanceFaultRepository faults;
    private final MigrationRepository migrations;
    private final ComputeActions actions;
    private final Quotas quotas;

    ServersResource(Database db, ComputeActions actions, Quotas quotas) {
        this.quotas = quotas;
        this.instances = new InstanceRepository(db);
        this.flavors = new FlavorRepository(db);
        this.faults = new InstanceFaultRepository(db);
        this.migrations = new MigrationRepository(db);
        this.actions = actions;
    }

    void register(Router router) {
        router.add("GET", "/servers", "os_compute_api:servers:index", r -> list(r, false))
                .add("GET", "/servers/detail", "os_compute_api:servers:detail", r -> list(r, true))
                .add("POST", "/servers", "os_compute_api:servers:create", this::create)
                .add("GET", "/servers/{id}", "os_compute_api:servers:show", this::show)
                .add("DELETE", "/servers/{id}", "os_compute_api:servers:delete", this::delete)
                .add("POST", "/servers/{id}/action", "os_compute_api:servers:show", this::action);
    }

    // ---- reads

    /** A live instance the caller may see. */
    private InstanceRow find(ApiRequest r, String uuid) {
        InstanceRow row;
        try {
            row = instances.get(uuid);
        } catch (NotFoundException e) {
            throw new InstanceNotFoundException(uuid);
        }
        RequestContext ctx = r.context();
        if (!ctx.isAdmin() && !java.util.Objects.equals(ctx.projectId(), row.projectId())) {
            throw new InstanceNotFoundException(uuid);
        }
        return row;
    }

    private ApiResponse show(ApiRequest r) {
        InstanceRow row = find(r, r.param("id"));
        Map<String, List<InstanceFaultRow>> f = faults.listByInstanceUuids(List.of(row.uuid()));
        return ApiResponse.ok(Map.of("server", detail(r, row, f.getOrDefault(row.uuid(), List.of()))));
    }

    private ApiResponse list(ApiRequest r, boolean detail) {
        RequestContext ctx = r.context();
        ListQuery q = ListQuery.all().newestFirst();
        boolean allTenants = r.query("all_tenants") != null && r.allowed("os_compute_api:servers:index:get_all_tenants")
                && !List.of("0", "false", "f", "no", "off").contains(r.query("all_tenants").toLowerCase(Locale.ROOT));
        if (!allTenants) {
            q = q.and("project_id", ctx.projectId());
        }
        if (r.query("host") != null) {
            r.authorize("os_compute_api:servers:index:host");
            q = q.and("host", r.query("host"));
        }
        if (r.query("flavor") != null) {
            try {
                q = q.and("instance_type_id", flavors.getByFlavorId(r.query("flavor"), ReadDeleted.YES).id());
            } catch (NotFoundException e) {
                return ApiResponse.ok(Views.page(r, "servers", "/servers", List.<InstanceRow>of(),
                        InstanceRow::uuid, i -> i));
            }
        }
        String changesSince = r.query("changes-since");
        if (changesSince != null) {
            try {
                Instant since = parseTime(changesSince);
                q = q.atLeast("updated_at", since).withReadDeleted(ReadDeleted.YES);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("Invalid input for query parameters changes-since. Value: "
                        + changesSince + ". It is not an ISO 8601 time, e.g. 2015-01-01T00:00:00Z.");
            }
        }
        List<InstanceRow> rows = new ArrayList<>(instances.list(q));
        String name = r.query("name");
        if (name != null) {
            Pattern p;
            try {
                p = Pattern.compile(name);
            } catch (PatternSyntaxException e) {
                throw ApiException.badRequest("Invalid input for query parameters name. Value: " + name
                        + ". It is not a valid regular expression.");
            }
            rows.removeIf(i -> i.displayName() == null || !p.matcher(i.displayName()).find());
        }
        List<String> statuses = r.queries("status");
        if (!statuses.isEmpty()) {
            List<String> wanted = statuses.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).toList();
            rows.removeIf(i -> !wanted.contains(statusOf(i)));
        }
        Map<String, List<InstanceFaultRow>> f = detail
                ? faults.listByInstanceUuids(rows.stream().map(InstanceRow::uuid).toList()) : Map.of();
        return ApiResponse.ok(Views.page(r, "servers", detail ? "/servers/detail" : "/servers", rows,
                InstanceRow::uuid, i -> detail ? detail(r, i, f.getOrDefault(i.uuid(), List.of())) : brief(r, i)));
    }

    private static Instant parseTime(String text) {
        String t = text.trim();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            return java.time.LocalDateTime.parse(t).toInstant(java.time.ZoneOffset.UTC);
        }
    }

    static String statusOf(InstanceRow i) {
        if (i.isDeleted()) {
            return "DELETED";
        }
        return InstanceStates.status(i.vmState(), i.taskState());
    }

    private static Map<String, Object> brief(ApiRequest r, InstanceRow i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.uuid());
        m.put("name", i.displayName());
        m.put("links", Views.links(r, "servers", i.uuid()));
        return m;
    }

    private Map<String, Object> detail(ApiRequest r, InstanceRow i, List<InstanceFaultRow> instanceFaults) {
        String status = statusOf(i);
        Map<String, String> sysmeta = instances.systemMetadata(i.uuid());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.uuid());
        m.put("name", i.displayName());
        m.put("status", status);
        m.put("tenant_id", i.projectId());
        m.put("user_id", i.userId());
        m.put("metadata", instances.metadata(i.uuid()));
        m.put("hostId", hostId(i.projectId(), i.host()));
        if (i.imageRef() == null || i.imageRef().isEmpty()) {
            m.put("image", "");
        } else {
            m.put("image", Map.of("id", i.imageRef(), "links", Views.bookmark(r, "images", i.imageRef())));
        }
        String flavorId = flavorIdOf(i, sysmeta);
        m.put("flavor", Map.of("id", flavorId, "links", Views.bookmark(r, "flavors", flavorId)));
        m.put("created", Views.isoZ(i.createdAt()));
        m.put("updated", Views.isoZ(i.updatedAt() != null ? i.updatedAt() : i.createdAt()));
        m.put("addresses", Map.of());
        m.put("accessIPv4", i.accessIpV4() == null ? "" : i.accessIpV4());
        m.put("accessIPv6", i.accessIpV6() == null ? "" : i.accessIpV6());
        m.put("links", Views.links(r, "servers", i.uuid()));
        m.put("OS-DCF:diskConfig", Boolean.TRUE.equals(i.autoDiskConfig()) ? "AUTO" : "MANUAL");
        if (List.of("ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING").contains(status)) {
            m.put("progress", i.progress() == null ? 0 : i.progress());
        }
        m.put("OS-EXT-AZ:availability_zone", i.availabilityZone() == null ? "" : i.availabilityZone());
        m.put("config_drive", i.configDrive() == null ? "" : i.configDrive());
        m.put("key_name", i.keyName());
        m.put("OS-SRV-USG:launched_at", Views.micros(i.launchedAt()));
        m.put("OS-SRV-USG:terminated_at", Views.micros(i.terminatedAt()));
        if (r.context().isAdmin()) {
            m.put("OS-EXT-SRV-ATTR:host", i.host());
            m.put("OS-EXT-SRV-ATTR:instance_name", String.format("instance-%08x", i.id()));
            m.put("OS-EXT-SRV-ATTR:hypervisor_hostname", i.node());
            if (r.version().atLeast(ApiVersions.EXTENDED_SERVER_ATTRIBUTES)) {
                m.put("OS-EXT-SRV-ATTR:reservation_id", i.reservationId());
                m.put("OS-EXT-SRV-ATTR:launch_index", i.launchIndex());
                m.put("OS-EXT-SRV-ATTR:hostname", i.hostname());
                m.put("OS-EXT-SRV-ATTR:kernel_id", i.kernelId());
                m.put("OS-EXT-SRV-ATTR:ramdisk_id", i.ramdiskId());
                m.put("OS-EXT-SRV-ATTR:root_device_name", i.rootDeviceName());
                m.put("OS-EXT-SRV-ATTR:user_data", i.userData());
            }
        }
        m.put("OS-EXT-STS:task_state", i.taskState());
        m.put("OS-EXT-STS:vm_state", i.vmState());
        m.put("OS-EXT-STS:power_state", i.powerState() == null ? 0 : i.powerState());
        m.put("os-extended-volumes:volumes_attached", List.of());
        m.put("security_groups", List.of(Map.of("name", "default")));
        if ((status.equals("ERROR") || status.equals("DELETED")) && !instanceFaults.isEmpty()) {
            InstanceFaultRow fault = instanceFaults.stream()
                    .max(java.util.Comparator.comparing(InstanceFaultRow::createdAt)
                            .thenComparing(InstanceFaultRow::id)).orElseThrow();
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("code", fault.code());
            fm.put("created", Views.isoZ(fault.createdAt()));
            fm.put("message", fault.message());
            if (fault.details() != null && (r.context().isAdmin() || fault.code() != 500)) {
                fm.put("details", fault.details());
            }
            m.put("fault", fm);
        }
        if (r.version().atLeast(ApiVersions.SERVER_LOCKED)) {
            // locked means someone holds the lock, as Nova derives it from locked_by
            m.put("locked", i.lockedBy() != null);
        }
        return m;
    }

    /** The API flavor id of an instance: Juno system metadata, else the flavor row it points at. */
    private String flavorIdOf(InstanceRow i, Map<String, String> sysmeta) {
        String id = sysmeta.get("instance_type_flavorid");
        if (id != null) {
            return id;
        }
        if (i.instanceTypeId() != null) {
            try {
                return flavors.get(i.instanceTypeId(), ReadDeleted.YES).flavorid();
            } catch (NotFoundException e) {
                // fall through
            }
        }
        return "";
    }

    /** Nova's opaque host id: sha224 of project id and host, empty when not on a host. */
    static String hostId(String projectId, String host) {
        if (host == null || host.isEmpty()) {
            return "";
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-224");
            return HexFormat.of().formatHex(sha.digest(((projectId == null ? "" : projectId) + host)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK lacks SHA-224", e);
        }
    }

    // ---- writes

    /** The flavor id in a flavorRef: the last path segment of a URL, else the value itself. */
    static String flavorIdFromRef(JsonNode ref) {
        String s = ref.asText().trim();
        if (s.contains("/")) {
            String[] parts = s.split("/");
            s = parts.length == 0 ? "" : parts[parts.length - 1];
        }
        return s;
    }

    private FlavorRow liveFlavor(String flavorId) {
        try {
            FlavorRow f = flavors.getByFlavorId(flavorId);
            if (Boolean.TRUE.equals(f.disabled())) {
                throw new BadRequestException("Flavor is disabled.");
            }
            return f;
        } catch (NotFoundException e) {
            throw new FlavorNotFoundException(flavorId);
        }
    }

    private ApiResponse create(ApiRequest r) {
        JsonNode server = r.body(CREATE).get("server");
        String name = server.get("name").asText();
        String flavorId = flavorIdFromRef(server.get("flavorRef"));
        int min = count(server, "min_count", 1);
        int max = count(server, "max_count", min);
        if (min > max) {
            throw ApiException.badRequest("min_count must be <= max_count");
        }
        FlavorRow flavor = liveFlavor(flavorId);
        Map<String, String> metadata = new LinkedHashMap<>();
        if (server.has("metadata")) {
            server.get("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        }
        String image = server.has("imageRef") ? server.get("imageRef").asText() : "";
        String az = server.has("availability_zone") ? server.get("availability_zone").asText() : null;
        Quotas.Reservation reservation;
        try {
            reservation = quotas.reserve(r.context().projectId(), min, new Quotas.Request(max, flavor.vcpus(),
                    flavor.memoryMb()));
        } catch (Quotas.QuotaExceeded e) {
            throw new QuotaExceededException(e.getMessage());
        }
        List<String> uuids;
        try {
            uuids = actions.createServers(r.context(),
                    new CreateServersRequest(name, image, flavorId, min, reservation.instances(), metadata, az));
        } finally {
            quotas.release(reservation);
        }
        if (uuids == null || uuids.isEmpty()) {
            throw new IllegalStateException("ComputeActions.createServers returned no instance for a valid request");
        }
        if (server.has("return_reservation_id") && server.get("return_reservation_id").asBoolean()) {
            return new ApiResponse(202, Map.of("reservation_id", instances.get(uuids.get(0)).reservationId()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", uuids.get(0));
        out.put("links", Views.links(r, "servers", uuids.get(0)));
        out.put("OS-DCF:diskConfig", "MANUAL");
        out.put("security_groups", List.of(Map.of("name", "default")));
        out.put("adminPass", server.has("adminPass") ? server.get("adminPass").asText() : password());
        return new ApiResponse(202, Map.of("server", out));
    }

    private static String password() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static int count(JsonNode server, String field, int dflt) {
        JsonNode n = server.get(field);
        if (n == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(n.asText().trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: " + n.asText()
                    + ". It must be an integer between 1 and 2147483647.");
        }
    }

    private ApiResponse delete(ApiRequest r) {
        InstanceRow i = find(r, r.param("id"));
        InstanceStates.check(Action.DELETE, i);
        actions.delete(r.context(), i.uuid());
        return ApiResponse.noContent();
    }

    private ApiResponse action(ApiRequest r) {
        String uuid = r.param("id");
        String raw = r.http().body();
        JsonNode body;
        if (raw.isBlank()) {
            throw ApiException.badRequest("Malformed request body");
        }
        // peek the action name first so the right schema can report precise errors
        try {
            body = Json.MAPPER.readTree(raw);
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("Malformed request body");
        }
        if (body == null || !body.isObject() || body.size() != 1) {
            throw ApiException.badRequest("Malformed request body");
        }
        String name = body.fieldNames().next();
        String rule = ACTION_RULES.get(name);
        if (rule != null) {
            r.authorize(rule);
        }
        JsonNode args = r.body(schemaFor(name)).get(name);
        InstanceRow i = find(r, uuid);
        RequestContext ctx = r.context();
        switch (name) {
            case "reboot" -> {
                RebootType type = RebootType.valueOf(args.get("type").asText().toUpperCase(Locale.ROOT));
                InstanceStates.check(type == RebootType.SOFT ? Action.REBOOT_SOFT : Action.REBOOT_HARD, i);
                actions.reboot(ctx, uuid, type);
                return ApiResponse.accepted();
            }
            case "os-stop" -> {
                InstanceStates.check(Action.STOP, i);
                actions.stop(ctx, uuid);
                return ApiResponse.accepted();
            }
            case "os-start" -> {
                InstanceStates.check(Action.START, i);
                actions.start(ctx, uuid);
                return ApiResponse.accepted();
            }
            case "resize" -> {
                String flavorId = flavorIdFromRef(args.get("flavorRef"));
                FlavorRow target = liveFlavor(flavorId);
                InstanceStates.check(Action.RESIZE, i);
                if (i.instanceTypeId() != null && i.instanceTypeId() == target.id()) {
                    throw new BadRequestException("When resizing, instances must change flavor!");
                }
                withGrowthReserved(i, target, () -> actions.resize(ctx, uuid, flavorId));
                return ApiResponse.accepted();
            }
            case "confirmResize" -> {
                InstanceStates.check(Action.CONFIRM_RESIZE, i);
                actions.confirmResize(ctx, uuid);
                quotas.releaseInstance(uuid);
                return ApiResponse.noContent();
            }
            case "revertResize" -> {
                InstanceStates.check(Action.REVERT_RESIZE, i);
                FlavorRow back = flavorBeforeResize(uuid);
                // the resize's own reservation ends here (the instance holds its new sizes until the revert)
                quotas.releaseInstance(uuid);
                if (back == null) {
                    actions.revertResize(ctx, uuid);
                } else {
                    // reverting a resize down grows the instance back: Nova checks that against the quota too
                    withGrowthReserved(i, back, () -> actions.revertResize(ctx, uuid));
                }
                return ApiResponse.accepted();
            }
            case "migrate" -> {
                InstanceStates.check(Action.MIGRATE, i);
                actions.migrate(ctx, uuid);
                return ApiResponse.accepted();
            }
            case "os-getConsoleOutput" -> {
                Integer length = null;
                JsonNode l = args.get("length");
                if (l != null && !l.isNull()) {
                    try {
                        length = Integer.parseInt(l.asText().trim());
                    } catch (NumberFormatException e) {
                        throw ApiException.badRequest("Invalid input for field/attribute length. Value: "
                                + l.asText() + ". It must be an integer >= -1.");
                    }
                }
                InstanceStates.check(Action.CONSOLE_OUTPUT, i);
                String output = actions.consoleOutput(ctx, uuid, length);
                return ApiResponse.ok(Map.of("output", output == null ? "" : output));
            }
            default -> throw new IllegalStateException("action " + name + " has a schema but no handler");
        }
    }

    /**
     * Runs {@code change} (a resize or revert towards {@code flavor}) with the quota for the
     * instance's growth to that flavor reserved; 403 with Nova's message when it does not fit. The
     * reservation stays until confirm or revert (the host applies the new sizes later); it is
     * dropped at once if {@code change} is refused.
     */
    private void withGrowthReserved(InstanceRow i, FlavorRow flavor, Runnable change) {
        java.util.Optional<Quotas.Reservation> reservation;
        try {
            reservation = quotas.reserveResize(i.projectId(), i.uuid(), flavor.vcpus(), flavor.memoryMb());
        } catch (Quotas.QuotaExceeded e) {
            throw new QuotaExceededException(e.getMessage());
        } catch (NotFoundException e) {
            throw new InstanceNotFoundException(i.uuid());
        }
        boolean accepted = false;
        try {
            change.run();
            accepted = true;
        } finally {
            if (!accepted) {
                reservation.ifPresent(quotas::release);
            }
        }
    }

    /** The flavor a finished resize started from (what a revert goes back to), or null if unknown. */
    private FlavorRow flavorBeforeResize(String uuid) {
        try {
            Integer old = migrations.getByInstanceAndStatus(uuid, "finished").oldInstanceTypeId();
            return old == null ? null : flavors.get(old, ReadDeleted.YES);
        } catch (NotFoundException e) {
            return null;
        }
    }

    private static JsonSchemas.Checked schemaFor(String action) {
        JsonSchemas.Checked schema = ACTIONS.get(action);
        if (schema == null) {
            throw ApiException.badRequest("There is no such action: " + action);
        }
        return schema;
    }
}
