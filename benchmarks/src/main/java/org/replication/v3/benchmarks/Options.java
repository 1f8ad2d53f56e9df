package org.replication.v3.benchmarks;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** {@code --name=value} arguments, falling back to {@code BENCH_NAME} in the environment, then to a default. */
final class Options {

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    static Options parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("not an option: " + arg);
            }
            int eq = arg.indexOf('=');
            values.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "true" : arg.substring(eq + 1));
        }
        return new Options(values);
    }

    String text(String name, String fallback) {
        String value = values.get(name);
        if (value == null) {
            value = System.getenv("BENCH_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        return value == null ? fallback : value;
    }

    int number(String name, int fallback) {
        return Integer.parseInt(text(name, Integer.toString(fallback)));
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(text(name, "false"));
    }

    String url() {
        return text("url", "http://127.0.0.1:8776/v3");
    }

    int clients() {
        return number("clients", 8);
    }

    /** A fresh project per run, so counts and lists see only this run's volumes. */
    String project() {
        return text("project", "bench" + System.currentTimeMillis());
    }
}
