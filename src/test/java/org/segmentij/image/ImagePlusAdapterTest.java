package org.segmentij.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import ij.ImagePlus;
import ij.ImageStack;
import ij.VirtualStack;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.cell.CellImgFactory;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.logic.BitType;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ByteType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

class ImagePlusAdapterTest {

	static final int W = 7, H = 5;

	/** Pixel value of (x, y, c, z, t), distinct between planes; raw int bits for RGB. */
	static double value(int bitDepth, int x, int y, int c, int z, int t) {
		int plane = c + 2 * z + 6 * t;
		return switch (bitDepth) {
			case 8 -> (x + 2 * y + 10 * plane) % 256;
			case 16 -> 30000 + 1000 * plane + x + W * y;
			case 32 -> plane - 0.5 * x + 1.25 * y + 0.1;
			default -> 0xff000000 | ((x * 30 + c) << 16) | ((y * 40 + z) << 8) | (t * 50 + x + y);
		};
	}

	/** An image of the given depth and dimensions filled with {@link #value}; hyperstack when 4-5 D. */
	static ImagePlus make(int bitDepth, int nc, int nz, int nt) {
		ImageStack stack = new ImageStack(W, H);
		for (int t = 0; t < nt; t++)
			for (int z = 0; z < nz; z++)
				for (int c = 0; c < nc; c++) {
					ImageProcessor ip = switch (bitDepth) {
						case 8 -> new ij.process.ByteProcessor(W, H);
						case 16 -> new ShortProcessor(W, H);
						case 32 -> new ij.process.FloatProcessor(W, H);
						default -> new ij.process.ColorProcessor(W, H);
					};
					for (int y = 0; y < H; y++)
						for (int x = 0; x < W; x++) {
							double v = value(bitDepth, x, y, c, z, t);
							if (bitDepth == 24)
								ip.set(x, y, (int) (long) v);
							else
								ip.setf(x, y, (float) v);
						}
					stack.addSlice("p" + stack.getSize(), ip);
				}
		ImagePlus imp = new ImagePlus("img-" + bitDepth + "-" + nc + nz + nt, stack);
		imp.setDimensions(nc, nz, nt);
		if (nc > 1 || (nz > 1 ? 1 : 0) + (nt > 1 ? 1 : 0) > 1)
			imp.setOpenAsHyperStack(true); // as ImageJ opens channels and multi-dimensional stacks
		Calibration cal = imp.getCalibration();
		cal.pixelWidth = 0.37;
		cal.pixelHeight = 0.41;
		cal.pixelDepth = 1.7;
		cal.setXUnit("\u00B5m");
		cal.setZUnit("nm");
		cal.xOrigin = 3;
		cal.yOrigin = 2.5;
		cal.zOrigin = -1.3;
		cal.frameInterval = 0.75;
		cal.setTimeUnit("min");
		return imp;
	}

	static Stream<Arguments> cases() {
		List<Arguments> a = new ArrayList<>();
		for (int depth : new int[] { 8, 16, 32, 24 }) {
			a.add(Arguments.of(depth, 1, 1, 1));
			a.add(Arguments.of(depth, 1, 4, 1));
			a.add(Arguments.of(depth, 2, 3, 4));
			a.add(Arguments.of(depth, 3, 1, 1));
			a.add(Arguments.of(depth, 1, 1, 3));
		}
		return a.stream();
	}

	/** Oracle: what ImageJ 1 itself says is at (x, y, c, z, t) (0-based c, z, t). */
	static double ijValue(ImagePlus imp, int x, int y, int c, int z, int t) {
		ImageProcessor ip = imp.getStack().getProcessor(imp.getStackIndex(c + 1, z + 1, t + 1));
		return imp.getBitDepth() == 24 ? ip.get(x, y) : ip.getf(x, y);
	}

	static long[] position(AxisImage<?> img, int x, int y, int c, int z, int t) {
		long[] pos = new long[img.axes().size()];
		for (int d = 0; d < pos.length; d++)
			pos[d] = switch (img.axes().get(d)) {
				case X -> x;
				case Y -> y;
				case C -> c;
				case Z -> z;
				case T -> t;
			};
		return pos;
	}

	static double viewValue(AxisImage<?> img, int x, int y, int c, int z, int t) {
		RandomAccess<?> ra = img.data().randomAccess();
		ra.setPosition(position(img, x, y, c, z, t));
		Object v = ra.get();
		return v instanceof ARGBType a ? a.get() : ((RealType<?>) v).getRealDouble();
	}

