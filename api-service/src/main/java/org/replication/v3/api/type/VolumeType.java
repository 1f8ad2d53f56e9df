package org.replication.v3.api.type;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A volume type: a name users pick and the extra specs that steer placement and the driver. */
@Entity
@Table(name = "volume_type")
public class VolumeType extends SpecType {

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "extra_specs")
    public Map<String, String> extraSpecs;

    @Override
    public Map<String, String> specs() {
        return extraSpecs;
    }

    @Override
    public void specs(Map<String, String> specs) {
        this.extraSpecs = specs;
    }
}
