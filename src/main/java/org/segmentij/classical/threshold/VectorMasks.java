package org.segmentij.classical.threshold;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The mask loops of {@link ThresholdRange} with Java's Vector API: the same results as the plain
 * loops there, many pixels per instruction. Loaded only when {@link org.segmentij.image.Simd}
 * says the module is present and in use.
 */
final class VectorMasks {

	private static final VectorSpecies<Short> SHORTS = ShortVector.SPECIES_PREFERRED;
	/** Bytes with as many lanes as {@link #SHORTS}. */
	private static final VectorSpecies<Byte> BYTES_OF_SHORTS = VectorSpecies.of(byte.class,
			VectorShape.forBitSize(SHORTS.vectorBitSize() / 2));
	private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_PREFERRED;
	private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
	/** Bytes with as many lanes as {@link #FLOATS}. */
	private static final VectorSpecies<Byte> BYTES_OF_FLOATS = VectorSpecies.of(byte.class,
			VectorShape.forBitSize(FLOATS.vectorBitSize() / 4));

	private VectorMasks() {
	}

	/** out[i + o] = -1 where lo &lt;= a[i] (unsigned) &lt;= hi, else 0, for i in [from, to); 0 &lt;= lo &lt;= hi &lt;= 65535. */
	static void range16(short[] a, int from, int to, byte[] out, int o, int lo, int hi) {
		final short base = (short) lo, span = (short) (hi - lo);
		int i = from;
		for (int end = from + SHORTS.loopBound(to - from); i < end; i += SHORTS.length()) {
			ShortVector in = ShortVector.fromArray(SHORTS, a, i).sub(base);
			VectorMask<Short> m = in.compare(VectorOperators.UNSIGNED_LE, span);
			m.toVector().castShape(BYTES_OF_SHORTS, 0).reinterpretAsBytes().intoArray(out, i + o);
		}
		for (; i < to; i++) {
			int v = a[i] & 0xffff;
			out[i + o] = (byte) (v >= lo && v <= hi ? -1 : 0);
		}
	}

	/** As {@link #range16} for 8-bit values, 0 &lt;= lo &lt;= hi &lt;= 255. */
	static void range8(byte[] a, int from, int to, byte[] out, int o, int lo, int hi) {
		final byte base = (byte) lo, span = (byte) (hi - lo);
		int i = from;
		for (int end = from + BYTES.loopBound(to - from); i < end; i += BYTES.length()) {
			ByteVector in = ByteVector.fromArray(BYTES, a, i).sub(base);
			in.compare(VectorOperators.UNSIGNED_LE, span).toVector().reinterpretAsBytes().intoArray(out, i + o);
		}
		for (; i < to; i++) {
			int v = a[i] & 0xff;
			out[i + o] = (byte) (v >= lo && v <= hi ? -1 : 0);
		}
	}

	/** out[i + o] = -1 where lo &lt;= a[i] &lt;= hi (never for NaN), else 0. */
	static void range32(float[] a, int from, int to, byte[] out, int o, float lo, float hi) {
		int i = from;
		for (int end = from + FLOATS.loopBound(to - from); i < end; i += FLOATS.length()) {
			FloatVector in = FloatVector.fromArray(FLOATS, a, i);
			VectorMask<Float> m = in.compare(VectorOperators.GE, lo).and(in.compare(VectorOperators.LE, hi));
			// lanes -1.0f / 0.0f: the sign to all bits of an int, narrowed to bytes (Java 17 has no fast
			// float-to-byte conversion, but int-to-byte)
			m.toVector().reinterpretAsInts().lanewise(VectorOperators.ASHR, 31).castShape(BYTES_OF_FLOATS, 0).reinterpretAsBytes()
					.intoArray(out, i + o);
		}
		for (; i < to; i++) {
			float v = a[i];
			out[i + o] = (byte) (v >= lo && v <= hi ? -1 : 0);
		}
	}
}
