package org.segmentij.deep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Sample.paddedTo, the validation padding of every trainer, against hand-written arrays. */
class SampleTest {

	@Test
	void paddingMirrorsTheImageAndIgnoresTheTarget() {
		// 2 channels of 3 x 2: values c*100 + y*10 + x
		float[] img = new float[2 * 3 * 2];
		for (int c = 0; c < 2; c++)
			for (int y = 0; y < 2; y++)
				for (int x = 0; x < 3; x++)
					img[(c * 2 + y) * 3 + x] = c * 100 + y * 10 + x;
		Sample s = new Sample("s", img, 2, 3, 2, new int[] { 0, 1, 2, 1, 0, -1 });
		Sample p = s.paddedTo(4);
		assertEquals(4, p.width());
		assertEquals(4, p.height());
		// columns 0 1 2 then mirrored 1; rows 0 1 then mirrored 0, then 1 (period 2 for height 2)
		float[] row0 = { 0, 1, 2, 1 }, row1 = { 10, 11, 12, 11 };
		float[][] rows = { row0, row1, row0, row1 };
		for (int c = 0; c < 2; c++)
			for (int y = 0; y < 4; y++)
				for (int x = 0; x < 4; x++)
					assertEquals(rows[y][x] + c * 100, p.image()[(c * 4 + y) * 4 + x], "c" + c + " y" + y + " x" + x);
		assertArrayEquals(new int[] { 0, 1, 2, -1, 1, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1 }, p.target());
		assertSame(p, p.paddedTo(4), "already a multiple: no copy");
		Sample one = new Sample("one", new float[] { 7 }, 1, 1, 1, new int[] { 1 });
		assertArrayEquals(new float[] { 7, 7, 7, 7 }, one.paddedTo(2).image());
	}
}
