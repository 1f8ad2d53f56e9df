package org.replication.v3.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/events/asyncapi.yaml equal to what {@link EventCatalogue} generates from the records, so the catalogue
 * outside teams read cannot drift from what the services publish. After changing an event record (or the routes
 * table), regenerate the file with
 * {@code ./mvnw -o -B -q -pl common test -Dtest=EventCatalogueTest -Devents.write=true} and commit it.
 */
class EventCatalogueTest {

    private static final String REGENERATE = "./mvnw -o -B -q -pl common test -Dtest=EventCatalogueTest"
            + " -Devents.write=true";

    @Test
    void theCheckedInCatalogueIsWhatTheRecordsGenerate() throws IOException {
        String generated = EventCatalogue.generate();
        if (Boolean.getBoolean("events.write")) {
            Files.createDirectories(EventCatalogue.FILE.getParent());
            Files.writeString(EventCatalogue.FILE, generated);
        }

        String checkedIn = Files.exists(EventCatalogue.FILE) ? Files.readString(EventCatalogue.FILE) : "";

        assertThat(checkedIn)
                .as("docs/events/asyncapi.yaml differs from the event records in common; regenerate it with\n  "
                        + REGENERATE + "\nand commit it (a changed v1 field is a new .v2 type: see docs/events.md)")
                .isEqualTo(generated);
    }

    @Test
    void theCatalogueHasAMessageForEveryTypeAndNothingElse() throws IOException {
        Matcher names = Pattern.compile("(?m)^      name: (\\S+)$").matcher(Files.readString(EventCatalogue.FILE));
        List<String> messages = names.results().map(m -> m.group(1)).filter(n -> !n.equals("deadLetter")).toList();

        assertThat(messages).containsExactlyInAnyOrderElementsOf(
                EventTypes.ALL.stream().map(EventTypes::typeOf).toList());
    }
}
