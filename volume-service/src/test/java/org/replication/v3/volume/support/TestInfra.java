package org.replication.v3.volume.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import org.replication.v3.testinfra.ArraysResource;
import org.replication.v3.testinfra.KafkaResource;
import org.replication.v3.testinfra.PostgresResource;
import org.replication.v3.testinfra.SharedArrays;

/**
 * The broker, the database and the reference arrays every Quarkus test of this module runs against, declared once:
 * a test resource that is not restricted to its class is started for every test, whichever class declares it. The
 * arrays are real processes: fast's array replicates with site-b, capacity's with site-c, as the test profile's
 * backends say; a test takes one down with {@link #arrays()}.
 */
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ArraysResource.class, restrictToAnnotatedClass = false, initArgs =
        @ResourceArg(name = ArraysResource.PAIRS_ARG, value = TestInfra.PAIRS))
public final class TestInfra {

    static final String PAIRS = "fast:site-b,capacity:site-c";

    private TestInfra() {
    }

    /** The arrays the tests run against (started already by the test resource). */
    public static SharedArrays arrays() {
        return SharedArrays.start(java.util.List.of(PAIRS.split(",")));
    }
}
