package org.replication.v3.common.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class BackingServiceDownTest {

    @Test
    void aRefusedConnectionIsDownWithNothingDone() {
        Throwable refused = new CompletionException(new ConnectException("Connection refused"));
        assertThat(BackingServiceDown.is(refused)).isTrue();
        assertThat(BackingServiceDown.lostMidway(refused)).isFalse();
    }

    @Test
    void aConnectionResetUnderACommitIsDownAndInDoubt() {
        Throwable reset = new IllegalStateException("commit", new SocketException("Connection reset"));
        assertThat(BackingServiceDown.is(reset)).isTrue();
        assertThat(BackingServiceDown.lostMidway(reset)).isTrue();
    }

    @Test
    void anyOtherFailureIsNeither() {
        Throwable bug = new IllegalArgumentException("no such column");
        assertThat(BackingServiceDown.is(bug)).isFalse();
        assertThat(BackingServiceDown.lostMidway(bug)).isFalse();
    }
}
