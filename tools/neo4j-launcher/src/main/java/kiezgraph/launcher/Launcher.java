package kiezgraph.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs Neo4j Community embedded in this JVM with only the Bolt connector enabled.
 *
 * <p>LOCAL DEVELOPMENT / TESTS ONLY: authentication is disabled.
 *
 * <pre>
 *   Launcher --data DIR --port N [--host 127.0.0.1] [--pagecache 256m] [--start-timeout-seconds 170]
 * </pre>
 *
 * Prints {@code READY bolt://host:port} on stdout once the default database is available, then blocks
 * until the JVM is asked to stop (SIGTERM/SIGINT), at which point a shutdown hook shuts Neo4j down.
 */
public final class Launcher {
    private static final String DEFAULT_DB = GraphDatabaseSettings.DEFAULT_DATABASE_NAME; // "neo4j"

    private Launcher() {}

    private static void usage(String msg) {
        if (msg != null) {
            System.err.println("launcher: " + msg);
        }
        System.err.println(
                "usage: Launcher --data DIR --port N [--host 127.0.0.1] [--pagecache 256m] [--start-timeout-seconds 170]");
        System.exit(2);
    }

    public static void main(String[] args) throws Exception {
        String data = null;
        String host = "127.0.0.1";
        int port = -1;
        String pagecache = "256m";
        long startTimeoutSeconds = 170;

        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                usage(null);
            }
            if (i + 1 >= args.length) {
                usage("missing value for " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--data" -> data = v;
                case "--host" -> host = v;
                case "--pagecache" -> pagecache = v;
                case "--port" -> {
                    try {
                        port = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        usage("invalid --port " + v);
                    }
                }
                case "--start-timeout-seconds" -> {
                    try {
                        startTimeoutSeconds = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        usage("invalid --start-timeout-seconds " + v);
                    }
                }
                default -> usage("unknown argument " + a);
            }
        }
        if (data == null) {
            usage("--data is required");
        }
        if (port < 1 || port > 65535) {
            usage("--port is required (1-65535)");
        }

        Path home = Path.of(data).toAbsolutePath();
        Files.createDirectories(home);

        long pagecacheBytes = SettingValueParsers.BYTES.parse(pagecache);

        // Neo4j's user log (the equivalent of neo4j.log in a server install) goes to stdout;
        // the verbose debug log goes to <home>/logs/debug.log.
        Log4jLogProvider userLog = new Log4jLogProvider(System.out, Level.INFO);

        long t0 = System.nanoTime();
        final DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home)
                    .setUserLogProvider(userLog)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, false) // local dev/test only
                    .setConfig(GraphDatabaseSettings.pagecache_memory, pagecacheBytes)
                    .setConfig(
                            GraphDatabaseSettings.tx_state_memory_allocation,
                            GraphDatabaseSettings.TransactionStateMemoryAllocation.ON_HEAP)
                    // Without this every database (system + neo4j) preallocates a 256 MiB tx log on disk.
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    .setConfig(GraphDatabaseSettings.preallocate_store_files, false)
                    // No anonymous usage reporting (and no outbound network attempts) from test instances.
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    // Bolt's Netty event loops otherwise wait a 5 s "quiet period" each on shutdown, which
                    // made stop take 5-11 s. Internal settings, checked against 5.26.30.
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5))
                    .build();
        } catch (Throwable t) {
            System.err.println("launcher: FAILED to start Neo4j on " + host + ":" + port + ": " + t);
            t.printStackTrace(System.err);
            System.out.flush();
            System.err.flush();
            // Shutdown hooks are not registered yet; halt so stray non-daemon threads can't keep us alive.
            Runtime.getRuntime().halt(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    System.out.println("launcher: shutting down Neo4j");
                    System.out.flush();
                    try {
                        dbms.shutdown();
                    } catch (Throwable t) {
                        System.err.println("launcher: error during shutdown: " + t);
                    } finally {
                        System.out.println("STOPPED");
                        System.out.flush();
                        stopped.countDown();
                    }
                },
                "neo4j-launcher-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        GraphDatabaseService db = dbms.database(DEFAULT_DB);
        if (!db.isAvailable(TimeUnit.SECONDS.toMillis(startTimeoutSeconds))) {
            System.err.println("launcher: database '" + DEFAULT_DB + "' not available after " + startTimeoutSeconds + "s");
            System.exit(1); // runs the shutdown hook
        }

        long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        System.out.println("launcher: database '" + DEFAULT_DB + "' available after " + ms + " ms");
        System.out.println("READY bolt://" + SocketAddress.format(host, port));
        System.out.flush();

        // Block until the shutdown hook has run (i.e. forever, unless the JVM is told to stop).
        stopped.await();
    }
}
