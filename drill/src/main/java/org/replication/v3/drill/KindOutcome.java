package org.replication.v3.drill;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** What the drill measured for one volume kind, and what did not hold. */
public final class KindOutcome {

    final Kind kind;
    final String name;
    final List<String> volumes = new ArrayList<>();
    Double detectSeconds;
    Double rtoSeconds;
    Double rtoBoundSeconds;
    /** Active/active: the longest acknowledgement on the survivor after the loss. */
    Double pauseSeconds;
    /** sync-nomed and async: the RTO counts from the forced failover's request. */
    boolean afterForce;
    long lostWrites;
    long lostBytes;
    int declaredRpoSeconds;
    Long atRiskReportedBytes;
    Double atRiskAsOfSeconds;
    final List<String> fencedBy = new ArrayList<>();
    final List<String> returnAnswers = new ArrayList<>();
    boolean checksumsEqual = true;
    final List<String> failures = new ArrayList<>();

    KindOutcome(Kind kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    public String name() {
        return name;
    }

    public boolean ok() {
        return failures.isEmpty();
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    void fail(String what) {
        failures.add(what);
    }

    String line() {
        String rto;
        if (rtoSeconds == null) {
            rto = "-";
        } else if (kind == Kind.SYNC_AA_MED) {
            rto = "0 (pause " + seconds(pauseSeconds) + ")";
        } else if (afterForce) {
            rto = seconds(rtoSeconds) + " after force";
        } else {
            rto = seconds(rtoSeconds) + " (bound " + seconds(rtoBoundSeconds) + ")";
        }
        String atRisk = atRiskReportedBytes == null ? "-"
                : String.format("%,d", atRiskReportedBytes) + (atRiskAsOfSeconds == null ? ""
                        : " (as of " + String.format("%+.1f s", atRiskAsOfSeconds) + ")");
        return String.format("%-12s %-7d %-7s %-24s %-21s %-12s %-26s %s", name, volumes.size(),
                detectSeconds == null ? "-" : seconds(detectSeconds), rto,
                lostWrites + " / " + String.format("%,d", lostBytes),
                declaredRpoSeconds == 0 ? "0" : declaredRpoSeconds + " s", atRisk, ok() ? "ok" : "FAIL");
    }

    static String header() {
        return String.format("%-12s %-7s %-7s %-24s %-21s %-12s %-26s %s", "KIND", "VOLUMES", "DETECT", "RTO",
                "LOST (writes / bytes)", "DECLARED RPO", "AT RISK REPORTED", "RESULT");
    }

    ObjectNode json() {
        ObjectNode node = Http.JSON.createObjectNode();
        node.put("kind", name);
        node.set("volumes", Http.JSON.valueToTree(volumes));
        node.put("detect_seconds", detectSeconds);
        node.put("rto_seconds", rtoSeconds);
        node.put("rto_bound_seconds", rtoBoundSeconds);
        node.put("rto_after_force", afterForce);
        node.put("pause_seconds", pauseSeconds);
        node.put("lost_writes", lostWrites);
        node.put("lost_bytes", lostBytes);
        node.put("declared_rpo_seconds", declaredRpoSeconds);
        node.put("at_risk_reported_bytes", atRiskReportedBytes);
        node.put("at_risk_as_of_seconds", atRiskAsOfSeconds);
        node.set("fenced_by", Http.JSON.valueToTree(fencedBy));
        node.set("writes_on_returned_site", Http.JSON.valueToTree(returnAnswers));
        node.put("checksums_equal", checksumsEqual);
        node.set("failures", Http.JSON.valueToTree(failures));
        node.put("result", ok() ? "ok" : "fail");
        return node;
    }

    private static String seconds(Double value) {
        return value == null ? "-" : String.format("%.1f s", value);
    }
}
