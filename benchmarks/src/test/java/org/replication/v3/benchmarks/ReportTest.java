package org.replication.v3.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @Test
    void eachRunIsOneJsonLineAppendedWithItsNamesAndPrintedValues(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("runs.jsonl");
        new Report("read load: \"8\" clients").add("GET volumes/{id} p99", 5.04, "ms").append(results, "read");
        new Report("create").add("ended in\terror", "0").append(results, "create");

        assertThat(Files.readAllLines(results)).containsExactly(
                "{\"benchmark\":\"read\",\"title\":\"read load: \\\"8\\\" clients\","
                        + "\"values\":{\"GET volumes/{id} p99\":\"5.0 ms\"}}",
                "{\"benchmark\":\"create\",\"title\":\"create\",\"values\":{\"ended in\\u0009error\":\"0\"}}");
    }
}
