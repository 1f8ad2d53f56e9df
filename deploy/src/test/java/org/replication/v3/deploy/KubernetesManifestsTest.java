package org.replication.v3.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Checks the Kubernetes manifests against what the services need. fabric8's model parses them into typed objects but
 * is not a schema validator: it accepts missing fields and keeps misspelt ones aside, so both are checked here.
 */
class KubernetesManifestsTest {

    private static final Path MANIFESTS = Path.of("kubernetes");

    /** HTTP ports from the module contract (docs/CONTRACT-local.md). */
    private static final Map<String, Integer> SERVICE_PORTS = Map.of(
            "api-service", 8776,
            "scheduler-service", 8786,
            "volume-service", 8787,
            "replication-service", 8788);

    private static final List<String> CONTRACT_ENV =
            List.of("KAFKA_BOOTSTRAP_SERVERS", "PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD");

    private static List<KubernetesResource> resources;

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
    void everyServiceHasADeploymentAndAServiceOnItsContractPort() {
        assertThat(named(Deployment.class).keySet()).containsExactlyInAnyOrderElementsOf(SERVICE_PORTS.keySet());
        assertThat(named(Service.class).keySet()).containsExactlyInAnyOrderElementsOf(SERVICE_PORTS.keySet());
        SoftAssertions soft = new SoftAssertions();
        named(Deployment.class).forEach((name, deployment) -> soft.assertThat(container(deployment).getPorts())
                .as("%s container ports", name)
                .extracting(ContainerPort::getContainerPort)
                .containsExactly(SERVICE_PORTS.get(name)));
        named(Service.class).forEach((name, service) -> soft.assertThat(service.getSpec().getPorts())
                .as("%s service ports", name)
                .extracting(port -> port.getPort())
                .containsExactly(SERVICE_PORTS.get(name)));
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
    void deploymentsSelectTheirOwnPodsAndServicesRouteToThem() {
        SoftAssertions soft = new SoftAssertions();
        Map<String, Deployment> deployments = named(Deployment.class);
        named(Service.class).forEach((name, service) -> {
            Deployment deployment = deployments.get(name);
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            soft.assertThat(podLabels).as("%s pod labels vs. deployment selector", name)
                    .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
            soft.assertThat(podLabels).as("%s pod labels vs. service selector", name)
                    .containsAllEntriesOf(service.getSpec().getSelector());
            service.getSpec().getPorts().forEach(port -> soft.assertThat(declaresPort(container(deployment), port.getTargetPort()))
                    .as("%s service targetPort %s is a container port", name, port.getTargetPort())
                    .isTrue());
        });
        soft.assertAll();
    }

    @Test
    void deploymentsProbeQuarkusHealthOnTheirHttpPort() {
        SoftAssertions soft = new SoftAssertions();
        named(Deployment.class).forEach((name, deployment) -> {
            Container container = container(deployment);
            checkProbe(soft, name + " readiness", container, container.getReadinessProbe(), "/q/health/ready");
            checkProbe(soft, name + " liveness", container, container.getLivenessProbe(), "/q/health/live");
        });
        soft.assertAll();
    }

    @Test
    void deploymentsRequestAndLimitCpuAndMemory() {
        SoftAssertions soft = new SoftAssertions();
        named(Deployment.class).forEach((name, deployment) -> {
            var resources = container(deployment).getResources();
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
    void deploymentsReceiveTheContractEnvironmentFromTheConfigMapAndTheSecret() {
        Map<String, ConfigMap> configMaps = named(ConfigMap.class);
        SoftAssertions soft = new SoftAssertions();
        named(Deployment.class).forEach((name, deployment) -> {
            Container container = container(deployment);
            Map<String, EnvVar> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, var -> var));
            soft.assertThat(env).as("%s environment", name).containsKeys(CONTRACT_ENV.toArray(String[]::new));

            env.values().stream()
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

            for (String credential : List.of("PGUSER", "PGPASSWORD")) {
                EnvVar var = env.get(credential);
                soft.assertThat(var != null && var.getValue() == null && var.getValueFrom() != null
                                && var.getValueFrom().getSecretKeyRef() != null)
                        .as("%s %s comes from a Secret, not a literal", name, credential).isTrue();
            }
        });

        Container volumeService = container(named(Deployment.class).get("volume-service"));
        EnvVar dataDir = volumeService.getEnv().stream().filter(var -> var.getName().equals("VOLUME_DATA_DIR")).findFirst().orElse(null);
        soft.assertThat(dataDir).as("volume-service VOLUME_DATA_DIR").isNotNull();
        if (dataDir != null) {
            soft.assertThat(volumeService.getVolumeMounts()).extracting(VolumeMount::getMountPath)
                    .as("VOLUME_DATA_DIR is a mounted volume").contains(dataDir.getValue());
        }
        soft.assertAll();
    }

    private static void checkProbe(SoftAssertions soft, String what, Container container, Probe probe, String path) {
        soft.assertThat(probe).as(what).isNotNull();
        if (probe == null) {
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

    private static Container container(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).as("%s containers", deployment.getMetadata().getName()).hasSize(1);
        return containers.get(0);
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
