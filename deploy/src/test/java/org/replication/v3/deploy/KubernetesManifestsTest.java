package org.replication.v3.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Checks the Kubernetes manifests against what the services need. fabric8's model parses them into typed objects but
 * is not a schema validator: it accepts missing fields and keeps misspelt ones aside, so both are checked here.
 */
class KubernetesManifestsTest {

    private static final Path MANIFESTS = Path.of("kubernetes");
    /** The project's modules, one directory each beside this one; an image is named after the module it runs. */
    private static final Path MODULES = Path.of("..");

    /**
     * HTTP ports from the module contract (docs/CONTRACT-local.md) and docs/sites.md section 1. The volume-service
     * runs once per site, each instance a workload and a Service of its own.
     */
    private static final Map<String, Integer> PORTS = Map.of(
            "api-service", 8776,
            "scheduler-service", 8786,
            "volume-service-site-b", 8787,
            "volume-service-site-c", 8787,
            "replication-service", 8788,
            "mediator", 8795,
            "array-site-b", 8791,
            "array-site-c", 8792);

    /** The control plane: the services that need Kafka and PostgreSQL. */
    private static final Set<String> CONTROL_PLANE = Set.of("api-service", "scheduler-service",
            "volume-service-site-b", "volume-service-site-c", "replication-service");
    private static final Set<String> DEPLOYMENTS = Set.of("api-service", "scheduler-service",
            "volume-service-site-b", "volume-service-site-c", "replication-service", "mediator");
    /** The sites, each with its array and its volume-service instance. */
    private static final List<String> SITES = List.of("site-b", "site-c");
    /** The test cluster's reference arrays, one per site (real arrays live outside the cluster). */
    private static final Set<String> ARRAYS = Set.of("array-site-b", "array-site-c");

    private static final List<String> CONTRACT_ENV =
            List.of("KAFKA_BOOTSTRAP_SERVERS", "PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD");

