package org.replication.v3.api.auth;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.replication.v3.api.error.ApiException;

/**
 * The authorization rules of the API in one place, named after Cinder's policy rules and with Cinder's defaults:
 * admin-only rules, rules for project members (every change of a project's own resources), and reads, which are
 * not listed here and are open to any authenticated caller (a project reader too). Each endpoint checks its rule on
 * entry, before it reads or writes anything. Project isolation (someone else's resource is a 404, not a 403) is
 * applied by the repositories' visibility rules, not here.
 */
@ApplicationScoped
public class Policy {

    public static final String TYPE_CREATE = "volume_extension:type_create";
    public static final String TYPE_DELETE = "volume_extension:type_delete";
    public static final String EXTRA_SPECS_CREATE = "volume_extension:types_extra_specs:create";
    public static final String EXTRA_SPECS_UPDATE = "volume_extension:types_extra_specs:update";
    public static final String EXTRA_SPECS_DELETE = "volume_extension:types_extra_specs:delete";
    /** See every project's volumes with {@code all_tenants}. */
    public static final String VOLUME_ALL_TENANTS = "volume:get_all_tenants";
    /** {@code os-vol-host-attr:host}: where a volume lives. */
    public static final String VOLUME_HOST_ATTRIBUTE = "volume_extension:volume_host_attribute";
    /** {@code os-vol-mig-status-attr:*} and {@code migration_status}. */
    public static final String VOLUME_MIG_STATUS_ATTRIBUTE = "volume_extension:volume_mig_status_attribute";
    /** {@code provider_id} and {@code cluster_name}: backend internals. */
    public static final String VOLUME_BACKEND_DETAILS = "volume:get_backend_details";
    /**
     * Admins see every private volume type; others only those whose access list names their project. Cinder decides
     * this by its context_is_admin rule, not by volume_extension:volume_type_access (which only adds the
     * {@code os-volume-type-access:is_public} field and is open to project members).
     */
    public static final String TYPE_SEE_PRIVATE = "context_is_admin";

    public static final String TYPE_UPDATE = "volume_extension:type_update";
    public static final String TYPE_ACCESS_LIST = "volume_extension:volume_type_access:get_all_for_type";
    public static final String TYPE_ACCESS_ADD = "volume_extension:volume_type_access:addProjectAccess";
    public static final String TYPE_ACCESS_REMOVE = "volume_extension:volume_type_access:removeProjectAccess";
    /** Project default types (3.62). */
    public static final String DEFAULT_TYPE_SET = "volume_extension:default_set_or_update";
    public static final String DEFAULT_TYPE_GET = "volume_extension:default_get";
    public static final String DEFAULT_TYPE_GET_ALL = "volume_extension:default_get_all";
    public static final String DEFAULT_TYPE_UNSET = "volume_extension:default_unset";

    /** {@code qos_specs_id} in volume type answers. */
    public static final String TYPE_QOS_SPECS_ID = "volume_extension:access_types_qos_specs_id";
    /** Extra specs other than the few Cinder deems user visible (USER_VISIBLE_EXTRA_SPECS). */
    public static final String EXTRA_SPECS_READ_SENSITIVE = "volume_extension:types_extra_specs:read_sensitive";
    /** os-reset_status of a volume: forcing status fields past the life cycle. */
    public static final String VOLUME_RESET_STATUS = "volume_extension:volume_admin_actions:reset_status";

    public static final String GROUP_TYPE_CREATE = "group:group_types:create";
    public static final String GROUP_TYPE_UPDATE = "group:group_types:update";
    public static final String GROUP_TYPE_DELETE = "group:group_types:delete";
    /** Private group types: Cinder shows them to admins only (it decides by is_admin; named here to keep rules here). */
    public static final String GROUP_TYPE_SEE_PRIVATE = "group:group_types:get_private";
    /** {@code group_specs} in group type views. */
    public static final String GROUP_TYPE_SPECS_ACCESS = "group:access_group_types_specs";
    public static final String GROUP_SPECS_GET = "group:group_types_specs:get";
    public static final String GROUP_SPECS_GET_ALL = "group:group_types_specs:get_all";
    public static final String GROUP_SPECS_CREATE = "group:group_types_specs:create";
    public static final String GROUP_SPECS_UPDATE = "group:group_types_specs:update";
    public static final String GROUP_SPECS_DELETE = "group:group_types_specs:delete";
    public static final String GROUP_RESET_STATUS = "group:reset_status";
    /** {@code project_id} in group views (3.58). */
    public static final String GROUP_PROJECT_ATTRIBUTE = "group:group_project_attribute";
    /** See every project's groups with {@code all_tenants}. */
    public static final String GROUP_ALL_TENANTS = "group:get_all_tenants";

