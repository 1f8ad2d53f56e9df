package org.replication.v3.volume.lifecycle.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.replication.v3.common.context.FreshContext;
import org.replication.v3.common.crosscloud.ExportReplicas;
import org.replication.v3.common.crosscloud.ImportReplicas;
import org.replication.v3.common.failover.SwitchVolumes;
import org.replication.v3.common.group.ChangeGroupReplication;
import org.replication.v3.common.group.CreateGroupOnBackend;
import org.replication.v3.common.group.DeleteGroup;
import org.replication.v3.common.group.UpdateGroupOnBackend;
import org.replication.v3.common.inbox.Inbox;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.messaging.EventTypes;
import org.replication.v3.common.messaging.EventDispatcher;
import org.replication.v3.common.messaging.Routes;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.DeleteVolume;
import org.replication.v3.common.volume.ExtendVolume;
import org.replication.v3.volume.assignment.repository.WaitingCommands;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.Backends;
import org.replication.v3.volume.crosscloud.service.ReplicaExports;
import org.replication.v3.volume.crosscloud.service.ReplicaImports;
import org.replication.v3.volume.group.service.GroupLifecycle;
import org.replication.v3.volume.group.service.GroupMembership;
import org.replication.v3.volume.group.service.GroupReplicationSwitch;
import org.replication.v3.volume.lifecycle.service.VolumeLifecycle;
import org.replication.v3.volume.replication.service.SwitchWorker;
import org.replication.v3.volume.replication.service.VolumeSwitching;

/**
 * Reads volume and group commands and applies those addressed to a backend this service hosts, each exactly once
 * (every host reads every command; {@link Backends#hosting} is the one test of "mine"). A switch (failover,
 * failback, reprotect), which can take minutes, is only recorded here and runs as tracked work
 * ({@link SwitchWorker}, woken once the record is committed), so no record waits on it.
 *
 * <p>Every instance of the host reads every command (a consumer group each), but only the one holding a backend's
 * lease acts for it. A switch is recorded by whichever instance reads it first (the switch work and the inbox are
 * shared) and run by the holder's worker. Any other command for a backend this instance does not hold now is not
 * applied but kept ({@code waiting_command}) unless the shared inbox shows it applied already: its holder applies
 * its own copy, and if the holder dies first, whoever claims the backend applies the kept one. It is not waited for
 * here: a consumer blocked on one partition's command while its peer is blocked on another's would never resume.
 */
@ApplicationScoped
public class VolumeCommandConsumer {

    private static final Logger LOG = Logger.getLogger(VolumeCommandConsumer.class);
    private static final String CREATE = EventTypes.typeOf(CreateVolumeOnBackend.class);

    @Inject
    EventDispatcher dispatcher;
    @Inject
    Backends backends;
    @Inject
    VolumeLifecycle volumes;
    @Inject
    GroupLifecycle groups;
    @Inject
    GroupMembership membership;
    @Inject
    GroupReplicationSwitch groupReplication;
    @Inject
    VolumeSwitching switching;
    @Inject
    SwitchWorker switchWorker;
    @Inject
    ReplicaExports exports;
    @Inject
    ReplicaImports imports;

    @Inject
    EventCodec codec;
    @Inject
    Inbox inbox;
    @Inject
    WaitingCommands waiting;
    @ConfigProperty(name = "volume.instance")
    String instance;

    private Routes routes;
    /** The backend host of each command type applied here by a driver call: what the lease gate looks at. */
    private final Map<String, Function<EventEnvelope, String>> hostOf = new HashMap<>();

