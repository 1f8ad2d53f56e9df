package org.replication.v3.drill;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PayloadsTest {

    @Test
    void aBlockSaysWhichWriteProducedItAndNothingElsePassesForOne() {
        byte[] data = new byte[3 * Payloads.BLOCK];
        System.arraycopy(Payloads.of("vol-1", 1, 42), 0, data, Payloads.BLOCK, Payloads.BLOCK);
        System.arraycopy(Payloads.of("vol-1", 7, 43), 0, data, 2 * Payloads.BLOCK, Payloads.BLOCK);

        assertThat(Payloads.seqOf("vol-1", 0, data, 0)).as("never written").isZero();
        assertThat(Payloads.seqOf("vol-1", 1, data, Payloads.BLOCK)).isEqualTo(42);
        assertThat(Payloads.seqOf("vol-1", 2, data, 2 * Payloads.BLOCK)).as("another block's write").isEqualTo(-1);
        assertThat(Payloads.seqOf("vol-2", 1, data, Payloads.BLOCK)).as("another volume's").isEqualTo(-1);

        data[Payloads.BLOCK + 100] ^= 1;
        assertThat(Payloads.seqOf("vol-1", 1, data, Payloads.BLOCK)).as("one bit changed").isEqualTo(-1);
    }

    @Test
    void theSameWriteAlwaysHasTheSameBytes() {
        assertThat(Payloads.sha256(Payloads.of("v", 3, 9))).isEqualTo(Payloads.sha256(Payloads.of("v", 3, 9)))
                .isNotEqualTo(Payloads.sha256(Payloads.of("v", 3, 10)));
    }
}