    private static final Set<String> GROUP_ADMIN_ONLY = Set.of(GROUP_TYPE_CREATE, GROUP_TYPE_UPDATE, GROUP_TYPE_DELETE,
            GROUP_TYPE_SEE_PRIVATE, GROUP_TYPE_SPECS_ACCESS, GROUP_SPECS_GET, GROUP_SPECS_GET_ALL, GROUP_SPECS_CREATE,
            GROUP_SPECS_UPDATE, GROUP_SPECS_DELETE, GROUP_RESET_STATUS, GROUP_PROJECT_ATTRIBUTE, GROUP_ALL_TENANTS);
    public static final String SERVICES_INDEX = "volume_extension:services:index";
    /** Enable and disable a service. */
    public static final String SERVICES_UPDATE = "volume_extension:services:update";
    public static final String FREEZE_HOST = "volume:freeze_host";
    public static final String THAW_HOST = "volume:thaw_host";
    public static final String FAILOVER_HOST = "volume:failover_host";
    public static final String GET_POOLS = "scheduler_extension:scheduler_stats:get_pools";
    public static final String CAPABILITIES = "volume_extension:capabilities";
    /**
     * {@code GET /limits?project_id=} for another project (3.39). Cinder has no named rule for it: its quota code
     * admits only admins to another project's context ({@code authorize_project_context}), and says "Not authorized."
     */
    public static final String LIMITS_OTHER_PROJECT = "limits_extension:used_limits:other_project";
    /**
     * Replication v3 (3.71): where each effective replication value of a volume came from (group type, volume type,
     * backend, default). Ours, admin only as Cinder's host attribute: it describes backend configuration.
     */
    public static final String VOLUME_REPLICATION_SOURCES = "volume_extension:volume_replication_sources";
    /** Replication v3's failover API (ours; admin only, like os-services failover_host). */
    public static final String REPLICATION_FAILOVER = "replication:failover";
    public static final String REPLICATION_FAILBACK = "replication:failback";
    public static final String REPLICATION_OPERATIONS_GET_ALL = "replication:operations:get_all";
    public static final String REPLICATION_OPERATIONS_GET = "replication:operations:get";
    /** Reverses the replication of failed-over volumes (ours; admin only, like failover). */
    public static final String REPLICATION_REPROTECT = "replication:reprotect";

    /** Volume type encryption (Cinder's volume_extension:volume_type_encryption rules; admin only). */
    public static final String TYPE_ENCRYPTION_CREATE = "volume_extension:volume_type_encryption:create";
    public static final String TYPE_ENCRYPTION_GET = "volume_extension:volume_type_encryption:get";
    public static final String TYPE_ENCRYPTION_DELETE = "volume_extension:volume_type_encryption:delete";
    /** Cross-cloud export of failed-over volumes and its operations (ours, 3.74; admin only). */
    public static final String REPLICATION_EXPORT = "replication:export";
    public static final String REPLICATION_EXPORT_GET = "replication:export_get";
    /** Cross-cloud import of exported replicas, and its operations (ours, 3.74; admin only). */
    public static final String VOLUME_IMPORT_REPLICA = "volume:import_replica";

    private static final Set<String> ADMIN_ONLY = Set.of(TYPE_CREATE, TYPE_DELETE, EXTRA_SPECS_CREATE,
            EXTRA_SPECS_UPDATE, EXTRA_SPECS_DELETE, VOLUME_ALL_TENANTS, VOLUME_HOST_ATTRIBUTE,
            VOLUME_MIG_STATUS_ATTRIBUTE, VOLUME_BACKEND_DETAILS, TYPE_SEE_PRIVATE,
            VOLUME_RESET_STATUS,
            SERVICES_INDEX, SERVICES_UPDATE, FREEZE_HOST, THAW_HOST, FAILOVER_HOST, GET_POOLS, CAPABILITIES,
            LIMITS_OTHER_PROJECT,
            TYPE_UPDATE, TYPE_ACCESS_LIST, TYPE_ACCESS_ADD, TYPE_ACCESS_REMOVE,
            DEFAULT_TYPE_SET, DEFAULT_TYPE_GET, DEFAULT_TYPE_GET_ALL, DEFAULT_TYPE_UNSET,
            TYPE_QOS_SPECS_ID, EXTRA_SPECS_READ_SENSITIVE,
            VOLUME_REPLICATION_SOURCES,
            REPLICATION_FAILOVER, REPLICATION_FAILBACK, REPLICATION_OPERATIONS_GET_ALL, REPLICATION_OPERATIONS_GET,
            REPLICATION_REPROTECT,
            TYPE_ENCRYPTION_CREATE, TYPE_ENCRYPTION_GET, TYPE_ENCRYPTION_DELETE,
            REPLICATION_EXPORT, REPLICATION_EXPORT_GET, VOLUME_IMPORT_REPLICA);

