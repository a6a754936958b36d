package org.tandem.identity;

import java.util.List;

/**
 * The default policy table: every rule the API enforces, its default check string and what it
 * guards. Operators override single rules in a policy file ({@code [oslo_policy] policy_file});
 * {@code nova-manage identity policy} prints this table. Check strings use oslo.policy's syntax
 * (subset): {@code role:R}, {@code rule:NAME}, {@code @} (always), {@code !} (never), {@code and},
 * {@code or}, {@code not} and parentheses.
 */
public final class PolicyDefaults {
    /** One rule of the table. */
    public record Rule(String name, String check, String description) {
    }

    public static final String ADMIN_API = "admin_api";
    public static final String PROJECT_MEMBER = "project_member_api";
    public static final String PROJECT_READER = "project_reader_api";

    private static final String ADMIN = "rule:" + ADMIN_API;
    private static final String MEMBER = "rule:" + PROJECT_MEMBER;
    private static final String READER = "rule:" + PROJECT_READER;

    public static final List<Rule> RULES = List.of(
            new Rule(ADMIN_API, "role:admin", "Cloud administrators."),
            new Rule(PROJECT_MEMBER, "role:admin or role:member", "Members of the request's project (and admins)."),
            new Rule(PROJECT_READER, "role:admin or role:member or role:reader",
                    "Readers of the request's project (and members and admins)."),
            new Rule("os_compute_api:servers:index", READER, "GET /servers"),
            new Rule("os_compute_api:servers:detail", READER, "GET /servers/detail"),
            new Rule("os_compute_api:servers:index:get_all_tenants", ADMIN,
                    "GET /servers?all_tenants=1 and /servers/detail?all_tenants=1: every project's servers"),
            new Rule("os_compute_api:servers:index:host", ADMIN, "GET /servers?host=...: filter by compute host"),
            new Rule("os_compute_api:servers:show", READER, "GET /servers/{id}"),
            new Rule("os_compute_api:servers:create", MEMBER, "POST /servers"),
            new Rule("os_compute_api:servers:delete", MEMBER, "DELETE /servers/{id}"),
            new Rule("os_compute_api:servers:reboot", MEMBER, "POST /servers/{id}/action (reboot)"),
            new Rule("os_compute_api:servers:stop", MEMBER, "POST /servers/{id}/action (os-stop)"),
            new Rule("os_compute_api:servers:start", MEMBER, "POST /servers/{id}/action (os-start)"),
            new Rule("os_compute_api:servers:resize", MEMBER, "POST /servers/{id}/action (resize)"),
            new Rule("os_compute_api:servers:confirm_resize", MEMBER, "POST /servers/{id}/action (confirmResize)"),
            new Rule("os_compute_api:servers:revert_resize", MEMBER, "POST /servers/{id}/action (revertResize)"),
            new Rule("os_compute_api:os-migrate-server:migrate", ADMIN, "POST /servers/{id}/action (migrate)"),
            new Rule("os_compute_api:os-console-output", MEMBER, "POST /servers/{id}/action (os-getConsoleOutput)"),
            new Rule("os_compute_api:flavors:index", "@", "GET /flavors, /flavors/detail, /flavors/{id}"),
            new Rule("os_compute_api:os-flavor-manage:create", ADMIN, "POST /flavors"),
            new Rule("os_compute_api:os-flavor-manage:delete", ADMIN, "DELETE /flavors/{id}"),
            new Rule("os_compute_api:os-flavor-extra-specs:index", READER, "GET /flavors/{id}/os-extra_specs"),
            new Rule("os_compute_api:os-flavor-extra-specs:show", READER, "GET /flavors/{id}/os-extra_specs/{key}"),
            new Rule("os_compute_api:os-flavor-extra-specs:create", ADMIN, "POST /flavors/{id}/os-extra_specs"),
            new Rule("os_compute_api:os-flavor-extra-specs:update", ADMIN, "PUT /flavors/{id}/os-extra_specs/{key}"),
            new Rule("os_compute_api:os-flavor-extra-specs:delete", ADMIN,
                    "DELETE /flavors/{id}/os-extra_specs/{key}"),
            new Rule("os_compute_api:os-services:list", ADMIN, "GET /os-services"),
            new Rule("os_compute_api:os-services:update", ADMIN,
                    "PUT /os-services/{enable,disable,disable-log-reason,force-down}"),
            new Rule("os_compute_api:os-services:delete", ADMIN, "DELETE /os-services/{id}"),
            new Rule("os_compute_api:os-hypervisors:list", ADMIN, "GET /os-hypervisors"),
            new Rule("os_compute_api:os-hypervisors:list-detail", ADMIN, "GET /os-hypervisors/detail"),
            new Rule("os_compute_api:os-hypervisors:statistics", ADMIN, "GET /os-hypervisors/statistics"),
            new Rule("os_compute_api:os-hypervisors:show", ADMIN, "GET /os-hypervisors/{id}"),
            new Rule("os_compute_api:os-hypervisors:uptime", ADMIN, "GET /os-hypervisors/{id}/uptime"),
            new Rule("os_compute_api:os-aggregates:index", ADMIN, "GET /os-aggregates (always empty)"),
            new Rule("os_compute_api:os-quota-sets:show", READER,
                    "GET /os-quota-sets/{project_id} (own project; admins any)"),
            new Rule("os_compute_api:os-quota-sets:defaults", "@", "GET /os-quota-sets/{project_id}/defaults"),
            new Rule("os_compute_api:os-quota-sets:update", ADMIN, "PUT /os-quota-sets/{project_id}"),
            new Rule("os_compute_api:os-quota-sets:delete", ADMIN, "DELETE /os-quota-sets/{project_id}"),
            new Rule("os_compute_api:images:index", READER, "GET /image/v2/images, /image/v2/images/{id}"));

    private PolicyDefaults() {
    }
}
