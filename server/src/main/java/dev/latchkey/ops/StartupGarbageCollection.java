package dev.latchkey.ops;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * One full garbage collection when the application is built, just before the web server opens its port.
 * Start-up allocates far more than it keeps (bean metadata, configuration parsing, migrations); with a small
 * young generation much of it is promoted, and how much of it is still in the old generation when the
 * server goes idle depended on when the last collection happened to run: 170 to 215 MB resident on the
 * benchmark peer. Collected here, the server idles at its live set (~23 MB of heap), the same every start,
 * for ~30 ms of start-up; the heap is also given back to the system when the JVM is told to shrink it
 * ({@code -XX:MaxHeapFreeRatio}, see docs/benchmarks.md). No request can be paused by it: none is served yet.
 */
@Component
class StartupGarbageCollection implements SmartLifecycle {

    private volatile boolean running;

    @Override
    public void start() {
        System.gc();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Just before the web server's own start (lower phases start first). */
    @Override
    public int getPhase() {
        return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;
    }
}
