package org.replication.v3.api.type.service;

/** An encryption spec as requested: Cinder's provider, cipher, key size and control location. */
public record EncryptionSpec(String provider, String cipher, Integer keySize, String controlLocation) {
}
