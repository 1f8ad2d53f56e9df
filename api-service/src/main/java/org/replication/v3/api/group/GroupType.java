package org.replication.v3.api.group;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.replication.v3.api.type.SpecType;

/** A group type: what kind of group users can create, and the group specs that steer its placement. */
@Entity
@Table(name = "group_type")
public class GroupType extends SpecType {

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "group_specs")
    public Map<String, String> groupSpecs;

    @Override
    public Map<String, String> specs() {
        return groupSpecs;
    }

    @Override
    public void specs(Map<String, String> specs) {
        this.groupSpecs = specs;
    }
}