	@ParameterizedTest(name = "{0}-bit c={1} z={2} t={3}")
	@MethodSource("cases")
	void wrapGivesDimsAxesValuesAndCalibration(int depth, int nc, int nz, int nt) {
		ImagePlus imp = make(depth, nc, nz, nt);
		AxisImage<?> img = ImagePlusAdapter.wrap(imp);
		List<Axis> expectedAxes = new ArrayList<>(List.of(Axis.X, Axis.Y));
		List<Long> expectedDims = new ArrayList<>(List.of((long) W, (long) H));
		if (nc > 1) {
			expectedAxes.add(Axis.C);
			expectedDims.add((long) nc);
		}
		if (nz > 1) {
			expectedAxes.add(Axis.Z);
			expectedDims.add((long) nz);
		}
		if (nt > 1) {
			expectedAxes.add(Axis.T);
			expectedDims.add((long) nt);
		}
		assertEquals(expectedAxes, img.axes());
		assertArrayEquals(expectedDims.stream().mapToLong(Long::longValue).toArray(), img.data().dimensionsAsLongArray());
		assertEquals(imp.getTitle(), img.title());
		Class<?> expectedType = switch (depth) {
			case 8 -> UnsignedByteType.class;
			case 16 -> UnsignedShortType.class;
			case 32 -> FloatType.class;
			default -> ARGBType.class;
		};
		assertEquals(expectedType, img.data().getType().getClass());
		if (imp.getStackSize() == 1)
			assertInstanceOf(ArrayImg.class, img.data());
		else
			assertInstanceOf(PlanarImg.class, img.data());

		for (int t = 0; t < nt; t++)
			for (int z = 0; z < nz; z++)
				for (int c = 0; c < nc; c++)
					for (int[] xy : new int[][] { { 0, 0 }, { W - 1, H - 1 }, { 3, 1 }, { 2, 4 } }) {
						double expected = ijValue(imp, xy[0], xy[1], c, z, t);
						assertEquals(value(depth, xy[0], xy[1], c, z, t), expected, depth == 32 ? 1e-6 : 0);
						assertEquals(expected, viewValue(img, xy[0], xy[1], c, z, t), "at " + xy[0] + "," + xy[1] + "," + c + "," + z + "," + t);
					}

		Calibration cal = imp.getCalibration();
		double[] scale = img.scale(), origin = img.origin();
		String[] units = img.units();
		assertEquals(cal.pixelWidth, scale[0]);
		assertEquals(cal.pixelHeight, scale[1]);
		assertEquals(-cal.xOrigin * cal.pixelWidth, origin[0]);
		assertEquals(-cal.yOrigin * cal.pixelHeight, origin[1]);
		assertEquals(cal.getXUnit(), units[0]);
		assertEquals(cal.getYUnit(), units[1]);
		int dz = img.dimensionOf(Axis.Z);
		if (dz >= 0) {
			assertEquals(cal.pixelDepth, scale[dz]);
			assertEquals(-cal.zOrigin * cal.pixelDepth, origin[dz]);
			assertEquals("nm", units[dz]);
		}
		int dt = img.dimensionOf(Axis.T);
		if (dt >= 0) {
			assertEquals(0.75, scale[dt]);
			assertEquals("min", units[dt]);
		}
		int dc = img.dimensionOf(Axis.C);
		if (dc >= 0)
			assertEquals(1, scale[dc]);
	}

	@ParameterizedTest(name = "{0}-bit c={1} z={2} t={3}")
	@MethodSource("cases")
	void writingThroughTheViewChangesTheImagePlus(int depth, int nc, int nz, int nt) {
		ImagePlus imp = make(depth, nc, nz, nt).duplicate(); // a copy this test owns
		assertEquals(nc, imp.getNChannels());
		assertEquals(nz, imp.getNSlices());
		assertEquals(nt, imp.getNFrames());
		AxisImage<?> img = ImagePlusAdapter.wrap(imp);
		int c = nc - 1, z = nz / 2, t = nt - 1, x = 4, y = 3;
		RandomAccess<?> ra = img.data().randomAccess();
		ra.setPosition(position(img, x, y, c, z, t));
		Object v = ra.get();
		double written;
		if (v instanceof ARGBType a) {
			a.set(0xff123456);
			written = 0xff123456;
		} else {
			((RealType<?>) v).setReal(77);
			written = 77;
		}
		assertEquals(written, ijValue(imp, x, y, c, z, t));
		// the ImagePlus' current processor shares the array too, for a single plane
		if (imp.getStackSize() == 1)
			assertEquals(written, depth == 24 ? imp.getProcessor().get(x, y) : imp.getProcessor().getf(x, y));
		// neighbours and other planes untouched
		assertEquals(value(depth, x - 1, y, c, z, t), ijValue(imp, x - 1, y, c, z, t), 1e-6);
	}

