package org.replication.v3.api.http;

import jakarta.enterprise.context.RequestScoped;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.version.ApiVersion;

/**
 * What the filters learned about the current request: its microversion, its caller and how to link back to it.
 * Resources read it once at the start of a request and hand plain values to the reactive pipeline.
 */
@RequestScoped
public class ApiRequest {

    private ApiVersion version = ApiVersion.MIN;
    private Caller caller;
    private ResourceLinks links;

    public void init(ApiVersion version, Caller caller, ResourceLinks links) {
        this.version = version;
        this.caller = caller;
        this.links = links;
    }

    public ApiVersion version() {
        return version;
    }

    /** The authenticated caller; every path has one but the anonymous version documents. */
    public Caller caller() {
        return caller;
    }

    public ResourceLinks links() {
        return links;
    }
}
