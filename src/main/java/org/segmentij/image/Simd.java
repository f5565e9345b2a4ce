package org.segmentij.image;

/**
 * Whether SegmentIJ's SIMD loops (Java's Vector API, module {@code jdk.incubator.vector}) are in
 * use. They are when the JVM was started with {@code --add-modules jdk.incubator.vector} (the
 * {@code segmentij} launcher does this), the CPU has vectors of at least 256 bits, and the system
 * property {@code segmentij.simd} is not {@code false}; otherwise the same operations run as plain
 * Java loops with identical results. In Fiji, add {@code --add-modules jdk.incubator.vector} to
 * the JVM options to enable them. Java prints one line, "WARNING: Using incubator modules:
 * jdk.incubator.vector", when the module is on.
 */
public final class Simd {

	private static final boolean MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
	private static final boolean ENABLED = MODULE && !"false".equalsIgnoreCase(System.getProperty("segmentij.simd"))
			&& wideVectors();

	private Simd() {
	}

	/** True when the SIMD loops are used (see the class comment). */
	public static boolean enabled() {
		return ENABLED;
	}

	/** True when the JVM has the Vector API module, whether or not the SIMD loops are used. */
	public static boolean moduleLoaded() {
		return MODULE;
	}

	/** Why the SIMD loops are or are not used, in words (for logs and benchmark reports). */
	public static String describe() {
		if (ENABLED)
			return "on (Vector API, " + VectorShapes.preferredBits() + "-bit vectors)";
		if (!MODULE)
			return "off (start Java with --add-modules jdk.incubator.vector to enable)";
		if ("false".equalsIgnoreCase(System.getProperty("segmentij.simd")))
			return "off (-Dsegmentij.simd=false)";
		return "off (the CPU's vectors are narrower than 256 bits)";
	}

	private static boolean wideVectors() {
		try {
			return VectorShapes.preferredBits() >= 256;
		}
		catch (Throwable t) { // a JVM whose module cannot be used: plain loops
			return false;
		}
	}

	/** Loaded only when the module is present. */
	private static final class VectorShapes {
		static int preferredBits() {
			return jdk.incubator.vector.VectorShape.preferredShape().vectorBitSize();
		}
	}
}
