package org.replication.v3.api.crosscloud.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.replication.v3.api.crosscloud.service.ImportOrder;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.validation.CinderSchema;

/**
 * {@code POST /volumes/import-replica}: {@code {"import_replica": {"documents": [D, ...]}}} or
 * {@code {"import_replica": {"document": D}}}, with optional {@code volume_type} and {@code group_type}. The
 * documents themselves are read by the service, which knows their format.
 */
final class ImportRequests {

    private static final String KEY = "import_replica";
    private static final Set<String> FIELDS = Set.of("documents", "document", "volume_type", "group_type");

    private ImportRequests() {
    }

    static ImportOrder parse(JsonNode body) {
        ObjectNode root = CinderSchema.object(body, KEY);
        CinderSchema.onlyProperties(root, null, Set.of(KEY));
        ObjectNode request = CinderSchema.member(root, KEY);
        CinderSchema.onlyProperties(request, KEY, FIELDS);
        JsonNode many = request.get("documents");
        JsonNode one = request.get("document");
        if ((many == null) == (one == null)) {
            throw ApiException.badRequest("Invalid input received: give either 'document' or 'documents'.");
        }
        List<JsonNode> documents = new ArrayList<>();
        if (one != null) {
            documents.add(one);
        } else if (!many.isArray()) {
            throw CinderSchema.notOfType("documents", many, "'array'");
        } else if (many.isEmpty()) {
            throw CinderSchema.field("documents", many, "[] is too short");
        } else {
            many.forEach(documents::add);
        }
        return new ImportOrder(documents,
                CinderSchema.optionalString(request, "volume_type", CinderSchema.MAX_STRING).orElse(null),
                CinderSchema.optionalString(request, "group_type", CinderSchema.MAX_STRING).orElse(null));
    }
}
