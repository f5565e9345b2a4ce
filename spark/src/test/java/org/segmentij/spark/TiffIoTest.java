package org.segmentij.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.cli.ImageFiles;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/** The tile reader and the piecewise TIFF writer, against ImageJ's own reading of whole files. */
class TiffIoTest {

	@TempDir
	Path tmp;

	private static ImageProcessor random(int bitDepth, int w, int h, long seed) {
		Random r = new Random(seed);
		ImageProcessor ip = bitDepth == 8 ? new ByteProcessor(w, h) : bitDepth == 16 ? new ShortProcessor(w, h) : new FloatProcessor(w, h);
		for (int i = 0; i < w * h; i++)
			ip.setf(i, bitDepth == 32 ? (float) r.nextGaussian() * 1000 : r.nextInt(bitDepth == 8 ? 256 : 65536));
		return ip;
	}

	@Test
	void regionsReadFromTheFileEqualCropsOfTheWholeImage() throws Exception {
		for (int bits : new int[] { 8, 16, 32 })
			for (boolean intel : new boolean[] { false, true }) {
				ij.Prefs.intelByteOrder = intel;
				try {
					ImagePlus img = new ImagePlus("r", random(bits, 75, 61, bits));
					img.getCalibration().pixelWidth = 0.5;
					img.getCalibration().pixelHeight = 0.75;
					img.getCalibration().setUnit("mm");
					Path f = tmp.resolve("r" + bits + intel + ".tif");
					new FileSaver(img).saveAsTiff(f.toString());
					RegionReader.Info info = RegionReader.info(f);
					assertEquals(new RegionReader.Info(75, 61, 1, true), info, "read from the file directly");
					ImagePlus whole = ImageFiles.open(f);
					int[][] regions = { { 0, 0, 75, 61 }, { 10, 7, 20, 30 }, { 74, 60, 1, 1 }, { 0, 33, 75, 28 } };
					for (int[] g : regions) {
						ImagePlus tile = RegionReader.read(f, g[0], g[1], g[2], g[3]);
						ImageProcessor ip = whole.getProcessor();
						ip.setRoi(g[0], g[1], g[2], g[3]);
						ImageProcessor crop = ip.crop();
						assertEquals(bits, tile.getBitDepth());
						for (int i = 0; i < g[2] * g[3]; i++)
							assertEquals(crop.getf(i), tile.getProcessor().getf(i), 0, bits + "-bit pixel " + i);
						assertEquals(whole.getCalibration().pixelWidth, tile.getCalibration().pixelWidth, 0);
						assertEquals(whole.getCalibration().pixelHeight, tile.getCalibration().pixelHeight, 0);
						assertEquals(0.75, tile.getCalibration().pixelHeight, 1e-6);
						assertEquals("mm", tile.getCalibration().getUnit());
					}
				}
				finally {
					ij.Prefs.intelByteOrder = false;
				}
			}
	}

	@Test
	void otherImagesAreOpenedWholeAndCropped() throws Exception {
		ImagePlus stack = IJ.createImage("s", "16-bit ramp", 40, 30, 3);
		Path f = tmp.resolve("stack.tif");
		new FileSaver(stack).saveAsTiffStack(f.toString());
		RegionReader.Info info = RegionReader.info(f);
		assertEquals(3, info.planes());
		assertFalse(info.direct());
		Path png = tmp.resolve("x.png");
		ImagePlus g = new ImagePlus("g", random(8, 33, 21, 3));
		ImageFiles.save(g, png, g);
		assertEquals(null, RegionReader.info(png), "no TIFF: never tiled");
		ImagePlus tile = RegionReader.read(png, 5, 4, 10, 9);
		ImageProcessor ip = IJ.openImage(png.toString()).getProcessor();
		for (int y = 0; y < 9; y++)
			for (int x = 0; x < 10; x++)
				assertEquals(ip.getf(x + 5, y + 4), tile.getProcessor().getf(x, y), 0);
	}

	@Test
	void tiffWrittenInBlocksInAnyOrderReadsBackInImageJ() throws Exception {
		for (int bits : new int[] { 8, 16, 32 }) {
			int w = 203, h = 117;
			ImageProcessor ref = random(bits, w, h, 17 + bits);
			Path f = tmp.resolve("o" + bits + ".tif");
			long offset = TiffOut.create(f, w, h, bits, 0.2, 0.3, "micron");
			List<int[]> blocks = new ArrayList<>();
			for (int y = 0; y < h; y += 50)
				for (int x = 0; x < w; x += 64)
					blocks.add(new int[] { x, y, Math.min(64, w - x), Math.min(50, h - y) });
			Collections.shuffle(blocks, new Random(bits));
			for (int rep = 0; rep < 2; rep++) // written twice, as a retried task would
				for (int[] b : blocks) {
					ref.setRoi(b[0], b[1], b[2], b[3]);
					TiffOut.write(f, offset, w, bits, b[0], b[1], b[2], b[3], ref.crop().getPixels());
				}
			ImagePlus back = IJ.openImage(f.toString());
			assertEquals(bits, back.getBitDepth());
			ref.resetRoi();
			if (bits == 8)
				assertArrayEquals((byte[]) ref.getPixels(), (byte[]) back.getProcessor().getPixels());
			else if (bits == 16)
				assertArrayEquals((short[]) ref.getPixels(), (short[]) back.getProcessor().getPixels());
			else
				assertArrayEquals((float[]) ref.getPixels(), (float[]) back.getProcessor().getPixels());
			assertEquals(0.2, back.getCalibration().pixelWidth, 1e-6); // as ImageJ's own rationals: 6 digits
			assertEquals(0.3, back.getCalibration().pixelHeight, 1e-6);
			assertEquals("micron", back.getCalibration().getUnit());
		}
	}
}
