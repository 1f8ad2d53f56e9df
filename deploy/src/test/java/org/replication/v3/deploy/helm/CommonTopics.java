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
 * topic added to TopicNames without a KafkaTopic in the chart fails the chart test. TopicNames: one method per topic,
 * its name the property {@code topics.<method in kebab case>} of common's microprofile-config.properties; which of them
 * are compacted: the set TopicNames declares ({@code compacted = Set.of(...)}) or, where TopicProvisioner still decides
 * it, the condition under which TopicProvisioner sets cleanup.policy=compact.
 */
record CommonTopics(Map<String, Boolean> compactedByName, int partitions) {

    private static final Path COMMON = Path.of("../common/src/main");
    private static final Path NAMES = COMMON.resolve("java/org/replication/v3/common/messaging/TopicNames.java");
    private static final Path PROVISIONER = COMMON.resolve("java/org/replication/v3/common/messaging/TopicProvisioner.java");
    private static final Path CONFIG = COMMON.resolve("resources/META-INF/microprofile-config.properties");
    /** A topic's accessor in TopicNames: {@code String volumeEvents();}. */
    private static final Pattern ACCESSOR = Pattern.compile("\\bString\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
    /** The compacted topics where TopicNames declares them. */
    private static final Pattern COMPACTED_SET = Pattern.compile("compacted\\s*=\\s*Set\\.of\\(([^;]*)\\)\\s*;");
    /** A call of a method: {@code topics.volumeEvents()}, {@code volumeEvents()}. */
    private static final Pattern CALL = Pattern.compile("(\\w+)\\s*\\(");

    static CommonTopics read() {
        try {
            Properties config = new Properties();
            config.load(new StringReader(Files.readString(CONFIG)));
            String names = Files.readString(NAMES);
            Matcher declared = COMPACTED_SET.matcher(names);
            String compactedSource;
            if (declared.find()) {
                compactedSource = declared.group(1);
            } else {
                // The statement that sets cleanup.policy=compact, and the condition before it that names the topics.
                String provisioner = Files.readString(PROVISIONER);
                int compact = provisioner.indexOf("\"compact\"");
                assertThat(compact).as("common declares its compacted topics in %s or %s (update CommonTopics if that moved)",
                        NAMES, PROVISIONER).isPositive();
                int from = Math.max(provisioner.lastIndexOf("if (", compact), provisioner.lastIndexOf(";", compact) + 1);
                compactedSource = provisioner.substring(Math.max(from, 0), compact);
            }
            Set<String> compacted = calls(compactedSource);

            Map<String, Boolean> topics = new LinkedHashMap<>();
            Matcher accessor = ACCESSOR.matcher(names);
            while (accessor.find()) {
                String method = accessor.group(1);
                String key = "topics." + method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
                String name = config.getProperty(key);
                assertThat(name).as("%s in %s (TopicNames.%s)", key, CONFIG, method).isNotNull();
                topics.put(name, compacted.contains(method));
            }
            assertThat(topics).as("topics in %s", NAMES).isNotEmpty();
            assertThat(topics.values()).as("compacted topics found in common").contains(true);
            return new CommonTopics(topics, Integer.parseInt(config.getProperty("topics.partitions")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> calls(String source) {
        Set<String> methods = new LinkedHashSet<>();
        Matcher call = CALL.matcher(source);
        while (call.find()) {
            methods.add(call.group(1));
        }
        return methods;
    }
}
