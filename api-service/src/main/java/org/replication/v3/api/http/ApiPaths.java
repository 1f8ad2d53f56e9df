package org.replication.v3.api.http;

/**
 * URL prefixes of the REST resources. Cinder serves every project-scoped path both with and (since microversion
 * 3.67) without the project id; one template covers both, {@code project_id} being empty or {@code "<id>/"}.
 */
public final class ApiPaths {

    public static final String PROJECT_ID = "project_id";
    public static final String PROJECT_SCOPED = "/v3/{" + PROJECT_ID + ": ([^/]+/)?}";

    private ApiPaths() {
    }

    /** The project id a {@link #PROJECT_SCOPED} path carried, or null when it had none. */
    public static String projectOf(String pathParameter) {
        if (pathParameter == null || pathParameter.isEmpty()) {
            return null;
        }
        return pathParameter.endsWith("/") ? pathParameter.substring(0, pathParameter.length() - 1) : pathParameter;
    }
}