    /**
     * Changes Cinder leaves to project members (its project-member persona): a caller with only the reader role may
     * look but not change. Someone else's resource stays a 404, by the repositories' visibility rules.
     */
    public static final String VOLUME_CREATE = "volume:create";
    public static final String VOLUME_DELETE = "volume:delete";
    /** {@code PUT volumes/{id}}: name, description, metadata. */
    public static final String VOLUME_UPDATE = "volume:update";
    public static final String VOLUME_EXTEND = "volume:extend";
    public static final String VOLUME_ATTACH = "volume_extension:volume_actions:attach";
    public static final String VOLUME_DETACH = "volume_extension:volume_actions:detach";
    public static final String VOLUME_BEGIN_DETACHING = "volume_extension:volume_actions:begin_detaching";
    public static final String VOLUME_ROLL_DETACHING = "volume_extension:volume_actions:roll_detaching";
    /** {@code POST volumes/{id}/metadata}. */
    public static final String VOLUME_METADATA_CREATE = "volume:create_volume_metadata";
    /** {@code PUT volumes/{id}/metadata} and {@code PUT volumes/{id}/metadata/{key}}. */
    public static final String VOLUME_METADATA_UPDATE = "volume:update_volume_metadata";
    public static final String VOLUME_METADATA_DELETE = "volume:delete_volume_metadata";
    public static final String ATTACHMENT_CREATE = "volume:attachment_create";
    public static final String ATTACHMENT_UPDATE = "volume:attachment_update";
    public static final String ATTACHMENT_DELETE = "volume:attachment_delete";
    public static final String ATTACHMENT_COMPLETE = "volume:attachment_complete";
    public static final String MESSAGE_DELETE = "message:delete";
    public static final String GROUP_CREATE = "group:create";
    /** Name, description and membership. */
    public static final String GROUP_UPDATE = "group:update";
    public static final String GROUP_DELETE = "group:delete";
    public static final String GROUP_ENABLE_REPLICATION = "group:enable_replication";
    public static final String GROUP_DISABLE_REPLICATION = "group:disable_replication";
    public static final String GROUP_FAILOVER_REPLICATION = "group:failover_replication";
    /** A read, but Cinder leaves it to members as the other group replication actions. */
    public static final String GROUP_LIST_REPLICATION_TARGETS = "group:list_replication_targets";

    private static final Set<String> PROJECT_MEMBER = Set.of(VOLUME_CREATE, VOLUME_DELETE, VOLUME_UPDATE,
            VOLUME_EXTEND, VOLUME_ATTACH, VOLUME_DETACH, VOLUME_BEGIN_DETACHING, VOLUME_ROLL_DETACHING,
            VOLUME_METADATA_CREATE, VOLUME_METADATA_UPDATE, VOLUME_METADATA_DELETE,
            ATTACHMENT_CREATE, ATTACHMENT_UPDATE, ATTACHMENT_DELETE, ATTACHMENT_COMPLETE,
            MESSAGE_DELETE,
            GROUP_CREATE, GROUP_UPDATE, GROUP_DELETE, GROUP_ENABLE_REPLICATION, GROUP_DISABLE_REPLICATION,
            GROUP_FAILOVER_REPLICATION, GROUP_LIST_REPLICATION_TARGETS);

    public boolean allows(Caller caller, String rule) {
        if (ADMIN_ONLY.contains(rule) || GROUP_ADMIN_ONLY.contains(rule)) {
            return caller.admin();
        }
        if (PROJECT_MEMBER.contains(rule)) {
            return caller.admin() || caller.member();
        }
        return true;
    }

    /** @throws ApiException 403 with Cinder's policy message when the rule refuses the caller */
    public void authorize(Caller caller, String rule) {
        if (!allows(caller, rule)) {
            throw ApiException.policyRefused(rule);
        }
    }
}
