package org.replication.v3.system;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the suite when the test run ends, while the test JVM is still healthy: a JVM shutdown hook would race
 * the test runner's own exit and leave service JVMs behind.
 */
public class SuiteShutdown implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        // Cloud B's volume-service uses the suite's arrays: it stops first.
        CloudB.stopIfStarted();
        Suite.stopIfStarted();
    }
}