	@ParameterizedTest(name = "{0}-bit c={1} z={2} t={3}")
	@MethodSource("cases")
	void roundTripIsExactAndSharesArrays(int depth, int nc, int nz, int nt) {
		ImagePlus imp = make(depth, nc, nz, nt);
		ImagePlus back = ImagePlusAdapter.toImagePlus(ImagePlusAdapter.wrap(imp));
		assertEquals(imp.getTitle(), back.getTitle());
		assertEquals(imp.getBitDepth(), back.getBitDepth());
		assertEquals(imp.getWidth(), back.getWidth());
		assertEquals(imp.getHeight(), back.getHeight());
		assertEquals(imp.getNChannels(), back.getNChannels());
		assertEquals(imp.getNSlices(), back.getNSlices());
		assertEquals(imp.getNFrames(), back.getNFrames());
		assertEquals(imp.getStackSize(), back.getStackSize());
		assertEquals(imp.isHyperStack(), back.isHyperStack());
		assertEquals(imp.getOpenAsHyperStack(), back.getOpenAsHyperStack());
		for (int i = 1; i <= imp.getStackSize(); i++) {
			Object a = imp.getStack().getPixels(i), b = back.getStack().getPixels(i);
			assertSame(a, b, "plane " + i + " is shared");
		}
		if (imp.getStackSize() == 1)
			assertSame(imp.getProcessor().getPixels(), back.getProcessor().getPixels());
		assertCalibrationEquals(imp, back, nz > 1, nt > 1);
	}

	@ParameterizedTest(name = "{0}-bit c={1} z={2} t={3}")
	@MethodSource("cases")
	void copyingRoundTripIsExact(int depth, int nc, int nz, int nt) {
		// a CellImg copy forces the copying path of toImagePlus
		ImagePlus imp = make(depth, nc, nz, nt);
		AxisImage<?> img = ImagePlusAdapter.wrap(imp);
		ImagePlus back = ImagePlusAdapter.toImagePlus(cellCopy(img));
		assertEquals(imp.getBitDepth(), back.getBitDepth());
		assertEquals(imp.getNChannels(), back.getNChannels());
		assertEquals(imp.getNSlices(), back.getNSlices());
		assertEquals(imp.getNFrames(), back.getNFrames());
		for (int i = 1; i <= imp.getStackSize(); i++) {
			assertNotSame(imp.getStack().getPixels(i), back.getStack().getPixels(i));
			assertPixelsEqual(imp.getStack().getPixels(i), back.getStack().getPixels(i));
		}
		assertCalibrationEquals(imp, back, nz > 1, nt > 1);
	}

	@ParameterizedTest(name = "{0}-bit c={1} z={2} t={3}")
	@MethodSource("cases")
	void arrayImgStackRoundTripIsExact(int depth, int nc, int nz, int nt) {
		// an n-D ArrayImg (as masks of stacks are): planes are copied out of its one array
		ImagePlus imp = make(depth, nc, nz, nt);
		AxisImage<?> img = ImagePlusAdapter.wrap(imp);
		ImagePlus back = ImagePlusAdapter.toImagePlus(arrayCopy(img));
		assertEquals(imp.getBitDepth(), back.getBitDepth());
		assertEquals(imp.getNChannels(), back.getNChannels());
		assertEquals(imp.getNSlices(), back.getNSlices());
		assertEquals(imp.getNFrames(), back.getNFrames());
		for (int i = 1; i <= imp.getStackSize(); i++)
			assertPixelsEqual(imp.getStack().getPixels(i), back.getStack().getPixels(i));
		assertCalibrationEquals(imp, back, nz > 1, nt > 1);
	}

