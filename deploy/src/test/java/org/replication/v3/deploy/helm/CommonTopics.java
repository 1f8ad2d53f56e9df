package org.replication.v3.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The suite's topics as module common declares them, read from its sources so that this test holds no second list: a
 * topic added to TopicNames and created by TopicProvisioner without a KafkaTopic in the chart fails the chart test.
 * TopicNames: one method per topic, its name the property {@code topics.<method in kebab case>} of common's
 * microprofile-config.properties; TopicProvisioner: which of them it creates compacted.
 */
record CommonTopics(Map<String, Boolean> compactedByName, int partitions) {

    private static final Path COMMON = Path.of("../common/src/main");
    private static final Path NAMES = COMMON.resolve("java/org/replication/v3/common/messaging/TopicNames.java");
    private static final Path PROVISIONER = COMMON.resolve("java/org/replication/v3/common/messaging/TopicProvisioner.java");
    private static final Path CONFIG = COMMON.resolve("resources/META-INF/microprofile-config.properties");
    /** A topic's accessor in TopicNames: {@code String volumeEvents();}. */
    private static final Pattern ACCESSOR = Pattern.compile("\\bString\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
    /** A use of an accessor in TopicProvisioner: {@code topics.volumeEvents()} or {@code TopicNames::volumeEvents}. */
    private static final Pattern USE = Pattern.compile("(?:topics\\.|TopicNames::)(\\w+)");

    static CommonTopics read() {
        try {
            Properties config = new Properties();
            config.load(new StringReader(Files.readString(CONFIG)));
            String provisioner = Files.readString(PROVISIONER);
            // The statement that sets cleanup.policy=compact, and the condition or set before it that names the topics.
            int compact = provisioner.indexOf("\"compact\"");
            assertThat(compact).as("%s sets cleanup.policy compact somewhere (update CommonTopics if it moved)", PROVISIONER)
                    .isPositive();
            int from = Math.max(provisioner.lastIndexOf("if (", compact), provisioner.lastIndexOf(";", compact) + 1);
            Set<String> compacted = uses(provisioner.substring(Math.max(from, 0), compact));
            Set<String> provisioned = uses(provisioner);

            Map<String, Boolean> topics = new LinkedHashMap<>();
            Matcher accessor = ACCESSOR.matcher(Files.readString(NAMES));
            while (accessor.find()) {
                String method = accessor.group(1);
                String key = "topics." + method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
                String name = config.getProperty(key);
                assertThat(name).as("%s in %s (TopicNames.%s)", key, CONFIG, method).isNotNull();
                assertThat(provisioned).as("TopicProvisioner creates TopicNames.%s", method).contains(method);
                topics.put(name, compacted.contains(method));
            }
            assertThat(topics).as("topics in %s", NAMES).isNotEmpty();
            assertThat(topics.values()).as("compacted topics found in %s", PROVISIONER).contains(true);
            return new CommonTopics(topics, Integer.parseInt(config.getProperty("topics.partitions")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> uses(String source) {
        Set<String> methods = new LinkedHashSet<>();
        Matcher use = USE.matcher(source);
        while (use.find()) {
            methods.add(use.group(1));
        }
        return methods;
    }
}
