package org.replication.v3.mediator.verdict;

/** Two arrays the mediator arbitrates, in the order configured ({@code x:y}). */
public record ArrayPair(String x, String y) {

    public ArrayPair {
        if (x.equals(y)) {
            throw new IllegalArgumentException("a pair needs two different arrays, not " + x + " twice");
        }
    }

    public static ArrayPair parse(String text) {
        String[] sides = text.strip().split(":");
        if (sides.length != 2 || sides[0].isBlank() || sides[1].isBlank()) {
            throw new IllegalArgumentException("a pair is <array>:<array>, not '" + text + "'");
        }
        return new ArrayPair(sides[0].strip(), sides[1].strip());
    }

    public String other(String side) {
        if (side.equals(x)) {
            return y;
        }
        if (side.equals(y)) {
            return x;
        }
        throw new IllegalArgumentException(side + " is not a side of " + this);
    }

    @Override
    public String toString() {
        return x + ":" + y;
    }
}
