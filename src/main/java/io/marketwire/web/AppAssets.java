package io.marketwire.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SCP single-page app's static files under {@code /app/assets/}: the widget scripts and styles
 * (classpath {@code scp/assets}) and the chart library the build bundles for the dashboard
 * ({@code /app/assets/vendor/}, classpath {@code web/vendor}), so the app needs no CDN and works in
 * a process that does not run the dashboard. They are public like the dashboard's files (code, no
 * data; {@code marketwire.web.public-paths}): a script tag cannot send the token, and a token in a
 * script URL would end up in logs and history.
 */
public final class AppAssets {

  private static final Logger LOG = LoggerFactory.getLogger(AppAssets.class);
  public static final String PATH = "/app/assets";

  private AppAssets() {}

  /** Serves the files on the platform-http router, behind the access guard (order -2). */
  public static void attach(CamelContext context) {
    Router router = PlatformRouter.of(context);
    // the vendor route first: a file it does not have falls through to the app's own, then 404
    router.route(PATH + "/vendor/*").order(-1).handler(StaticHandler.create("web/vendor").setCachingEnabled(false));
    router.route(PATH + "/*").order(-1).handler(StaticHandler.create("scp/assets").setCachingEnabled(false));
    LOG.info("Single-page app files on {}/", PATH);
  }
}
