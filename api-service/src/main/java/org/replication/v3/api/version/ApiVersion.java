package org.replication.v3.api.version;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A block-storage API microversion ({@code 3.x}) as a request asked for it. Views and resources compare it with
 * the gates in {@link Microversions} to decide which fields and calls exist for this request.
 */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {

    /** Cinder's own format check: no sign, no leading zeros, exactly one dot. */
    private static final Pattern FORMAT = Pattern.compile("^([1-9]\\d*)\\.([1-9]\\d*|0)$");

    public static final ApiVersion MIN = new ApiVersion(3, 0);
    /** The highest microversion this service implements; raise it only together with what the new version adds. */
    /**
     * Cinder's 3.70 plus our own: 3.71, Replication v3 (replication fields on volumes, the failover operations API);
     * 3.72, a volume's replication lag level and last sync; 3.73, what a site loss does to a volume; 3.74,
     * cross-cloud export and import of failed-over volumes. Clients that
     * know only 3.70 negotiate down to it and see Cinder's API unchanged.
     */
    public static final ApiVersion MAX = new ApiVersion(3, 74);
    /** When {@link #MAX} was released, as the version documents report it. */
    public static final String MAX_UPDATED = "2026-12-05T00:00:00Z";

    /** @throws InvalidVersionException when the text is not {@code Major.Minor} */
    public static ApiVersion parse(String text) {
        Matcher matcher = FORMAT.matcher(text);
        if (!matcher.matches()) {
            throw new InvalidVersionException(text);
        }
        try {
            return new ApiVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
        } catch (NumberFormatException tooLong) {
            throw new InvalidVersionException(text);
        }
    }

    public boolean atLeast(ApiVersion other) {
        return compareTo(other) >= 0;
    }

    public boolean supported() {
        return atLeast(MIN) && MAX.atLeast(this);
    }

    @Override
    public int compareTo(ApiVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }

    /** The header value was not a version string. */
    public static final class InvalidVersionException extends RuntimeException {
        public InvalidVersionException(String text) {
            super("API Version String " + text + " is of invalid format. Must be of format MajorNum.MinorNum.");
        }
    }
}
