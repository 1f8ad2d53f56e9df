package org.replication.v3.api.support;

import io.quarkus.test.common.QuarkusTestResource;
import org.replication.v3.testinfra.KafkaResource;
import org.replication.v3.testinfra.PostgresResource;

/**
 * The real Kafka broker and PostgreSQL every test of this module runs against. Declared once and for all test
 * classes, so that Quarkus boots the application a single time for the whole module.
 */
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
public final class TestInfrastructure {

    private TestInfrastructure() {
    }
}
