package io.peershare.protocol.api;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LinkHeaderTest {

    static final URI PAGE = URI.create("http://tracker:8080/api/v1/files?q=a*&limit=10");

    @Test
    void shouldResolveTheNextLinkAgainstThePageItCameWith() {
        assertThat(LinkHeader.next(List.of("</api/v1/files?q=a*&limit=10&cursor=ZmE>; rel=\"next\""), PAGE))
                .contains(URI.create("http://tracker:8080/api/v1/files?q=a*&limit=10&cursor=ZmE"));
        assertThat(LinkHeader.next(List.of("<http://lb:80/api/v1/peers?cursor=cA>;rel=next"), PAGE))
                .contains(URI.create("http://lb:80/api/v1/peers?cursor=cA"));
    }

    @Test
    void shouldPickNextAmongSeveralLinksAndRelations() {
        String header = "</a?cursor=1>; rel=\"prev\", </b?cursor=2>; title=\"x\"; REL=\"last next\"";
        assertThat(LinkHeader.next(List.of(header), PAGE)).contains(URI.create("http://tracker:8080/b?cursor=2"));
        assertThat(LinkHeader.next(List.of("</a>; rel=\"prev\"", "</c>; rel=\"next\""), PAGE))
                .contains(URI.create("http://tracker:8080/c"));
    }

    @Test
    void shouldFindNoNextPageOnTheLastPageOrInAHeaderWithoutOne() {
        assertThat(LinkHeader.next(List.of(), PAGE)).isEmpty();
        assertThat(LinkHeader.next(List.of("</a>; rel=\"prev\""), PAGE)).isEmpty();
        assertThat(LinkHeader.next(List.of("rel=\"next\""), PAGE)).isEmpty();
        assertThat(LinkHeader.next(List.of("</a>; rel=\"nextish\""), PAGE)).isEmpty();
    }
}
