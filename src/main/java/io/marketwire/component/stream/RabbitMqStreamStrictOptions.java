package io.marketwire.component.stream;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.spi.UriParam;

/**
 * Refuses option values that Camel's converters would quietly read as zero: text that is not a
 * duration ({@code forever}, {@code 365D}) for a duration, text that is not a whole number
 * ({@code 10gb}) for a number. A zero maxAge or maxLengthBytes means no limit at all, so such a
 * typo must fail the route, not drop a retention. Which options are durations or numbers comes
 * from the configuration's fields and annotations, so no list is kept by hand.
 */
final class RabbitMqStreamStrictOptions {

  // what Camel's TimeUtils reads: a number (millis), or number-unit groups such as 1h30m, 100ms
  private static final Pattern DURATION = Pattern.compile("\\d+|(\\d+(ms|s|m|h|d))+");
  private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d+");

  private RabbitMqStreamStrictOptions() {}

  static void check(Map<String, Object> uriParameters) {
    for (Map.Entry<String, Object> p : uriParameters.entrySet()) {
      if (!(p.getValue() instanceof String text)) {
        continue;
      }
      Field field = field(p.getKey());
      if (field == null) {
        continue;
      }
      UriParam param = field.getAnnotation(UriParam.class);
      String value = text.trim();
      if (param != null && "java.time.Duration".equals(param.javaType())) {
        if (!DURATION.matcher(value).matches()) {
          throw RabbitMqStreamEndpoint.invalid(
              p.getKey(), text, "a duration such as 100ms, 5s, 30m, 24h, 7d (or milliseconds)");
        }
      } else if ((field.getType() == int.class || field.getType() == long.class)
          && !WHOLE_NUMBER.matcher(value).matches()) {
        throw RabbitMqStreamEndpoint.invalid(p.getKey(), text, "a whole number");
      }
    }
  }

  private static Field field(String option) {
    try {
      return RabbitMqStreamConfiguration.class.getDeclaredField(option);
    } catch (NoSuchFieldException e) {
      return null;
    }
  }
}
