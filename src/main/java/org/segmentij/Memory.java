package org.segmentij;

import java.nio.file.Path;
import java.util.Locale;

/** The Java heap in words: how much there is, and what to say when it runs out. */
public final class Memory {

	private Memory() {
	}

	/** The most heap Java may use (-Xmx), in bytes. */
	public static long maxHeap() {
		return Runtime.getRuntime().maxMemory();
	}

	/** Bytes as "512 MB" / "2.0 GB". */
	public static String format(long bytes) {
		return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
				: String.format(Locale.ROOT, "%d MB", (bytes + (1 << 20) - 1) >> 20);
	}

	/** A heap size to suggest: at least twice the current one, in whole GB ("4g"). */
	public static String suggestion(long neededBytes) {
		long want = Math.max(neededBytes + (neededBytes >> 2), 2 * maxHeap());
		return Math.max(1, (want + (1L << 30) - 1) >> 30) + "g";
	}

	/**
	 * What to tell the user when {@code e} ended a run on {@code input} ({@code null} when not a
	 * file) with {@code jobs} images in parallel: the heap Java had, and how to give it more.
	 */
	public static String outOfMemory(OutOfMemoryError e, Path input, int jobs) {
		return outOfMemory(e, input == null ? null : input.getFileName().toString(), jobs);
	}

	/** As {@link #outOfMemory(OutOfMemoryError, Path, int)}, {@code what} saying what ran on what (or null). */
	public static String outOfMemory(OutOfMemoryError e, String what, int jobs) {
		return "out of memory" + (what == null ? "" : " running " + what) + " (" + e.getMessage() + "): Java may use at most "
				+ format(maxHeap()) + (jobs > 1 ? " for " + jobs + " images at once" : "") + ". Give it more, e.g. JAVA_OPTS=-Xmx"
				+ suggestion(0) + " ./segmentij ..." + (jobs > 1 ? ", or run fewer --jobs" : "")
				+ " (README, 'Limits and memory': the heap each step needs per pixel).";
	}

	/** "16384x16384x1, 16-bit, 512 MB" */
	public static String describe(ij.ImagePlus imp) {
		if (imp == null)
			return "?";
		long bytes = (long) imp.getWidth() * imp.getHeight() * imp.getStackSize() * Math.max(1, imp.getBitDepth() / 8);
		return imp.getWidth() + "x" + imp.getHeight() + "x" + imp.getStackSize() + ", " + (imp.getBitDepth() == 24 ? "RGB" : imp.getBitDepth() + "-bit")
				+ ", " + format(bytes);
	}
}
