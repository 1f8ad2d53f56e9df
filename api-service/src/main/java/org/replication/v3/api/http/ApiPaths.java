package org.replication.v3.api.http;

/**
 * URL prefixes of the REST resources. Cinder serves every project-scoped path both with and (since microversion
 * 3.67) without the project id. The resources are mapped once, under a plain {@code /v3/{project_id}/} template
 * (a regular-expression template would make the router try every resource's expression on every request);
 * {@link ProjectlessPaths} routes project-less URLs there with {@link #NO_PROJECT} in the project's place.
 */
public final class ApiPaths {

    public static final String PROJECT_ID = "project_id";
    public static final String PROJECT_SCOPED = "/v3/{" + PROJECT_ID + "}/";
    /** Stands for "no project id in the URL": a segment a client never sends as a project id. */
    static final String NO_PROJECT = "-";

    private ApiPaths() {
    }

    /** The project id a {@link #PROJECT_SCOPED} path carried, or null when it had none. */
    public static String projectOf(String pathParameter) {
        if (pathParameter == null || pathParameter.isEmpty() || NO_PROJECT.equals(pathParameter)) {
            return null;
        }
        return pathParameter;
    }
}
