package org.replication.v3.array.volume;

import java.time.Instant;

/**
 * A cross-cloud export of a volume's copy on this array: the document the exporting cloud wrote for it and that
 * document's digest. The importing cloud accepts a document only when this array holds the same digest, so a
 * document edited (and re-digested) between the clouds is refused by the storage, not only by its own content.
 */
public record ExportMarker(String documentId, String digest, Instant recordedAt) {
}
