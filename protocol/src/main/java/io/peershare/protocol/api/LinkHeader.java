package io.peershare.protocol.api;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The next page of a paged tracker list (docs/api.md, "Paging"): the target of the RFC 8288
 * {@code Link: <url>; rel="next"} header, resolved against the URL of the page that carried it.
 */
public final class LinkHeader {

    public static final String NAME = "Link";

    /** One link-value: {@code <target>} then its {@code ; name=value} parameters, up to the next link. */
    private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;[^;,]*)*)");
    private static final Pattern REL = Pattern.compile("(?i)\\brel\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;,]+))");

    private LinkHeader() {
    }

    /** The next page's URL among the page's {@code Link} header values, or empty on the last page. */
    public static Optional<URI> next(List<String> headerValues, URI page) {
        for (String value : headerValues) {
            Matcher link = LINK.matcher(value);
            while (link.find()) {
                Matcher rel = REL.matcher(link.group(2));
                if (rel.find()) {
                    String rels = rel.group(1) != null ? rel.group(1) : rel.group(2);
                    if (List.of(rels.toLowerCase(Locale.ROOT).split("\\s+")).contains("next")) {
                        return Optional.of(page.resolve(link.group(1).strip()));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
