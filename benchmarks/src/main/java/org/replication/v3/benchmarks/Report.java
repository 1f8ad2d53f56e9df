package org.replication.v3.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Named numbers, printed as aligned lines a reader can paste into docs/performance.md. */
final class Report {

    private final String title;
    private final List<String[]> lines = new ArrayList<>();

    Report(String title) {
        this.title = title;
    }

    Report add(String name, String value) {
        lines.add(new String[] {name, value});
        return this;
    }

    Report add(String name, double value, String unit) {
        return add(name, String.format(Locale.ROOT, "%.1f %s", value, unit));
    }

    void print(PrintStream out) {
        out.println("== " + title);
        out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + ", client JVM " + System.getProperty("java.version"));
        int width = lines.stream().mapToInt(line -> line[0].length()).max().orElse(0);
        for (String[] line : lines) {
            out.printf(Locale.ROOT, "%-" + width + "s  %s%n", line[0], line[1]);
        }
    }
}
