package org.replication.v3.common.replication;

/** An enum constant's spelling in extra specs, capability reports and API bodies. */
public interface SpecValue {

    String value();
}
