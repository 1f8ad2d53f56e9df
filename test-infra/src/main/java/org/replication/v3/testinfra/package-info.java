/**
 * Real Kafka and PostgreSQL for tests, with or without Docker.
 * <p>
 * In a Quarkus test (test-scoped dependency on {@code org.replication.v3:test-infra}, and
 * {@code quarkus.devservices.enabled=false} so Quarkus does not look for Docker itself):
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(KafkaResource.class)
 * @WithTestResource(value = PostgresResource.class,
 *         initArgs = @ResourceArg(name = PostgresResource.DATABASE_ARG, value = "cinder"))
 * class SomeTest { ... }
 * }</pre>
 * Outside Quarkus, for instance when services run as separate processes, {@link org.replication.v3.testinfra.SharedKafka}
 * and {@link org.replication.v3.testinfra.SharedPostgres} start the same servers and are closed by the caller.
 * {@link org.replication.v3.testinfra.InfraMode} decides between containers and in-JVM servers
 * ({@code -Dtest.infra} or {@code TEST_INFRA} = auto, containers or embedded).
 */
package org.replication.v3.testinfra;
