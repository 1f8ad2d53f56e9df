package org.replication.v3.mediator.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.replication.v3.testinfra.ContainerImage;

/** What bin/images builds of this module: checked here, where no image can be built (no registry is reachable). */
class ContainerImageTest {

    @Test
    void isBuiltOnlyWhenAskedAsReplicationV3ForANonRootUserWithAContainerAwareHeap() {
        assertThat(ContainerImage.ofThisModule()).isEqualTo(ContainerImage.expected("mediator", 8795));
    }
}
