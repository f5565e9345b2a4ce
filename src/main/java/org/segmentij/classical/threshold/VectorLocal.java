package org.segmentij.classical.threshold;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The integer box-moment loops of {@link LocalThreshold} (Niblack and Sauvola on 8/16-bit data)
 * with Java's Vector API: the column sums, and the decisions from window sums taken as
 * differences of row prefix sums, with the same integer and double operations per pixel as the
 * plain loops, so the same masks. One lane per pixel: doubles and longs at the preferred width,
 * ints at half of it, bytes at an eighth; used only where that is at least 64 bits (8 lanes).
 */
final class VectorLocal {

	static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
	static final int LANES = D.length();
	private static final boolean USABLE = LANES >= 8;
	private static final VectorSpecies<Long> L = USABLE ? VectorSpecies.of(long.class, D.vectorShape()) : null;
	private static final VectorSpecies<Integer> I = USABLE ? VectorSpecies.of(int.class, VectorShape.forBitSize(LANES * 32)) : null;
	private static final VectorSpecies<Short> S = USABLE ? VectorSpecies.of(short.class, VectorShape.forBitSize(LANES * 16)) : null;
	private static final VectorSpecies<Byte> B = USABLE ? VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * 8)) : null;

	private VectorLocal() {
	}

	/** True when these loops can run on this CPU's vectors (8 or more double lanes). */
	static boolean usable() {
		return USABLE;
	}

	/** cs += row(oi) - row(oo), cq += the difference of their squares, for 16-bit rows of width w in a. */
	static void addSubRow16(short[] a, int oi, int oo, int w, int[] cs, long[] cq) {
		int x = 0;
		for (int end = S.loopBound(w); x < end; x += LANES) {
			IntVector vi = ((IntVector) ShortVector.fromArray(S, a, oi + x).convertShape(VectorOperators.S2I, I, 0)).and(0xffff);
			IntVector vo = ((IntVector) ShortVector.fromArray(S, a, oo + x).convertShape(VectorOperators.S2I, I, 0)).and(0xffff);
			IntVector.fromArray(I, cs, x).add(vi.sub(vo)).intoArray(cs, x);
			LongVector li = (LongVector) vi.convertShape(VectorOperators.I2L, L, 0);
			LongVector lo = (LongVector) vo.convertShape(VectorOperators.I2L, L, 0);
			LongVector.fromArray(L, cq, x).add(li.mul(li).sub(lo.mul(lo))).intoArray(cq, x);
		}
		for (; x < w; x++) {
			long vi = a[oi + x] & 0xffff, vo = a[oo + x] & 0xffff;
			cs[x] += (int) (vi - vo);
			cq[x] += vi * vi - vo * vo;
		}
	}

	/** As {@link #addSubRow16} for 8-bit rows. */
	static void addSubRow8(byte[] a, int oi, int oo, int w, int[] cs, long[] cq) {
		int x = 0;
		for (int end = B.loopBound(w); x < end; x += LANES) {
			IntVector vi = ((IntVector) ByteVector.fromArray(B, a, oi + x).convertShape(VectorOperators.B2I, I, 0)).and(0xff);
			IntVector vo = ((IntVector) ByteVector.fromArray(B, a, oo + x).convertShape(VectorOperators.B2I, I, 0)).and(0xff);
			IntVector.fromArray(I, cs, x).add(vi.sub(vo)).intoArray(cs, x);
			LongVector.fromArray(L, cq, x).add((LongVector) vi.mul(vi).sub(vo.mul(vo)).convertShape(VectorOperators.I2L, L, 0))
					.intoArray(cq, x);
		}
		for (; x < w; x++) {
			int vi = a[oi + x] & 0xff, vo = a[oo + x] & 0xff;
			cs[x] += vi - vo;
			cq[x] += vi * vi - vo * vo;
		}
	}

	/**
	 * NIBLACK for x in [xs, xe) from prefix sums p (ints, may wrap) and pq of the column sums:
	 * S = p[x + r + 1] - p[x - r], Q likewise; a = (n v - S) + nc; foreground where
	 * a |a| &gt; kk (n Q - S^2), as {@code LocalThreshold.Rule.niblackMiddle}.
	 */
	static void niblack(int[] p, long[] pq, int[] val, int xs, int xe, int r, int n, double kk, double nc, boolean dark,
			byte[] out, int o) {
		int x = xs;
		byte flip = (byte) (dark ? -1 : 0);
		for (int end = xs + I.loopBound(xe - xs); x < end; x += LANES) {
			IntVector s = IntVector.fromArray(I, p, x + r + 1).sub(IntVector.fromArray(I, p, x - r));
			DoubleVector a = ((DoubleVector) IntVector.fromArray(I, val, x).mul(n).sub(s).convertShape(VectorOperators.I2D, D, 0))
					.add(nc);
			LongVector sl = (LongVector) s.convertShape(VectorOperators.I2L, L, 0);
			LongVector q = LongVector.fromArray(L, pq, x + r + 1).sub(LongVector.fromArray(L, pq, x - r));
			DoubleVector dd = (DoubleVector) q.mul(n).sub(sl.mul(sl)).convertShape(VectorOperators.L2D, D, 0);
			store(a.mul(a.abs()).compare(VectorOperators.GT, dd.mul(kk)), flip, out, o + x);
		}
		for (; x < xe; x++) {
			int s = p[x + r + 1] - p[x - r];
			long S = s, q = pq[x + r + 1] - pq[x - r];
			double a = (n * val[x] - s) + nc;
			double dd = (double) (n * q - S * S);
			out[o + x] = (byte) ((a * Math.abs(a) > kk * dd ? -1 : 0) ^ flip);
		}
	}

	/**
	 * SAUVOLA for x in [xs, xe), as {@link #niblack}: m = S - n lo, a = (n v - n lo) - m (1 - k);
	 * foreground where a |a| &gt; ff0 m^2 (n Q - S^2), as {@code LocalThreshold.Rule.sauvolaMiddle}.
	 */
	static void sauvola(int[] p, long[] pq, int[] val, int xs, int xe, int r, int n, double ff0, double nlo, double om,
			boolean dark, byte[] out, int o) {
		int x = xs;
		byte flip = (byte) (dark ? -1 : 0);
		for (int end = xs + I.loopBound(xe - xs); x < end; x += LANES) {
			IntVector s = IntVector.fromArray(I, p, x + r + 1).sub(IntVector.fromArray(I, p, x - r));
			LongVector sl = (LongVector) s.convertShape(VectorOperators.I2L, L, 0);
			DoubleVector m = ((DoubleVector) sl.convertShape(VectorOperators.L2D, D, 0)).sub(nlo);
			DoubleVector a = ((DoubleVector) IntVector.fromArray(I, val, x).convertShape(VectorOperators.I2D, D, 0)).mul(n).sub(nlo)
					.sub(m.mul(om));
			LongVector q = LongVector.fromArray(L, pq, x + r + 1).sub(LongVector.fromArray(L, pq, x - r));
			DoubleVector dd = (DoubleVector) q.mul(n).sub(sl.mul(sl)).convertShape(VectorOperators.L2D, D, 0);
			store(a.mul(a.abs()).compare(VectorOperators.GT, m.mul(m).mul(ff0).mul(dd)), flip, out, o + x);
		}
		for (; x < xe; x++) {
			int s = p[x + r + 1] - p[x - r];
			long S = s, q = pq[x + r + 1] - pq[x - r];
			double m = S - nlo;
			double a = (n * (double) val[x] - nlo) - m * om;
			double dd = (double) (n * q - S * S);
			out[o + x] = (byte) ((a * Math.abs(a) > ff0 * (m * m) * dd ? -1 : 0) ^ flip);
		}
	}

	/** -1 where the mask is set, 0 elsewhere, xor flip, into out[at .. at + LANES). */
	private static void store(VectorMask<Double> m, byte flip, byte[] out, int at) {
		// mask lanes as doubles -1.0 / 0.0, sign to all bits of a long, narrowed to bytes (Java 17 has
		// no fast double-to-byte conversion, but long-to-int and int-to-byte)
		LongVector bits = m.toVector().reinterpretAsLongs().lanewise(VectorOperators.ASHR, 63);
		((ByteVector) bits.convertShape(VectorOperators.L2I, I, 0).convertShape(VectorOperators.I2B, B, 0))
				.lanewise(VectorOperators.XOR, flip).intoArray(out, at);
	}
}
