package io.peershare.tracker.api;

import io.peershare.tracker.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
class PlatformEndpointsTest {

    @Test
    void shouldServeTheOpenApiDocumentWithEveryPathAndDescriptions() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/peers/{hostname}/discover"))
                .body(containsString("/api/v1/files/{name}/sources"))
                .body(containsString("/api/v1/peers/{hostname}/ping"))
                .body(containsString("Register a peer"));
    }

    @Test
    void shouldDocumentTheSourcesLimitAndItsBadRequestInTheOpenApiDocument() {
        String sources = "paths.'/api/v1/files/{name}/sources'.get";
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body(sources + ".parameters.find { it.name == 'limit' }.in", equalTo("query"))
                .body(sources + ".parameters.find { it.name == 'limit' }.schema.default", equalTo(50))
                .body(sources + ".parameters.find { it.name == 'limit' }.schema.minimum", equalTo(1))
                .body(sources + ".parameters.find { it.name == 'limit' }.schema.maximum", equalTo(200))
                .body(sources + ".responses.'400'.description", containsString("limit"));
    }

    @Test
    void shouldServeSwaggerUi() {
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void shouldReportHealthIncludingTheRegistry() {
        given().when().get("/q/health").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("registry"));
    }

    @Test
    void shouldCountThePeersInTheReadinessCheck() {
        String hostname = Api.unique("ready");
        Api.register(hostname);
        int peers = given().when().get("/q/health/ready").then().statusCode(200)
                .extract().path("checks.find { it.name == 'registry' }.data.peers");
        int live = given().when().get("/q/health/ready").then().statusCode(200)
                .extract().path("checks.find { it.name == 'registry' }.data.livePeers");
        assertThat(peers).isGreaterThanOrEqualTo(1);
        assertThat(live).isBetween(1, peers);
    }
}
