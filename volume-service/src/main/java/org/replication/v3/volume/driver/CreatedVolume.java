package org.replication.v3.volume.driver;

/** One volume's answer to a batch create: the driver's model update, or why the array refused it (then null). */
public record CreatedVolume(String volumeId, ModelUpdate update, String error) {

    public static CreatedVolume ok(String volumeId, ModelUpdate update) {
        return new CreatedVolume(volumeId, update, null);
    }

    public static CreatedVolume failed(String volumeId, String error) {
        return new CreatedVolume(volumeId, null, error);
    }
}
