package org.segmentij.image;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.BooleanType;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.util.IntervalIndexer;
import net.imglib2.view.Views;

/**
 * Converts between ImageJ 1 {@link ImagePlus} images and {@link AxisImage}s.
 * <p>
 * {@link #wrap(ImagePlus)} gives a <em>view</em> on the ImagePlus' own pixel arrays: no pixel is
 * copied, and writing through the view changes the ImagePlus (call {@code imp.updateAndDraw()}
 * afterwards if it is displayed). A single plane becomes an {@link ArrayImg}, a stack or
 * hyperstack a {@link PlanarImg} whose planes are the stack's arrays, in ImageJ's stack order
 * (channel fastest, then slice, then frame). The only exception is a virtual stack, whose planes
 * are not in memory: they are loaded, that is copied, once, and writing to the result does not
 * change the files behind the stack. The view holds the arrays the stack had when it was made: should
 * ImageJ later give the image new arrays (type conversion, Edit &gt; Undo, cropping, ...), wrap it
 * again.
 * <p>
 * Pixel types: 8-bit is {@link UnsignedByteType}, 16-bit {@link UnsignedShortType}, 32-bit
 * {@link FloatType} and RGB {@link ARGBType}. Values are the raw stored values; a density
 * calibration (calibration function, e.g. signed 16-bit) is not applied.
 * <p>
 * Calibration: X, Y and Z carry ImageJ's pixel width, height and depth with their units, and the
 * calibrated origin {@code -xOrigin * pixelWidth} (likewise Y, Z). T carries the frame interval
 * with the time unit; an image without a frame interval gets scale 1 and unit
 * {@value #FRAME_UNIT}. C has scale 1 and unit {@value #CHANNEL_UNIT}. Pixel depth and frame
 * interval of an image without a Z or T axis are not represented in an AxisImage and so do not
 * survive {@code toImagePlus(wrap(imp))}; everything else does, exactly.
 */
public final class ImagePlusAdapter {

	/** Unit of the C axis of a wrapped image. */
	public static final String CHANNEL_UNIT = "channel";

	/** Unit of the T axis of a wrapped image without a frame interval (scale 1). */
	public static final String FRAME_UNIT = "frame";

	private ImagePlusAdapter() {
	}

	// ---------------------------------------------------------------------------------------
	// ImagePlus -> AxisImage

	/**
	 * A view on the pixels of {@code imp}, without copying (except for a virtual stack, whose
	 * planes are loaded). The element type depends on the image type: 8-bit
	 * {@link UnsignedByteType}, 16-bit {@link UnsignedShortType}, 32-bit {@link FloatType}, RGB
	 * {@link ARGBType}; the caller chooses {@code T} and must match it.
	 *
	 * @throws IllegalArgumentException when {@code imp} is null, has no pixels, or its stack does
	 *                                  not match its dimensions
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static <T extends NativeType<T>> AxisImage<T> wrap(ImagePlus imp) {
		check(imp);
		int w = imp.getWidth(), h = imp.getHeight();
		int nc = imp.getNChannels(), nz = imp.getNSlices(), nt = imp.getNFrames();
		List<Axis> axes = axes(nc, nz, nt);
		long[] dims = dims(w, h, nc, nz, nt);
		int type = imp.getType();
		int nPlanes = imp.getStackSize();
		RandomAccessibleInterval<?> data;
		if (nPlanes == 1) {
			Object pixels = imp.getProcessor().getPixels();
			checkPlane(imp, pixels, type, w * h, 1);
			data = arrayImg(type, pixels, dims);
		} else {
			ImageStack stack = imp.getStack();
			boolean virtual = stack.isVirtual();
			List<Object> planes = new ArrayList<>(nPlanes);
			for (int i = 1; i <= nPlanes; i++) {
				Object pixels;
				if (virtual) {
					ImageProcessor ip = stack.getProcessor(i);
					pixels = ip == null ? null : ip.getPixels();
				} else
					pixels = stack.getPixels(i);
				checkPlane(imp, pixels, type, w * h, i);
				planes.add(pixels);
			}
			data = planarImg(type, planes, dims);
		}
		return new AxisImage<>(imp.getTitle(), (RandomAccessibleInterval) data, axes, scale(imp, axes),
				origin(imp, axes), units(imp, axes));
	}

	/**
	 * {@link #wrap(ImagePlus)} for an image whose pixels are real numbers, i.e. any type but RGB.
	 *
	 * @throws IllegalArgumentException for an RGB image, and as {@link #wrap(ImagePlus)}
	 */
	public static <T extends RealType<T> & NativeType<T>> AxisImage<T> wrapReal(ImagePlus imp) {
		check(imp);
		if (imp.getType() == ImagePlus.COLOR_RGB)
			throw new IllegalArgumentException("Image '" + imp.getTitle() + "' is RGB; convert it to 8-bit or split "
					+ "channels (Image > Type > 8-bit, or Image > Color > Split Channels) before using it here.");
		return wrap(imp);
	}

