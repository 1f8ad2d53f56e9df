package org.replication.v3.array.rest;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.replication.v3.array.controller.ControllerEpochs;
import org.replication.v3.array.peer.PeerHealth;
import org.replication.v3.array.volume.ArrayException;
import org.replication.v3.array.volume.ArrayService;
import org.replication.v3.array.volume.Pair;

/**
 * The array as a whole: allocation per pool, health (with what the peer heartbeat knows), controller epochs, the
 * batch actions (one call for many volumes, one answer entry per volume, in order; a volume that fails does not
 * fail the batch), and the pending reports a peer array sends.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ArrayResource {

    private static final int MAX_BY = 64;

    private final ArrayService array;
    private final ControllerEpochs controllers;
    private final PeerHealth health;
    private final ExplicitJson json;

    public ArrayResource(ArrayService array, ControllerEpochs controllers, PeerHealth health, ExplicitJson json) {
        this.array = array;
        this.controllers = controllers;
        this.health = health;
        this.json = json;
    }

    /** An entry of a batch: it names a volume. */
    public interface Item {
        String id();
    }

    public record PromoteItem(String id, Long generation) implements Item {
    }

    public record BatchPromote(List<PromoteItem> volumes, String by, Boolean peerLost, String decisionId) {
    }

    public record DemoteItem(String id) implements Item {
    }

    public record BatchDemote(List<DemoteItem> volumes) {
    }

    public record FenceItem(String id, Long generation) implements Item {
    }

    public record BatchFence(List<FenceItem> volumes, String by) {
    }

    public record ReprotectItem(String id) implements Item {
    }

    public record BatchReprotect(List<ReprotectItem> volumes, String by) {
    }

    public record JoinItem(String id, Long generation, Long sizeBytes, Pair pair) implements Item {
    }

    public record BatchJoin(String from, List<JoinItem> volumes) {
    }

    public record ExportItem(String id, String documentId, String digest) implements Item {
    }

    public record BatchExport(List<ExportItem> volumes) {
    }

    public record CreateItem(String id, Long sizeBytes, String pool) implements Item {
    }

    public record BatchCreate(List<CreateItem> volumes) {
    }

    public record PairItem(String id, String peer, String mode, Integer rpoSeconds, String topology,
            Boolean mediator) implements Item {
    }

    public record BatchPair(List<PairItem> volumes) {
    }

    public record ReplicaItem(String id, Long sizeBytes, Long generation, Pair pair) implements Item {
    }

    public record BatchReplica(String from, List<ReplicaItem> volumes) {
    }

    public record Epoch(Long epoch) {
    }

    public record PendingReports(String from, List<ArrayService.ReportEntry> volumes) {
    }

    @GET
    @Path("stats")
    public Map<String, Object> stats() {
        return array.stats();
    }

    @GET
    @Path("health")
    public JsonNode health() {
        Map<String, Object> peers = new LinkedHashMap<>();
        health.all().forEach((peer, status) -> {
            Map<String, Object> seen = new LinkedHashMap<>();
            seen.put("reachable", status.reachable());
            seen.put("last_contact_at", status.lastContactAt() == null ? null : status.lastContactAt().toString());
            peers.put(peer, seen);
        });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("array", array.name());
        answer.put("boot_id", health.bootId());
        answer.put("peers", peers);
        return json.tree(answer);
    }

    @GET
    @Path("controllers")
    public Map<String, Object> controllers() {
        return Map.of("controllers", controllers.all().entrySet().stream()
                .map(e -> Map.of("key", e.getKey(), "epoch", e.getValue())).toList());
    }

    /** Raises a controller's epoch (a new lease owner does this first, on every array it reaches). */
    @PUT
    @Path("controllers/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> raise(@PathParam("key") String key, Epoch body) throws IOException {
        Params.body(body, "{\"epoch\": ...}");
        if (body.epoch() == null) {
            throw ArrayException.badRequest("epoch is required: the controller's lease epoch");
        }
        return Map.of("controller", Map.of("key", key, "epoch", controllers.admit(key, body.epoch())));
    }

    /**
     * Creates many volumes with one durable write for all; each entry also has {@code created} (false: it was there
     * already with that size, a repeated create).
     */
    @POST
    @Path("volumes:create")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonNode create(BatchCreate body) throws IOException {
        Params.body(body, "{\"volumes\": [{\"id\", \"size_bytes\", \"pool\"}]}");
        return answer(array.createAll(checked(body.volumes()).stream().map(v -> new ArrayService.CreateRequest(
                v.id(), v.sizeBytes(), v.pool())).toList()));
    }

    /**
     * Pairs many volumes, on their primary, as {@code POST /v1/volumes/{id}/pair} does one: the peer creates the
     * replicas in one call, and the pairs are one journal record here. A volume paired already alike is answered ok.
     */
    @POST
    @Path("volumes:pair")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonNode pair(BatchPair body) throws IOException {
        Params.body(body, "{\"volumes\": [{\"id\", \"peer\", \"mode\", \"rpo_seconds\", \"topology\","
                + " \"mediator\"}]}");
        List<ArrayService.PairRequest> requests = new java.util.ArrayList<>();
        for (PairItem v : checked(body.volumes())) {
            requests.add(new ArrayService.PairRequest(v.id(), v.peer(), Params.mode(v.mode()), v.rpoSeconds(),
                    Params.topology(v.topology()), Boolean.TRUE.equals(v.mediator())));
        }
        return answer(array.pairAll(requests));
    }

    /** Peer path: the replicas of a batch pair, created with one journal record here. */
    @POST
    @Path("replica:create")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonNode createReplicas(BatchReplica body) throws IOException {
        Params.body(body, "{\"from\", \"volumes\": [{\"id\", \"size_bytes\", \"generation\", \"pair\"}]}");
        return answer(array.createReplicaAll(checked(body.volumes()).stream().map(v ->
                new ArrayService.ReplicaRequest(v.id(), v.sizeBytes(), v.generation(), v.pair())).toList()));
    }

    @POST
    @Path("volumes:promote")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonNode promote(BatchPromote body) throws IOException {
        Params.body(body, "{\"volumes\": [{\"id\", \"generation\"}], \"by\", \"peer_lost\", \"decision_id\"}");
        List<PromoteItem> volumes = checked(body.volumes());
        String by = by(body.by(), "driver");
        return answer(array.promoteAll(volumes.stream().map(v -> new ArrayService.PromoteRequest(v.id(),
                v.generation())).toList(), by, Boolean.TRUE.equals(body.peerLost()), body.decisionId()));
    }

    @POST
    @Path("volumes:demote")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonNode demote(BatchDemote body) throws IOException {
        Params.body(body, "{\"volumes\": [{\"id\"}]}");
        return answer(array.demoteAll(checked(body.volumes()).stream().map(DemoteItem::id).toList()));
    }

    @POST
    @Path("volumes:fence")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonNode fence(BatchFence body) throws IOException {
        Params.body(body, "{\"volumes\": [{\"id\", \"generation\"}], \"by\"}");
        return answer(array.fenceAll(checked(body.volumes()).stream().map(v -> new ArrayService.FenceRequest(v.id(),
                v.generation())).toList(), by(body.by(), "caller")));
    }

    /**
     * Cross-cloud export: records each volume's document id and digest in its durable state (shown as
     * {@code export} in its view), where the importing cloud checks them.
     */
    @POST
    @Path("volumes:export")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonNode export(BatchExport body) throws IOException {
        Params.body(body, "{\"volumes\": [{\"id\", \"document_id\", \"digest\"}]}");
        return answer(array.exportAll(checked(body.volumes()).stream().map(v -> new ArrayService.ExportRequest(
                v.id(), v.documentId(), v.digest())).toList()));
    }

    /**
     * Reprotect of many volumes, on their primary: the peer joins them in one call per 1,000 and only the blocks
     * either side changed alone are copied. Each entry also has {@code copied_blocks}.
     */
    @POST
    @Path("volumes:reprotect")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonNode reprotect(BatchReprotect body) throws IOException {
        Params.body(body, "{\"volumes\": [{\"id\"}], \"by\"}");
        return answer(array.reprotectAll(checked(body.volumes()).stream().map(ReprotectItem::id).toList(),
                by(body.by(), "driver")));
    }

    /** Peer path: the reprotect of many volumes on the side failed away from; each entry has changed_blocks. */
    @POST
    @Path("replica:join")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonNode join(BatchJoin body) throws IOException {
        Params.body(body, "{\"from\", \"volumes\": [{\"id\", \"generation\", \"size_bytes\", \"pair\"}]}");
        return answer(array.joinAll(checked(body.volumes()).stream().map(v -> new ArrayService.JoinRequest(v.id(),
                v.generation(), v.sizeBytes(), v.pair())).toList()));
    }

    /** Peer path: one point-in-time image of a consistency group's async members, applied as a whole. */
    @PUT
    @Path("replica-groups/{id}/image")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public jakarta.ws.rs.core.Response groupImage(@PathParam("id") String id, byte[] body) throws IOException {
        if (body == null || body.length == 0) {
            throw ArrayException.badRequest("a group image is required");
        }
        array.applyGroupImage(id, body);
        return jakarta.ws.rs.core.Response.noContent().build();
    }

    /** Peer path: an async primary's reports of what this array (its secondary) lacks. */
    @POST
    @Path("pending-reports")
    @Consumes(MediaType.APPLICATION_JSON)
    public void pendingReports(PendingReports body) {
        Params.body(body, "{\"from\", \"volumes\": [...]}");
        if (body.from() == null || body.volumes() == null) {
            throw ArrayException.badRequest("pending reports need from and volumes");
        }
        array.receiveReports(body.from(), body.volumes());
    }

    private JsonNode answer(List<ArrayService.Outcome> outcomes) {
        return json.tree(Map.of("volumes", outcomes.stream().map(array::entry).toList()));
    }

    private static <T extends Item> List<T> checked(List<T> volumes) {
        if (volumes == null) {
            throw ArrayException.badRequest("volumes is required: a list of {\"id\": ...}");
        }
        for (int i = 0; i < volumes.size(); i++) {
            if (volumes.get(i) == null || volumes.get(i).id() == null) {
                throw ArrayException.badRequest("volumes[" + i + "] has no id: every entry names a volume");
            }
        }
        return volumes;
    }

    private static String by(String by, String otherwise) {
        if (by == null) {
            return otherwise;
        }
        if (by.isBlank() || by.length() > MAX_BY) {
            throw ArrayException.badRequest("by names who acts (driver, operator, mediator): 1 to " + MAX_BY
                    + " characters");
        }
        return by;
    }
}
