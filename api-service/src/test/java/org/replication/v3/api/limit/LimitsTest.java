package org.replication.v3.api.limit;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.volume.VolumeSchedulingFailed;

/** GET limits: the configured quotas and what the project's own volumes use. */
@QuarkusTest
class LimitsTest {

    @Inject
    EventCodec codec;

    @Inject
    TopicNames topics;

    @Test
    void limitsShowQuotasAndTheProjectsOwnUsage() {
        String project = Api.newProject();
        Volumes.create(project);
        Volumes.create(project);
        Volumes.create(Api.newProject());

        Api.member(project).get("/v3/" + project + "/limits").then().statusCode(200)
                .body("limits.rate", hasSize(0))
                .body("limits.absolute.maxTotalVolumes", equalTo(10))
                .body("limits.absolute.maxTotalVolumeGigabytes", equalTo(1000))
                .body("limits.absolute.maxTotalSnapshots", equalTo(10))
                .body("limits.absolute.maxTotalBackups", equalTo(10))
                .body("limits.absolute.maxTotalBackupGigabytes", equalTo(1000))
                .body("limits.absolute.totalVolumesUsed", equalTo(2))
                .body("limits.absolute.totalGigabytesUsed", equalTo(2))
                .body("limits.absolute.totalSnapshotsUsed", equalTo(0))
                .body("limits.absolute.totalBackupsUsed", equalTo(0))
                .body("limits.absolute.totalBackupGigabytesUsed", equalTo(0));
    }

    @Test
    void deletedVolumesUseNothing() {
        String project = Api.newProject();
        String id = Volumes.create(project);
        VolumeSchedulingFailed failed = new VolumeSchedulingFailed(id, "No valid backend was found.");
        Volumes.publish(topics.schedulerEvents(), failed, Volumes.encode(codec, failed));
        Volumes.awaitStatus(project, id, "error");
        Api.admin(project).delete("/v3/" + project + "/volumes/" + id).then().statusCode(202);
        Volumes.awaitGone(project, id);

        Api.member(project).get("/v3/" + project + "/limits").then().statusCode(200)
                .body("limits.absolute.totalVolumesUsed", equalTo(0))
                .body("limits.absolute.totalGigabytesUsed", equalTo(0));
    }

    @Test
    void anotherProjectsLimitsFrom339AreForAdminsOnly() {
        String project = Api.newProject();
        String other = Api.newProject();
        Volumes.create(other);

        Api.at(Api.admin(project), "3.39").queryParam("project_id", other).get("/v3/" + project + "/limits")
                .then().statusCode(200).body("limits.absolute.totalVolumesUsed", equalTo(1));
        Api.at(Api.member(project), "3.39").queryParam("project_id", other).get("/v3/" + project + "/limits")
                .then().statusCode(403).body("forbidden.message", equalTo("Not authorized."));
        // Before 3.39 the parameter means nothing: the caller's own project.
        Api.at(Api.admin(project), "3.38").queryParam("project_id", other).get("/v3/" + project + "/limits")
                .then().statusCode(200).body("limits.absolute.totalVolumesUsed", equalTo(0));
    }
}
