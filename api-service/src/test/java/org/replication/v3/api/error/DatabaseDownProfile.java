package org.replication.v3.api.error;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import org.replication.v3.api.support.StoppablePostgresResource;
import org.replication.v3.testinfra.KafkaResource;

/** The API on a PostgreSQL of its own that the test stops and starts, instead of the module's shared one. */
public class DatabaseDownProfile implements QuarkusTestProfile {

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KafkaResource.class), new TestResourceEntry(StoppablePostgresResource.class));
    }
}