	/** The same image with its pixels copied into an ArrayImg. */
	static <T extends NativeType<T>> AxisImage<T> arrayCopy(AxisImage<T> img) {
		RandomAccessibleInterval<T> src = img.data();
		Img<T> dst = new net.imglib2.img.array.ArrayImgFactory<>(src.getType()).create(src);
		Cursor<T> s = Views.flatIterable(src).cursor(), d = Views.flatIterable(dst).cursor();
		while (s.hasNext())
			d.next().set(s.next());
		return img.withData(img.title(), dst);
	}

	/** The same image with its pixels copied into a CellImg (small cells), which ImageJ cannot share. */
	static <T extends NativeType<T>> AxisImage<T> cellCopy(AxisImage<T> img) {
		RandomAccessibleInterval<T> src = img.data();
		Img<T> dst = new CellImgFactory<>(src.getType(), 3).create(src);
		Cursor<T> s = Views.flatIterable(src).cursor(), d = Views.flatIterable(dst).cursor();
		while (s.hasNext())
			d.next().set(s.next());
		return img.withData(img.title(), dst);
	}

	static void assertPixelsEqual(Object a, Object b) {
		if (a instanceof byte[] x)
			assertArrayEquals(x, (byte[]) b);
		else if (a instanceof short[] x)
			assertArrayEquals(x, (short[]) b);
		else if (a instanceof float[] x)
			assertArrayEquals(x, (float[]) b);
		else
			assertArrayEquals((int[]) a, (int[]) b);
	}

	static void assertCalibrationEquals(ImagePlus imp, ImagePlus back, boolean hasZ, boolean hasT) {
		Calibration a = imp.getCalibration(), b = back.getCalibration();
		assertEquals(a.pixelWidth, b.pixelWidth);
		assertEquals(a.pixelHeight, b.pixelHeight);
		assertEquals(a.xOrigin, b.xOrigin);
		assertEquals(a.yOrigin, b.yOrigin);
		assertEquals(a.getXUnit(), b.getXUnit());
		assertEquals(a.getYUnit(), b.getYUnit());
		if (hasZ) {
			assertEquals(a.pixelDepth, b.pixelDepth);
			assertEquals(a.zOrigin, b.zOrigin);
			assertEquals(a.getZUnit(), b.getZUnit());
		}
		if (hasT) {
			assertEquals(a.frameInterval, b.frameInterval);
			assertEquals(a.getTimeUnit(), b.getTimeUnit());
		}
	}

	@Test
	void uncalibratedImageRoundTripsWithoutInventingAFrameInterval() {
		ImagePlus imp = make(16, 1, 2, 3);
		imp.setCalibration(new Calibration());
		AxisImage<?> img = ImagePlusAdapter.wrap(imp);
		assertArrayEquals(new double[] { 1, 1, 1, 1 }, img.scale());
		assertArrayEquals(new double[] { 0, 0, 0, 0 }, img.origin());
		assertEquals(List.of("pixel", "pixel", "pixel", ImagePlusAdapter.FRAME_UNIT), List.of(img.units()));
		ImagePlus back = ImagePlusAdapter.toImagePlus(img);
		assertEquals(0, back.getCalibration().frameInterval);
		assertFalse(back.getCalibration().scaled());
		assertEquals("pixel", back.getCalibration().getUnit());
	}

	@Test
	void awkwardOriginsRoundTripExactly() {
		double[] sizes = { 0.1, 0.37, 1.0 / 3, 2.5e-4, 7.1 };
		double[] origins = { 3, 2.5, -1.3, 0.1, 12345.678, -0.3333333 };
		for (double s : sizes)
			for (double o : origins) {
				ImagePlus imp = make(8, 1, 1, 1);
				Calibration cal = imp.getCalibration();
				cal.pixelWidth = s;
				cal.xOrigin = o;
				ImagePlus back = ImagePlusAdapter.toImagePlus(ImagePlusAdapter.wrap(imp));
				assertEquals(-o * s, ImagePlusAdapter.wrap(back).origin()[0], "origin " + o + " size " + s);
				assertEquals(o, back.getCalibration().xOrigin, 1e-12 * Math.max(1, Math.abs(o)), "origin " + o + " size " + s);
			}
	}

