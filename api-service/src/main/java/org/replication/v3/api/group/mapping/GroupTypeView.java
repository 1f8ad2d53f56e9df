package org.replication.v3.api.group.mapping;

import java.util.LinkedHashMap;
import java.util.Map;
import org.replication.v3.api.group.GroupType;

/** The JSON of a group type as Cinder's view writes it; group_specs only for those allowed to read them. */
public final class GroupTypeView {

    private GroupTypeView() {
    }

    public static Map<String, Object> of(GroupType type, boolean withSpecs) {
        Map<String, Object> view = new LinkedHashMap<>(8);
        view.put("id", type.id.toString());
        view.put("name", type.name);
        view.put("description", type.description);
        view.put("is_public", type.isPublic);
        if (withSpecs) {
            view.put("group_specs", type.groupSpecs);
        }
        return view;
    }
}
