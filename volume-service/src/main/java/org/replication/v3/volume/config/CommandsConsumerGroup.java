package org.replication.v3.volume.config;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;
import org.replication.v3.volume.backend.BackendsConfig;

/**
 * The consumer group of the command channel ({@code kafka-configuration} of {@code volume-commands-in}): every
 * instance reads every command, so each has a group of its own, {@code volume-service-<host>-<instance>}. An instance
 * named after its host (the default, one instance per host) keeps {@code volume-service-<host>}, the group a
 * single-instance deployment has always used, so an upgrade reads nothing twice.
 */
@ApplicationScoped
public class CommandsConsumerGroup {

    @Produces
    @Identifier("volume-commands-kafka")
    Map<String, Object> commandsConsumer(BackendsConfig config) {
        return Map.of("group.id", group(config.host(), config.instance()));
    }

    static String group(String host, String instance) {
        return instance.equals(host) ? "volume-service-" + host : "volume-service-" + host + "-" + instance;
    }
}