	@Test
	void plainZStackStaysPlainAndHyperstackIsHyperstack() {
		ImagePlus z = ImagePlusAdapter.toImagePlus(ImagePlusAdapter.wrap(make(8, 1, 4, 1)));
		assertFalse(z.getOpenAsHyperStack());
		assertEquals(4, z.getNSlices());
		ImagePlus ct = ImagePlusAdapter.toImagePlus(ImagePlusAdapter.wrap(make(8, 3, 1, 1)));
		assertTrue(ct.getOpenAsHyperStack());
		assertEquals(3, ct.getNChannels());
		ImagePlus h = ImagePlusAdapter.toImagePlus(ImagePlusAdapter.wrap(make(8, 2, 3, 4)));
		assertTrue(h.isHyperStack());
		assertEquals(5, h.getNDimensions());
	}

	@Test
	void displayRangeOfLargeFloatImagesSkipsNaNAndInfinities() {
		// several parallel pieces; oracle: a plain scan over the finite values
		int w = 1024, h = 700;
		java.util.SplittableRandom r = new java.util.SplittableRandom(3);
		for (int k = 0; k < 4; k++) {
			float[] px = new float[w * h];
			for (int i = 0; i < px.length; i++)
				px[i] = (float) (r.nextGaussian() * 100);
			if (k >= 1)
				for (int j = 0; j < 50; j++)
					px[r.nextInt(px.length)] = Float.NaN;
			if (k >= 2)
				for (int j = 0; j < 50; j++)
					px[r.nextInt(px.length)] = j % 2 == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
			if (k == 3)
				java.util.Arrays.fill(px, 0, 300_000, Float.NaN); // whole pieces without a finite value
			double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
			for (float v : px)
				if (Float.isFinite(v)) {
					mn = Math.min(mn, v);
					mx = Math.max(mx, v);
				}
			ImagePlus out = ImagePlusAdapter.toImagePlus(ImagePlusAdapter.wrap(new ImagePlus("f", new ij.process.FloatProcessor(w, h, px))));
			assertEquals(mn, out.getDisplayRangeMin(), "case " + k);
			assertEquals(mx, out.getDisplayRangeMax(), "case " + k);
		}
	}

	@Test
	void displayRangeFromMinAndMaxFor16And32Bit() {
		ImagePlus s = ImagePlusAdapter.toImagePlus(ImagePlusAdapter.wrap(make(16, 1, 3, 1)));
		assertEquals(30000, s.getDisplayRangeMin());
		assertEquals(30000 + 2000 * 2 + (W - 1) + W * (H - 1), s.getDisplayRangeMax());
		ImagePlus f = ImagePlusAdapter.toImagePlus(ImagePlusAdapter.wrap(make(32, 1, 1, 1)));
		assertEquals(value(32, W - 1, 0, 0, 0, 0), f.getDisplayRangeMin(), 1e-6);
		assertEquals(value(32, 0, H - 1, 0, 0, 0), f.getDisplayRangeMax(), 1e-6);
	}

	@Test
	void otherTypesAreCopiedToTheRightImageJType() {
		Img<IntType> ints = ArrayImgs.ints(new int[] { -5, 0, 7, 1 << 20, 3, 4 }, 3, 2);
		ImagePlus i = ImagePlusAdapter.toImagePlus(AxisImage.of("ints", ints, Axis.X, Axis.Y));
		assertEquals(32, i.getBitDepth());
		assertEquals(-5, i.getProcessor().getf(0, 0));
		assertEquals(1 << 20, i.getProcessor().getf(0, 1));

		Img<BitType> bits = ArrayImgs.bits(3, 2);
		bits.getAt(1, 1).set(true);
		ImagePlus b = ImagePlusAdapter.toImagePlus(AxisImage.of("bits", bits, Axis.X, Axis.Y));
		assertEquals(8, b.getBitDepth());
		assertEquals(255, b.getProcessor().get(1, 1));
		assertEquals(0, b.getProcessor().get(0, 1));

		Img<DoubleType> doubles = ArrayImgs.doubles(new double[] { 0.5, -2.25 }, 1, 1, 2);
		ImagePlus d = ImagePlusAdapter.toImagePlus(AxisImage.of("d", doubles, Axis.X, Axis.Y, Axis.Z));
		assertEquals(32, d.getBitDepth());
		assertEquals(2, d.getNSlices());
		assertEquals(-2.25f, d.getStack().getProcessor(2).getf(0, 0));

		Img<ByteType> bytes = ArrayImgs.bytes(new byte[] { -3, 4 }, 2, 1);
		assertEquals(-3f, ImagePlusAdapter.toImagePlus(AxisImage.of("b", bytes, Axis.X, Axis.Y)).getProcessor().getf(0, 0));

		// a 3-D ArrayImg cannot share its single array with ImageJ planes: copied, in the right order
		byte[] data = new byte[2 * 2 * 3];
		for (int k = 0; k < data.length; k++)
			data[k] = (byte) (200 + k);
		Img<UnsignedByteType> u = ArrayImgs.unsignedBytes(data, 2, 2, 3);
		ImagePlus s = ImagePlusAdapter.toImagePlus(AxisImage.of("u", u, Axis.X, Axis.Y, Axis.T));
		assertEquals(3, s.getNFrames());
		assertEquals(1, s.getNSlices());
		assertFalse(s.getOpenAsHyperStack());
		for (int t = 0; t < 3; t++)
			for (int y = 0; y < 2; y++)
				for (int x = 0; x < 2; x++)
					assertEquals(200 + x + 2 * y + 4 * t, s.getStack().getProcessor(s.getStackIndex(1, 1, t + 1)).get(x, y));
	}

