package org.replication.v3.api.cinderservice.service;

/** The services a request names: a host ({@code host@backend} or a bare host) or, from 3.26, a cluster. */
public record ServiceTarget(String host, String cluster) {
}
