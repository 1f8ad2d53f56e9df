package org.replication.v3.api.crosscloud.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.replication.v3.api.crosscloud.ExportItem;
import org.replication.v3.api.crosscloud.ImportItem;
import org.replication.v3.api.crosscloud.ItemStatus;
import org.replication.v3.api.crosscloud.ReplicaExport;
import org.replication.v3.api.crosscloud.ReplicaImport;
import org.replication.v3.api.http.CinderTime;

/** Exports and imports as the API shows them (CROSSCLOUD.md's E and I). */
public final class TransferView {

    private TransferView() {
    }

    /** An export in a list: everything but the documents. */
    public static Map<String, Object> exportSummary(ReplicaExport export, List<String> resources,
            List<ExportItem> items) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", export.id);
        view.put("status", export.status.value());
        view.put("scope", export.scope.value());
        view.put("resources", resources);
        view.put("clear_existing", export.clearExisting);
        view.put("acknowledge_attached", export.acknowledgeAttached);
        view.put("total", export.total);
        view.put("done", export.done);
        view.put("failed", export.failed);
        view.put("created_at", CinderTime.format(export.createdAt));
        view.put("updated_at", CinderTime.format(export.updatedAt));
        List<Map<String, Object>> failures = new ArrayList<>();
        items.stream().filter(item -> item.status() == ItemStatus.FAILED).forEach(item -> {
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("volume_id", item.volumeId());
            failure.put("reason", item.reason());
            failures.add(failure);
        });
        view.put("failures", failures);
        return view;
    }

    /** An export with its documents, each the portable JSON an import takes. */
    public static Map<String, Object> exportDetail(ReplicaExport export, List<String> resources,
            List<ExportItem> items, ObjectMapper json) {
        Map<String, Object> view = exportSummary(export, resources, items);
        List<Object> documents = new ArrayList<>();
        for (ExportItem item : items) {
            if (item.document() != null) {
                try {
                    documents.add(json.readTree(item.document()));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("stored document of volume " + item.volumeId()
                            + " is unreadable", e);
                }
            }
        }
        Object failures = view.remove("failures");
        view.put("documents", documents);
        view.put("failures", failures);
        return view;
    }

    public static Map<String, Object> importDetail(ReplicaImport replicaImport, List<ImportItem> items) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", replicaImport.id);
        view.put("status", replicaImport.status.value());
        view.put("total", replicaImport.total);
        view.put("done", replicaImport.done);
        view.put("failed", replicaImport.failed);
        view.put("created_at", CinderTime.format(replicaImport.createdAt));
        view.put("updated_at", CinderTime.format(replicaImport.updatedAt));
        List<Map<String, Object>> volumes = new ArrayList<>();
        for (ImportItem item : items) {
            Map<String, Object> volume = new LinkedHashMap<>();
            volume.put("id", item.volumeId());
            volume.put("document_id", item.documentId());
            volume.put("status", item.status().value());
            volume.put("reason", item.reason());
            volumes.add(volume);
        }
        view.put("volumes", volumes);
        return view;
    }
}
