package org.replication.v3.api.failover.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.replication.v3.api.failover.FailoverOperation;
import org.replication.v3.api.failover.OperationResult;
import org.replication.v3.api.http.CinderTime;

/** The JSON of an operation: its request, state, progress and plan; its per-volume results when shown alone. */
public final class OperationView {

    private OperationView() {
    }

    public static Map<String, Object> summary(FailoverOperation operation, ObjectMapper json) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", operation.id);
        view.put("action", operation.action.value());
        view.put("scope", operation.scope.value());
        view.put("resources", operation.resourceList());
        view.put("target", operation.target);
        view.put("state", operation.state.value());
        view.put("force", operation.force);
        view.put("dry_run", operation.dryRun);
        view.put("changes", operation.changes == null ? null : operation.changes.value());
        view.put("reason", operation.reason);
        view.put("requested_by", operation.requestedBy);
        view.put("automatic", operation.automatic);
        view.put("total", operation.total);
        view.put("done", operation.done);
        view.put("failed", operation.failed);
        view.put("plan", plan(operation.plan, json));
        view.put("refusal", operation.refusal);
        view.put("created_at", time(operation.createdAt));
        view.put("updated_at", time(operation.updatedAt));
        view.put("finished_at", time(operation.finishedAt));
        return view;
    }

    public static Map<String, Object> detail(FailoverOperation operation, List<OperationResult> results,
            ObjectMapper json) {
        Map<String, Object> view = summary(operation, json);
        List<Map<String, Object>> items = new ArrayList<>(results.size());
        for (OperationResult result : results) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("volume_id", result.volumeId());
            item.put("replication_status", result.replicationStatus());
            item.put("lost_bytes", result.lostBytes());
            item.put("at_risk_as_of", time(result.atRiskAsOf()));
            item.put("lag_at_loss_seconds", result.lagAtLossSeconds());
            item.put("data_as_of", time(result.dataAsOf()));
            item.put("error", result.error());
            item.put("fenced_by", result.fencedBy());
            items.add(item);
        }
        view.put("results", items);
        return view;
    }

    private static Object plan(String plan, ObjectMapper json) {
        if (plan == null) {
            return null;
        }
        try {
            Map<String, Object> view = json.readValue(plan, Map.class);
            // a plan recorded before plans had warnings had none
            view.putIfAbsent("warnings", List.of());
            return view;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored plan unreadable: " + plan, e);
        }
    }

    private static String time(Instant at) {
        return at == null ? null : CinderTime.format(at);
    }
}