    @PostConstruct
    void routes() {
        // Driver calls run outside the inbox transaction (onceCalling); only a switch is recorded first and run
        // by its backend's worker, which is woken once the record is committed.
        routes = Routes.routes()
                .onceCalling(CreateVolumeOnBackend.class, c -> backends.hosting(c.host()), volumes::create,
                        volumes::recordCreate)
                .onceCalling(ExtendVolume.class, c -> backends.hosting(c.host()), volumes::extend,
                        volumes::recordExtend)
                .onceCalling(DeleteVolume.class, c -> backends.hosting(c.host()), volumes::delete,
                        volumes::recordDelete)
                .onceCalling(CreateGroupOnBackend.class, c -> backends.hosting(c.host()), groups::create,
                        groups::recordCreate)
                .onceCalling(UpdateGroupOnBackend.class, c -> backends.hosting(c.host()), membership::update,
                        membership::record)
                .onceCalling(DeleteGroup.class, c -> backends.hosting(c.host()), groups::delete,
                        groups::recordDelete)
                .onceCalling(ChangeGroupReplication.class, c -> backends.hosting(c.host()),
                        groupReplication::change, groupReplication::record)
                .onceCalling(ExportReplicas.class, c -> backends.hosting(c.host()), exports::export,
                        exports::record, exports::forgetCleared)
                .onceCalling(ImportReplicas.class, c -> backends.hosting(c.host()), imports::check,
                        imports::record)
                .once(SwitchVolumes.class, c -> backends.hosting(c.host()), switching::accept,
                        (command, backend) -> switchWorker.wake(backend));
        gated(CreateVolumeOnBackend.class, CreateVolumeOnBackend::host);
        gated(ExtendVolume.class, ExtendVolume::host);
        gated(DeleteVolume.class, DeleteVolume::host);
        gated(CreateGroupOnBackend.class, CreateGroupOnBackend::host);
        gated(UpdateGroupOnBackend.class, UpdateGroupOnBackend::host);
        gated(DeleteGroup.class, DeleteGroup::host);
        gated(ChangeGroupReplication.class, ChangeGroupReplication::host);
        gated(ExportReplicas.class, ExportReplicas::host);
        gated(ImportReplicas.class, ImportReplicas::host);
    }

    private <T extends DomainEvent> void gated(Class<T> kind, Function<T, String> host) {
        hostOf.put(EventTypes.typeOf(kind), envelope -> host.apply(codec.data(envelope, kind)));
    }

    /**
     * Reads the commands a poll returned as one batch. A run of creates for backends this instance holds is applied
     * together ({@link #createAll}); every other command is applied on its own, as before, and in order (a run ends
     * at the first other command, so a delete never overtakes its volume's create). A command that fails is
     * dead-lettered on its own; the batch is acknowledged once every command is applied or dead-lettered.
     */
    @Incoming(Channels.VOLUME_COMMANDS_IN)
    public Uni<Void> onCommands(KafkaRecordBatch<String, String> batch) {
        // Its sessions on a context of its own: the backend assignment's rounds replay kept commands meanwhile.
        return FreshContext.run(() -> apply(batch));
    }

