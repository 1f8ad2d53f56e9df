package org.replication.v3.api.type.mapping;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.replication.v3.api.type.VolumeType;
import org.replication.v3.api.type.VolumeTypeAccess;

/** The JSON of a volume type, in Cinder's field order. */
public final class VolumeTypeView {

    private static final String ACCESS_IS_PUBLIC = "os-volume-type-access:is_public";

    private VolumeTypeView() {
    }

    /** The answer to a create, which Cinder writes without qos_specs_id. */
    public static Map<String, Object> created(VolumeType type) {
        Map<String, Object> view = new LinkedHashMap<>(8);
        view.put("id", type.id.toString());
        view.put("name", type.name);
        view.put("is_public", type.isPublic);
        view.put("extra_specs", type.extraSpecs);
        view.put("description", type.description);
        view.put(ACCESS_IS_PUBLIC, type.isPublic);
        return view;
    }

    /**
     * What the caller may see of a type: admins everything, others no {@code qos_specs_id} and only the extra specs
     * Cinder deems user visible ({@code volume_extension:types_extra_specs:read_sensitive}).
     *
     * @param qosSpecsId     whether {@code qos_specs_id} is shown
     * @param sensitiveSpecs whether every extra spec is shown
     */
    public record Context(boolean qosSpecsId, boolean sensitiveSpecs) {

        /** Cinder's USER_VISIBLE_EXTRA_SPECS. */
        private static final Set<String> USER_VISIBLE_SPECS = Set.of("RESKEY:availability_zones", "multiattach",
                "replication_enabled");

        public Map<String, String> visibleSpecs(Map<String, String> specs) {
            if (sensitiveSpecs) {
                return specs;
            }
            Map<String, String> visible = new LinkedHashMap<>();
            specs.forEach((key, value) -> {
                if (USER_VISIBLE_SPECS.contains(key)) {
                    visible.put(key, value);
                }
            });
            return visible;
        }
    }

    public static Map<String, Object> detail(VolumeType type, Context context) {
        Map<String, Object> view = new LinkedHashMap<>(8);
        view.put("id", type.id.toString());
        view.put("name", type.name);
        view.put("is_public", type.isPublic);
        view.put("description", type.description);
        view.put("extra_specs", context.visibleSpecs(type.extraSpecs));
        if (context.qosSpecsId()) {
            view.put("qos_specs_id", null);
        }
        view.put(ACCESS_IS_PUBLIC, type.isPublic);
        return view;
    }

    /** One entry of a private type's access list. */
    public static Map<String, Object> access(VolumeTypeAccess access) {
        Map<String, Object> view = new LinkedHashMap<>(2);
        view.put("volume_type_id", access.volumeTypeId.toString());
        view.put("project_id", access.projectId);
        return view;
    }
}
