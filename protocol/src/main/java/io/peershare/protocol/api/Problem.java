package io.peershare.protocol.api;

/** An RFC 7807 problem body ({@code application/problem+json}), as every API error is returned. */
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
