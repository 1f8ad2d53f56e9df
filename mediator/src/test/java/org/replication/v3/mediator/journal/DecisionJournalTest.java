package org.replication.v3.mediator.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replication.v3.mediator.verdict.Action;
import org.replication.v3.mediator.verdict.Decision;
import org.replication.v3.mediator.verdict.Verdict;
import org.replication.v3.mediator.verdict.VolumeAction;

/** The journal across restarts: a new journal on the same directory is what the mediator sees after kill -9. */
class DecisionJournalTest {

    private static final Instant DETECTED = Instant.parse("2026-12-05T03:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aRestartFindsEveryDecisionWithItsAnswersAndCountsABoot() throws IOException {
        DecisionJournal journal = DecisionJournal.open(dir);
        assertThat(journal.epoch()).isEqualTo(1);
        Decision decision = linkLost("d1", 1);
        journal.append(decision);
        journal.answered("d1", "site-c", DecisionJournal.FENCE,
                List.of(new VolumeAction("v", Action.FENCED, "site-c", 4L, null)));
        journal.answered("d1", "site-b", DecisionJournal.PROMOTE,
                List.of(new VolumeAction("v", Action.PROMOTED, "site-b", 5L, null)));
        journal.done("d1");
        journal.close();

        DecisionJournal restarted = DecisionJournal.open(dir);

        assertThat(restarted.epoch()).isEqualTo(2);
        assertThat(restarted.all()).singleElement().satisfies(j -> {
            assertThat(j.done()).isTrue();
            assertThat(j.decision()).isEqualTo(decision);
            assertThat(j.view().volumes()).containsExactly(
                    VolumeAction.of("v", Action.FENCED, "site-c", 4L),
                    VolumeAction.of("v", Action.PROMOTED, "site-b", 5L));
        });
        assertThat(restarted.unfinished()).isEmpty();
        assertThat(restarted.nextSeq()).isEqualTo(2);
        restarted.close();
        assertThat(DecisionJournal.open(dir).epoch()).isEqualTo(3);
    }

    @Test
    void aReprotectIsJournaledAfterTheDecisionBeforeIt() throws IOException {
        DecisionJournal journal = DecisionJournal.open(dir);
        journal.append(linkLost("d1", 1));
        journal.done("d1");
        journal.reprotected("site-b:site-c", "site-c");
        journal.append(linkLost("d2", 2));

        DecisionJournal restarted = DecisionJournal.open(dir);

        assertThat(restarted.reprotections()).containsExactly(
                new DecisionJournal.Reprotected("site-b:site-c", "site-c", 1));
        assertThat(restarted.all()).hasSize(2);
    }

    @Test
    void aDecisionCutShortIsFoundUnfinishedWithTheBatchesAlreadyAnswered() throws IOException {
        DecisionJournal journal = DecisionJournal.open(dir);
        journal.append(linkLost("d1", 1));
        journal.answered("d1", "site-c", DecisionJournal.FENCE,
                List.of(new VolumeAction("v", Action.FENCED, "site-c", 4L, null)));
        // kill -9 here: the promote was not answered (or not made).

        DecisionJournal restarted = DecisionJournal.open(dir);

        assertThat(restarted.unfinished()).singleElement().satisfies(j -> {
            assertThat(j.decision().id()).isEqualTo("d1");
            assertThat(j.answered("site-c", DecisionJournal.FENCE)).isTrue();
            assertThat(j.answered("site-b", DecisionJournal.PROMOTE)).isFalse();
        });
        restarted.done("d1");
        assertThat(DecisionJournal.open(dir).unfinished()).isEmpty();
    }

    @Test
    void aLineTornByACrashIsDroppedAndTheJournalGoesOn() throws IOException {
        DecisionJournal journal = DecisionJournal.open(dir);
        journal.append(linkLost("d1", 1));
        journal.done("d1");
        journal.close();
        Files.write(dir.resolve("decisions.jsonl"), "{\"type\": \"decision\", \"decis".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);

        DecisionJournal restarted = DecisionJournal.open(dir);

        assertThat(restarted.all()).hasSize(1);
        restarted.append(linkLost("d2", 2));
        restarted.close();
        assertThat(DecisionJournal.open(dir).all()).extracting(j -> j.decision().id()).containsExactly("d1", "d2");
    }

    @Test
    void aDamagedLineInTheMiddleStopsTheStartRatherThanForgettingADecision() throws IOException {
        DecisionJournal journal = DecisionJournal.open(dir);
        journal.append(linkLost("d1", 1));
        journal.close();
        Files.write(dir.resolve("decisions.jsonl"), "not json\n".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);

        assertThatThrownBy(() -> DecisionJournal.open(dir)).isInstanceOf(IOException.class).hasMessageContaining(
                "line 2");
    }

    @Test
    void decisionsAreListedAfterASeqInOrder() throws IOException {
        DecisionJournal journal = DecisionJournal.open(dir);
        for (int seq = 1; seq <= 5; seq++) {
            journal.append(linkLost("d" + seq, seq));
        }

        assertThat(journal.after(2, 2)).extracting(j -> j.decision().seq()).containsExactly(3L, 4L);
        assertThat(journal.after(5, 10)).isEmpty();
        assertThatThrownBy(() -> journal.append(linkLost("d9", 9))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theJournalIsOneJsonObjectPerLineInTheWireNames() throws IOException {
        DecisionJournal journal = DecisionJournal.open(dir);
        journal.append(linkLost("d1", 1));

        String line = Files.readAllLines(dir.resolve("decisions.jsonl")).get(0);
        assertThat(line).startsWith("{\"type\":\"decision\",\"decision\":{\"id\":\"d1\",\"seq\":1,\"pair\":\"site-b:site-c\"")
                .contains("\"verdict\":\"link_lost\"", "\"lost_side\":\"site-c\"",
                        "\"detected_at\":\"2026-12-05T03:00:00Z\"", "\"action\":\"fenced\"");
    }

    private static Decision linkLost(String id, long seq) {
        return new Decision(id, seq, "site-b:site-c", Verdict.LINK_LOST, "site-b", "site-c", DETECTED,
                DETECTED.plusSeconds(2), List.of(VolumeAction.of("v", Action.FENCED, "site-c", 4L),
                        VolumeAction.of("v", Action.PROMOTED, "site-b", 3L)), 1, "test");
    }
}
