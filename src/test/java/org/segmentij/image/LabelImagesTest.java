package org.segmentij.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.LUT;
import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

class LabelImagesTest {

	/** Labels (x, y, c, z, t) -> some pattern with background, scaled so the maximum is {@code max}. */
	static Img<IntType> pattern(int max, long... dims) {
		Img<IntType> img = LabelImages.create(dims);
		Cursor<IntType> c = Views.flatIterable(img).cursor();
		long n = 0, size = img.size();
		while (c.hasNext()) {
			long v = n % 3 == 0 ? 0 : 1 + (n * (long) (max - 1)) / (size - 1);
			c.next().set((int) v);
			n++;
		}
		img.getAt(new long[dims.length]).set(0);
		long[] last = new long[dims.length];
		for (int d = 0; d < dims.length; d++)
			last[d] = dims[d] - 1;
		img.getAt(last).set(max);
		return img;
	}

	static void assertSameLabels(Img<IntType> expected, ImagePlus imp) {
		// oracle: ImageJ's own accessors
		RandomAccess<IntType> ra = expected.randomAccess();
		int nc = imp.getNChannels(), nz = imp.getNSlices(), nt = imp.getNFrames();
		long[] pos = new long[expected.numDimensions()];
		for (int t = 0; t < nt; t++)
			for (int z = 0; z < nz; z++)
				for (int c = 0; c < nc; c++)
					for (int y = 0; y < imp.getHeight(); y++)
						for (int x = 0; x < imp.getWidth(); x++) {
							int d = 0;
							pos[d++] = x;
							pos[d++] = y;
							if (nc > 1)
								pos[d++] = c;
							if (nz > 1)
								pos[d++] = z;
							if (nt > 1)
								pos[d++] = t;
							ra.setPosition(pos);
							float v = imp.getStack().getProcessor(imp.getStackIndex(c + 1, z + 1, t + 1)).getf(x, y);
							assertEquals(ra.get().get(), v, 0, "at " + java.util.Arrays.toString(pos));
						}
	}

	@Test
	void createAndMaxLabel() {
		Img<IntType> img = LabelImages.create(4, 3, 2);
		assertInstanceOf(ArrayImg.class, img);
		assertArrayEquals(new long[] { 4, 3, 2 }, img.dimensionsAsLongArray());
		assertEquals(0, LabelImages.maxLabel(img));
		img.getAt(2, 1, 1).set(17);
		img.getAt(0, 0, 0).set(5);
		assertEquals(17, LabelImages.maxLabel(img));
		assertThrows(IllegalArgumentException.class, () -> LabelImages.create(3, -1));
		assertThrows(IllegalArgumentException.class, () -> LabelImages.create());
	}

	@Test
	void sixteenBitWithGlasbeyLutAndMarker() {
		Img<IntType> labels = pattern(300, 9, 8, 3);
		AxisImage<IntType> img = new AxisImage<>("cells", labels, List.of(Axis.X, Axis.Y, Axis.Z),
				new double[] { 0.5, 0.5, 2 }, new double[] { 0, 0, 0 }, new String[] { "micron", "micron", "micron" });
		ImagePlus imp = LabelImages.toImagePlus(img);
		assertEquals(16, imp.getBitDepth());
		assertEquals("cells", imp.getTitle());
		assertEquals(3, imp.getNSlices());
		assertEquals(2.0, imp.getCalibration().pixelDepth);
		assertEquals("true", imp.getProp(LabelImages.LABELS_PROPERTY));
		assertEquals(0, imp.getDisplayRangeMin());
		assertEquals(255, imp.getDisplayRangeMax());
		int[] rgb = GlasbeyLut.rgb();
		LUT lut = imp.getProcessor().getLut();
		for (int i = 0; i < 256; i++)
			assertEquals(rgb[i], lut.getRGB(i) & 0xffffff, "LUT entry " + i);
		// every plane shows with the glasbey colours
		LUT lut3 = imp.getStack().getProcessor(3).getLut();
		assertEquals(rgb[7], lut3.getRGB(7) & 0xffffff);
		assertSameLabels(labels, imp);
		assertEquals(300, imp.getStack().getProcessor(3).getf(8, 7));
	}

