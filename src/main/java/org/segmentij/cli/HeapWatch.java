package org.segmentij.cli;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * The peak of the Java heap in use during a run: the heap's occupancy just before each garbage
 * collection (when it is fullest), and at the end. For {@code --verbose}.
 */
final class HeapWatch implements NotificationListener {

	private final AtomicLong peak = new AtomicLong();
	private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
			.filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
	private final List<NotificationEmitter> emitters = new ArrayList<>();
	private final long start = System.nanoTime();

	HeapWatch() {
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
			if (gc instanceof NotificationEmitter e) {
				e.addNotificationListener(this, null, null);
				emitters.add(e);
			}
	}

	@Override
	public void handleNotification(Notification n, Object handback) {
		if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType()))
			return;
		GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
		long used = 0;
		for (var e : info.getGcInfo().getMemoryUsageBeforeGc().entrySet())
			if (heapPools.contains(e.getKey()))
				used += e.getValue().getUsed();
		peak.accumulateAndGet(used, Math::max);
	}

	/** The peak heap use in bytes, this moment included. */
	long peak() {
		long now = 0;
		for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
			if (p.getType() == MemoryType.HEAP) {
				MemoryUsage u = p.getUsage();
				now += u == null ? 0 : u.getUsed();
			}
		return Math.max(peak.get(), now);
	}

	/** Stops listening; returns "wall 12.3 s, peak heap 1234 MB (Java may use 2048 MB)". */
	String stop() {
		for (NotificationEmitter e : emitters)
			try {
				e.removeNotificationListener(this);
			}
			catch (ListenerNotFoundException ignored) {
				// already gone
			}
		return String.format(java.util.Locale.ROOT, "wall %.1f s, peak heap %d MB (Java may use %d MB)", (System.nanoTime() - start) / 1e9,
				peak() >> 20, Runtime.getRuntime().maxMemory() >> 20);
	}
}
