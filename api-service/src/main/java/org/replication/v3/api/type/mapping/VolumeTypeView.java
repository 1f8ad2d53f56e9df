package org.replication.v3.api.type.mapping;

import java.util.LinkedHashMap;
import java.util.Map;
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

    public static Map<String, Object> detail(VolumeType type) {
        Map<String, Object> view = new LinkedHashMap<>(8);
        view.put("id", type.id.toString());
        view.put("name", type.name);
        view.put("is_public", type.isPublic);
        view.put("description", type.description);
        view.put("extra_specs", type.extraSpecs);
        view.put("qos_specs_id", null);
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