	@Test
	void thirtyTwoBitAboveSixteenBitRange() {
		Img<IntType> labels = LabelImages.create(300, 250);
		Cursor<IntType> c = labels.cursor();
		int i = 0;
		while (c.hasNext())
			c.next().set(i++ < 70000 ? i : 0);
		assertEquals(70000, LabelImages.maxLabel(labels));
		ImagePlus imp = LabelImages.toImagePlus(AxisImage.of("many", labels, Axis.X, Axis.Y));
		assertEquals(32, imp.getBitDepth());
		assertEquals("true", imp.getProp(LabelImages.LABELS_PROPERTY));
		assertEquals(GlasbeyLut.rgb()[200], imp.getProcessor().getLut().getRGB(200) & 0xffffff);
		assertEquals(70000f, imp.getProcessor().getf(69999 % 300, 69999 / 300));
		assertSameLabels(labels, imp);
		Img<IntType> back = LabelImages.fromImagePlus(imp);
		assertEquals(70000, LabelImages.maxLabel(back));
		assertSameLabels(back, imp);
	}

	@Test
	void fromImagePlusInvertsToImagePlus() {
		for (long[] dims : new long[][] { { 6, 5 }, { 6, 5, 4 }, { 6, 5, 2, 3, 4 } }) {
			Img<IntType> labels = pattern(1000, dims);
			Axis[] axes = dims.length == 2 ? new Axis[] { Axis.X, Axis.Y }
					: dims.length == 3 ? new Axis[] { Axis.X, Axis.Y, Axis.Z } : Axis.values();
			ImagePlus imp = LabelImages.toImagePlus(AxisImage.of("l", labels, axes));
			if (dims.length == 5) {
				assertEquals(2, imp.getNChannels());
				assertEquals(3, imp.getNSlices());
				assertEquals(4, imp.getNFrames());
			}
			Img<IntType> back = LabelImages.fromImagePlus(imp);
			assertArrayEquals(dims, back.dimensionsAsLongArray());
			Cursor<IntType> a = Views.flatIterable(labels).cursor(), b = Views.flatIterable(back).cursor();
			while (a.hasNext())
				assertEquals(a.next().get(), b.next().get());
			assertSameLabels(back, imp);
		}
	}

	@Test
	void fromEightBitAndIntegralFloat() {
		ByteProcessor bp = new ByteProcessor(4, 3);
		bp.set(1, 2, 200);
		assertEquals(200, LabelImages.fromImagePlus(new ImagePlus("b", bp)).getAt(1, 2).get());
		FloatProcessor fp = new FloatProcessor(4, 3);
		fp.setf(3, 1, 16777216f);
		assertEquals(16777216, LabelImages.fromImagePlus(new ImagePlus("f", fp)).getAt(3, 1).get());
	}

	@Test
	void errorsForBadLabels() {
		Img<IntType> neg = LabelImages.create(3, 3);
		neg.getAt(1, 1).set(-4);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> LabelImages.toImagePlus(AxisImage.of("neg", neg, Axis.X, Axis.Y)));
		assertTrue(e.getMessage().contains("negative") && e.getMessage().contains("neg"), e.getMessage());

		Img<IntType> huge = LabelImages.create(3, 3);
		huge.getAt(1, 1).set(LabelImages.MAX_FLOAT_LABEL + 1);
		e = assertThrows(IllegalArgumentException.class, () -> LabelImages.toImagePlus(AxisImage.of("huge", huge, Axis.X, Axis.Y)));
		assertTrue(e.getMessage().contains("16777216"), e.getMessage());

		ImageStack stack = new ImageStack(4, 3);
		stack.addSlice(new FloatProcessor(4, 3));
		FloatProcessor frac = new FloatProcessor(4, 3);
		frac.setf(2, 1, 1.5f);
		stack.addSlice(frac);
		ImagePlus fracImp = new ImagePlus("fractional", stack);
		e = assertThrows(IllegalArgumentException.class, () -> LabelImages.fromImagePlus(fracImp));
		assertTrue(e.getMessage().contains("1.5") && e.getMessage().contains("x=2, y=1, z=2"), e.getMessage());

		FloatProcessor negF = new FloatProcessor(4, 3);
		negF.setf(0, 0, -1);
		e = assertThrows(IllegalArgumentException.class, () -> LabelImages.fromImagePlus(new ImagePlus("negf", negF)));
		assertTrue(e.getMessage().contains("-1.0"), e.getMessage());

		FloatProcessor nan = new FloatProcessor(4, 3);
		nan.setf(0, 0, Float.NaN);
		assertThrows(IllegalArgumentException.class, () -> LabelImages.fromImagePlus(new ImagePlus("nan", nan)));

		e = assertThrows(IllegalArgumentException.class,
				() -> LabelImages.fromImagePlus(new ImagePlus("colour", new ColorProcessor(4, 3))));
		assertTrue(e.getMessage().contains("RGB"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> LabelImages.fromImagePlus(null));
	}
}