    private static final String ZONE = "topology.kubernetes.io/zone";
    private static final Pattern IMAGE = Pattern.compile("replication-v3/([a-z-]+):([0-9][0-9A-Za-z.-]*)");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)(:[^}]*)?}");
    /** Names of settings and variables that hold a secret. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(token|password|secret).*");

    private static List<KubernetesResource> resources;

    /** A Deployment's or a StatefulSet's pods, as the checks common to both see them. */
    private record Workload(String name, HasMetadata owner, LabelSelector selector, PodTemplateSpec template) {

        PodSpec pod() {
            return template.getSpec();
        }

        Container container() {
            List<Container> containers = pod().getContainers();
            assertThat(containers).as("%s containers", name).hasSize(1);
            return containers.get(0);
        }

        Map<String, EnvVar> env() {
            return container().getEnv().stream().collect(Collectors.toMap(EnvVar::getName, var -> var));
        }

        String module() {
            Matcher image = IMAGE.matcher(container().getImage());
            assertThat(image.matches()).as("%s image %s", name, container().getImage()).isTrue();
            return image.group(1);
        }
    }

    @BeforeAll
    static void parseEveryManifest() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(MANIFESTS)) {
            files = listing.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).as("manifests in %s", MANIFESTS.toAbsolutePath()).isNotEmpty();
        resources = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                Object parsed = Serialization.unmarshal(in);
                if (parsed instanceof Collection<?> documents) {
                    documents.forEach(document -> resources.add((KubernetesResource) document));
                } else if (parsed instanceof KubernetesList list) {
                    resources.addAll(list.getItems());
                } else {
                    resources.add((KubernetesResource) parsed);
                }
            }
        }
    }

    @Test
    void everyProcessHasItsWorkloadAndAServiceOnItsContractPort() {
        assertThat(named(Deployment.class).keySet()).containsExactlyInAnyOrderElementsOf(DEPLOYMENTS);
        assertThat(named(StatefulSet.class).keySet()).containsExactlyInAnyOrderElementsOf(ARRAYS);
        assertThat(named(Service.class).keySet()).containsExactlyInAnyOrderElementsOf(PORTS.keySet());
        SoftAssertions soft = new SoftAssertions();
        workloads().forEach((name, workload) -> soft.assertThat(workload.container().getPorts())
                .as("%s container ports", name)
                .extracting(ContainerPort::getContainerPort)
                .containsExactly(PORTS.get(name)));
        named(Service.class).forEach((name, service) -> soft.assertThat(service.getSpec().getPorts())
                .as("%s service ports", name)
                .extracting(port -> port.getPort())
                .containsExactly(PORTS.get(name)));
        soft.assertAll();
    }

    @Test
    void manifestsHoldNoFieldsTheKubernetesModelDoesNotKnow() {
        List<String> unknown = new ArrayList<>();
        for (KubernetesResource resource : resources) {
            collectUnknownFields(resource, describe(resource), unknown);
        }
        assertThat(unknown).as("misspelt or misplaced fields").isEmpty();
    }

    @Test
    void workloadsSelectTheirOwnPodsAndServicesRouteToThem() {
        SoftAssertions soft = new SoftAssertions();
        Map<String, Workload> workloads = workloads();
        named(Service.class).forEach((name, service) -> {
            Workload workload = workloads.get(name);
            Map<String, String> podLabels = workload.template().getMetadata().getLabels();
            soft.assertThat(podLabels).as("%s pod labels vs. its selector", name)
                    .containsAllEntriesOf(workload.selector().getMatchLabels());
            soft.assertThat(podLabels).as("%s pod labels vs. service selector", name)
                    .containsAllEntriesOf(service.getSpec().getSelector());
            service.getSpec().getPorts().forEach(port -> soft.assertThat(declaresPort(workload.container(), port.getTargetPort()))
                    .as("%s service targetPort %s is a container port", name, port.getTargetPort())
                    .isTrue());
        });
        named(StatefulSet.class).forEach((name, set) -> soft.assertThat(named(Service.class)).as("%s serviceName", name)
                .containsKey(set.getSpec().getServiceName()));
        soft.assertAll();
    }

    @Test
    void workloadsProbeQuarkusHealthWhereTheirModuleHasItAndTheirPortOtherwise() {
        SoftAssertions soft = new SoftAssertions();
        workloads().forEach((name, workload) -> {
            Container container = workload.container();
            boolean health = moduleDependsOn(workload.module(), "quarkus-smallrye-health");
            checkProbe(soft, name + " readiness", container, container.getReadinessProbe(), health ? "/q/health/ready" : null);
            checkProbe(soft, name + " liveness", container, container.getLivenessProbe(), health ? "/q/health/live" : null);
            if (container.getStartupProbe() != null) {
                checkProbe(soft, name + " startup", container, container.getStartupProbe(), health ? "/q/health/started" : null);
            }
        });
        soft.assertAll();
    }

    @Test
    void metricsAreScrapedWhereTheModuleServesThem() {
        SoftAssertions soft = new SoftAssertions();
        workloads().forEach((name, workload) -> {
            Map<String, String> annotations = workload.template().getMetadata().getAnnotations();
            boolean scraped = annotations != null && "true".equals(annotations.get("prometheus.io/scrape"));
            soft.assertThat(scraped).as("%s scraped iff its module serves Prometheus metrics", name)
                    .isEqualTo(moduleDependsOn(workload.module(), "quarkus-micrometer-registry-prometheus"));
            if (scraped) {
                soft.assertThat(annotations).as("%s scrape annotations", name)
                        .containsEntry("prometheus.io/path", "/q/metrics")
                        .containsEntry("prometheus.io/port", String.valueOf(PORTS.get(name)));
            }
        });
        soft.assertAll();
    }

    @Test
    void imagesAreTheProjectsModulesAtOneVersion() {
        SoftAssertions soft = new SoftAssertions();
        Set<String> tags = new TreeSet<>();
        workloads().forEach((name, workload) -> {
            Matcher image = IMAGE.matcher(workload.container().getImage());
            soft.assertThat(image.matches()).as("%s image %s is replication-v3/<module>:<version>", name,
                    workload.container().getImage()).isTrue();
            if (image.matches()) {
                soft.assertThat(MODULES.resolve(image.group(1)).resolve("pom.xml")).as("%s image's module", name).exists();
                tags.add(image.group(2));
            }
            soft.assertThat(workload.container().getImagePullPolicy()).as("%s imagePullPolicy", name).isEqualTo("IfNotPresent");
        });
        soft.assertThat(tags).as("image versions").hasSize(1);
        soft.assertAll();
    }

    @Test
    void workloadsRunAsNonRootWithoutPrivileges() {
        SoftAssertions soft = new SoftAssertions();
        workloads().forEach((name, workload) -> {
            PodSecurityContext pod = workload.pod().getSecurityContext();
            soft.assertThat(pod != null && Boolean.TRUE.equals(pod.getRunAsNonRoot())).as("%s runAsNonRoot", name).isTrue();
            SecurityContext container = workload.container().getSecurityContext();
            soft.assertThat(container != null && Boolean.FALSE.equals(container.getAllowPrivilegeEscalation()))
                    .as("%s allowPrivilegeEscalation: false", name).isTrue();
            soft.assertThat(container == null || container.getCapabilities() == null ? List.of() : container.getCapabilities().getDrop())
                    .as("%s capabilities dropped", name).containsExactly("ALL");
            // A non-root user writes a persistent volume only if the volume's group is its own.
            if (!persistentMounts(workload).isEmpty()) {
                soft.assertThat(pod == null ? null : pod.getFsGroup()).as("%s fsGroup for its persistent volume", name).isNotNull();
            }
        });
        soft.assertAll();
    }

    @Test
    void workloadsRequestAndLimitCpuAndMemory() {
        SoftAssertions soft = new SoftAssertions();
        workloads().forEach((name, workload) -> {
            var resources = workload.container().getResources();
            soft.assertThat(resources).as("%s resources", name).isNotNull();
            if (resources == null) {
                return;
            }
            for (String kind : List.of("cpu", "memory")) {
                Quantity request = resources.getRequests() == null ? null : resources.getRequests().get(kind);
                Quantity limit = resources.getLimits() == null ? null : resources.getLimits().get(kind);
                soft.assertThat(request).as("%s %s request", name, kind).isNotNull();
                soft.assertThat(limit).as("%s %s limit", name, kind).isNotNull();
                if (request != null && limit != null) {
                    soft.assertThat(request.getNumericalAmount()).as("%s %s request vs. limit", name, kind)
                            .isLessThanOrEqualTo(limit.getNumericalAmount());
                }
            }
        });
        soft.assertAll();
    }

    @Test
    void controlPlaneReceivesTheContractEnvironmentFromTheConfigMapAndTheSecret() {
        SoftAssertions soft = new SoftAssertions();
        CONTROL_PLANE.forEach(name -> {
            Map<String, EnvVar> env = workloads().get(name).env();
            soft.assertThat(env).as("%s environment", name).containsKeys(CONTRACT_ENV.toArray(String[]::new));
            for (String credential : List.of("PGUSER", "PGPASSWORD")) {
                soft.assertThat(fromSecret(env.get(credential))).as("%s %s comes from a Secret, not a literal", name, credential).isTrue();
            }
        });
        soft.assertAll();
    }

    @Test
    void everyConfigMapReferenceResolves() {
        Map<String, ConfigMap> configMaps = named(ConfigMap.class);
        SoftAssertions soft = new SoftAssertions();
        workloads().forEach((name, workload) -> {
            workload.env().values().stream()
                    .filter(var -> var.getValueFrom() != null && var.getValueFrom().getConfigMapKeyRef() != null)
                    .forEach(var -> {
                        var ref = var.getValueFrom().getConfigMapKeyRef();
                        ConfigMap configMap = configMaps.get(ref.getName());
                        soft.assertThat(configMap).as("%s %s: ConfigMap %s", name, var.getName(), ref.getName()).isNotNull();
                        if (configMap != null) {
                            soft.assertThat(configMap.getData()).as("%s %s: ConfigMap %s", name, var.getName(), ref.getName())
                                    .containsKey(ref.getKey());
                        }
                    });
            workload.pod().getVolumes().stream().filter(volume -> volume.getConfigMap() != null).forEach(volume ->
                    soft.assertThat(configMaps).as("%s volume %s", name, volume.getName()).containsKey(volume.getConfigMap().getName()));
        });
        soft.assertAll();
    }

    @Test
    void tokensComeFromSecretsAndNeverFromAConfigMap() {
        assertThat(resources).as("Secrets are created by the operator, never committed")
                .noneMatch(resource -> resource instanceof Secret);
        SoftAssertions soft = new SoftAssertions();
        Map<String, Workload> workloads = workloads();
        workloads.forEach((name, workload) -> workload.env().values().stream()
                .filter(var -> SECRET_NAME.matcher(var.getName()).matches())
                .forEach(var -> {
                    if (var.getName().endsWith("_FILE")) {
                        soft.assertThat(secretFile(workload, var.getValue()))
                                .as("%s %s=%s is a key of a mounted Secret", name, var.getName(), var.getValue()).isTrue();
                    } else {
                        soft.assertThat(fromSecret(var)).as("%s %s comes from a Secret", name, var.getName()).isTrue();
                    }
                }));

        named(ConfigMap.class).forEach((configMapName, configMap) -> configMap.getData().forEach((key, value) -> {
            soft.assertThat(key).as("ConfigMap %s key", configMapName).doesNotMatch(SECRET_NAME);
            if (!key.endsWith(".properties")) {
                return;
            }
            // A properties file may name a token only as an expression over a variable each pod mounting it takes
            // from a Secret.
            properties(value).forEach((property, setting) -> {
                if (!SECRET_NAME.matcher(property.toString()).matches()) {
                    return;
                }
                Matcher expression = EXPRESSION.matcher(setting.toString());
                soft.assertThat(expression.matches()).as("ConfigMap %s %s: %s=%s is ${VARIABLE}", configMapName, key,
                        property, setting).isTrue();
                if (!expression.matches()) {
                    return;
                }
                workloads.values().stream().filter(workload -> mountsConfigMap(workload, configMapName)).forEach(workload ->
                        soft.assertThat(fromSecret(workload.env().get(expression.group(1))))
                                .as("%s %s (in ConfigMap %s) comes from a Secret", workload.name(), expression.group(1),
                                        configMapName)
                                .isTrue());
            });
        }));
        soft.assertAll();
    }

    @Test
    void volumeServiceIsAClientOfTheArraysAndTheMediator() {
        SoftAssertions soft = new SoftAssertions();
        for (String site : SITES) {
            String name = "volume-service-" + site;
            Deployment deployment = named(Deployment.class).get(name);
            Workload workload = workloads().get(name);
            Map<String, EnvVar> env = workload.env();
            soft.assertThat(deployment.getSpec().getReplicas()).as("%s replicas", name).isEqualTo(1);
            soft.assertThat(deployment.getSpec().getStrategy().getType()).as("%s strategy", name).isEqualTo("Recreate");
            soft.assertThat(env).as("the arrays are no longer directories of the service")
                    .doesNotContainKeys("VOLUME_DATA_DIR", "VOLUME_FAULT_INJECTION_ENABLED");
            soft.assertThat(persistentMounts(workload)).as("%s persistent volumes", name).isEmpty();
            for (String url : List.of("ARRAY_B_URL", "ARRAY_C_URL", "VOLUME_MEDIATOR_URL")) {
                EnvVar var = env.get(url);
                soft.assertThat(var != null && var.getValueFrom() != null
                        && var.getValueFrom().getConfigMapKeyRef() != null)
                        .as("%s %s from replication-v3-config", name, url).isTrue();
            }
            soft.assertThat(env).as("%s token files", name)
                    .containsKeys("ARRAY_TOKEN_FILE", "VOLUME_MEDIATOR_TOKEN_FILE");
        }
        soft.assertAll();
    }

    @Test
    void eachSiteRunsAVolumeServiceInstanceBesideItsArray() {
        SoftAssertions soft = new SoftAssertions();
        for (String site : SITES) {
            String name = "volume-service-" + site;
            Workload workload = workloads().get(name);
            Map<String, EnvVar> env = workload.env();
            EnvVar instance = env.get("VOLUME_INSTANCE");
            // A lease names its holder: the name must be the process's own, the pod's.
            soft.assertThat(instance != null && instance.getValueFrom() != null
                    && instance.getValueFrom().getFieldRef() != null
                    && "metadata.name".equals(instance.getValueFrom().getFieldRef().getFieldPath()))
                    .as("%s VOLUME_INSTANCE from the pod's name", name).isTrue();
            soft.assertThat(env.get("VOLUME_SITE") == null ? null : env.get("VOLUME_SITE").getValue())
                    .as("%s VOLUME_SITE", name).isEqualTo(site);
            Set<String> zones = requiredZones(workload);
            soft.assertThat(zones).as("%s pinned to one zone", name).hasSize(1);
            soft.assertThat(zones).as("%s zone vs. its site's array", name)
                    .isEqualTo(requiredZones(workloads().get("array-" + site)));
        }
        soft.assertAll();
    }

    @Test
    void configuredEndpointsAreServicesOfTheManifests() {
        Map<String, String> config = named(ConfigMap.class).get("replication-v3-config").getData();
        Map<String, Service> services = named(Service.class);
        SoftAssertions soft = new SoftAssertions();
        Map.of("ARRAY_B_URL", "array-site-b", "ARRAY_C_URL", "array-site-c", "MEDIATOR_URL", "mediator").forEach((key, service) -> {
            soft.assertThat(config).as("replication-v3-config").containsKey(key);
            if (config.containsKey(key)) {
                URI uri = URI.create(config.get(key));
                soft.assertThat(uri.getHost()).as("%s host", key).isEqualTo(service);
                soft.assertThat(uri.getPort()).as("%s port", key).isEqualTo(services.get(service).getSpec().getPorts().get(0).getPort());
            }
        });
        soft.assertAll();
    }

    @Test
    void theMediatorRunsAloneInAZoneNeitherArrayUses() {
        Deployment mediator = named(Deployment.class).get("mediator");
        Workload workload = workloads().get("mediator");
        Set<String> mediatorZones = requiredZones(workload);
        Map<String, Set<String>> arrayZones = ARRAYS.stream()
                .collect(Collectors.toMap(name -> name, name -> requiredZones(workloads().get(name))));
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(mediator.getSpec().getReplicas()).as("mediator replicas").isEqualTo(1);
        soft.assertThat(mediator.getSpec().getStrategy().getType()).as("mediator strategy").isEqualTo("Recreate");
        soft.assertThat(mediatorZones).as("mediator pinned to a zone").isNotEmpty();
        arrayZones.forEach((name, zones) -> {
            soft.assertThat(zones).as("%s pinned to one zone", name).hasSize(1);
            soft.assertThat(zones).as("%s zones vs. the mediator's", name).doesNotContainAnyElementsOf(mediatorZones);
        });
        soft.assertThat(arrayZones.get("array-site-b")).as("the arrays' zones")
                .doesNotContainAnyElementsOf(arrayZones.get("array-site-c"));
        soft.assertThat(persistentMounts(workload)).as("mediator data dir on its claim")
                .containsValue(workload.env().get("MEDIATOR_DATA_DIR").getValue());
        persistentMounts(workload).keySet().forEach(claim -> soft.assertThat(named(PersistentVolumeClaim.class))
                .as("mediator claim").containsKey(claim));
        soft.assertAll();
    }

    @Test
    void theMediatorKnowsEveryArrayOfItsPairsFromItsConfigFile() throws IOException {
        Workload workload = workloads().get("mediator");
        Map<String, EnvVar> env = workload.env();
        EnvVar locations = env.get("QUARKUS_CONFIG_LOCATIONS");
        assertThat(locations).as("QUARKUS_CONFIG_LOCATIONS").isNotNull();
        Path file = Path.of(locations.getValue());
        VolumeMount mount = workload.container().getVolumeMounts().stream()
                .filter(candidate -> Path.of(candidate.getMountPath()).equals(file.getParent()))
                .findFirst().orElseThrow(() -> new AssertionError(file + " is not in a mounted volume"));
        Volume volume = workload.pod().getVolumes().stream().filter(candidate -> candidate.getName().equals(mount.getName()))
                .findFirst().orElseThrow();
        assertThat(volume.getConfigMap()).as("%s is mounted from a ConfigMap", file).isNotNull();
        String text = named(ConfigMap.class).get(volume.getConfigMap().getName()).getData().get(file.getFileName().toString());
        assertThat(text).as("%s in ConfigMap %s", file, volume.getConfigMap().getName()).isNotNull();
        Properties settings = properties(text);

        SoftAssertions soft = new SoftAssertions();
        for (String pair : env.get("MEDIATOR_PAIRS").getValue().split(",")) {
            for (String side : pair.split(":")) {
                soft.assertThat(settings).as("%s", file)
                        .containsKeys("mediator.arrays." + side + ".url", "mediator.arrays." + side + ".token");
            }
        }
        // A variable the file names but the pod lacks fails the mediator's start.
        settings.values().forEach(setting -> {
            Matcher expression = EXPRESSION.matcher(setting.toString());
            while (expression.find()) {
                soft.assertThat(env.keySet()).as("%s names ${%s}", file, expression.group(1)).contains(expression.group(1));
            }
        });
        soft.assertAll();
    }

    @Test
    void eachArrayIsItsSiteAndTheOthersPeer() {
        SoftAssertions soft = new SoftAssertions();
        Map<String, StatefulSet> sets = named(StatefulSet.class);
        sets.forEach((name, set) -> {
            Workload workload = workloads().get(name);
            Map<String, EnvVar> env = workload.env();
            String site = name.substring("array-".length());
            soft.assertThat(set.getSpec().getReplicas()).as("%s replicas", name).isEqualTo(1);
            soft.assertThat(env.get("ARRAY_NAME").getValue()).as("%s ARRAY_NAME", name).isEqualTo(site);
            soft.assertThat(env.get("QUARKUS_HTTP_PORT").getValue()).as("%s QUARKUS_HTTP_PORT", name)
                    .isEqualTo(String.valueOf(PORTS.get(name)));
            soft.assertThat(set.getSpec().getVolumeClaimTemplates()).as("%s claim templates", name).isNotEmpty();
            soft.assertThat(persistentMounts(workload)).as("%s ARRAY_DATA_DIR on its claim", name)
                    .containsValue(env.get("ARRAY_DATA_DIR").getValue());
            sets.keySet().stream().filter(other -> !other.equals(name)).forEach(other -> soft
                    .assertThat(env.get("JAVA_TOOL_OPTIONS").getValue()).as("%s peers", name)
                    .contains("-Darray.peers." + other.substring("array-".length()) + ".url=http://" + other + ":" + PORTS.get(other)));
        });
        soft.assertAll();
    }

    /** Checks an HTTP probe on {@code path}, or a TCP probe when {@code path} is null. Either on a declared port. */
    private static void checkProbe(SoftAssertions soft, String what, Container container, Probe probe, String path) {
        soft.assertThat(probe).as(what).isNotNull();
        if (probe == null) {
            return;
        }
        if (path == null) {
            soft.assertThat(probe.getTcpSocket()).as("%s tcpSocket (no /q/health in the module)", what).isNotNull();
            if (probe.getTcpSocket() != null) {
                soft.assertThat(declaresPort(container, probe.getTcpSocket().getPort())).as("%s port is a container port", what).isTrue();
            }
            return;
        }
        soft.assertThat(probe.getHttpGet()).as("%s httpGet", what).isNotNull();
        if (probe.getHttpGet() != null) {
            soft.assertThat(probe.getHttpGet().getPath()).as("%s path", what).isEqualTo(path);
            soft.assertThat(declaresPort(container, probe.getHttpGet().getPort())).as("%s port is a container port", what).isTrue();
        }
    }

    private static boolean declaresPort(Container container, IntOrString port) {
        return port != null && container.getPorts().stream().anyMatch(declared -> port.getStrVal() != null
                ? port.getStrVal().equals(declared.getName())
                : port.getIntVal().equals(declared.getContainerPort()));
    }

    private static boolean moduleDependsOn(String module, String artifactId) {
        try {
            return Files.readString(MODULES.resolve(module).resolve("pom.xml")).contains("<artifactId>" + artifactId + "</artifactId>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean fromSecret(EnvVar var) {
        return var != null && var.getValue() == null && var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null;
    }

    /** Whether {@code file} is a key of a Secret the workload mounts. */
    private static boolean secretFile(Workload workload, String file) {
        if (file == null) {
            return false;
        }
        Path path = Path.of(file);
        return workload.container().getVolumeMounts().stream()
                .filter(mount -> path.getParent().equals(Path.of(mount.getMountPath())))
                .flatMap(mount -> workload.pod().getVolumes().stream().filter(volume -> volume.getName().equals(mount.getName())))
                .map(Volume::getSecret)
                .anyMatch(secret -> secret != null && (secret.getItems() == null || secret.getItems().isEmpty()
                        || secret.getItems().stream().anyMatch(item -> item.getPath().equals(path.getFileName().toString()))));
    }

    private static boolean mountsConfigMap(Workload workload, String configMap) {
        return workload.pod().getVolumes().stream()
                .anyMatch(volume -> volume.getConfigMap() != null && volume.getConfigMap().getName().equals(configMap));
    }

    /** The workload's persistent volumes: claim name (or claim template name) to mount path. */
    private static Map<String, String> persistentMounts(Workload workload) {
        Map<String, String> claims = new HashMap<>();
        workload.pod().getVolumes().stream().filter(volume -> volume.getPersistentVolumeClaim() != null)
                .forEach(volume -> claims.put(volume.getName(), volume.getPersistentVolumeClaim().getClaimName()));
        if (workload.owner() instanceof StatefulSet set && set.getSpec().getVolumeClaimTemplates() != null) {
            set.getSpec().getVolumeClaimTemplates()
                    .forEach(claim -> claims.put(claim.getMetadata().getName(), claim.getMetadata().getName()));
        }
        Map<String, String> mounts = new HashMap<>();
        workload.container().getVolumeMounts().stream().filter(mount -> claims.containsKey(mount.getName()))
                .forEach(mount -> mounts.put(claims.get(mount.getName()), mount.getMountPath()));
        return mounts;
    }

    /** The zones a pod must be scheduled in: its required node affinity on {@value #ZONE}. */
    private static Set<String> requiredZones(Workload workload) {
        Affinity affinity = workload.pod().getAffinity();
        NodeAffinity node = affinity == null ? null : affinity.getNodeAffinity();
        if (node == null || node.getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return Set.of();
        }
        List<NodeSelectorTerm> terms = node.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
        // Terms are alternatives: a term without a zone requirement would allow any zone.
        assertThat(terms).as("%s node selector terms", workload.name()).hasSize(1);
        return terms.get(0).getMatchExpressions().stream()
                .filter(requirement -> requirement.getKey().equals(ZONE) && requirement.getOperator().equals("In"))
                .flatMap(requirement -> requirement.getValues().stream())
                .collect(Collectors.toSet());
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

    private static Map<String, Workload> workloads() {
        Map<String, Workload> workloads = new HashMap<>();
        named(Deployment.class).forEach((name, deployment) -> workloads.put(name,
                new Workload(name, deployment, deployment.getSpec().getSelector(), deployment.getSpec().getTemplate())));
        named(StatefulSet.class).forEach((name, set) -> workloads.put(name,
                new Workload(name, set, set.getSpec().getSelector(), set.getSpec().getTemplate())));
        return workloads;
    }

    private static <T extends HasMetadata> Map<String, T> named(Class<T> kind) {
        return resources.stream()
                .filter(kind::isInstance)
                .map(kind::cast)
                .collect(Collectors.toMap(resource -> resource.getMetadata().getName(), resource -> resource));
    }

    private static String describe(KubernetesResource resource) {
        return resource instanceof HasMetadata named ? named.getKind() + "/" + named.getMetadata().getName() : resource.toString();
    }

    /** Walks the parsed model; fabric8 parks any YAML key its classes do not declare in {@code additionalProperties}. */
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
