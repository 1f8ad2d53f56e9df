package org.replication.v3.common.capability;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Matches a volume type's extra specs against a backend's or pool's capabilities with the operators of
 * Cinder's CapabilitiesFilter ({@code <is>}, {@code <in>}, {@code <or>}, {@code ==}, {@code s==}, ...).
 * Keys with a scope other than {@code capabilities:} (qos, vendor prefixes) are not placement criteria and
 * are ignored, as are the replication settings that the replication model evaluates on its own.
 * Shared: the scheduler places volumes with it, and the API filters get_pools by volume type with it.
 */
public final class ExtraSpecMatcher {

    private static final String CAPABILITIES_SCOPE = "capabilities:";
    private static final Set<String> NOT_CAPABILITIES = Set.of("replication_mode", "replication_scope",
            "replication_sync_topology", "replication_mediator", "replication_rpo_seconds", "replication_target");

    private ExtraSpecMatcher() {
    }

    /** The first spec the capabilities do not satisfy, as {@code key=requirement}; empty if all match. */
    public static Optional<String> firstMismatch(Map<String, String> extraSpecs, Map<String, String> capabilities) {
        for (var spec : extraSpecs.entrySet()) {
            String key = spec.getKey();
            if (key.startsWith(CAPABILITIES_SCOPE)) {
                key = key.substring(CAPABILITIES_SCOPE.length());
            } else if (key.contains(":") || NOT_CAPABILITIES.contains(key)) {
                continue;
            }
            String capability = capabilities.get(key);
            if (capability == null || !satisfies(capability, spec.getValue())) {
                return Optional.of(spec.getKey() + "=" + spec.getValue());
            }
        }
        return Optional.empty();
    }

    static boolean satisfies(String value, String requirement) {
        String[] words = requirement.trim().split("\\s+", 2);
        if (words.length < 2) {
            return value.equals(requirement.trim());
        }
        String operand = words[1].trim();
        return switch (words[0]) {
            case "<is>" -> parseBool(value) == parseBool(operand);
            case "<in>" -> value.contains(operand);
            case "<all-in>" -> Arrays.stream(operand.split("\\s+")).allMatch(value::contains);
            case "<or>" -> Arrays.stream(operand.split("\\s*<or>\\s*")).anyMatch(option -> option.trim().equals(value));
            case "=" -> number(value) >= number(operand);
            case "==" -> number(value) == number(operand);
            case "!=" -> number(value) != number(operand);
            case ">=" -> number(value) >= number(operand);
            case "<=" -> number(value) <= number(operand);
            case "s==" -> value.equals(operand);
            case "s!=" -> !value.equals(operand);
            case "s<" -> value.compareTo(operand) < 0;
            case "s<=" -> value.compareTo(operand) <= 0;
            case "s>" -> value.compareTo(operand) > 0;
            case "s>=" -> value.compareTo(operand) >= 0;
            default -> value.equals(requirement.trim());
        };
    }

    private static boolean parseBool(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return t.equals("true") || t.equals("1") || t.equals("yes") || t.equals("on");
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
