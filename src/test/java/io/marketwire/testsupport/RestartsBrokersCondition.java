package io.marketwire.testsupport;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Decides whether a {@link RestartsBrokers} test may run now. */
final class RestartsBrokersCondition implements ExecutionCondition {

  static final String ALLOWED_PROPERTY = "marketwire.it.brokerRestart";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (!Boolean.parseBoolean(System.getProperty(ALLOWED_PROPERTY, "false"))) {
      return ConditionEvaluationResult.disabled("broker restarts are off (-Dit.brokerRestart=false)");
    }
    if (!BrokerServices.get().controlsBrokers()) {
      return ConditionEvaluationResult.disabled("the brokers are remote: this run cannot restart them");
    }
    return ConditionEvaluationResult.enabled("this run controls its brokers");
  }
}
