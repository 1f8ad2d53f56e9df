package org.replication.v3.mediator.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.replication.v3.mediator.journal.DecisionJournal;
import org.replication.v3.mediator.service.Mediator;
import org.replication.v3.mediator.verdict.Decision;

/**
 * What the mediator decided ({@code GET /v1/decisions?after=<seq>}, oldest first, for the backends' owners to
 * follow with a cursor) and how it sees each pair now ({@code GET /v1/health}).
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class MediatorResource {

    /** At most this many decisions in one answer; the caller asks again after the last seq. */
    static final int PAGE = 500;

    /** A decision with whether every array call of it was answered ({@code done}) or not yet ({@code in_progress}). */
    public record DecisionView(@JsonUnwrapped Decision decision, String status) {
    }

    /** The mediator's epoch (its boot counter), decisions not finished yet, and its view of each pair. */
    public record HealthView(long epoch, int unfinishedDecisions, List<Mediator.PairHealth> pairs) {
    }

    private final Mediator mediator;

    public MediatorResource(Mediator mediator) {
        this.mediator = mediator;
    }

    @GET
    @Path("decisions")
    public Map<String, Object> decisions(@QueryParam("after") String after) {
        long seq;
        try {
            seq = after == null || after.isBlank() ? 0 : Long.parseLong(after.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("after is a decision's seq (a whole number), not '" + after + "'");
        }
        List<DecisionView> views = mediator.journal().after(seq, PAGE).stream()
                .map(j -> new DecisionView(j.view(), j.done() ? "done" : "in_progress")).toList();
        return Map.of("decisions", views);
    }

    @GET
    @Path("health")
    public HealthView health() {
        DecisionJournal journal = mediator.journal();
        return new HealthView(journal.epoch(), journal.unfinished().size(), mediator.health());
    }
}
