package org.replication.v3.api.http;

/** A link in a resource body; component order is Cinder's JSON order. */
public record Link(String rel, String href) {
}
