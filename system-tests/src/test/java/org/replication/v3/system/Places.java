package org.replication.v3.system;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.replication.v3.drill.Sites;

/**
 * The suite's places for the drills (docs/sites.md section 1): which processes are one site's, killed together and
 * started again in order. A site is its array and its volume-service instance ({@code suite.volume} is site-b's,
 * {@code suite.volumeC} site-c's), as bin/suite places them; each instance configures every backend and acts on
 * those whose lease it holds, so a site's loss leaves its backends to the other site's instance.
 */
final class Places implements Sites {

    private static final Duration CLAIMED = Duration.ofSeconds(90);

    /** One process of a place: how to kill it (kill -9) and how to start it again on its data. */
    record Member(String name, Runnable kill, Runnable start) {
    }

    private final Map<String, List<Member>> places = new LinkedHashMap<>();

    /**
     * site-b and site-c of the system tests' suite, each its array then its volume-service instance, the instances
     * started again with {@code volumeConfig} (as {@link #twoInstances} started them).
     */
    static Places of(Suite suite, String... volumeConfig) {
        Places places = new Places();
        for (String site : List.of("site-b", "site-c")) {
            ServiceProcess instance = instance(suite, site);
            places.add(site, new Member("array-" + site, () -> suite.arrays.kill(site), () -> suite.arrays.start(site)))
                    .add(site, new Member("volume-service-" + site, () -> kill(instance),
                            () -> instance.start(instanceConfig(site, volumeConfig))));
        }
        return places;
    }

    /**
     * The suite's volume-service replaced by two instances, one per site, each with {@code volumeConfig}; returns
     * once the instance of {@code home} (the site of the backend's array) holds the lease of {@code backend}, and the
     * other instance is ready too. The home instance starts first: an instance started a lease after the other finds
     * the backend claimed already (there is no handover to the preferred instance yet).
     */
    static void twoInstances(Suite suite, String backend, String home, String... volumeConfig) throws Exception {
        suite.volume.stop();
        ServiceProcess first = instance(suite, home);
        String other = "site-b".equals(home) ? "site-c" : "site-b";
        first.start(instanceConfig(home, volumeConfig));
        await().atMost(CLAIMED).pollInterval(Duration.ofMillis(250)).until(() -> home.equals(Failovers.string(
                "select owner from volume.backend_lease where backend = 'node1@" + backend
                        + "' and expires_at > now()")));
        instance(suite, other).start(instanceConfig(other, volumeConfig));
    }

    /** Back to the one volume-service the other tests expect, with its default backends. */
    static void oneInstance(Suite suite) {
        suite.volumeC.stop();
        suite.volume.stop();
        suite.volume.start();
    }

    private static ServiceProcess instance(Suite suite, String site) {
        return "site-b".equals(site) ? suite.volume : suite.volumeC;
    }

    private static String[] instanceConfig(String site, String... config) {
        return Stream.concat(Stream.of("-Dvolume.instance=" + site, "-Dvolume.site=" + site), Stream.of(config))
                .toArray(String[]::new);
    }

    private static void kill(ServiceProcess instance) {
        try {
            instance.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + instance.log(), e);
        }
    }

    Places add(String place, Member member) {
        places.computeIfAbsent(place, p -> new ArrayList<>()).add(member);
        return this;
    }

    @Override
    public void kill(String site) {
        members(site).forEach(member -> member.kill().run());
    }

    /** In the order added: the array first, so an instance starting finds it answering. */
    @Override
    public void start(String site) {
        members(site).forEach(member -> member.start().run());
    }

    private List<Member> members(String site) {
        List<Member> members = places.get(site);
        if (members == null) {
            throw new IllegalArgumentException("no place " + site + " (places: " + places.keySet() + ")");
        }
        return members;
    }
}
