package org.replication.v3.replication.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.replication.v3.testinfra.ContainerImage;

/** What bin/images builds of this module: checked here, where no image can be built (no registry is reachable). */
class ContainerImageTest {

    @Test
    void isBuiltOnlyWhenAskedAsReplicationV3ForANonRootUserWithAContainerAwareHeap() {
        ContainerImage image = ContainerImage.ofThisModule();

        assertThat(image.built()).as("built only by bin/images").isFalse();
        assertThat(image.pushed()).isFalse();
        assertThat(image.group()).isEqualTo(ContainerImage.GROUP);
        assertThat(image.name()).isEqualTo("replication-service");
        assertThat(image.baseImage()).isEqualTo(ContainerImage.BASE_IMAGE);
        assertThat(image.user()).isEqualTo(ContainerImage.USER);
        assertThat(image.ports()).containsExactly(8788);
        assertThat(image.jvmArguments()).isEqualTo(ContainerImage.JVM_ARGUMENTS);
    }
}
