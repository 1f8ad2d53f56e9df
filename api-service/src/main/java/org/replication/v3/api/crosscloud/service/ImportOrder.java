package org.replication.v3.api.crosscloud.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An import request as parsed: the documents as sent (read and checked by {@link ImportService}), and the types to
 * use for documents whose type names do not exist here (null: none given).
 */
public record ImportOrder(List<JsonNode> documents, String volumeType, String groupType) {
}
