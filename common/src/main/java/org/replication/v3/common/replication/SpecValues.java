package org.replication.v3.common.replication;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads extra-spec values the way Cinder's scheduler writes them: plain, or with an {@code <in>}/{@code <is>} operator. */
final class SpecValues {

    private SpecValues() {
    }

    static <E extends Enum<E>> E parse(Class<E> kind, E[] values, Function<E, String> wire, String text) {
        String wanted = stripOperator(text, "<in>").toLowerCase(Locale.ROOT);
        return Arrays.stream(values).filter(v -> wire.apply(v).equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not one of "
                        + Arrays.stream(values).map(wire).collect(Collectors.joining(", "))));
    }

    /** {@code '<is> True'} as Cinder's volume_utils.is_boolean_str reads it; a bare true/false is accepted too. */
    static boolean parseBoolean(String text) {
        String value = stripOperator(text, "<is>").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "t", "yes", "y", "on", "1" -> true;
            case "false", "f", "no", "n", "off", "0" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not '<is> True' or '<is> False'");
        };
    }

    private static String stripOperator(String text, String operator) {
        if (text == null) {
            throw new IllegalArgumentException("no value");
        }
        String trimmed = text.trim();
        return trimmed.startsWith(operator) ? trimmed.substring(operator.length()).trim() : trimmed;
    }
}
