package org.segmentij.classical.graph;

/** Stable LSD radix sort of non-negative int keys carrying an int payload. */
final class RadixSort {

	private RadixSort() {
	}

	/**
	 * Sorts {@code keys[0..m)} ascending (as non-negative ints) in place, stably, and returns the
	 * payloads in the same order.
	 *
	 * @param keys    keys, sorted on return
	 * @param payload payload of each key, length at least m; used as scratch
	 * @param m       number of entries
	 * @param scratch an int array of length at least m (overwritten)
	 * @return the payloads in sorted order (either {@code payload} or {@code scratch})
	 */
	static int[] sortByKey(int[] keys, int[] payload, int m, int[] scratch) {
		int[] k = keys, p = payload;
		int[] k2 = new int[m], p2 = scratch;
		final int bits = 11, radix = 1 << bits, mask = radix - 1;
		int[] count = new int[radix];
		for (int shift = 0; shift < 31; shift += bits) {
			java.util.Arrays.fill(count, 0);
			for (int i = 0; i < m; i++)
				count[(k[i] >>> shift) & mask]++;
			boolean trivial = false;
			for (int c : count)
				if (c == m) {
					trivial = true;
					break;
				}
			if (trivial)
				continue;
			int sum = 0;
			for (int b = 0; b < radix; b++) {
				int c = count[b];
				count[b] = sum;
				sum += c;
			}
			for (int i = 0; i < m; i++) {
				int key = k[i];
				int pos = count[(key >>> shift) & mask]++;
				k2[pos] = key;
				p2[pos] = p[i];
			}
			int[] t = k;
			k = k2;
			k2 = t;
			t = p;
			p = p2;
			p2 = t;
		}
		if (k != keys)
			System.arraycopy(k, 0, keys, 0, m);
		return p;
	}
}
