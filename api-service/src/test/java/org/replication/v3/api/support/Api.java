package org.replication.v3.api.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/** Requests as cinderclient's noauth plugin sends them, for an admin or a plain member of a project. */
public final class Api {

    public static final String VERSION_HEADER = "OpenStack-API-Version";

    private Api() {
    }

    /** A fresh project id (Keystone style, 32 hex digits), so tests never see each other's volumes. */
    public static String newProject() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    public static RequestSpecification admin(String project) {
        return as("admin", project, "admin");
    }

    public static RequestSpecification member(String project) {
        return as("member", project, "member");
    }

    public static RequestSpecification as(String user, String project, String roles) {
        return given().accept(ContentType.JSON)
                .header("X-Auth-Token", user + ":" + project)
                .header("X-Roles", roles);
    }

    public static RequestSpecification at(RequestSpecification request, String microversion) {
        return request.header(VERSION_HEADER, "volume " + microversion);
    }
}