	/**
	 * The dimensions {@link #wrap(ImagePlus)} gives {@code imp}: width, height, then channels,
	 * slices and frames where there are more than one.
	 */
	static long[] dimensions(ImagePlus imp) {
		check(imp);
		return dims(imp.getWidth(), imp.getHeight(), imp.getNChannels(), imp.getNSlices(), imp.getNFrames());
	}

	private static void check(ImagePlus imp) {
		if (imp == null)
			throw new IllegalArgumentException("No image: the ImagePlus is null; open an image first.");
		if (imp.getWidth() <= 0 || imp.getHeight() <= 0 || imp.getStackSize() <= 0 || imp.getProcessor() == null)
			throw new IllegalArgumentException("Image '" + imp.getTitle() + "' has no pixels (" + imp.getWidth() + "x"
					+ imp.getHeight() + ", " + imp.getStackSize() + " planes); open or create a non-empty image.");
		int type = imp.getType();
		if (type != ImagePlus.GRAY8 && type != ImagePlus.GRAY16 && type != ImagePlus.GRAY32 && type != ImagePlus.COLOR_RGB
				&& type != ImagePlus.COLOR_256)
			throw new IllegalArgumentException("Image '" + imp.getTitle() + "' has an unsupported type (" + type
					+ "); convert it to 8-bit, 16-bit, 32-bit or RGB (Image > Type).");
		long n = (long) imp.getNChannels() * imp.getNSlices() * imp.getNFrames();
		if (n != imp.getStackSize())
			throw new IllegalArgumentException("Image '" + imp.getTitle() + "' has " + imp.getStackSize() + " planes but "
					+ imp.getNChannels() + " channels x " + imp.getNSlices() + " slices x " + imp.getNFrames()
					+ " frames; fix them with Image > Properties or Image > Hyperstacks > Stack to Hyperstack.");
	}

	private static void checkPlane(ImagePlus imp, Object pixels, int type, int length, int index) {
		String problem = null;
		if (pixels == null)
			problem = "could not be loaded";
		else {
			Class<?> expected = switch (type) {
				case ImagePlus.GRAY16 -> short[].class;
				case ImagePlus.GRAY32 -> float[].class;
				case ImagePlus.COLOR_RGB -> int[].class;
				default -> byte[].class;
			};
			if (pixels.getClass() != expected)
				problem = "holds " + pixels.getClass().getSimpleName() + " instead of " + expected.getSimpleName();
			else if (java.lang.reflect.Array.getLength(pixels) != length)
				problem = "has " + java.lang.reflect.Array.getLength(pixels) + " pixels instead of " + length;
		}
		if (problem != null)
			throw new IllegalArgumentException("Plane " + index + " of image '" + imp.getTitle() + "' " + problem
					+ (imp.getStack().isVirtual() ? "; check the files behind the virtual stack, or load it into memory "
							+ "(Image > Duplicate) and try again." : "; duplicate the image (Image > Duplicate) and try again."));
	}

	private static List<Axis> axes(long nc, long nz, long nt) {
		List<Axis> axes = new ArrayList<>(List.of(Axis.X, Axis.Y));
		if (nc > 1)
			axes.add(Axis.C);
		if (nz > 1)
			axes.add(Axis.Z);
		if (nt > 1)
			axes.add(Axis.T);
		return axes;
	}

	private static long[] dims(long w, long h, long nc, long nz, long nt) {
		long[] d = new long[5];
		int n = 0;
		d[n++] = w;
		d[n++] = h;
		if (nc > 1)
			d[n++] = nc;
		if (nz > 1)
			d[n++] = nz;
		if (nt > 1)
			d[n++] = nt;
		return java.util.Arrays.copyOf(d, n);
	}

