package org.replication.v3.mediator.verdict;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the mediator concludes about one array pair, and the verdict a decision records (docs/sites.md section 4).
 * {@link #RECOVERED} and {@link #BOTH_SIDES_UNSAFE} are only ever a decision's verdict; the rest are also observed.
 */
public enum Verdict {
    @JsonProperty("healthy") HEALTHY,
    /** Both arrays answer the mediator but not each other. */
    @JsonProperty("link_lost") LINK_LOST,
    /** One array answers neither the mediator nor its peer. */
    @JsonProperty("site_lost") SITE_LOST,
    /** The mediator cannot reach an array that its peer still reaches: the mediator's path is lost, no action. */
    @JsonProperty("mediator_degraded") MEDIATOR_DEGRADED,
    /** The mediator reaches neither array: no action. */
    @JsonProperty("mediator_isolated") MEDIATOR_ISOLATED,
    /** The lost side returned within the grace period: the waiting targets stay as they are. */
    @JsonProperty("recovered") RECOVERED,
    /** The only remaining side was itself declared lost before and not reprotected since: no action. */
    @JsonProperty("both_sides_unsafe") BOTH_SIDES_UNSAFE;

    public String wire() {
        return name().toLowerCase();
    }
}
