package org.replication.v3.volume.driver;

/** The array refused or failed an operation; the message is shown to the user in the volume's fault. */
public class VolumeDriverException extends RuntimeException {
    public VolumeDriverException(String message) {
        super(message);
    }

    public VolumeDriverException(String message, Throwable cause) {
        super(message, cause);
    }
}
