package io.marketwire.web;

import java.time.Instant;

/** Who a verified token speaks for, and until when. */
public record Principal(String username, Role role, Instant expiresAt) {}
