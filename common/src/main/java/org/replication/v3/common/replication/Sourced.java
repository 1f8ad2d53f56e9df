package org.replication.v3.common.replication;

/** An effective value and the level it came from; {@code value} is null when no level sets it. */
public record Sourced<T>(T value, SettingSource source) {
}
