package org.replication.v3.common.group;

/** A volume of a group being deleted, and where it lives (host@backend#pool). */
public record GroupMember(String volumeId, String host) {
}
