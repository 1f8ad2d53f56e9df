package org.replication.v3.api.type.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.type.VolumeType;
import org.replication.v3.api.type.VolumeTypeEncryption;
import org.replication.v3.api.type.repository.VolumeTypeEncryptionRepository;
import org.replication.v3.api.type.repository.VolumeTypeRepository;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.volume.repository.VolumeRepository;

/**
 * Cinder's volume type encryption, with its rules: one spec per type, and neither created nor deleted while live
 * volumes use the type (their encryption was decided at their creation). There is no key manager here: a volume of
 * an encrypted type gets a key id made at its creation that names no key (see {@code VolumeService}).
 */
@ApplicationScoped
public class VolumeTypeEncryptionService {

    private static final Logger LOG = Logger.getLogger(VolumeTypeEncryptionService.class);

    private final VolumeTypeRepository types;
    private final VolumeTypeEncryptionRepository specs;
    private final VolumeRepository volumes;

    public VolumeTypeEncryptionService(VolumeTypeRepository types, VolumeTypeEncryptionRepository specs,
            VolumeRepository volumes) {
        this.types = types;
        this.specs = specs;
        this.volumes = volumes;
    }

    @WithTransaction
    public Uni<VolumeTypeEncryption> create(String typeId, EncryptionSpec spec) {
        return type(typeId).flatMap(type -> volumes.typeInUse(type.id).flatMap(inUse -> {
            if (inUse) {
                throw ApiException.badRequest("Cannot create encryption specs. Volume type in use.");
            }
            return specs.findLive(type.id);
        }).flatMap(existing -> {
            if (existing != null) {
                throw ApiException.badRequest("Volume type encryption for type " + type.id + " already exists.");
            }
            VolumeTypeEncryption created = new VolumeTypeEncryption();
            created.encryptionId = UUID.randomUUID();
            created.volumeTypeId = type.id;
            created.provider = spec.provider();
            created.cipher = spec.cipher();
            created.keySize = spec.keySize();
            created.controlLocation = spec.controlLocation();
            created.createdAt = CinderTime.now();
            LOG.infof("volume type %s: encrypted (%s)", type.id, spec.provider());
            return specs.persist(created);
        }));
    }

    /** The type's spec, or null when it has none. */
    @WithSession
    public Uni<VolumeTypeEncryption> show(String typeId) {
        return type(typeId).flatMap(type -> specs.findLive(type.id));
    }

    /** Cinder deletes the type's spec whatever id the path names; so does this. */
    @WithTransaction
    public Uni<Void> delete(String typeId) {
        return type(typeId).flatMap(type -> volumes.typeInUse(type.id).flatMap(inUse -> {
            if (inUse) {
                throw ApiException.badRequest("Cannot delete encryption specs. Volume type in use.");
            }
            return specs.findLive(type.id);
        }).invoke(existing -> {
            if (existing == null) {
                throw ApiException.notFound("Volume type encryption for type " + type.id + " does not exist.");
            }
            existing.deletedAt = CinderTime.now();
            existing.updatedAt = existing.deletedAt;
        })).replaceWithVoid();
    }

    private Uni<VolumeType> type(String typeId) {
        UUID id = Uuids.parse(typeId);
        if (id == null) {
            return Uni.createFrom().failure(VolumeTypeService.notFound(typeId));
        }
        return types.findById(id).invoke(type -> {
            if (type == null) {
                throw VolumeTypeService.notFound(typeId);
            }
        });
    }
}