	private static RandomAccessibleInterval<?> arrayImg(int type, Object pixels, long[] dims) {
		return switch (type) {
			case ImagePlus.GRAY16 -> ArrayImgs.unsignedShorts((short[]) pixels, dims);
			case ImagePlus.GRAY32 -> ArrayImgs.floats((float[]) pixels, dims);
			case ImagePlus.COLOR_RGB -> ArrayImgs.argbs((int[]) pixels, dims);
			default -> ArrayImgs.unsignedBytes((byte[]) pixels, dims);
		};
	}

	private static RandomAccessibleInterval<?> planarImg(int type, List<Object> planes, long[] dims) {
		Fraction one = new Fraction();
		switch (type) {
			case ImagePlus.GRAY16: {
				List<ShortArray> a = new ArrayList<>(planes.size());
				for (Object p : planes)
					a.add(new ShortArray((short[]) p));
				PlanarImg<UnsignedShortType, ShortArray> img = new PlanarImg<>(a, dims, one);
				img.setLinkedType(new UnsignedShortType(img));
				return img;
			}
			case ImagePlus.GRAY32: {
				List<FloatArray> a = new ArrayList<>(planes.size());
				for (Object p : planes)
					a.add(new FloatArray((float[]) p));
				PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(a, dims, one);
				img.setLinkedType(new FloatType(img));
				return img;
			}
			case ImagePlus.COLOR_RGB: {
				List<IntArray> a = new ArrayList<>(planes.size());
				for (Object p : planes)
					a.add(new IntArray((int[]) p));
				PlanarImg<ARGBType, IntArray> img = new PlanarImg<>(a, dims, one);
				img.setLinkedType(new ARGBType(img));
				return img;
			}
			default: {
				List<ByteArray> a = new ArrayList<>(planes.size());
				for (Object p : planes)
					a.add(new ByteArray((byte[]) p));
				PlanarImg<UnsignedByteType, ByteArray> img = new PlanarImg<>(a, dims, one);
				img.setLinkedType(new UnsignedByteType(img));
				return img;
			}
		}
	}

	private static double[] scale(ImagePlus imp, List<Axis> axes) {
		Calibration cal = imp.getCalibration();
		double[] s = new double[axes.size()];
		for (int d = 0; d < s.length; d++)
			s[d] = switch (axes.get(d)) {
				case X -> cal.pixelWidth;
				case Y -> cal.pixelHeight;
				case Z -> cal.pixelDepth;
				case T -> cal.frameInterval > 0 ? cal.frameInterval : 1;
				case C -> 1;
			};
		return s;
	}

	private static double[] origin(ImagePlus imp, List<Axis> axes) {
		Calibration cal = imp.getCalibration();
		double[] o = new double[axes.size()];
		for (int d = 0; d < o.length; d++)
			o[d] = switch (axes.get(d)) {
				case X -> calibratedOrigin(cal.xOrigin, cal.pixelWidth);
				case Y -> calibratedOrigin(cal.yOrigin, cal.pixelHeight);
				case Z -> calibratedOrigin(cal.zOrigin, cal.pixelDepth);
				default -> 0;
			};
		return o;
	}

	private static double calibratedOrigin(double pixelOrigin, double pixelSize) {
		return pixelOrigin == 0 ? 0 : -pixelOrigin * pixelSize;
	}

	/**
	 * The pixel origin (ImageJ's xOrigin) whose calibrated origin is {@code origin}: an integer
	 * when one reproduces {@code origin} exactly, else the double nearest to
	 * {@code -origin / pixelSize} that does, so that origins survive a round trip exactly.
	 */
	static double pixelOrigin(double origin, double pixelSize) {
		if (origin == 0 || pixelSize == 0 || !Double.isFinite(origin) || !Double.isFinite(pixelSize))
			return origin == 0 ? 0 : -origin;
		double p = -origin / pixelSize;
		double r = Math.rint(p);
		if (calibratedOrigin(r, pixelSize) == origin)
			return r;
		double down = p, up = p;
		for (int i = 0; i < 4; i++) {
			if (calibratedOrigin(down, pixelSize) == origin)
				return down;
			if (calibratedOrigin(up, pixelSize) == origin)
				return up;
			down = Math.nextDown(down);
			up = Math.nextUp(up);
		}
		return p;
	}

