package dev.latchkey.ops;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * One full garbage collection when the application is built, just before the web server opens its port.
 * Start-up allocates far more than it keeps (bean metadata, configuration parsing, migrations); with a small
 * young generation much of it is promoted, and how much of it was still resident when the server went idle
 * depended on when the last collection happened to run: 170 to 215 MB on the benchmark peer. For this one
 * collection the heap may shrink to its live set plus 30 % (the JVM's manageable free-ratio options, put
 * back right after, so that the steady state keeps the JVM's own sizing: a tight heap under load makes every
 * 19 MiB password hash a full collection). Then the server idles at ~23 MB of heap, the same every start,
 * for ~30 ms of start-up; with {@code -XX:-ShrinkHeapInSteps} the heap shrinks at once rather than over
 * several collections (docs/benchmarks.md). No request can be paused by it: none is served yet.
 */
@Component
class StartupGarbageCollection implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StartupGarbageCollection.class);

    private static final String MIN_FREE = "MinHeapFreeRatio";

    private static final String MAX_FREE = "MaxHeapFreeRatio";

    private volatile boolean running;

    @Override
    public void start() {
        HotSpotDiagnosticMXBean vm = hotSpot();
        if (vm == null || Integer.parseInt(vm.getVMOption(MAX_FREE).getValue()) <= 30) {
            System.gc();
        }
        else {
            collectLettingTheHeapShrink(vm);
        }
        running = true;
    }

    private static void collectLettingTheHeapShrink(HotSpotDiagnosticMXBean vm) {
        String minFree = vm.getVMOption(MIN_FREE).getValue();
        String maxFree = vm.getVMOption(MAX_FREE).getValue();
        // The minimum is lowered first and put back last: the JVM refuses a minimum above the maximum.
        vm.setVMOption(MIN_FREE, "10");
        vm.setVMOption(MAX_FREE, "30");
        try {
            System.gc();
        }
        finally {
            vm.setVMOption(MAX_FREE, maxFree);
            vm.setVMOption(MIN_FREE, minFree);
        }
    }

    /** {@code null} on a JVM other than HotSpot: the collection then runs with that JVM's own sizing. */
    private static HotSpotDiagnosticMXBean hotSpot() {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        }
        catch (IllegalArgumentException ex) {
            log.debug("No HotSpot diagnostic bean ({}); start-up garbage collected with the JVM's own sizing", ex.toString());
            return null;
        }
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
