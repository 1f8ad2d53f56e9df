package org.replication.v3.api.type;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.util.Map;
import java.util.UUID;
import org.replication.v3.api.lifecycle.Timestamped;

/**
 * What volume types and group types have in common: a name unique among its kind, a description, public or private,
 * and specs. The specs column keeps its own name in each table ({@code extra_specs}, {@code group_specs}), so each
 * entity keeps the field and hands it to {@link SpecTypeCatalog} through {@link #specs()}.
 */
@MappedSuperclass
public abstract class SpecType extends Timestamped {

    @Id
    public UUID id;

    public String name;

    public String description;

    @Column(name = "is_public")
    public boolean isPublic;

    public abstract Map<String, String> specs();

    public abstract void specs(Map<String, String> specs);
}