    private Uni<Void> apply(KafkaRecordBatch<String, String> batch) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        List<KafkaRecord<String, String>> creates = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch) {
            if (heldCreate(record.getPayload()).isPresent()) {
                creates.add(record);
                continue;
            }
            List<KafkaRecord<String, String>> before = creates;
            chain = chain.chain(() -> flush(before)).chain(() -> each(record));
            creates = new ArrayList<>();
        }
        List<KafkaRecord<String, String>> last = creates;
        return chain.chain(() -> flush(last)).chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private Uni<Void> flush(List<KafkaRecord<String, String>> creates) {
        return Uni.createFrom().deferred(() -> {
            if (creates.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            if (creates.size() == 1) {
                return each(creates.get(0));
            }
            Map<Backend, List<KafkaRecord<String, String>>> byBackend = new LinkedHashMap<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (KafkaRecord<String, String> record : creates) {
                Optional<Backend> held = heldCreate(record.getPayload());
                if (held.isEmpty()) {
                    // The lease went meanwhile: kept for its holder, as a create read alone is.
                    chain = chain.chain(() -> each(record));
                    continue;
                }
                byBackend.computeIfAbsent(held.get(), b -> new ArrayList<>()).add(record);
            }
            for (Map.Entry<Backend, List<KafkaRecord<String, String>>> backend : byBackend.entrySet()) {
                chain = chain.chain(() -> createAll(backend.getValue(), backend.getKey()));
            }
            return chain;
        });
    }

    /** One command, applied alone; dead-lettered on its own when it fails. */
    private Uni<Void> each(KafkaRecord<String, String> record) {
        return onCommand(record.getPayload()).onFailure().recoverWithUni(failure -> Uni.createFrom()
                .completionStage(record.nack(failure)));
    }

    /**
     * Creates of one held backend: those the inbox holds already are skipped, the rest created with one driver call
     * outside any transaction, then every outcome recorded with its inbox row in one transaction. A crash in between
     * leaves no inbox row, so the redelivery calls the driver again, which finds the volumes made (idempotent by
     * volume id) and records them once. If the batch fails as a whole, each command is applied on its own instead,
     * with the usual retries and dead-lettering.
     */
    Uni<Void> createAll(List<KafkaRecord<String, String>> records, Backend backend) {
        List<EventEnvelope> envelopes = records.stream().map(r -> codec.decode(r.getPayload())).toList();
        List<CreateVolumeOnBackend> commands = envelopes.stream()
                .map(e -> codec.data(e, CreateVolumeOnBackend.class)).toList();
        return inbox.appliedIds(envelopes).flatMap(applied -> {
            List<String> unapplied = envelopes.stream().map(EventEnvelope::id).filter(id -> !applied.contains(id))
                    .toList();
            // A copy of one of them replayed from the kept commands may be calling the driver now: it records it.
            Set<String> claimed = dispatcher.startCalling(unapplied);
            List<Integer> todo = new ArrayList<>();
            for (int i = 0; i < envelopes.size(); i++) {
                if (claimed.contains(envelopes.get(i).id())) {
                    todo.add(i);
                }
            }
            if (todo.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<CreateVolumeOnBackend> these = todo.stream().map(commands::get).toList();
            return volumes.createAll(these, backend).flatMap(created -> inbox.applyAllOnce(
                    todo.stream().map(envelopes::get).toList(),
                    n -> volumes.recordCreate(these.get(n), backend, created.get(n))))
                    .eventually(() -> dispatcher.doneCalling(claimed));
        }).onFailure().recoverWithUni(failure -> {
            LOG.warnf("%d creates on %s: the batch failed (%s); applied one by one", records.size(), backend.name(),
                    failure.getMessage());
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (KafkaRecord<String, String> record : records) {
                chain = chain.chain(() -> each(record));
            }
            return chain;
        });
    }

    /** The backend of a create this instance may apply now (it hosts the backend and holds its lease). */
    private Optional<Backend> heldCreate(String record) {
        EventEnvelope envelope;
        try {
            envelope = codec.decode(record);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
        if (!envelope.type().equals(CREATE)) {
            return Optional.empty();
        }
        return backends.hosting(codec.data(envelope, CreateVolumeOnBackend.class).host()).filter(backends::owns);
    }

    /** One command, as every command was applied before batches: routed by the dispatcher. */
    Uni<Void> onCommand(String record) {
        return Uni.createFrom().deferred(() -> {
            Optional<Backend> notHeld = notHeld(record);
            if (notHeld.isEmpty()) {
                return dispatcher.dispatch(record, routes);
            }
            EventEnvelope envelope = codec.decode(record);
            String key = backends.key(notHeld.get().name());
            return inbox.applied(envelope).chain(applied -> {
                if (applied) {
                    return Uni.createFrom().voidItem();
                }
                return Panache.withTransaction(() -> waiting.add(envelope.id(), key, record))
                        .invoke(() -> LOG.debugf("%s %s for %s: instance %s does not hold the backend's lease; kept"
                                + " until its holder applies it", envelope.type(), envelope.id(), key, instance));
            });
        });
    }

    /**
     * Applies a command kept while this instance did not hold its backend, now that it does (the inbox skips it
     * if the previous holder applied it meanwhile).
     */
    public Uni<Void> replay(String record) {
        return dispatcher.dispatch(record, routes);
    }

    /** The hosted backend of a command applied by a driver call, when this instance does not hold its lease now. */
    private Optional<Backend> notHeld(String record) {
        EventEnvelope envelope;
        try {
            envelope = codec.decode(record);
        } catch (RuntimeException unreadable) {
            return Optional.empty(); // the dispatcher dead-letters it
        }
        Function<EventEnvelope, String> host = hostOf.get(envelope.type());
        if (host == null) {
            return Optional.empty();
        }
        return backends.hosting(host.apply(envelope)).filter(backend -> !backends.owns(backend));
    }
}
