package org.replication.v3.api.type;

import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.error.UniqueViolation;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.type.repository.SpecTypeRepository;
import org.replication.v3.api.type.service.TypeChanges;
import org.replication.v3.api.validation.Uuids;

/**
 * The rules Cinder applies alike to volume types and group types: names are unique, the configured default type
 * cannot be deleted, nor a type something uses, and specs are merged on set and removed one key at a time, each
 * change checked as a whole. The services keep their transaction boundaries and what is theirs alone (access lists
 * and project defaults of volume types, for one); this class holds no transaction of its own, so every method runs
 * in the caller's.
 *
 * @param <T> the entity, {@link VolumeType} or a group type
 */
public final class SpecTypeCatalog<T extends SpecType> {

    private static final Logger LOG = Logger.getLogger(SpecTypeCatalog.class);

    private final SpecTypeRepository<T> types;
    private final Supplier<T> factory;
    private final Kind kind;
    private final String defaultName;
    private final Function<Map<String, String>, Uni<Void>> specCheck;
    private final Function<UUID, Uni<Boolean>> inUse;

    /**
     * @param defaultName the configured default type's name
     * @param specCheck   fails when specs (all of a type's, after a change) are not valid
     * @param inUse       whether a live volume or group uses the type of this id
     */
    public SpecTypeCatalog(SpecTypeRepository<T> types, Supplier<T> factory, Kind kind, String defaultName,
            Function<Map<String, String>, Uni<Void>> specCheck, Function<UUID, Uni<Boolean>> inUse) {
        this.types = types;
        this.factory = factory;
        this.kind = kind;
        this.defaultName = defaultName;
        this.specCheck = specCheck;
        this.inUse = inUse;
    }

    /**
     * How Cinder names a kind of type in its messages.
     *
     * @param noun  {@code volume} or {@code group}
     * @param specs what its specs are called: {@code extra specs} or {@code specs}
     * @param users what uses a type: {@code volumes} or {@code groups}
     */
    public record Kind(String noun, String specs, String users) {

        public ApiException notFound(String typeId) {
            return ApiException.notFound(title() + " type " + typeId + " could not be found.");
        }

        public ApiException exists(String name) {
            return ApiException.conflict(title() + " Type " + name + " already exists.");
        }

        public ApiException noSuchSpec(String typeId, String key) {
            return ApiException.notFound(title() + " Type " + typeId + " has no " + specs + " with key " + key + ".");
        }

        public ApiException inUse(UUID typeId) {
            return ApiException.badRequest(title() + " Type " + typeId + " deletion is not allowed with " + users
                    + " present with the type.");
        }

        private String title() {
            return noun.substring(0, 1).toUpperCase(Locale.ROOT) + noun.substring(1);
        }
    }

    public String defaultName() {
        return defaultName;
    }

    public Uni<T> create(String name, String description, boolean isPublic, Map<String, String> specs) {
        return types.findByName(name).flatMap(existing -> existing != null
                ? Uni.createFrom().failure(kind.exists(name))
                : specCheck.apply(specs)).flatMap(valid -> {
                    T type = factory.get();
                    type.id = UUID.randomUUID();
                    type.name = name;
                    type.description = description;
                    type.isPublic = isPublic;
                    type.specs(new LinkedHashMap<>(specs));
                    type.createdAt = CinderTime.now();
                    return types.persistAndFlush(type).invoke(created ->
                            LOG.infof("%s type %s: created as %s", kind.noun(), created.id, created.name));
                }).onFailure(UniqueViolation::is).transform(raced -> kind.exists(name));
    }

    /** The type, locked until commit; unknown (or not an id) is Cinder's not-found. */
    public Uni<T> locked(String typeId) {
        UUID id = Uuids.parse(typeId);
        if (id == null) {
            return Uni.createFrom().failure(kind.notFound(typeId));
        }
        return types.findForUpdate(id).map(type -> {
            if (type == null) {
                throw kind.notFound(typeId);
            }
            return type;
        });
    }

    /** Renames, describes or publishes a locked type; a name another type has is a conflict. */
    public Uni<T> update(T type, TypeChanges changes) {
        Uni<T> sameName = changes.name() == null ? Uni.createFrom().nullItem() : types.findByName(changes.name());
        return sameName.map(other -> {
            if (other != null && !other.id.equals(type.id)) {
                throw kind.exists(changes.name());
            }
            if (changes.name() != null) {
                type.name = changes.name();
            }
            if (changes.description() != null) {
                type.description = changes.description();
            }
            if (changes.isPublic() != null) {
                type.isPublic = changes.isPublic();
            }
            type.updatedAt = CinderTime.now();
            LOG.infof("%s type %s: updated (name %s, public %s)", kind.noun(), type.id, type.name, type.isPublic);
            return type;
        }).call(types::flush).onFailure(UniqueViolation::is).transform(raced -> kind.exists(changes.name()));
    }

    /**
     * Deletes the type unless it is the configured default or in use; {@code alsoRefuse} fails for any other reason
     * the kind has to keep it.
     */
    public Uni<Void> delete(String typeId, Function<T, Uni<Void>> alsoRefuse) {
        return locked(typeId).flatMap(type -> {
            if (type.name.equals(defaultName)) {
                return Uni.createFrom().failure(ApiException.badRequest("Default " + kind.noun()
                        + " type can not be deleted."));
            }
            return inUse.apply(type.id).flatMap(used -> used
                    ? Uni.createFrom().failure(kind.inUse(type.id))
                    : alsoRefuse.apply(type))
                    .flatMap(allowed -> types.delete(type))
                    .invoke(() -> LOG.infof("%s type %s: deleted", kind.noun(), type.id));
        });
    }

    /** Adds or replaces the given specs of a locked type, leaving the others; the result must pass the check. */
    public Uni<Void> setSpecs(T type, Map<String, String> specs) {
        Map<String, String> merged = new LinkedHashMap<>(type.specs());
        merged.putAll(specs);
        return specCheck.apply(merged).invoke(() -> {
            type.specs(merged);
            type.updatedAt = CinderTime.now();
            LOG.infof("%s type %s: %s %s set", kind.noun(), type.id, kind.specs(), specs.keySet());
        });
    }

    /** Removes one spec of a locked type; a key it does not have is Cinder's not-found. */
    public void deleteSpec(T type, String key) {
        if (!type.specs().containsKey(key)) {
            throw kind.noSuchSpec(type.id.toString(), key);
        }
        Map<String, String> remaining = new LinkedHashMap<>(type.specs());
        remaining.remove(key);
        type.specs(remaining);
        type.updatedAt = CinderTime.now();
        LOG.infof("%s type %s: %s %s deleted", kind.noun(), type.id, kind.specs(), key);
    }
}
