package io.github.eddypool.testing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 (ephemeral port) in front of a real server, that injects network
 * faults. Each proxied connection uses two platform threads (one per direction); {@link #close()}
 * closes every socket and joins every thread, and fails loudly if one does not end.
 *
 * <ul>
 *   <li>{@link Mode#PASS}: forward everything (with {@link #latency(Duration)} per chunk and
 *       direction, and {@link #handshakeDelay(Duration)} before the upstream connect);</li>
 *   <li>{@link Mode#REFUSE}: the listening socket is closed, new connects get ECONNREFUSED
 *       (the port is bound again when the mode changes);</li>
 *   <li>{@link Mode#RESET}: new connections are accepted and reset at once;</li>
 *   <li>{@link Mode#BLACKHOLE}: every socket stays open but nothing is forwarded in either
 *       direction; data read meanwhile is held and delivered when the mode leaves BLACKHOLE,
 *       like a short network partition that TCP survives;</li>
 *   <li>{@link #cutAll()}: reset every open connection now (the mode is unchanged).</li>
 * </ul>
 */
public final class FaultProxy implements Closeable {

    public enum Mode { PASS, REFUSE, RESET, BLACKHOLE }

    private static final AtomicInteger PROXIES = new AtomicInteger();

    private final String upstreamHost;
    private final int upstreamPort;
    private final int port;
    private final String name;
    private final Object lock = new Object();
    private final Set<Pair> pairs = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final List<Long> acceptTimes = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final AtomicInteger connecting = new AtomicInteger();
    private final AtomicInteger maxConnecting = new AtomicInteger();

    private volatile Mode mode = Mode.PASS;
    private volatile long latencyNanos;
    private volatile long handshakeDelayNanos;
    private volatile boolean closed;
    private ServerSocket listener;                 // guarded by lock; null while REFUSE
    private Thread acceptor;                       // guarded by lock

    /** Starts a proxy on 127.0.0.1 forwarding to {@code upstreamHost:upstreamPort} (must be loopback). */
    public FaultProxy(String upstreamHost, int upstreamPort) throws IOException {
        InetAddress upstream = InetAddress.getByName(upstreamHost);
        if (!upstream.isLoopbackAddress()) {
            throw new IllegalArgumentException("FaultProxy only proxies loopback servers, not " + upstreamHost);
        }
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        ServerSocket ss = bind(0);
        this.port = ss.getLocalPort();
        this.name = "fault-proxy-" + PROXIES.incrementAndGet() + "-" + port;
        synchronized (lock) {
            startAcceptor(ss);
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return ss;
    }

    /** The proxy's port on 127.0.0.1. */
    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    public Mode mode() {
        return mode;
    }

    /** Switches the mode; leaving BLACKHOLE delivers held data, leaving REFUSE binds the port again. */
    public FaultProxy mode(Mode newMode) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(name + " is closed");
            }
            Mode old = this.mode;
            this.mode = newMode;
            if (newMode == Mode.REFUSE && listener != null) {
                closeQuietly(listener);
                listener = null;
            } else if (newMode != Mode.REFUSE && old == Mode.REFUSE && listener == null) {
                try {
                    startAcceptor(bind(port));
                } catch (IOException e) {
                    throw new IllegalStateException(name + " could not bind port " + port + " again", e);
                }
            }
            lock.notifyAll();
        }
        return this;
    }

    /** Delay applied to every chunk forwarded, in each direction. */
    public FaultProxy latency(Duration latency) {
        this.latencyNanos = latency.toNanos();
        return this;
    }

    /** Delay between accepting a connection and connecting to the server (the client's handshake waits). */
    public FaultProxy handshakeDelay(Duration delay) {
        this.handshakeDelayNanos = delay.toNanos();
        return this;
    }

    /** PASS, no latency, no handshake delay. */
    public FaultProxy reset() {
        latency(Duration.ZERO);
        handshakeDelay(Duration.ZERO);
        return mode(Mode.PASS);
    }

    /** Resets every open connection now (RST to the client, close to the server); returns how many. */
    public int cutAll() {
        int n = 0;
        for (Pair p : List.copyOf(pairs)) {
            p.close(true);
            n++;
        }
        cuts.addAndGet(n);
        return n;
    }

    /** Connections accepted since start (including those reset or refused after accept). */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** Proxied connections open now. */
    public int openConnections() {
        return pairs.size();
    }

    /** Connections accepted within the last {@code window}. */
    public int acceptedWithin(Duration window) {
        long from = System.nanoTime() - window.toNanos();
        int n = 0;
        for (long t : acceptTimes) {
            if (t >= from) {
                n++;
            }
        }
        return n;
    }

    /** Connections accepted in each whole second since {@code sinceNanos} (System.nanoTime()). */
    public List<Integer> acceptsPerSecondSince(long sinceNanos) {
        List<Integer> perSecond = new ArrayList<>();
        long now = System.nanoTime();
        int seconds = (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(now - sinceNanos + 999_999_999L));
        for (int i = 0; i < seconds; i++) {
            perSecond.add(0);
        }
        for (long t : acceptTimes) {
            if (t >= sinceNanos) {
                int i = (int) Math.min(seconds - 1, TimeUnit.NANOSECONDS.toSeconds(t - sinceNanos));
                perSecond.set(i, perSecond.get(i) + 1);
            }
        }
        return perSecond;
    }

    /** The most connections accepted within any one-second window since {@code sinceNanos}. */
    public int maxAcceptsInAnySecondSince(long sinceNanos) {
        List<Long> times = new ArrayList<>();
        for (long t : acceptTimes) {
            if (t >= sinceNanos) {
                times.add(t);
            }
        }
        int best = 0;
        int start = 0;
        for (int end = 0; end < times.size(); end++) {
            while (times.get(end) - times.get(start) >= 1_000_000_000L) {
                start++;
            }
            best = Math.max(best, end - start + 1);
        }
        return best;
    }

    /** Connections accepted and not yet connected upstream (in the handshake delay or black hole) now. */
    public int connectingNow() {
        return connecting.get();
    }

    /** The most connections that were ever accepted and not yet connected upstream at once. */
    public int maxConcurrentConnecting() {
        return maxConnecting.get();
    }

    /** Live threads of this proxy (for leak checks). */
    public int liveThreads() {
        int n = 0;
        for (Thread t : threads) {
            if (t.isAlive()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return name + "[" + mode + " -> " + upstreamHost + ":" + upstreamPort + ", open=" + pairs.size()
                + ", accepted=" + accepted + "]";
    }

    /** Closes the listener and every connection, and joins every thread (fails if one lingers). */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (listener != null) {
                closeQuietly(listener);
                listener = null;
            }
            lock.notifyAll();
        }
        for (Pair p : List.copyOf(pairs)) {
            p.close(false);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> stuck = new ArrayList<>();
        for (Thread t : List.copyOf(threads)) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive()) {
                stuck.add(t.getName());
            }
        }
        if (!stuck.isEmpty()) {
            throw new IllegalStateException(name + ": threads still alive after close: " + stuck);
        }
    }

    // ------------------------------------------------------------------ internals

    private void startAcceptor(ServerSocket ss) {
        listener = ss;
        acceptor = newThread("accept", () -> acceptLoop(ss));
        acceptor.start();
    }

    private Thread newThread(String role, Runnable body) {
        Thread t = new Thread(body, name + "-" + role + "-" + threadNumber.incrementAndGet());
        t.setDaemon(true);
        // Only threads that have ended leave the set: one that removed itself on its way out was
        // still alive for a moment, and close() missed it (seen under CPU load in FaultProxyTest).
        threads.removeIf(old -> old.getState() == Thread.State.TERMINATED);
        threads.add(t);
        return t;
    }

    private void acceptLoop(ServerSocket ss) {
        while (!ss.isClosed()) {
            Socket client;
            try {
                client = ss.accept();
            } catch (IOException e) {
                return;   // closed by mode(REFUSE) or close()
            }
            accepted.incrementAndGet();
            acceptTimes.add(System.nanoTime());
            if (closed || mode == Mode.RESET || mode == Mode.REFUSE) {
                reset(client);
                continue;
            }
            Pair pair = new Pair(client);
            pairs.add(pair);
            if (closed) {
                pair.close(false);
                continue;
            }
            newThread("up", pair::connectAndPumpUp).start();
        }
    }

    /** Waits while black-holed or for {@code nanos}; false when the proxy closed. */
    private boolean pause(long nanos, Pair pair) {
        synchronized (lock) {
            long deadline = System.nanoTime() + nanos;
            try {
                while (!closed && !pair.closed) {
                    if (mode == Mode.BLACKHOLE) {
                        lock.wait(50);
                        continue;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return true;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // closing anyway
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private final class Pair {
        final Socket client;
        volatile Socket server;
        volatile boolean closed;

        Pair(Socket client) {
            this.client = client;
        }

        void connectAndPumpUp() {
            maxConnecting.accumulateAndGet(connecting.incrementAndGet(), Math::max);
            boolean counted = true;
            try {
                boolean go = pause(handshakeDelayNanos, this);
                connecting.decrementAndGet();
                counted = false;
                if (!go) {
                    return;
                }
                Socket s = new Socket();
                server = s;
                if (closed) {
                    return;
                }
                s.connect(new InetSocketAddress(upstreamHost, upstreamPort), 5000);
                s.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                if (closed) {
                    return;
                }
                newThread("down", () -> pump(s, client)).start();
                pump(client, s);
            } catch (IOException e) {
                // upstream unreachable or socket closed: drop the connection
            } finally {
                if (counted) {
                    connecting.decrementAndGet();
                }
                close(false);
                closeQuietly(server);
            }
        }

        private void pump(Socket from, Socket to) {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (!closed) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    if (!pause(latencyNanos, this)) {
                        break;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side or a cut closed the socket
            } finally {
                close(false);
            }
        }

        void close(boolean abrupt) {
            if (closed) {
                return;
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            pairs.remove(this);
            if (abrupt) {
                reset(client);
            } else {
                closeQuietly(client);
            }
            closeQuietly(server);
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }
}
