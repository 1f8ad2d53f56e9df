package org.replication.v3.api.http;

/** Order of the HTTP-level filters (higher runs first): every later one may answer with headers the earlier set. */
public final class FilterPriorities {

    /** Before everything: every later filter reads the path, which must first be a URI. */
    public static final int REQUEST_URI = 500;
    /** Before all but that: a rerouted request runs the filters again, once, on its final path. */
    public static final int PROJECTLESS_PATHS = 400;
    public static final int REQUEST_ID = 300;
    public static final int REQUEST_SIZE = 250;
    public static final int MICROVERSION = 200;
    public static final int BODY_LIMIT = 100;

    private FilterPriorities() {
    }
}
