package org.segmentij.classical.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.segmentij.classical.edge.CannyEdges;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

class EdgesToRegionsTest {

	static final int W = 60, H = 50, BX = 30, BY = 25;
	static final float[] LEVELS = { 20, 80, 140, 200 };

	static int rect(int x, int y) {
		return (x < BX ? 0 : 1) + (y < BY ? 0 : 2);
	}

	static Img<FloatType> rectangles() {
		Img<FloatType> img = ArrayImgs.floats(W, H);
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				img.getAt(x, y).set(LEVELS[rect(x, y)]);
		return img;
	}

	/** Canny edges of the four rectangles with a 2-pixel gap cut into the top vertical boundary. */
	static Img<UnsignedByteType> edgesWithGap() {
		Img<UnsignedByteType> e = CannyEdges.detect(rectangles(), 1, 20, 40);
		int cut = 0;
		for (int y = 10; y <= 11; y++)
			for (int x = BX - 3; x <= BX + 3; x++)
				if (e.getAt(x, y).get() != 0) {
					e.getAt(x, y).set(0);
					cut++;
				}
		assertEquals(2, cut, "the vertical edge is one pixel wide: the cut removes 2 pixels");
		return e;
	}

	static int count(Img<IntType> l) {
		Set<Integer> s = new HashSet<>();
		for (IntType t : l)
			s.add(t.get());
		return s.size();
	}

	/** Every pixel farther than 2 pixels from a true boundary has its rectangle's label, 4 labels. */
	static void assertFourRectangles(Img<IntType> l) {
		assertEquals(4, count(l), "four regions");
		int[] labelOf = new int[4];
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				int v = l.getAt(x, y).get();
				assertTrue(v >= 1 && v <= 4, "every pixel labelled");
				if (Math.abs(x - BX) <= 2 || Math.abs(y - BY) <= 2)
					continue;
				int r = rect(x, y);
				if (labelOf[r] == 0)
					labelOf[r] = v;
				assertEquals(labelOf[r], v, "pixel " + x + "," + y);
			}
		for (int a = 0; a < 4; a++)
			for (int b = a + 1; b < 4; b++)
				assertNotEquals(labelOf[a], labelOf[b]);
	}

	@Test
	void gapLeaksWithoutClosing() {
		Img<IntType> l = EdgesToRegions.regions(edgesWithGap(), rectangles(), 0, 0, 0);
		// the cut gap (and Canny's own break at the 4-way junction) lets regions leak together
		assertTrue(count(l) < 4, "regions leak through the gaps: " + count(l));
	}

	@Test
	void endpointLinkingClosesTheGap() {
		assertFourRectangles(EdgesToRegions.regions(edgesWithGap(), rectangles(), 3, 0, 0));
	}

	@Test
	void thickeningClosesTheGap() {
		assertFourRectangles(EdgesToRegions.regions(edgesWithGap(), rectangles(), 0, 1, 0));
	}

	@Test
	void fullPipelineOnTheImage() {
		// no gap here: Canny + regions give the four rectangles; edge pixels go to a neighbour
		Img<IntType> l = EdgesToRegions.segment(rectangles(), 1, 20, 40, 3, 0, 10);
		assertFourRectangles(l);
	}

	@Test
	void linkingJoinsOnlyAcrossTheGap() {
		// a straight line with a gap of 2 at x = 10, 11 and a free end at x = 19
		boolean[] e = new boolean[30 * 5];
		for (int x = 2; x < 20; x++)
			if (x != 10 && x != 11)
				e[2 * 30 + x] = true;
		EdgesToRegions.linkEndpoints(e, 30, 5, 3);
		for (int x = 0; x < 30; x++)
			assertEquals(x >= 2 && x < 20, e[2 * 30 + x], "x = " + x);
		int n = 0;
		for (boolean b : e)
			n += b ? 1 : 0;
		assertEquals(18, n, "nothing else drawn: the free ends have nothing but their own line near");
	}

	@Test
	void badParameters() {
		assertThrows(IllegalArgumentException.class, () -> EdgesToRegions.regions(edgesWithGap(), rectangles(), -1, 0, 0));
		assertThrows(IllegalArgumentException.class, () -> EdgesToRegions.regions(edgesWithGap(), rectangles(), 0, -1, 0));
		assertThrows(IllegalArgumentException.class, () -> EdgesToRegions.regions(edgesWithGap(), ArrayImgs.floats(3, 3), 0, 0, 0));
	}
}
