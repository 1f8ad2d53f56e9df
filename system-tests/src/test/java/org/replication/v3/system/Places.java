package org.replication.v3.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.replication.v3.drill.Sites;

/**
 * The suite's places for the drills (docs/sites.md section 1): which processes are one site's, killed together and
 * started again in order. Today a site is its array; the volume-service instance placed with each array joins its
 * site's list here once the volume-service runs once per site.
 */
final class Places implements Sites {

    /** One process of a place: how to kill it (kill -9) and how to start it again on its data. */
    record Member(String name, Runnable kill, Runnable start) {
    }

    private final Map<String, List<Member>> places = new LinkedHashMap<>();

    /** site-b and site-c of the system tests' suite, each its array. */
    static Places of(Suite suite) {
        Places places = new Places();
        for (String site : List.of("site-b", "site-c")) {
            places.add(site, new Member("array-" + site, () -> suite.arrays.kill(site), () -> suite.arrays.start(site)));
        }
        return places;
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
