package org.replication.v3.volume.support;

import io.quarkus.test.common.QuarkusTestResource;
import org.replication.v3.testinfra.KafkaResource;
import org.replication.v3.testinfra.PostgresResource;

/**
 * The broker and the database every Quarkus test of this module runs against, declared once: a test resource that
 * is not restricted to its class is started for every test, whichever class declares it.
 */
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
public final class TestInfra {

    private TestInfra() {
    }
}
