package org.replication.v3.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonArraysTest {

    @Test
    void eachElementIsTheTextItWasSentInWhateverItsStringsHold() {
        String body = "{\"export\": {\"id\": \"e1\", \"status\": \"completed\", \"documents\" : [ {\"a\": \"x}],\\\"\","
                + " \"b\": [1, {\"c\": 2}]} , {\"d\": null},3, \"s,t\" ], \"failures\": []}}";
        assertThat(JsonArrays.elements(body, "documents"))
                .containsExactly("{\"a\": \"x}],\\\"\", \"b\": [1, {\"c\": 2}]}", "{\"d\": null}", "3", "\"s,t\"");
        assertThat(JsonArrays.elements(body, "failures")).isEmpty();
    }

    @Test
    void aMissingPropertyOrOneThatIsNoArrayHasNoElements() {
        assertThat(JsonArrays.elements("{\"exports\": {}}", "exports")).isEmpty();
        assertThat(JsonArrays.elements("{\"volumes\": []}", "exports")).isEmpty();
    }
}
