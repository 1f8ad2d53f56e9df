package org.replication.v3.api.version;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;
import org.replication.v3.api.auth.Anonymous;
import org.replication.v3.api.http.ApiRequest;

/**
 * Cinder's version discovery: clients read {@code version} (the highest microversion) and {@code min_version}
 * from here before they pick the microversion they send.
 */
@Anonymous
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class VersionResource {

    private final ApiRequest request;

    public VersionResource(ApiRequest request) {
        this.request = request;
    }

    /** The list of API versions; 300 Multiple Choices, as Cinder answers. */
    @GET
    public RestResponse<Map<String, Object>> versions() {
        return RestResponse.status(RestResponse.Status.MULTIPLE_CHOICES, document());
    }

    @GET
    @Path("v3")
    public Map<String, Object> v3() {
        return document();
    }

    private Map<String, Object> document() {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", "v3.0");
        version.put("status", "CURRENT");
        version.put("version", ApiVersion.MAX.toString());
        version.put("min_version", ApiVersion.MIN.toString());
        version.put("updated", ApiVersion.MAX_UPDATED);
        Map<String, String> describedBy = new LinkedHashMap<>();
        describedBy.put("rel", "describedby");
        describedBy.put("type", "text/html");
        describedBy.put("href", "https://docs.openstack.org/");
        Map<String, String> self = new LinkedHashMap<>();
        self.put("rel", "self");
        self.put("href", request.links().versionRoot());
        version.put("links", List.of(describedBy, self));
        Map<String, String> mediaType = new LinkedHashMap<>();
        mediaType.put("base", "application/json");
        mediaType.put("type", "application/vnd.openstack.volume+json;version=3");
        version.put("media-types", List.of(mediaType));
        return Map.of("versions", List.of(version));
    }
}