	@Test
	void viewsWithAnOffsetAreCopiedFromTheirMinimum() {
		ImagePlus imp = make(16, 2, 1, 3);
		AxisImage<UnsignedShortType> img = ImagePlusAdapter.wrap(imp);
		RandomAccessibleInterval<UnsignedShortType> shifted = Views.translate(img.data(), 10, -4, 1, 7);
		ImagePlus back = ImagePlusAdapter.toImagePlus(img.withData("shifted", shifted));
		assertEquals("shifted", back.getTitle());
		assertEquals(2, back.getNChannels());
		assertEquals(3, back.getNFrames());
		for (int i = 1; i <= imp.getStackSize(); i++) {
			assertNotSame(imp.getStack().getPixels(i), back.getStack().getPixels(i));
			assertPixelsEqual(imp.getStack().getPixels(i), back.getStack().getPixels(i));
		}
	}

	@Test
	void virtualStackPlanesAreLoaded() {
		VirtualStack vs = new VirtualStack(W, H, 6, "16-bit") {
			@Override
			public ImageProcessor getProcessor(int n) {
				ShortProcessor ip = new ShortProcessor(W, H);
				for (int y = 0; y < H; y++)
					for (int x = 0; x < W; x++)
						ip.set(x, y, 100 * n + x + W * y);
				return ip;
			}
		};
		ImagePlus imp = new ImagePlus("virtual", vs);
		imp.setDimensions(2, 3, 1);
		AxisImage<?> img = ImagePlusAdapter.wrap(imp);
		assertEquals(List.of(Axis.X, Axis.Y, Axis.C, Axis.Z), img.axes());
		for (int z = 0; z < 3; z++)
			for (int c = 0; c < 2; c++)
				assertEquals(ijValue(imp, 5, 2, c, z, 0), viewValue(img, 5, 2, c, z, 0));
		assertEquals(100 * 6 + 1 + W * 4, viewValue(img, 1, 4, 1, 2, 0));
	}

	@Test
	void clearErrors() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImagePlusAdapter.wrap(null));
		assertTrue(e.getMessage().contains("null"), e.getMessage());
		ImagePlus empty = new ImagePlus();
		empty.setTitle("nothing");
		e = assertThrows(IllegalArgumentException.class, () -> ImagePlusAdapter.wrap(empty));
		assertTrue(e.getMessage().contains("nothing") && e.getMessage().contains("no pixels"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> ImagePlusAdapter.wrapReal(make(24, 1, 1, 1)));
		assertTrue(e.getMessage().contains("is RGB") && e.getMessage().contains("8-bit"), e.getMessage());
		AxisImage<FloatType> real = ImagePlusAdapter.wrapReal(make(32, 1, 2, 1));
		assertEquals(FloatType.class, real.data().getType().getClass());
		assertThrows(IllegalArgumentException.class, () -> ImagePlusAdapter.toImagePlus(null));
		Img<UnsignedByteType> zy = ArrayImgs.unsignedBytes(2, 2);
		e = assertThrows(IllegalArgumentException.class,
				() -> ImagePlusAdapter.toImagePlus(AxisImage.of("zy", zy, Axis.Y, Axis.Z)));
		assertTrue(e.getMessage().contains("X and Y"), e.getMessage());
	}
}
