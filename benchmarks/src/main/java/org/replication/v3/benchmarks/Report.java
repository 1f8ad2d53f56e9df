package org.replication.v3.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Named numbers, printed as aligned lines a reader can paste into docs/performance.md, and appended as one JSON line
 * to a results file for programs that compare runs (bin/compare).
 */
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

    /** One JSON object per run: the benchmark's name, its title and every line as name to printed value. */
    void append(Path results, String benchmark) throws IOException {
        StringBuilder json = new StringBuilder("{\"benchmark\":").append(quoted(benchmark))
                .append(",\"title\":").append(quoted(title)).append(",\"values\":{");
        for (int i = 0; i < lines.size(); i++) {
            json.append(i == 0 ? "" : ",").append(quoted(lines.get(i)[0])).append(':')
                    .append(quoted(lines.get(i)[1]));
        }
        json.append("}}\n");
        Files.writeString(results, json, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
