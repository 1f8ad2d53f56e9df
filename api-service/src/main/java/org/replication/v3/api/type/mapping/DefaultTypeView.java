package org.replication.v3.api.type.mapping;

import java.util.LinkedHashMap;
import java.util.Map;
import org.replication.v3.api.type.DefaultVolumeType;

/** The JSON of a project's default type, as Cinder writes it. */
public final class DefaultTypeView {

    private DefaultTypeView() {
    }

    public static Map<String, Object> of(DefaultVolumeType defaultType) {
        Map<String, Object> view = new LinkedHashMap<>(2);
        view.put("project_id", defaultType.projectId);
        view.put("volume_type_id", defaultType.volumeTypeId.toString());
        return view;
    }
}