	private static String[] units(ImagePlus imp, List<Axis> axes) {
		Calibration cal = imp.getCalibration();
		String[] u = new String[axes.size()];
		for (int d = 0; d < u.length; d++)
			u[d] = switch (axes.get(d)) {
				case X -> cal.getXUnit();
				case Y -> cal.getYUnit();
				case Z -> cal.getZUnit();
				case T -> cal.frameInterval > 0 ? cal.getTimeUnit() : FRAME_UNIT;
				case C -> CHANNEL_UNIT;
			};
		return u;
	}

	// ---------------------------------------------------------------------------------------
	// AxisImage -> ImagePlus

	/**
	 * An ImagePlus with the pixels, title, calibration and dimensions of {@code img}.
	 * <p>
	 * When the data is an {@link ArrayImg} (one plane) or a {@link PlanarImg} whose planes are
	 * Java arrays ImageJ uses for the type ({@code byte[]} of {@link UnsignedByteType},
	 * {@code short[]} of {@link UnsignedShortType}, {@code float[]} of {@link FloatType},
	 * {@code int[]} of {@link ARGBType}), the ImagePlus shares those arrays. Otherwise pixels are
	 * copied plane by plane: {@link UnsignedByteType} to 8-bit, {@link UnsignedShortType} to
	 * 16-bit, {@link ARGBType} to RGB, {@link BooleanType} (e.g. BitType) to 8-bit 0/255 and any
	 * other {@link RealType} to 32-bit (values beyond float precision are rounded).
	 * <p>
	 * An image with C, or with more than one of C, Z, T, becomes a hyperstack; a Z or T series
	 * alone stays a plain stack (with its dimensions set). 16- and 32-bit images get a display
	 * range from their minimum and maximum.
	 *
	 * @throws IllegalArgumentException when the image does not start with X and Y, a plane is
	 *                                  larger than ImageJ allows, or the type has no ImageJ
	 *                                  counterpart
	 */
	public static ImagePlus toImagePlus(AxisImage<?> img) {
		return toImagePlus(img, 0);
	}

	/**
	 * As {@link #toImagePlus(AxisImage)}, but with the given ImageJ bit depth (8, 16, 24 for RGB
	 * or 32) for a copy of real values, 0 to choose it from the type. Values are converted as by
	 * {@code (int)} / {@code (float)}: callers must make sure they fit.
	 */
	static ImagePlus toImagePlus(AxisImage<?> img, int bitDepth) {
		return toImagePlus(img, bitDepth, true);
	}

