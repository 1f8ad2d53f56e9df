package org.replication.v3.api.auth;

import java.util.Set;

/** Who sent a request: the user, the project they act for, and their roles. */
public record Caller(String userId, String projectId, Set<String> roles) {

    public static final String ADMIN_ROLE = "admin";
    public static final String MEMBER_ROLE = "member";

    public boolean admin() {
        return roles.contains(ADMIN_ROLE);
    }

    /** A member of its project (Keystone's member role; a reader is not one). */
    public boolean member() {
        return roles.contains(MEMBER_ROLE);
    }
}
