package org.replication.v3.mediator.verdict;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a decision does to one volume on one side. */
public enum Action {
    /** Promoted with the peer lost: a higher generation, serving alone. */
    @JsonProperty("promoted") PROMOTED,
    /** Fenced at a generation above both sides': refuses writes until reprotected. */
    @JsonProperty("fenced") FENCED,
    /** Left as it is: already serving alone, or (recovered) its primary returned within the grace period. */
    @JsonProperty("kept_serving") KEPT_SERVING,
    /** Active/passive target of a lost primary: promoted once the grace period is over, if the primary is still lost. */
    @JsonProperty("waiting_grace") WAITING_GRACE
}