	/**
	 * As {@link #toImagePlus(AxisImage, int)}; {@code displayRange} false leaves the display
	 * range of a 16- or 32-bit result to the caller (no pass over the pixels for it).
	 */
	static ImagePlus toImagePlus(AxisImage<?> img, int bitDepth, boolean displayRange) {
		if (img == null)
			throw new IllegalArgumentException("No image: the AxisImage is null.");
		RandomAccessibleInterval<?> data = img.data();
		List<Axis> axes = img.axes();
		if (axes.size() < 2 || axes.get(0) != Axis.X || axes.get(1) != Axis.Y)
			throw new IllegalArgumentException("Image '" + img.title() + "' has axes " + axes
					+ "; an ImagePlus needs X and Y as its first two axes.");
		long w = data.dimension(0), h = data.dimension(1);
		if (w <= 0 || h <= 0 || w * h > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("Image '" + img.title() + "' has planes of " + w + "x" + h
					+ " pixels; ImageJ needs planes of 1 to 2^31 pixels.");
		long nc = img.size(Axis.C), nz = img.size(Axis.Z), nt = img.size(Axis.T);
		long nPlanes = nc * nz * nt;
		if (nPlanes > Integer.MAX_VALUE)
			throw new IllegalArgumentException("Image '" + img.title() + "' has " + nPlanes
					+ " planes, more than an ImageJ stack can hold; crop it first.");
		Object sample = data.getType();
		int depth = bitDepth != 0 ? bitDepth : bitDepthOf(sample, img.title());

		ImageStack stack = new ImageStack((int) w, (int) h);
		List<Object> shared = sharedPlanes(data, depth, (int) (w * h));
		Object flat = shared == null ? flatArray(data, depth) : null;
		int[] ints = shared == null && flat == null && (depth == 16 || depth == 32) ? intArray(data) : null;
		int planeSize = (int) (w * h);
		for (int p = 0; p < nPlanes; p++) {
			Object pixels;
			if (shared != null)
				pixels = shared.get(p);
			else if (flat != null) { // an n-D ArrayImg of the ImageJ type: each plane is a range of its array
				pixels = java.lang.reflect.Array.newInstance(flat.getClass().getComponentType(), planeSize);
				System.arraycopy(flat, p * planeSize, pixels, 0, planeSize);
			}
			else if (ints != null)
				pixels = intPlane(ints, p * planeSize, planeSize, depth);
			else
				pixels = copyPlane(data, p, (int) w, (int) h, depth);
			stack.addSlice(null, pixels);
		}
		ImagePlus imp = new ImagePlus(img.title(), stack);
		imp.setDimensions((int) nc, (int) nz, (int) nt);
		int nonSingleton = (nc > 1 ? 1 : 0) + (nz > 1 ? 1 : 0) + (nt > 1 ? 1 : 0);
		if (nc > 1 || nonSingleton > 1)
			imp.setOpenAsHyperStack(true);
		imp.setCalibration(calibration(img));
		if (displayRange && (depth == 16 || depth == 32))
			setDisplayRangeToMinMax(imp, stack);
		return imp;
	}

	private static int bitDepthOf(Object type, String title) {
		if (type instanceof UnsignedByteType)
			return 8;
		if (type instanceof UnsignedShortType)
			return 16;
		if (type instanceof ARGBType)
			return 24;
		if (type instanceof BooleanType)
			return 8;
		if (type instanceof RealType)
			return 32;
		throw new IllegalArgumentException("Image '" + title + "' has pixels of type " + type.getClass().getSimpleName()
				+ ", which ImageJ cannot show; convert it to a real type (e.g. FloatType) or ARGBType first.");
	}

	/** The Java array class ImageJ stores pixels of this type and bit depth in, or null when it stores them otherwise. */
	private static Class<?> imageJArrayClass(RandomAccessibleInterval<?> data, int depth) {
		Object type = data.getType();
		if (depth == 8 && type.getClass() == UnsignedByteType.class)
			return byte[].class;
		if (depth == 16 && type.getClass() == UnsignedShortType.class)
			return short[].class;
		if (depth == 32 && type.getClass() == FloatType.class)
			return float[].class;
		if (depth == 24 && type.getClass() == ARGBType.class)
			return int[].class;
		return null;
	}

	/** The planes of {@code data} as ImageJ arrays, or null when they cannot be shared. */
	private static List<Object> sharedPlanes(RandomAccessibleInterval<?> data, int depth, int planeSize) {
		Class<?> arrayClass = imageJArrayClass(data, depth);
		if (arrayClass == null)
			return null;
		List<Object> planes = new ArrayList<>();
		if (data instanceof ArrayImg<?, ?> a && a.numDimensions() == 2) {
			Object access = a.update(null);
			if (!(access instanceof ArrayDataAccess<?> ada))
				return null;
			planes.add(ada.getCurrentStorageArray());
		} else if (data instanceof PlanarImg<?, ?> pl) {
			for (int i = 0; i < pl.numSlices(); i++)
				planes.add(pl.getPlane(i).getCurrentStorageArray());
		} else
			return null;
		for (Object p : planes)
			if (p == null || p.getClass() != arrayClass || java.lang.reflect.Array.getLength(p) != planeSize)
				return null;
		return planes;
	}

	/**
	 * The array of an ArrayImg of more than two dimensions whose type ImageJ stores as it is
	 * (planes are consecutive ranges of it, in ImageJ's stack order), or null.
	 */
	private static Object flatArray(RandomAccessibleInterval<?> data, int depth) {
		if (!(data instanceof ArrayImg<?, ?> a) || a.numDimensions() <= 2)
			return null;
		Class<?> arrayClass = imageJArrayClass(data, depth);
		if (arrayClass == null)
			return null;
		Object access = a.update(null);
		if (!(access instanceof ArrayDataAccess<?> ada))
			return null;
		Object arr = ada.getCurrentStorageArray();
		if (arr == null || arr.getClass() != arrayClass
				|| java.lang.reflect.Array.getLength(arr) < net.imglib2.util.Intervals.numElements(a))
			return null;
		return arr;
	}

	/** The int array of an ArrayImg of IntType (e.g. labels), or null. */
	static int[] intArray(RandomAccessibleInterval<?> data) {
		if (!(data instanceof ArrayImg<?, ?> a) || data.getType().getClass() != net.imglib2.type.numeric.integer.IntType.class)
			return null;
		Object access = a.update(null);
		if (!(access instanceof IntArray ia))
			return null;
		int[] arr = ia.getCurrentStorageArray();
		return arr != null && arr.length == net.imglib2.util.Intervals.numElements(a) ? arr : null;
	}

	/** {@code ints[from .. from+size)} as a 16-bit (cast) or 32-bit plane, converted in parallel. */
	private static Object intPlane(int[] ints, int from, int size, int depth) {
		int chunk = 1 << 16, tasks = (size + chunk - 1) / chunk;
		if (depth == 16) {
			short[] a = new short[size];
			java.util.stream.IntStream.range(0, tasks).parallel().forEach(t -> {
				for (int i = t * chunk, end = Math.min(size, i + chunk); i < end; i++)
					a[i] = (short) ints[from + i];
			});
			return a;
		}
		float[] a = new float[size];
		java.util.stream.IntStream.range(0, tasks).parallel().forEach(t -> {
			for (int i = t * chunk, end = Math.min(size, i + chunk); i < end; i++)
				a[i] = ints[from + i];
		});
		return a;
	}

	/** Copies plane {@code p} (ImageJ stack order) into a new ImageJ array of the given depth. */
	private static Object copyPlane(RandomAccessibleInterval<?> data, int p, int w, int h, int depth) {
		int n = data.numDimensions();
		RandomAccessibleInterval<?> plane = Views.zeroMin(data);
		if (n > 2) {
			long[] extra = new long[n - 2];
			for (int d = 2; d < n; d++)
				extra[d - 2] = data.dimension(d);
			long[] pos = new long[n - 2];
			IntervalIndexer.indexToPosition(p, extra, pos);
			for (int d = n - 1; d >= 2; d--)
				plane = Views.hyperSlice(plane, d, pos[d - 2]);
		}
		Cursor<?> c = Views.flatIterable(plane).cursor();
		int size = w * h;
		Object type = data.getType();
		switch (depth) {
			case 24: {
				if (!(type instanceof ARGBType))
					throw new IllegalArgumentException("Cannot make an RGB image from pixels of type "
							+ type.getClass().getSimpleName() + "; convert them to ARGBType first.");
				int[] a = new int[size];
				for (int i = 0; i < size; i++)
					a[i] = ((ARGBType) c.next()).get();
				return a;
			}
			case 8: {
				byte[] a = new byte[size];
				if (type instanceof BooleanType)
					for (int i = 0; i < size; i++)
						a[i] = ((BooleanType<?>) c.next()).get() ? (byte) 255 : 0;
				else
					for (int i = 0; i < size; i++)
						a[i] = (byte) (int) realValue(c.next());
				return a;
			}
			case 16: {
				short[] a = new short[size];
				for (int i = 0; i < size; i++)
					a[i] = (short) (int) realValue(c.next());
				return a;
			}
			default: {
				float[] a = new float[size];
				for (int i = 0; i < size; i++)
					a[i] = (float) realValue(c.next());
				return a;
			}
		}
	}

	private static double realValue(Object t) {
		if (t instanceof RealType<?> r)
			return r.getRealDouble();
		if (t instanceof BooleanType<?> b)
			return b.get() ? 255 : 0;
		throw new IllegalArgumentException("Cannot convert pixels of type " + t.getClass().getSimpleName()
				+ " to a grey-level ImageJ image; convert them to a RealType first.");
	}

	private static Calibration calibration(AxisImage<?> img) {
		Calibration cal = new Calibration();
		double[] scale = img.scale(), origin = img.origin();
		String[] units = img.units();
		List<Axis> axes = img.axes();
		String xUnit = "pixel";
		for (int d = 0; d < axes.size(); d++) {
			switch (axes.get(d)) {
				case X -> {
					cal.pixelWidth = scale[d];
					cal.xOrigin = pixelOrigin(origin[d], scale[d]);
					cal.setXUnit(units[d]);
					xUnit = cal.getXUnit();
				}
				case Y -> {
					cal.pixelHeight = scale[d];
					cal.yOrigin = pixelOrigin(origin[d], scale[d]);
					cal.setYUnit(sameUnit(units[d], xUnit) ? null : units[d]);
				}
				case Z -> {
					cal.pixelDepth = scale[d];
					cal.zOrigin = pixelOrigin(origin[d], scale[d]);
					cal.setZUnit(sameUnit(units[d], xUnit) ? null : units[d]);
				}
				case T -> {
					if (!FRAME_UNIT.equals(units[d])) {
						cal.frameInterval = scale[d];
						cal.setTimeUnit(units[d]);
					}
				}
				case C -> {
				}
			}
		}
		return cal;
	}

	private static boolean sameUnit(String unit, String xUnit) {
		if (unit == null || unit.isEmpty())
			return true;
		if (unit.equals("um"))
			unit = "\u00B5m";
		return unit.equals(xUnit);
	}

	/**
	 * Display range = the smallest and largest finite value of the pixels of {@code stack} (the
	 * image's own stack, read directly: {@code imp.getStack()} would first have ImageJ scan the
	 * current slice for its minimum and maximum, serially).
	 */
	private static void setDisplayRangeToMinMax(ImagePlus imp, ImageStack stack) {
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (int i = 1; i <= stack.getSize(); i++) {
			Object pixels = stack.getPixels(i);
			double[] r = pixels instanceof short[] s ? minMax(s) : pixels instanceof float[] f ? minMax(f) : null;
			if (r != null) {
				min = Math.min(min, r[0]);
				max = Math.max(max, r[1]);
			}
		}
		if (min <= max)
			imp.setDisplayRange(min, max);
	}

	/** Values per parallel piece of the display-range scan. */
	private static final int SCAN_CHUNK = 1 << 18;

	/** Smallest and largest value of 16-bit pixels (unsigned), in parallel pieces. */
	private static double[] minMax(short[] s) {
		int pieces = (s.length + SCAN_CHUNK - 1) / SCAN_CHUNK;
		int[] lo = new int[pieces], hi = new int[pieces];
		java.util.stream.IntStream.range(0, pieces).parallel().forEach(p -> {
			int mn = 65535, mx = 0;
			for (int i = p * SCAN_CHUNK, end = Math.min(s.length, i + SCAN_CHUNK); i < end; i++) {
				int u = s[i] & 0xffff;
				mn = Math.min(mn, u);
				mx = Math.max(mx, u);
			}
			lo[p] = mn;
			hi[p] = mx;
		});
		double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
		for (int p = 0; p < pieces; p++) {
			mn = Math.min(mn, lo[p]);
			mx = Math.max(mx, hi[p]);
		}
		return new double[] { mn, mx };
	}

	/**
	 * Smallest and largest finite value of float pixels (NaN and infinities are skipped, as
	 * ImageJ skips them), in parallel pieces: a plain min/max pass, and a careful one only for a
	 * piece where it met a value that is not finite.
	 */
	private static double[] minMax(float[] f) {
		int pieces = (f.length + SCAN_CHUNK - 1) / SCAN_CHUNK;
		float[] lo = new float[pieces], hi = new float[pieces];
		java.util.stream.IntStream.range(0, pieces).parallel().forEach(p -> {
			int from = p * SCAN_CHUNK, to = Math.min(f.length, from + SCAN_CHUNK);
			float mn = Float.POSITIVE_INFINITY, mx = Float.NEGATIVE_INFINITY;
			for (int i = from; i < to; i++) {
				float v = f[i];
				mn = Math.min(mn, v);
				mx = Math.max(mx, v);
			}
			if (Float.isNaN(mn) || Float.isNaN(mx) || mn == Float.NEGATIVE_INFINITY || mx == Float.POSITIVE_INFINITY) {
				mn = Float.POSITIVE_INFINITY;
				mx = Float.NEGATIVE_INFINITY;
				for (int i = from; i < to; i++) {
					float v = f[i];
					if (v < mn && v != Float.NEGATIVE_INFINITY)
						mn = v;
					if (v > mx && v != Float.POSITIVE_INFINITY)
						mx = v;
				}
			}
			lo[p] = mn;
			hi[p] = mx;
		});
		double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
		for (int p = 0; p < pieces; p++) {
			if (lo[p] <= hi[p]) {
				mn = Math.min(mn, lo[p]);
				mx = Math.max(mx, hi[p]);
			}
		}
		return new double[] { mn, mx };
	}
}
