package io.marketwire.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test that stops or restarts a broker. It runs only when the broker service controls its
 * brokers and restarts are allowed: {@code -Dit.brokerRestart=false} turns them off while others
 * share the brokers.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RestartsBrokersCondition.class)
public @interface RestartsBrokers {}
