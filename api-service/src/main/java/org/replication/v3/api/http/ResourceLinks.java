package org.replication.v3.api.http;

import java.util.List;

/**
 * Builds the self and bookmark links of resources as Cinder writes them, keeping the project id out of them when
 * the request URL had none (microversion 3.67 project-less URLs).
 *
 * @param endpoint scheme://host[:port] of the API, without a trailing slash
 * @param project  the project id of the request URL, or null for a project-less URL
 */
public record ResourceLinks(String endpoint, String project) {

    public List<Link> of(String collection, String id) {
        String path = scoped(collection) + "/" + id;
        return List.of(new Link("self", endpoint + "/v3/" + path), new Link("bookmark", endpoint + "/" + path));
    }

    /** {@code <endpoint>/v3/[<project>/]<collection>}: where a list's next link points. */
    public String collection(String collection) {
        return endpoint + "/v3/" + scoped(collection);
    }

    public String versionRoot() {
        return endpoint + "/v3/";
    }

    private String scoped(String collection) {
        return project == null ? collection : project + "/" + collection;
    }
}
