package org.replication.v3.drill;

import java.io.IOException;
import java.util.List;

/**
 * Sites of a running suite: each action is a command with the site's name appended ({@code bin/suite kill-site},
 * {@code bin/suite start-site}), its output passed through.
 */
final class CommandSites implements Sites {

    private final String kill;
    private final String start;

    CommandSites(String kill, String start) {
        this.kill = kill;
        this.start = start;
    }

    @Override
    public void kill(String site) {
        run(kill, site);
    }

    @Override
    public void start(String site) {
        run(start, site);
    }

    private static void run(String command, String site) {
        try {
            Process process = new ProcessBuilder(List.of("bash", "-c", command + " \"$0\"", site)).inheritIO().start();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new DrillException("'" + command + " " + site + "' exited with " + exit);
            }
        } catch (IOException e) {
            throw new DrillException("'" + command + " " + site + "' could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrillException("interrupted running '" + command + " " + site + "'");
        }
    }
}
