package org.segmentij.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.IndexColorModel;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import ij.process.LUT;

class GlasbeyLutTest {

	@Test
	void twoHundredFiftySixDistinctColoursStartingWithBlack() {
		int[] rgb = GlasbeyLut.rgb();
		assertEquals(256, rgb.length);
		assertEquals(0, rgb[0]);
		Set<Integer> distinct = new HashSet<>();
		for (int c : rgb) {
			assertEquals(0, c & 0xff000000, "packed RGB without alpha");
			distinct.add(c);
		}
		assertEquals(256, distinct.size());
	}

	@Test
	void labelColoursAreNeitherTooDarkNorTooLight() {
		int[] rgb = GlasbeyLut.rgb();
		double[] lab = new double[3];
		for (int i = 1; i < 256; i++) {
			GlasbeyLut.lab((rgb[i] >> 16) & 255, (rgb[i] >> 8) & 255, rgb[i] & 255, lab);
			assertTrue(lab[0] >= GlasbeyLut.MIN_L - 1e-9 && lab[0] <= GlasbeyLut.MAX_L + 1e-9, "entry " + i + " L*=" + lab[0]);
		}
	}

	@Test
	void firstColoursAreFarApart() {
		int[] rgb = GlasbeyLut.rgb();
		double min = Double.POSITIVE_INFINITY;
		for (int i = 0; i < 32; i++)
			for (int j = 0; j < i; j++)
				min = Math.min(min, GlasbeyLut.distance(rgb[i], rgb[j]));
		assertTrue(min > 15, "smallest CIELAB distance among the first 32 colours: " + min);
		// and the whole table still keeps colours apart
		double all = Double.POSITIVE_INFINITY;
		for (int i = 0; i < 256; i++)
			for (int j = 0; j < i; j++)
				all = Math.min(all, GlasbeyLut.distance(rgb[i], rgb[j]));
		assertTrue(all > 5, "smallest CIELAB distance in the table: " + all);
	}

	@Test
	void labAgreesWithKnownValues() {
		double[] lab = new double[3];
		GlasbeyLut.lab(255, 255, 255, lab);
		assertArrayEquals(new double[] { 100, 0, 0 }, lab, 0.01);
		GlasbeyLut.lab(255, 0, 0, lab); // sRGB red: L*=53.24, a*=80.09, b*=67.20
		assertArrayEquals(new double[] { 53.24, 80.09, 67.20 }, lab, 0.05);
	}

	@Test
	void deterministicAndCached() {
		int[] fresh = GlasbeyLut.compute();
		assertArrayEquals(GlasbeyLut.rgb(), fresh);
		int[] copy = GlasbeyLut.rgb();
		copy[1] = 42;
		assertEquals(fresh[1], GlasbeyLut.rgb()[1], "rgb() returns a copy");
	}

	@Test
	void colorModelAndLutMatchTheTable() {
		int[] rgb = GlasbeyLut.rgb();
		IndexColorModel cm = GlasbeyLut.colorModel();
		LUT lut = GlasbeyLut.lut();
		assertEquals(256, cm.getMapSize());
		assertEquals(256, lut.getMapSize());
		for (int i = 0; i < 256; i++) {
			assertEquals(rgb[i], cm.getRGB(i) & 0xffffff);
			assertEquals(rgb[i], lut.getRGB(i) & 0xffffff);
		}
	}
}
